## Kapasitas dan daftar tunggu (SPEC bagian 4)

answer-waitlisted = { $answer } — daftar tunggu
rsvp-waitlisted = Kursi penuh. Bapak/Ibu masuk daftar tunggu (nomor { $position }). Kami akan memberi tahu Bapak/Ibu apabila tersedia kursi.
waitlist-position-note = ⏳ Bapak/Ibu masuk daftar tunggu (nomor { $position }). Kami akan memberi tahu Bapak/Ibu apabila tersedia kursi.
waitlist-promoted-heading = 💺 <b>Kursi tersedia</b>
waitlist-promoted =
    { $details }

    Ada kursi yang kosong: Bapak/Ibu kini <b>mendapat tempat</b> di forum ini. Konfirmasi Bapak/Ibu: <b>{ $answer }</b>.
    Bila berhalangan, mohon tekan Tidak hadir agar kursi diberikan kepada yang berikutnya.

## /forum_baru: langkah kapasitas
forum-ask-capacity = Berapa <b>kapasitas</b> (jumlah kursi) forum ini? Ketik angkanya, atau tekan Lewati bila tanpa batas. Jawaban di atas kapasitas masuk daftar tunggu.
forum-ask-capacity-skipped = Kapasitas: tanpa batas.
forum-capacity-line = 💺 Kapasitas: { $capacity }

## Tombol 💺 Kapasitas di detail forum
capacity-unlimited = tanpa batas
capacity-seats = { $count } kursi
capacity-ask =
    💺 Kapasitas <b>{ $title }</b> saat ini: { $capacity }.
    Terisi { $taken } kursi · daftar tunggu { $waiting }.
    Ketik kapasitas baru (jumlah kursi), atau 0 / tanpa batas untuk menghapus batas. Ketik /batal untuk membatalkan.
capacity-set =
    💺 Kapasitas <b>{ $title }</b>: { $capacity }.
    { $promoted } anggota dari daftar tunggu mendapat kursi dan sudah diberi tahu.
    Terisi { $taken } kursi · daftar tunggu { $waiting }.
capacity-over = ⚠️ Kursi terisi ({ $taken }) melebihi kapasitas baru. Tidak ada yang dikeluarkan; jawaban baru masuk daftar tunggu sampai ada kursi kosong.

error-capacity-invalid = "{ $text }" bukan kapasitas yang sah. Ketik jumlah kursi dengan angka (1 sampai { $limit }), atau 0 / tanpa batas. Silakan ketik lagi.
error-capacity-started = Forum ini sudah dimulai; kapasitasnya tidak dapat diubah lagi.
reminder-waitlisted =
    { $details }

    Konfirmasi Bapak/Ibu: <b>{ $answer }</b>. Kursi masih penuh; Bapak/Ibu akan diberi tahu begitu ada kursi untuk Bapak/Ibu.
