## Dokumentasi: foto kegiatan sebuah forum, untuk Berkas SPJ (issue 11, item 5)
button-forum-photos = 📷 Dokumentasi
button-photos-list = 📋 Daftar foto
button-photos-pdf = ⬇️ PDF Dokumentasi
button-photos-done = ✅ Selesai
button-photo-caption = ✏️ Keterangan { $number }
button-photo-delete = 🗑 Hapus { $number }
photos-open =
    📷 <b>Dokumentasi</b> · { $title }
    Tersimpan { $count } dari { $limit } foto.

    Mohon kirim foto kegiatan, satu per satu atau beberapa sekaligus. Keterangan foto ditulis pada caption-nya (paling banyak { $caption } karakter). Tekan Selesai bila sudah.
photos-saved = 📷 Foto { $number } disimpan ({ $count }/{ $limit }).
photos-done = ✅ Dokumentasi <b>{ $title }</b>: { $count } foto tersimpan.
photos-list = 📋 <b>Foto dokumentasi</b> · { $title }
photos-list-line = { $number }. { $caption }
photos-no-caption = (tanpa keterangan)
photos-none = Belum ada foto dokumentasi untuk forum ini.
photo-deleted = 🗑 Foto { $number } dihapus; nomor foto sesudahnya maju satu. Tersisa { $count } foto.
photo-ask-caption =
    ✏️ Mohon ketik keterangan baru untuk foto { $number } (paling banyak { $limit } karakter), atau ketik - untuk mengosongkannya. Ketik /batal untuk membatalkan.
    Keterangan sekarang: { $caption }
photo-caption-set = ✅ Keterangan foto { $number } diperbarui: { $caption }
photos-pdf-caption = 📷 Dokumentasi { $title } ({ $count } foto)
photos-pdf-title = DOKUMENTASI
photos-pdf-number = Foto { $number }
error-photo-full = Forum ini sudah memiliki { $limit } foto, batas dokumentasi per forum. Foto ini tidak disimpan; mohon hapus foto yang tidak diperlukan terlebih dahulu.
error-photo-duplicate = Foto ini sudah tersimpan sebagai foto { $number }; tidak disimpan lagi.
error-photo-caption-long = Keterangan ini { $length } karakter, sedangkan batasnya { $limit } karakter. Tidak ada yang disimpan: mohon kirim ulang dengan keterangan yang lebih singkat.
error-photo-not-found = Foto ini tidak ditemukan (mungkin sudah dihapus).
error-photo-as-file = Gambar ini terkirim sebagai berkas. Mohon kirim sebagai <b>foto</b> (tanpa pilihan "kirim sebagai berkas"); tidak ada yang disimpan.
error-photo-unsupported = Mohon kirim <b>foto</b> kegiatan, atau tekan Selesai.
error-photo-download = Foto gagal diambil dari Telegram; tidak ada yang disimpan. Mohon kirim ulang.
error-photo-unreadable = Foto ini tidak dapat dibaca sebagai gambar; tidak ada yang disimpan. Mohon kirim foto lain.
error-photo-expect-caption = Mohon ketik keterangan foto sebagai teks, atau /batal.
