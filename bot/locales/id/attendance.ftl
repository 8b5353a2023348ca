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
    ✅ Presensi tercatat untuk perwakilan Anda, <b>{ $delegate }</b> (atas nama { $name }).
    <b>{ $title }</b> · { $time }
checkin-already = Anda sudah presensi di <b>{ $title }</b> pukul { $time }. Tidak perlu presensi lagi.
error-checkin-invalid = Kode presensi ini tidak dikenal. Pindai lagi QR yang ditampilkan di lokasi.
error-checkin-early = Presensi belum dibuka. Presensi dibuka { $opens }.
error-checkin-closed = Presensi forum ini sudah ditutup ({ $closes }). Bila Anda hadir, sampaikan kepada admin KPU.
error-checkin-not-registered = Anda belum terdaftar, jadi presensi belum bisa dicatat. Daftar dulu dengan /daftar, lalu pindai QR ini lagi.
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
