## Sinergi — katalog Bahasa Indonesia (bahasa utama).
## Nilai { $... } dari pengguna sudah di-escape untuk HTML oleh bot/i18n.py.

## Perintah (menu Telegram)
command-start = Mulai / daftar
command-jadwal = Jadwal forum saya
command-profil = Profil saya
command-bahasa = Ganti bahasa
command-bantuan = Bantuan

## Tombol
button-attending = Hadir
button-delegated = Diwakilkan
button-declined = Tidak hadir
button-confirm = ✅ Benar, simpan
button-cancel = ✖️ Batal
button-publish = 📣 Terbitkan
button-send = 📨 Kirim
button-skip = Lewati
button-done = Selesai
button-core-pillars = Pilar utama
button-all-pillars = Semua pilar
button-everyone = 👥 Semua anggota
button-approve = ✅ Setujui
button-reject = ✖️ Tolak
button-forum-edit = ✏️ Ubah / jadwal ulang
button-forum-cancel = 🚫 Batalkan forum
button-forum-capacity = 💺 Kapasitas
button-group-post = 👥 Kirim ke grup
button-checkin-qr = 🔳 QR presensi
button-attendance = 📝 Presensi manual
button-export-pdf = 📄 Daftar Hadir (PDF)
button-export-xlsx = 📊 Daftar Hadir (XLSX)
button-ics = 📅 Simpan ke kalender (.ics)

## Pendaftaran
welcome =
    Selamat datang di <b>Sinergi</b>, layanan koordinasi KPU dengan para pemangku kepentingan pemilu.
    Silakan mendaftar agar dapat menerima undangan forum dan pengumuman.
welcome-back = Selamat datang kembali, Bapak/Ibu { $name }. Ketik /jadwal untuk melihat forum Bapak/Ibu atau /bantuan untuk daftar perintah.
register-pending = Pendaftaran Bapak/Ibu { $name } masih menunggu persetujuan admin KPU.
register-rejected = Mohon maaf, pendaftaran Bapak/Ibu tidak disetujui. Silakan hubungi sekretariat KPU bila ada kekeliruan, atau daftar ulang dengan /daftar.
register-invited = Bapak/Ibu mendaftar melalui tautan undangan pilar <b>{ $pillar }</b>.
register-ask-name = Mohon ketik <b>nama lengkap</b> Bapak/Ibu (beserta gelar bila ada):
register-ask-pillar = Mohon pilih <b>pilar</b> Bapak/Ibu:
register-pillar-chosen = Pilar: <b>{ $pillar }</b>
register-ask-institution = Mohon ketik nama <b>instansi</b> Bapak/Ibu (mis. Kejaksaan Negeri Kota Mojokerto):
register-ask-position = Mohon ketik <b>jabatan</b> Bapak/Ibu (mis. Kepala Seksi Intelijen):
register-confirm =
    Mohon periksa data pendaftaran Bapak/Ibu:
    Nama: <b>{ $name }</b>
    Pilar: { $pillar }
    Instansi: { $institution }
    Jabatan: { $position }
register-done-pending =
    Terima kasih. Pendaftaran Bapak/Ibu tersimpan dan <b>menunggu persetujuan</b> admin KPU.
    { $profile }
register-done-approved =
    Pendaftaran berhasil. Bapak/Ibu sudah terdaftar sebagai anggota.
    { $profile }
    Ketik /jadwal untuk melihat forum Bapak/Ibu.
profile =
    👤 <b>{ $name }</b>
    Pilar: { $pillar }
    Instansi: { $institution }
    Jabatan: { $position }
    Status: { $status }
profile-card =
    { $profile }

    Untuk memperbarui data, ketik /daftar.
status-pending = menunggu persetujuan
status-approved = anggota
status-rejected = ditolak
status-admin = admin KPU
nothing-to-cancel = Tidak ada isian yang sedang berjalan.
cancelled = Dibatalkan. Tidak ada yang diubah.

## Persetujuan admin
approval-request =
    📝 <b>Pendaftaran baru</b> menunggu persetujuan:
    { $profile }
approval-decided-approved =
    ✅ Disetujui.
    { $profile }
approval-decided-rejected =
    ✖️ Ditolak.
    { $profile }
approval-already-decided = Pendaftaran ini sudah diputuskan sebelumnya.
decision-approved = ✅ Pendaftaran Bapak/Ibu <b>disetujui</b>. Bapak/Ibu akan menerima undangan forum. Ketik /jadwal untuk melihat forum Bapak/Ibu.
decision-rejected = Mohon maaf, pendaftaran Bapak/Ibu tidak disetujui. Silakan hubungi sekretariat KPU bila ada kekeliruan.

## Tautan undangan pilar
invite-ask-pillar = Pilih pilar untuk tautan undangan:
invite-link =
    🔗 Tautan undangan pilar <b>{ $pillar }</b> (berlaku { $days } hari):
    { $link }
    Siapa pun yang membuka tautan ini langsung terdaftar sebagai anggota pilar { $pillar }, tanpa menunggu persetujuan. Bagikan hanya kepada perwakilan instansi tersebut.

## Daftar anggota
roster-heading = 👥 <b>Anggota</b> ({ $count })
roster-pillar = {""}
    <b>{ $pillar }</b>

## Forum
forum-ask-title = Ketik <b>judul forum</b> (mis. Diskusi dan Konsolidasi Empat Pilar):
forum-ask-start =
    Kapan forum <b>dimulai</b>? Contoh:
    { $examples }
    Jam selesai boleh ditulis sekaligus: { $ranges }
forum-ask-end = Kapan forum <b>selesai</b>? Ketik jamnya (mis. 12.00) atau tanggal dan jam, atau tekan Lewati.
forum-ask-end-skipped = Waktu selesai: tidak ditentukan.
forum-ask-venue = Ketik <b>tempat</b> forum (mis. Ballroom Hotel Ayola, Kota Mojokerto):
forum-ask-agenda = Ketik <b>agenda / acara</b> forum:
forum-ask-pillars = Pilih <b>pilar yang diundang</b>, lalu tekan Selesai:
forum-pillars-chosen = Pilar diundang: <b>{ $pillars }</b>
forum-ask-deadline = Batas konfirmasi kehadiran? Ketik tanggal dan jam, atau tekan Lewati (konfirmasi dibuka sampai forum dimulai).
forum-ask-deadline-skipped = Batas konfirmasi: sampai forum dimulai.
forum-preview-heading = 👀 <b>Pratinjau undangan</b>
forum-heading = 📅 <b>Forum</b>
forum-details =
    { $heading }
    <b>{ $title }</b>
    🕘 { $when }
    📍 { $venue }
    📋 Agenda: { $agenda }
    👥 Pilar: { $pillars }{ $deadline }
forum-deadline = {""}
    ⏳ Batas konfirmasi: { $deadline }
forum-published = 📣 Forum <b>{ $title }</b> diterbitkan. Undangan dikirim kepada { $invited } anggota.
forum-none = Belum ada forum yang akan datang.
forum-list = Forum yang akan datang:

## Undangan dan konfirmasi kehadiran
invitation-heading = 📨 <b>Undangan</b>
invitation =
    { $salutation }

    { $details }

    Konfirmasi kehadiran Bapak/Ibu: <b>{ $answer }</b>
answer-attending = Hadir
answer-delegated = Diwakilkan
answer-declined = Tidak hadir
answer-none = belum konfirmasi
answer-delegated-to = diwakili oleh { $name } ({ $position })
rsvp-closed-note = <i>Batas konfirmasi sudah lewat; jawaban tidak dapat diubah lagi.</i>
rsvp-recorded = Terima kasih, tercatat: { $answer }.
delegate-ask-name = Bapak/Ibu memilih Diwakilkan untuk <b>{ $title }</b>. Mohon ketik <b>nama perwakilan</b>:
delegate-ask-position = Mohon ketik <b>jabatan</b> { $name }:
schedule = 🗓️ <b>Jadwal forum Bapak/Ibu</b>
    { $rows }
schedule-row = {""}
    • <b>{ $title }</b>
      { $when } · { $venue }
      Konfirmasi: { $answer }
schedule-more = {""}
    <i>Tombol di bawah untuk { $shown } forum terdekat.</i>
schedule-empty = Tidak ada forum mendatang untuk Bapak/Ibu.

## Pengingat
reminder-heading = ⏰ <b>Pengingat</b> · { $until }
until-days = H-{ $days }
until-hours = { $hours } jam lagi
until-minutes = { $minutes } menit lagi
reminder =
    { $details }

    Konfirmasi Bapak/Ibu: <b>{ $answer }</b>. Sampai jumpa di lokasi.
reminder-delegated =
    { $details }

    Konfirmasi Bapak/Ibu: <b>{ $answer }</b>. Mohon pastikan perwakilan Bapak/Ibu hadir tepat waktu.
nudge =
    { $details }

    Bapak/Ibu <b>belum mengonfirmasi kehadiran</b>. Mohon berkenan memilih salah satu tombol di bawah ini.

## Rekap
recap-choose = Pilih forum untuk rekap:
recap =
    📊 <b>Rekap: { $title }</b>
    { $when }
    { $rows }
    <b>Jumlah</b>: diundang { $invited } · hadir { $attending } · diwakilkan { $delegated } · tidak hadir { $declined } · belum konfirmasi { $none }{ $waitlist } · presensi { $checked_in }{ $capacity }
    { $missing }{ $legend }
recap-row = <b>{ $pillar }</b>{ $core }: diundang { $invited } · hadir { $attending } · diwakilkan { $delegated } · tidak hadir { $declined } · belum konfirmasi { $none }{ $waitlist } · presensi { $checked_in }
recap-waitlist = {" "}· daftar tunggu { $waitlisted }
recap-capacity = {" "}· kapasitas { $capacity } kursi
recap-core-missing = ⚠️ Belum ada konfirmasi kehadiran dari pilar utama: <b>{ $pillars }</b>
recap-core-complete = ✅ Setiap pilar utama yang diundang sudah ada yang konfirmasi hadir.
recap-guests = 👥 Tamu (tidak mewakili undangan): { $count }

## Pengumuman
announce-ask-text = Ketik isi <b>pengumuman</b>, atau kirim <b>foto</b> atau <b>dokumen</b> (boleh dengan keterangan):
announce-ask-audience = Kirim kepada siapa? Pilih Semua anggota, atau pilih pilar lalu tekan Selesai:
announce-everyone = semua anggota
announce-preview =
    👀 <b>Pratinjau pengumuman</b>
    Kepada: { $audience } ({ $count } anggota)
    Waktu kirim: { $when }{ $attachment }

    { $text }
announce-queued = 📨 Pengumuman sedang dikirim kepada { $count } anggota. Laporan pengiriman menyusul.
announcement =
    📢 <b>Pengumuman KPU</b>

    { $text }
delivery-report =
    📬 <b>Laporan pengiriman</b> ({ $preview })
    Penerima: { $total }
    Terkirim: { $sent }
    Tidak dapat dihubungi (memblokir bot / akun nonaktif): { $blocked }
    Gagal: { $failed }{ $cancelled }{ $unreached }{ $receipts }
delivery-unreached = {""}
    Tidak menerima: { $names }{ $more ->
        [0] {""}
       *[other] , dan { $more } lainnya
    }

## Bantuan dan bahasa
help-guest =
    <b>Sinergi</b> menghubungkan KPU dengan para pemangku kepentingan pemilu: undangan forum, konfirmasi kehadiran, pengingat dan pengumuman.
    /daftar — daftar sebagai anggota
    /bahasa — ganti bahasa
    /bantuan — bantuan ini
help-member =
    <b>Perintah anggota</b>
    /jadwal — forum Bapak/Ibu dan konfirmasi kehadiran
    /profil — profil Bapak/Ibu
    /daftar — perbarui data pendaftaran
    /bahasa — ganti bahasa
    /batal — batalkan isian yang sedang berjalan
help-admin =
    <b>Perintah anggota</b>
    /jadwal — forum Bapak/Ibu dan konfirmasi kehadiran
    /profil — profil Bapak/Ibu
    /daftar — perbarui data pendaftaran
    /bahasa — ganti bahasa
    /batal — batalkan isian yang sedang berjalan

    <b>Perintah admin KPU</b>
    /forum_baru — buat forum dan kirim undangan
    /forum — forum mendatang: rincian, ubah atau jadwal ulang, batalkan, kapasitas, kirim ke grup, presensi manual
    /rekap — rekap konfirmasi dan presensi per pilar, Daftar Hadir (PDF/XLSX)
    /presensi — QR presensi untuk ditampilkan di lokasi
    /umumkan — kirim pengumuman
    /tautan — buat tautan undangan pilar
    /anggota — daftar anggota per pilar
    /pilar — kelola pilar: tambah, ganti nama, pilar utama, sembunyikan
    /spj — Berkas SPJ forum: satu PDF bernomor halaman dan ZIP berkas aslinya
    /kantor — profil kantor: kop surat, logo, nomor surat, penanda tangan
language-ask = Pilih bahasa / Choose a language:
language-set = Bahasa diganti ke Bahasa Indonesia.

## Kesalahan
error-admin-only = Perintah ini khusus admin KPU.
error-not-registered = Bapak/Ibu belum terdaftar. Ketik /daftar untuk mendaftar.
error-not-member = Akun Bapak/Ibu belum disetujui sebagai anggota.
error-button-invalid = Tombol ini tidak berlaku lagi.
error-unknown-command = Perintah tidak dikenal. Ketik /bantuan untuk daftar perintah.
error-private-only = Perintah ini hanya dapat dipakai di chat pribadi dengan bot: { $link }
error-stray-text = Maaf, saya tidak memahami pesan ini. Ketik /bantuan untuk daftar perintah.
error-expect-text = Mohon kirim jawaban berupa teks.
error-expect-button = Mohon pilih salah satu tombol di atas, atau ketik /batal.
error-text-empty = Isian tidak boleh kosong. Silakan ketik lagi.
error-text-no-letters = Isian harus berisi huruf atau angka. Silakan ketik lagi.
error-text-too-long = Isian terlalu panjang (maksimal { $limit } karakter). Silakan ketik lagi.
error-unknown-pillar = Pilar tidak dikenal.
error-pillar-not-offered = Pilar <b>{ $name }</b> sudah tidak dipakai (disembunyikan admin). Mohon pilih pilar lain, atau tolak permintaan ini.
error-unknown-language = Bahasa tidak dikenal.
error-invite-invalid = Tautan undangan tidak berlaku atau sudah kedaluwarsa. Mintalah tautan baru kepada admin KPU, atau ketik /daftar.
error-member-not-found = Anggota tidak ditemukan.
error-forum-not-found = Forum tidak ditemukan.
error-forum-cancelled = Forum ini sudah dibatalkan.
error-forum-incomplete = Data forum belum lengkap. Mulai lagi dengan /forum_baru.
error-not-invited = Pilar Bapak/Ibu tidak diundang ke forum ini.
error-rsvp-closed = Batas konfirmasi kehadiran forum ini sudah lewat.
error-delegate-missing = Nama dan jabatan perwakilan wajib diisi.
error-no-pillars = Pilih minimal satu pilar.
error-no-recipients = Tidak ada anggota yang menerima pengumuman ini.
error-end-before-start = Waktu selesai harus sesudah waktu mulai. Silakan ketik lagi.
error-deadline-after-start = Batas konfirmasi harus sebelum forum dimulai. Silakan ketik lagi.
error-date-past = Waktu tersebut sudah lewat. Ketik tanggal dan jam yang akan datang.
error-date-unparseable =
    "{ $text }" tidak dapat dibaca sebagai tanggal dan jam. Contoh yang diterima:
    { $examples }
error-date-invalid =
    "{ $text }" bukan tanggal atau jam yang ada (periksa tanggal dan jamnya). Contoh:
    { $examples }
error-date-no-time = Jamnya belum ada. Tambahkan jam, mis. { $example }
error-date-weekday-mismatch =
    Nama hari tidak cocok dengan tanggalnya ("{ $text }"). Periksa lagi tanggalnya, mis.:
    { $examples }
error-internal = Maaf, terjadi kesalahan. Silakan coba beberapa saat lagi.
