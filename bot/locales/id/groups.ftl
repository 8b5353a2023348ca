## Grup koordinasi (SPEC bagian 5): undangan forum di grup, tombol konfirmasi di grup.

group-post-heading = 📣 <b>Undangan forum</b>
group-post =
    { $details }

    { $counts }
    Anggota terdaftar: tekan tombol di bawah untuk konfirmasi kehadiran. Belum terdaftar? Tekan salah satu tombol untuk mendaftar lewat chat pribadi dengan bot.
group-counts = 📊 Konfirmasi kehadiran: hadir { $attending } · diwakilkan { $delegated } · tidak hadir { $declined } · belum konfirmasi { $none }{ $waitlist }
group-counts-waitlist = {" "}· daftar tunggu { $waitlisted }
group-choose = Pilih grup untuk mengirim undangan <b>{ $title }</b>:
group-none =
    Bot belum berada di grup mana pun.
    Tambahkan { $bot } ke grup koordinasi (Info grup → Tambah anggota), lalu tekan tombol <b>👥 Kirim ke grup</b> lagi.
group-posted = ✅ Undangan <b>{ $title }</b> masuk antrean kirim ke grup <b>{ $group }</b>. Jumlah konfirmasi di pesan grup diperbarui otomatis.
group-reposted = ✅ Pengiriman sebelumnya gagal; undangan <b>{ $title }</b> dikirim ulang ke grup <b>{ $group }</b>.
group-register-first = Bapak/Ibu belum terdaftar sebagai anggota. Silakan buka chat pribadi dengan bot untuk mendaftar.
group-delegate-private = Isi nama dan jabatan perwakilan di chat pribadi dengan bot.
error-group-not-found = Grup ini tidak ditemukan, atau bot sudah dikeluarkan dari grup tersebut.
error-group-already-posted = Undangan forum ini sudah dikirim ke grup { $title }.
error-group-forum-started = Forum ini sudah dimulai; undangannya tidak dapat dikirim ke grup lagi.
