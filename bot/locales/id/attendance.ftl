## Presensi (check-in di lokasi)
checkin-choose = Pilih forum untuk QR presensi:
checkin-qr-caption =
    🔳 <b>QR presensi</b>
    <b>{ $title }</b>
    { $when }
    Presensi dibuka { $opens } sampai { $closes }.
    Tampilkan QR ini di lokasi. Peserta memindainya dengan kamera ponsel, lalu menekan <b>Mulai</b> di bot.
    Tautan: { $link }
checkin-done =
    ✅ Presensi tercatat, { $name }.
    <b>{ $title }</b> · { $time }
checkin-done-delegate =
    ✅ Presensi tercatat untuk perwakilan Bapak/Ibu, <b>{ $delegate }</b> (atas nama { $name }).
    <b>{ $title }</b> · { $time }
checkin-already = Bapak/Ibu sudah presensi di <b>{ $title }</b> pukul { $time }. Tidak perlu presensi lagi.
error-checkin-invalid = Kode presensi ini tidak dikenal. Pindai lagi QR yang ditampilkan di lokasi.
error-checkin-early = Presensi belum dibuka. Presensi dibuka { $opens }.
error-checkin-closed = Presensi forum ini sudah ditutup ({ $closes }). Bila Bapak/Ibu hadir, mohon sampaikan kepada admin KPU.
error-checkin-not-registered = Bapak/Ibu belum terdaftar, sehingga presensi belum dapat dicatat. Silakan mendaftar dahulu dengan /daftar, lalu pindai QR ini lagi.
error-not-invitee = Anggota ini tidak termasuk undangan forum tersebut.

## Presensi manual oleh admin
attendance-page =
    📝 <b>Presensi manual: { $title }</b>
    Sudah presensi: { $checked } dari { $total } undangan.
    Tekan nama untuk menandai hadir (⬜) atau membatalkan presensi (✅). Halaman { $page } dari { $pages }.
attendance-ask-mark = Tandai <b>{ $name }</b> hadir di <b>{ $title }</b>. Ketik alasannya (misalnya: "hadir, tidak membawa ponsel"), atau /batal:
attendance-ask-unmark = Batalkan presensi <b>{ $name }</b> di <b>{ $title }</b>. Ketik alasannya, atau /batal:
attendance-marked = ✅ { $name } ditandai hadir. Alasan dicatat.
attendance-unmarked = ↩️ Presensi { $name } dibatalkan. Alasan dicatat.
attendance-already-marked = { $name } sudah tercatat hadir (presensi lebih dulu); tidak ada yang diubah.
attendance-already-unmarked = { $name } memang belum presensi; tidak ada yang diubah.
button-previous = ◀️ Sebelumnya
button-next = Berikutnya ▶️

## Perwakilan yang presensi dengan ponselnya sendiri, dan tamu yang dicatat admin di meja presensi
guest-ask-name =
    Selamat datang di <b>{ $title }</b>.
    Bapak/Ibu belum terdaftar sebagai anggota, sehingga presensi dicatat sebagai perwakilan. Mohon tulis <b>nama lengkap</b> Bapak/Ibu (atau /batal):
guest-ask-institution = Terima kasih, { $name }. Mohon tulis <b>instansi</b> Bapak/Ibu:
guest-ask-position = Mohon tulis <b>jabatan</b> Bapak/Ibu:
guest-ask-represent =
    Bapak/Ibu hadir mewakili siapa? Mohon pilih undangan yang Bapak/Ibu wakili (📨: yang menjawab Diwakilkan).
    <b>{ $title }</b> · halaman { $page } dari { $pages }
guest-none-to-represent = Semua undangan <b>{ $title }</b> sudah tercatat hadir, sehingga tidak ada yang dapat diwakili. Mohon sampaikan kepada petugas di meja presensi.
guest-checked-in =
    ✅ Terima kasih, Bapak/Ibu <b>{ $name }</b> ({ $position }) tercatat hadir mewakili <b>{ $for_position }</b>, { $for_institution }.
    <b>{ $title }</b> · { $time }
guest-already = Bapak/Ibu <b>{ $name }</b> sudah tercatat hadir di <b>{ $title }</b> pukul { $time }, mewakili { $for_position }, { $for_institution }. Tidak perlu presensi lagi.
error-represent-not-invited = Yang dipilih tidak termasuk undangan forum ini. Mohon pilih salah satu tombol pada daftar.
error-represent-taken = Kehadiran { $position }, { $institution } sudah tercatat. Bila Bapak/Ibu mewakili undangan lain, mohon pilih yang lain.
button-guest-add = ➕ Tamu
button-represents-nobody = Tidak mewakili undangan
attendance-guests = Tamu: { $count }
attendance-guest-ask-name = ➕ Tamu di <b>{ $title }</b>. Ketik nama lengkap tamu (atau /batal):
attendance-guest-ask-institution = Instansi { $name }:
attendance-guest-ask-position = Jabatan tamu:
attendance-guest-ask-represent = Apakah tamu ini mewakili undangan? Pilih undangannya (📨: yang menjawab Diwakilkan), atau <b>Tidak mewakili undangan</b>. Halaman { $page } dari { $pages }.
attendance-guest-added = ✅ Tamu { $name } tercatat hadir.
attendance-guest-added-for = ✅ { $name } tercatat hadir mewakili { $member } ({ $position }).

## Layar registrasi (kiosk): kode presensi yang berganti setiap 30 detik
button-kiosk = 🖥 Layar registrasi
button-kiosk-open = 🖥 Buka layar registrasi
button-static-on = 🔳 Aktifkan kode cetak
button-static-off = Matikan kode cetak
kiosk-link =
    🖥 <b>Layar registrasi</b> · { $title }
    Buka tautan di bawah pada komputer meja registrasi. Tautan ini hanya dapat dipakai <b>satu kali</b>, dalam { $minutes } menit.
    Layar menampilkan QR presensi yang berganti setiap 30 detik; QR yang difoto dan diteruskan tidak berlaku lagi setelah sekitar 90 detik.
    Begitu layar dibuka, <b>kode presensi cetak</b> forum ini dimatikan. Bapak/Ibu dapat mengaktifkannya kembali dengan tombol di bawah.
kiosk-needs-web = Layar registrasi memerlukan alamat web bot. Mohon isi <b>WEB_URL</b> (alamat https) di konfigurasi bot, lalu jalankan ulang bot.
kiosk-static-on = 🔳 Kode presensi cetak <b>{ $title }</b> aktif: peserta dapat memindai QR cetak maupun QR di layar registrasi.
kiosk-static-off = Kode presensi cetak <b>{ $title }</b> dimatikan: hanya QR di layar registrasi yang berlaku.
checkin-static-is-off =
    🔳 Kode presensi cetak <b>{ $title }</b> sedang dimatikan, karena layar registrasi sudah dibuka; peserta memindai QR yang berganti di layar tersebut.
    Bila Bapak/Ibu ingin memakai QR cetak lagi, aktifkan dengan tombol di bawah.
error-checkin-static-off = Kode presensi cetak untuk forum ini sudah dimatikan. Mohon pindai QR pada layar di meja registrasi.
error-checkin-expired = Kode presensi ini sudah kedaluwarsa. Mohon pindai QR yang tampil di layar meja registrasi sekarang.
error-kiosk-used = Tautan layar registrasi ini sudah dipakai. Mohon minta tautan baru dari admin.
error-kiosk-expired = Tautan layar registrasi ini sudah kedaluwarsa. Mohon minta tautan baru dari admin.
error-kiosk-invalid = Tautan layar registrasi ini tidak dikenal atau sudah tidak berlaku.
error-kiosk-ended = Forum ini sudah selesai, sehingga layar registrasi tidak dapat dibuka lagi.
