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
