## The surat undangan of a forum (issue 11, item 2). Plain text in the PDF.

letter-title = Surat Undangan { $title }
letter-number = Nomor
letter-nature = Sifat
letter-nature-default = Biasa
letter-attachment = Lampiran
letter-attachment-list = 1 (satu) berkas
letter-attachment-of = Surat Undangan
letter-date = Tanggal
letter-subject = Perihal
letter-subject-default = Undangan
letter-to = Kepada
letter-dear = Yth.
letter-see-list = (daftar terlampir)
letter-addressee = Pimpinan { $institution }
letter-at = di
letter-place = Tempat
letter-greeting = Dengan hormat,
letter-opening = Sehubungan dengan penyelenggaraan kegiatan { $title }, kami mengundang Bapak/Ibu untuk hadir pada:
letter-day-date = Hari/Tanggal
letter-time = Pukul
letter-venue = Tempat
letter-event = Acara
letter-closing = Demikian undangan ini kami sampaikan. Atas perhatian dan kehadiran Bapak/Ibu, kami ucapkan terima kasih.
letter-list-heading = DAFTAR UNDANGAN
letter-kop-sample = Contoh kop surat

## The letter under a forum's /forum detail (✉️ Surat undangan). HTML.

button-forum-letter = ✉️ Surat undangan
button-letter-send = 📤 Kirim ke undangan
button-letter-number = ✏️ Nomor
button-letter-nature = ✏️ Sifat
button-letter-subject = ✏️ Perihal
letter-caption =
    ✉️ Surat undangan <b>{ $title }</b>
    Nomor: { $number }
letter-ask-number = Ketik <b>Nomor</b> surat undangan <b>{ $title }</b>. Saat ini: { $current }
letter-ask-nature = Ketik <b>Sifat</b> surat undangan <b>{ $title }</b> (mis. Biasa, Penting, Segera). Saat ini: { $current }
letter-ask-subject = Ketik <b>Perihal</b> surat undangan <b>{ $title }</b>. Saat ini: { $current }
letter-detail-saved = ✅ Surat undangan diperbarui. Berikut surat yang baru:
letter-queued = { $count ->
    [0] Tidak ada undangan yang perlu menerima surat ini (semua menyatakan tidak hadir).
   *[other] 📤 Surat undangan <b>{ $title }</b> dikirim ke { $count } undangan.
}
letter-sent-before = Surat undangan ini sudah dikirim ke semua undangan; tidak ada yang dikirim ulang.
letter-for-invitee = ✉️ Surat undangan <b>{ $title }</b>
