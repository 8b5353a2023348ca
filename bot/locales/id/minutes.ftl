## Notulen forum (issue 11, item 4): formulir di bot atau dokumen yang diunggah
button-minutes = 📝 Notulen
button-minutes-write = ✏️ Tulis notulen
button-minutes-rewrite = ✏️ Tulis ulang
button-minutes-upload = 📎 Unggah dokumen
button-minutes-pdf = 📄 Unduh PDF
button-minutes-file = 📄 Kirim dokumen
button-minutes-more = ➕ Poin berikutnya
button-minutes-done = Selesai
button-minutes-skip = Lewati
button-minutes-keep = ✅ Pakai ini
button-minutes-save = 💾 Simpan
button-minutes-drop = Batal
minutes-none =
    📝 <b>Notulen: { $title }</b>
    Belum ada notulen. Bapak/Ibu dapat menulisnya di sini langkah demi langkah, atau mengunggah dokumen (PDF/DOCX).
minutes-view =
    📝 <b>Notulen: { $title }</b>
    { $body }
    Notulis: { $notetaker }
    Disimpan { $when }
minutes-view-file = 📎 Dokumen: «{ $file }»
minutes-ask-opening = 📝 Notulen <b>{ $title }</b>, langkah 1: ketik <b>pembukaan</b> rapat (maksimal { $limit } karakter), atau /batal.
minutes-ask-speaker = 🗣️ <b>Poin { $number }</b>: siapa yang menyampaikan? Pilih pilar, atau ketik nama narasumber.
minutes-ask-point = Ketik isi poin yang disampaikan <b>{ $speaker }</b> (maksimal { $limit } karakter):
minutes-point-added = ✅ Poin { $number } tersimpan. Tambah poin lagi, atau Selesai?
minutes-ask-conclusions = Ketik <b>kesimpulan</b> rapat (maksimal { $limit } karakter):
minutes-ask-follow-ups = Ketik <b>tindak lanjut</b>, satu per baris (maksimal { $limit } baris), atau Lewati:
minutes-ask-notetaker =
    ✍️ <b>Notulis</b>: { $notetaker }
    Tekan Pakai ini, atau ketik nama, jabatan dan NIP (boleh tanpa NIP), masing-masing pada satu baris.
minutes-preview =
    👀 <b>Pratinjau notulen: { $title }</b>
    { $body }
    Notulis: { $notetaker }
minutes-body =
    <b>Pembukaan</b>
    { $opening }
    <b>Pokok-pokok pembahasan</b>
    { $points }
    <b>Kesimpulan</b>
    { $conclusions }
    <b>Tindak lanjut</b>
    { $follow_ups }
minutes-point-line = { $number }. <b>{ $speaker }</b>: { $text }
minutes-follow-up-line = { $number }. { $text }
minutes-follow-ups-none = -
minutes-saved = ✅ Notulen <b>{ $title }</b> tersimpan.
minutes-dropped = Notulen tidak disimpan.
minutes-ask-upload = 📎 Kirim dokumen notulen <b>{ $title }</b> dalam bentuk PDF atau DOCX (maksimal { $limit } MB), atau /batal. Dokumen ini menggantikan notulen yang tersimpan.
minutes-uploaded = ✅ Dokumen «{ $file }» tersimpan sebagai notulen <b>{ $title }</b>.
minutes-pdf-caption = 📄 Notulen: { $title }
error-minutes-no-points = Notulen memerlukan sedikitnya satu poin pembahasan.
error-minutes-too-many = Paling banyak { $limit } isian. Silakan lanjutkan ke langkah berikutnya.
error-minutes-notetaker = Mohon ketik nama, jabatan dan NIP saja, masing-masing pada satu baris (paling banyak 3 baris).
error-minutes-file-type = Mohon kirim dokumen PDF atau DOCX.
error-minutes-file-too-big = Dokumen terlalu besar (maksimal { $limit } MB).
error-minutes-expect-file = Mohon kirim dokumen PDF atau DOCX sebagai berkas, atau /batal.
minutes-pdf-title = NOTULEN RAPAT
minutes-pdf-day-date = Hari/Tanggal
minutes-pdf-time = Pukul
minutes-pdf-venue = Tempat
minutes-pdf-event = Acara
minutes-pdf-chair = Pimpinan rapat
minutes-pdf-opening = I. PEMBUKAAN
minutes-pdf-points = II. POKOK-POKOK PEMBAHASAN
minutes-pdf-conclusions = III. KESIMPULAN
minutes-pdf-follow-ups = IV. TINDAK LANJUT
minutes-pdf-acknowledged = Mengetahui,
minutes-pdf-notetaker = Notulis,
