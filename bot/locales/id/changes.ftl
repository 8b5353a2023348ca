## Perubahan forum: ubah, jadwal ulang, batalkan (SPEC bagian 4-5)

## Menu ubah (admin)
change-ask-field = ✏️ Apa yang diubah pada forum <b>{ $title }</b>?
button-change-title = Judul
button-change-start = Waktu mulai (jadwal ulang)
button-change-end = Waktu selesai
button-change-venue = Tempat
button-change-agenda = Agenda
change-ask-title =
    Judul sekarang: <b>{ $current }</b>
    Ketik <b>judul baru</b>, atau /batal:
change-ask-start =
    Waktu mulai sekarang: <b>{ $current }</b>
    Ketik <b>waktu mulai baru</b> (waktu selesai ikut bergeser), atau /batal. Contoh:
    { $examples }
change-ask-end =
    Waktu selesai sekarang: <b>{ $current }</b>
    Ketik <b>waktu selesai baru</b>: jamnya saja (mis. 12.00) atau tanggal dan jam, atau /batal.
change-ask-venue =
    Tempat sekarang: <b>{ $current }</b>
    Ketik <b>tempat baru</b>, atau /batal:
change-ask-agenda =
    Agenda sekarang: { $current }
    Ketik <b>agenda baru</b>, atau /batal:
change-preview =
    👀 <b>Pratinjau perubahan</b> · { $title }
    { $changes }

    Pemberitahuan akan dikirim kepada { $count } anggota yang diundang dan tidak menolak.
change-saved = ✅ Perubahan disimpan. Pemberitahuan dikirim kepada { $count } anggota.

## Pembatalan (admin)
cancel-ask-reason =
    🚫 Forum <b>{ $title }</b> akan dibatalkan.
    Ketik <b>alasan pembatalan</b> (wajib, maksimal { $limit } karakter), atau /batal:
cancel-preview =
    ⚠️ <b>Batalkan forum ini?</b>
    <b>{ $title }</b>
    🕘 { $when }
    Alasan: { $reason }

    Pemberitahuan pembatalan akan dikirim kepada { $count } anggota dan pengingat dihapus.
button-cancel-forum-confirm = 🚫 Ya, batalkan forum
cancel-done = 🚫 Forum <b>{ $title }</b> dibatalkan. Pemberitahuan dikirim kepada { $count } anggota.

## Apa yang berubah
change-title = Judul diubah: { $old } → { $new }
change-start = Jadwal diubah: { $old } → { $new }
change-end = Waktu selesai diubah: { $old } → { $new }
change-venue = Tempat diubah: { $old } → { $new }
change-agenda = Agenda diubah: { $old } → { $new }
change-deadline-cleared = Batas konfirmasi ({ $old }) dihapus: konfirmasi dibuka sampai forum dimulai.
change-value-none = tidak ditentukan

## Pemberitahuan kepada anggota
change-notice =
    🔔 <b>Perubahan forum</b>
    { $changes }

    { $details }

    Konfirmasi kehadiran Bapak/Ibu: <b>{ $answer }</b>
cancel-notice =
    🚫 <b>Forum dibatalkan</b>
    <b>{ $title }</b>
    🕘 { $when }
    📍 { $venue }
    Alasan: { $reason }

    Mohon maaf atas perubahan ini. Undangan dan pengingat forum ini tidak berlaku lagi.

## Kesalahan
error-forum-started = Forum ini sudah dimulai; tidak dapat diubah atau dibatalkan lagi.
error-change-same = Nilainya sama dengan yang sekarang. Ketik nilai lain, atau /batal.
