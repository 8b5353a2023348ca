## Survei kepuasan setelah forum (issue 11, item 7)
survey =
    📝 <b>Survei kepuasan</b>
    <b>{ $title }</b>
    { $when }

    Terima kasih atas kehadiran Bapak/Ibu. Mohon berkenan memberi penilaian, 1 (sangat kurang) sampai 5 (sangat baik). Jawaban Bapak/Ibu tidak ditampilkan dengan nama.
    1. Kemanfaatan forum: <b>{ $usefulness }</b>
    2. Pelayanan KPU: <b>{ $service }</b>

    { $step }
survey-no-score = –
survey-step-usefulness = ❓ <b>Pertanyaan 1:</b> seberapa bermanfaat forum ini bagi Bapak/Ibu?
survey-step-service = ❓ <b>Pertanyaan 2:</b> bagaimana pelayanan KPU dalam forum ini?
survey-step-comment = 💬 Bapak/Ibu dapat menambahkan komentar atau saran (tidak wajib).
survey-step-done = 🙏 Terima kasih, penilaian Bapak/Ibu sudah kami terima. Penilaian dapat diubah dengan tombol di bawah.
survey-your-comment = Komentar Bapak/Ibu: <i>{ $comment }</i>
button-survey-comment = ✍️ Tulis komentar
button-survey-skip = Lewati
button-survey-redo = ✏️ Ubah penilaian
survey-ask-comment = ✍️ Silakan ketik komentar atau saran Bapak/Ibu untuk forum <b>{ $title }</b> (maksimal { $limit } karakter), atau /batal.
survey-comment-saved = 🙏 Terima kasih, komentar Bapak/Ibu sudah kami terima.
error-survey-not-attendee = Survei ini hanya untuk peserta yang hadir pada forum tersebut.
survey-recap =
    📝 <b>Survei kepuasan</b>: { $count } tanggapan · kemanfaatan { $usefulness } · pelayanan { $service } · komentar { $comments }
    { $rows }
survey-recap-row = <b>{ $pillar }</b>: { $count } tanggapan · kemanfaatan { $usefulness } · pelayanan { $service }
survey-pdf-title = RINGKASAN SURVEI KEPUASAN
survey-pdf-responses = Jumlah tanggapan
survey-pdf-count = Tanggapan
survey-pdf-usefulness = Kemanfaatan forum
survey-pdf-service = Pelayanan KPU
survey-pdf-question = Pertanyaan (skor 1–5)
survey-pdf-average = Rata-rata
survey-pdf-comments = Komentar dan saran (tanpa nama)
