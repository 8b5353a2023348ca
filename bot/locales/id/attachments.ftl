## Lampiran: foto atau dokumen pada pengumuman dan undangan forum (issue 10, item 5)
attachment-line = 📎 Lampiran: { $kind }{ $name }
attachment-kind-photo = foto
attachment-kind-document = dokumen
error-file-too-big = Berkas ini lebih dari { $limit } MB; batas ini agar lampiran mudah diunduh Bapak/Ibu penerima lewat ponsel. Mohon kirim berkas yang lebih kecil (mis. PDF yang dikompres).

forum-ask-file =
    📎 <b>Lampiran undangan</b> (opsional): kirim surat undangan, TOR atau rundown sebagai <b>dokumen</b> (atau <b>foto</b>); setiap undangan akan disusul berkas ini. Tekan Lewati bila tidak ada.
forum-ask-file-replace =
    📎 <b>Lampiran undangan</b>: forum asal melampirkan <b>{ $file }</b>. Kirim berkas lain untuk menggantinya, pakai lampiran yang sama, atau kirim tanpa lampiran.
forum-file-skipped = Lampiran undangan: tidak ada.
forum-file-kept = Lampiran undangan: { $file } (sama dengan forum asal).
button-file-keep = 📎 Pakai lampiran yang sama
button-file-none = Tanpa lampiran
invitation-attachment = 📎 Lampiran undangan <b>{ $title }</b>
error-forum-file-unsupported = Jenis pesan ini tidak dapat dilampirkan. Mohon kirim <b>dokumen</b> (PDF, Word, …) atau <b>foto</b>, atau tekan Lewati.

## Lampiran forum yang sudah diterbitkan: diganti atau dihapus dari /forum
button-forum-file = 📎 Lampiran
button-forum-file-remove = 🗑 Hapus lampiran
forum-file-edit =
    📎 <b>Lampiran undangan</b> · { $title }
    { $current }

    Kirim <b>dokumen</b> (PDF, Word, …) atau <b>foto</b> baru untuk menggantinya; berkas baru dikirim kepada setiap anggota yang diundang dan tidak menolak. Tekan Batal untuk membiarkannya.
forum-file-edit-none = 📎 Lampiran: tidak ada
forum-file-replaced =
    ✅ Lampiran undangan <b>{ $title }</b> diganti.
    { $file }
    Berkas baru dikirim kepada { $count } anggota yang diundang dan tidak menolak.
forum-file-removed = 🗑 Lampiran undangan <b>{ $title }</b> dihapus. Tidak ada pesan kepada undangan; undangan yang dibuka kemudian tanpa lampiran.
forum-file-unchanged = Lampiran undangan tidak diubah.
forum-file-updated = 📎 Lampiran undangan <b>{ $title }</b> diperbarui
error-forum-file-same = Berkas ini sudah menjadi lampiran forum ini. Mohon kirim berkas lain, atau tekan Batal.
error-forum-file-edit-unsupported = Jenis pesan ini tidak dapat dilampirkan. Mohon kirim <b>dokumen</b> (PDF, Word, …) atau <b>foto</b>, atau tekan Batal.
