## Privacy, throttling, the audit log and the approval digest (issue 9)
error-admin-private = Bapak/Ibu, data ini hanya ditampilkan di chat pribadi dengan bot, bukan di grup. Buka @{ $bot } dan ulangi di sana.
error-token-throttled = Bapak/Ibu, terlalu banyak tautan yang tidak berlaku. Silakan coba lagi dalam { $minutes } menit.
register-still-rejected = Mohon maaf, pendaftaran Bapak/Ibu tidak disetujui oleh admin KPU. Bila ada kekeliruan, silakan hubungi sekretariat KPU; pendaftaran ulang belum dapat dilakukan.
error-registration-rejected = Mohon maaf, pendaftaran Bapak/Ibu tidak disetujui oleh admin KPU, sehingga belum dapat didaftarkan ulang.
approval-digest =
    📝 <b>Pendaftaran menunggu persetujuan</b> ({ $count }):
    { $rows }{ $more }
approval-digest-row = { $number }. <b>{ $name }</b> · { $pillar } · { $institution } · { $position }
approval-digest-more = { "" }
    … dan { $count } lainnya (tampil setelah yang di atas diputuskan).
approval-digest-empty = ✅ Semua pendaftaran sudah diputuskan.
approval-done-approved = Disetujui: { $name }
approval-done-rejected = Ditolak: { $name }
approval-rejected-undo = ❌ Pendaftaran <b>{ $name }</b> ditolak. Bila keliru, tekan tombol di bawah.
button-unreject = Batalkan penolakan
approval-unrejected = ↩️ Penolakan <b>{ $name }</b> dibatalkan; pendaftarannya kembali menunggu persetujuan.
approval-not-rejected = Pendaftaran ini tidak dalam keadaan ditolak.
audit-heading = 🧾 <b>Log audit</b>: { $count } entri terbaru (halaman { $page })
audit-row = { $when } · { $actor } · <code>{ $action }</code> { $target }
audit-empty = Log audit masih kosong.
button-older = « Lebih lama
button-newer = Lebih baru »
