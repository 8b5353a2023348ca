## Pengumuman 2.0: lampiran, sasaran, jadwal kirim, konfirmasi penerimaan

button-audience-inv = 📋 Undangan forum…
button-audience-att = ✅ Peserta forum…
button-audience-none = ❔ Belum menjawab…
button-back = ◀️ Kembali
button-send-now = 📨 Kirim sekarang
button-schedule = 🗓 Jadwalkan
button-confirm-receipt = 👍 Sudah diterima
button-received = ✅ Diterima
button-cancel-sending = ⛔ Batalkan pengiriman
button-cancel-announcement = ⛔ Batalkan #{ $number }
button-report-refresh = 🔄 Perbarui laporan
button-remind-unconfirmed = 🔔 Ingatkan yang belum konfirmasi ({ $count })

announce-ask-file = Lampirkan <b>foto</b> atau <b>dokumen</b> (TOR, rundown, materi)? Kirim berkasnya sekarang, atau tekan Lewati.
announce-ask-forum = Pilih forumnya ({ $audience }):
announce-ask-when =
    Kepada: { $audience } ({ $count } anggota).
    Kapan pengumuman dikirim? Ketik tanggal dan jam seperti pada forum, misalnya { $examples }; ketik <b>sekarang</b>, atau tekan Kirim sekarang.
announce-when-now = sekarang
announce-audience-invitees = undangan forum «{ $forum }»
announce-audience-attendees = peserta forum «{ $forum }» (hadir, diwakilkan atau sudah presensi)
announce-audience-no-answer = yang belum menjawab undangan forum «{ $forum }»
announce-progress =
    📨 <b>Pengumuman sedang dikirim</b> kepada { $total } anggota ({ $preview })
    { $bar } { $sent }/{ $total } terkirim · { $failed } gagal
announce-progress-done =
    ✅ <b>Pengiriman selesai</b> kepada { $total } anggota ({ $preview })
    { $bar } { $sent }/{ $total } terkirim · { $failed } gagal
announce-progress-cancelling =
    ⛔ <b>Pengiriman dihentikan</b> ({ $preview })
    { $bar } { $sent }/{ $total } terkirim · { $failed } gagal · dibatalkan: { $not_sent } tidak dikirim
announce-progress-cancelled =
    ⛔ <b>Pengiriman dibatalkan</b> ({ $preview })
    { $bar } { $sent }/{ $total } terkirim · { $failed } gagal · dibatalkan: { $not_sent } tidak dikirim
announce-scheduled =
    🗓 <b>Pengumuman dijadwalkan</b>: { $when } ({ $preview })
    Bapak/Ibu dapat membatalkannya sebelum terkirim dengan tombol di bawah ini atau melalui /umumkan.
announce-cancelled-scheduled = ⛔ Pengumuman terjadwal dibatalkan; tidak ada yang dikirim. ({ $preview })
announce-cancel-done = Pengiriman dibatalkan: { $count } tidak dikirim.
announce-list =
    🗂 <b>Pengumuman terjadwal dan yang sedang dikirim</b>
    { $entries }
announce-list-scheduled = #{ $number } · { $when } · { $preview }
announce-list-sending = #{ $number } · sedang dikirim · { $preview }
announce-list-empty = Tidak ada lagi pengumuman terjadwal atau yang sedang dikirim.
announcement-heading = 📢 <b>Pengumuman KPU</b>
announcement-reminder =
    🔔 <b>Mohon konfirmasi penerimaan</b>
    Bapak/Ibu telah menerima pengumuman KPU: «{ $preview }». Mohon berkenan menekan tombol di bawah ini sebagai tanda sudah diterima.
receipt-recorded = ✅ Terima kasih, penerimaan pengumuman tercatat.
receipt-known = Penerimaan pengumuman ini sudah tercatat sebelumnya. Terima kasih.
remind-queued = 🔔 Pengingat dikirim kepada { $count } anggota yang belum konfirmasi.
remind-none = Tidak ada pengingat baru: semua yang belum konfirmasi sudah diingatkan sebelumnya.
report-refreshed = Laporan diperbarui.
delivery-cancelled = {""}
    Dibatalkan: { $count } tidak dikirim
delivery-receipts = {""}

    ✅ <b>Konfirmasi diterima</b>: { $confirmed } dari { $delivered }
    { $pillars }
delivery-receipts-row = { $pillar }: { $confirmed }/{ $delivered }

error-caption-too-long = Dengan lampiran, teks pengumuman paling banyak { $limit } karakter (batas keterangan lampiran di Telegram); teks ini { $length } karakter. Mohon persingkat teksnya, kirim tanpa lampiran (tekan Lewati), atau ketik /batal.
error-file-unsupported = Jenis pesan ini tidak dapat dilampirkan. Mohon kirim <b>foto</b> atau <b>dokumen</b> (PDF, Word, Excel, …), atau ketik teks pengumuman.
error-send-at-past = Waktu kirim tersebut sudah lewat. Mohon ketik tanggal dan jam yang akan datang.
error-announcement-not-found = Pengumuman tidak ditemukan.
error-announcement-cancelled = Pengumuman ini sudah dibatalkan.
error-announcement-finished = Pengumuman ini sudah selesai terkirim; tidak ada lagi yang dapat dibatalkan.
error-receipt-invalid = Tombol ini tidak berlaku untuk Bapak/Ibu.
error-no-audience-forums = Belum ada forum yang akan datang atau yang berlangsung dalam 30 hari terakhir.
