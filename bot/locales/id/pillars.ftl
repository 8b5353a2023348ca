## Pilar sebagai data yang dikelola admin (/pilar)
pillar-list =
    🏛️ <b>Pilar</b> ({ $count })
    { $rows }

    ⭐ pilar utama · 🙈 disembunyikan: tidak ditawarkan saat pendaftaran, di tautan undangan dan di /forum_baru (anggota dan riwayatnya tetap tersimpan).
    Pilih pilar untuk mengubahnya, atau tambahkan pilar baru.
pillar-row = • <b>{ $name }</b>{ $marks } — { $members } anggota
pillar-card =
    🏛️ <b>{ $name }</b>{ $marks }
    Pilar utama: { $core }
    Tampil: { $shown }
    Anggota: { $members } · forum yang mengundangnya: { $forums }

    ⭐ pilar utama · 🙈 disembunyikan
pillar-core-yes = ya (⭐; rekap memperingatkan bila belum ada yang konfirmasi hadir)
pillar-core-no = tidak
pillar-shown = ya, ditawarkan saat pendaftaran dan di /forum_baru
pillar-hidden = tidak (🙈), tidak ditawarkan saat pendaftaran dan di /forum_baru
pillar-ask-name = Ketik <b>nama pilar baru</b> sebagaimana dibaca anggota (mis. Satpol PP), paling banyak { $limit } karakter, atau /batal:
pillar-ask-rename =
    Nama sekarang: <b>{ $name }</b>
    Ketik <b>nama baru</b>, atau /batal:
pillar-added = ✅ Pilar <b>{ $name }</b> ditambahkan.
pillar-renamed = ✅ Nama pilar diubah: { $old } → <b>{ $new }</b>.
pillar-deleted = 🗑️ Pilar <b>{ $name }</b> dihapus.
pillar-delete-ask = Hapus pilar <b>{ $name }</b>? Pilar ini belum memiliki anggota dan belum pernah diundang ke forum.
pillar-made-core = { $name } kini pilar utama ⭐
pillar-made-uncore = { $name } bukan pilar utama lagi
pillar-made-hidden = { $name } disembunyikan 🙈
pillar-made-shown = { $name } ditampilkan lagi
button-pillar-add = ➕ Tambah pilar
button-pillar-rename = ✏️ Ganti nama
button-pillar-core = ⭐ Jadikan pilar utama
button-pillar-uncore = ☆ Bukan pilar utama
button-pillar-hide = 🙈 Sembunyikan
button-pillar-show = 👁️ Tampilkan
button-pillar-delete = 🗑️ Hapus
button-pillar-delete-confirm = 🗑️ Ya, hapus
button-pillar-list = ◀️ Semua pilar
error-pillar-name-taken = Sudah ada pilar bernama { $name }. Ketik nama lain, atau /batal.
error-pillar-hidden = Pilar { $name } sudah tidak menerima pendaftaran baru. Silakan pilih pilar lain, atau hubungi admin KPU.
error-pillar-has-members = Pilar { $name } tidak dapat dihapus karena masih memiliki { $count } anggota. Sembunyikan saja: anggota dan riwayatnya tetap tersimpan.
error-pillar-in-forums = Pilar { $name } tidak dapat dihapus karena sudah diundang ke { $count } forum. Sembunyikan saja: riwayat forumnya tetap tersimpan.
