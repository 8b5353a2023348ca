## Forum: pengingat, lokasi, duplikat, rangkaian (issue 10)
button-next-step = Lanjut ▶️
button-forum-reminders = ⏰ Pengingat
button-forum-duplicate = 📄 Duplikat
button-save = 💾 Simpan
button-note-clear = 🗑️ Hapus catatan
button-note-edit = 📝 Ubah catatan
button-repeat-none = Tidak diulang
button-repeat-weekly = 🔁 Setiap minggu
button-repeat-monthly = 🔁 Setiap bulan
button-change-this = Hanya forum ini
button-change-later = Forum ini dan { $count } berikutnya

offset-days = H-{ $days }
offset-hours = { $hours } jam
offset-minutes = { $minutes } menit
offset-seconds = { $seconds } detik
offsets-none = tanpa pengingat

forum-ask-location =
    📍 <b>Peta lokasi</b> (opsional): kirim lokasi lewat 📎 → Lokasi, atau tempel tautan Google Maps / OpenStreetMap (https://…). Tekan Lewati bila tidak ada.
forum-location-pin = Lokasi tersimpan: { $latitude }, { $longitude }.
forum-location-link = Tautan peta tersimpan.
forum-location-skipped = Peta lokasi: tidak ada.
forum-ask-offsets =
    ⏰ <b>Kapan pengingat dikirim?</b> Pilihan bawaan sudah dicentang; ketuk untuk mengubah, lalu tekan Lanjut.
forum-offsets-chosen = Pengingat: <b>{ $offsets }</b>
forum-ask-note =
    📝 <b>Catatan pengingat</b> (opsional), mis. "Mohon membawa KTP" atau "Pakaian: PDH". Ketik catatannya, atau tekan Lewati.
forum-note-skipped = Catatan pengingat: tidak ada.
forum-ask-repeat = 🔁 Apakah forum ini <b>diulang</b> (mis. rakor rutin)?
forum-repeat-chosen = Pengulangan: <b>{ $repeat }</b>
forum-ask-occurrences = Berapa kali forum diadakan, termasuk yang pertama? Ketik angka { $low }–{ $high }.
forum-ask-duplicate-start =
    📄 Duplikat dari <b>{ $title }</b>: judul, tempat, agenda, pilar, kapasitas, pengingat, catatan, lokasi dan lampiran disalin; jawaban undangan tidak.
    Kapan forum baru <b>dimulai</b>? Contoh:
    { $examples }
forum-published-series = 📣 { $count } forum <b>{ $title }</b> diterbitkan. Undangan dikirim kepada { $invited } anggota untuk setiap forum.

repeat-weekly = setiap minggu
repeat-monthly = setiap bulan
repeat-none = tidak diulang

forum-map-link = 🗺️ { $link }
forum-map-label = Peta lokasi
forum-reminders-line = ⏰ Pengingat: { $offsets }
forum-note-line = 📝 Catatan: { $note }
forum-series-line = 🔁 Rangkaian { $repeat }, { $count } kali:
forum-series-date = • { $when }
forum-series-member = 🔁 Bagian dari rangkaian forum.

reminder-details =
    { $heading }
    <b>{ $title }</b>
    🕘 { $when }
    📍 { $venue }{ $extras }
reminder-agenda = 📋 Agenda: { $agenda }
reminder-agenda-more = 📋 Agenda: { $agenda } (selengkapnya di undangan)

reminders-edit =
    ⏰ <b>Pengingat</b> · { $title }
    Ketuk untuk mengubah kapan pengingat dikirim, lalu tekan Simpan.
    📝 Catatan: { $note }
reminders-note-none = tidak ada
reminders-saved = ✅ Pengingat disimpan: <b>{ $offsets }</b>. Catatan: { $note }
reminders-skipped = Waktu { $offsets } sudah lewat; pengingat itu tidak dikirim.
reminders-ask-note = Ketik catatan pengingat yang baru (mis. "Mohon membawa KTP"), atau /batal.

change-series-question = Forum ini bagian dari rangkaian; { $count } forum berikutnya belum dimulai. Ubah yang mana?
change-saved-series = ✅ Perubahan disimpan untuk { $forums } forum; pemberitahuan dikirim kepada { $count } anggota.

error-map-url = Tautan peta tidak dapat digunakan. Kirim tautan https dari Google Maps (maps.app.goo.gl, google.com/maps) atau OpenStreetMap, atau kirim lokasi lewat 📎 → Lokasi, atau tekan Lewati.
error-location-invalid = Lokasi tidak valid. Silakan kirim lagi.
error-expect-location = Mohon kirim lokasi (📎 → Lokasi) atau tautan peta, atau tekan Lewati.
error-occurrences = Jumlahnya harus angka { $low } sampai { $high }. Silakan ketik lagi.
