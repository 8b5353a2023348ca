## The recap as a picture (/rekap).

chart-attending = Hadir
chart-delegated = Diwakilkan
chart-declined = Tidak hadir
chart-no-answer = Belum
chart-others = { $count } pilar lainnya
chart-figures = { $confirmed }/{ $invited } · presensi { $present }
recap-chart-caption = 📊 Rekap per pilar: { $title }
