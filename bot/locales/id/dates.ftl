## Tanggal dan jam yang diketik admin: apa yang terbaca, dan mengapa ditolak

## "Dibaca: …" sesudah setiap langkah tanggal
date-read = 🗓 Dibaca: <b>{ $when }</b>
date-moment = { $date }, pukul { $time }
date-range = { $date }, pukul { $start }–{ $end }
date-open-end = { $date }, pukul { $time } s.d. selesai
date-days = { $start } s.d. { $end }

## Penolakan (setiap alasan dengan contoh)
error-date-past-when =
    "{ $text }" terbaca { $when }, dan waktu itu sudah lewat. Mohon Bapak/Ibu tulis tanggal dan jam yang akan datang, mis.:
    { $examples }
error-date-no-date =
    "{ $text }" belum menyebut tanggalnya. Mohon tambahkan tanggal, mis. besok { $text } atau Senin depan { $text }. Contoh lain:
    { $examples }
error-date-no-day =
    "{ $text }" belum menyebut harinya (minggu depan hari apa?). Mohon sebut harinya, mis. Senin minggu depan pukul 10.00, atau tanggalnya:
    { $examples }
error-date-two-dates =
    "{ $text }" memuat dua tanggal. Mohon tulis satu tanggal saja, mis.:
    { $examples }
error-date-two-times =
    "{ $text }" memuat dua jam. Mohon tulis satu jam saja, mis.:
    { $examples }
    Untuk jam mulai dan jam selesai forum, pakai tanda hubung: { $range }
error-date-ambiguous-day =
    "{ $text }" bisa berarti { $first } atau { $second }. Mohon tulis "{ $weekday } ini" atau "{ $weekday } minggu depan", atau tanggal dan jamnya, mis. { $example }
error-date-ambiguous-hour =
    Jam dalam "{ $text }" tidak jelas jatuh pada hari apa (jam 12 malam, atau lewat tengah malam). Mohon tulis jamnya dalam format 24 jam beserta tanggalnya, mis. { $late } atau { $early }
error-date-range =
    "{ $text }" adalah rentang waktu, sedangkan di sini cukup satu waktu. Mohon tulis satu tanggal dan jam, mis.:
    { $examples }
error-date-end-before-start =
    Dalam "{ $text }" jam selesai tidak sesudah jam mulai. Mohon tulis jam selesai yang lebih akhir, mis. { $range }
    Acara yang melewati tengah malam ditulis dengan kedua tanggalnya, mis. { $overnight }
