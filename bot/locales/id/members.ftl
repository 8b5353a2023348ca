## Daftar anggota (/anggota), per halaman
roster-page = Halaman { $page } dari { $pages }

## Direktori anggota (/anggota): menu, halaman, pencarian (issue 10)
directory-menu =
    👥 <b>Direktori anggota</b> ({ $count } orang)
    Pilih pilar untuk melihat anggotanya, tekan 🔎 untuk mencari nama atau instansi (atau ketik <code>/anggota nama</code>), atau ⏳ untuk yang menunggu persetujuan ({ $waiting }).
button-directory-all = 👥 Semua ({ $count })
button-directory-waiting = ⏳ Menunggu ({ $count })
button-directory-search = 🔎 Cari
button-directory-export = 📊 Unduh XLSX
button-directory-menu = ⬅️ Menu
button-directory-back = ⬅️ { $pillar }
directory-pillar-heading = 👥 <b>{ $pillar }</b> ({ $count } orang)
directory-search-heading = 🔎 Hasil pencarian "<b>{ $query }</b>" ({ $count } orang)
directory-empty = Belum ada anggota di pilar ini.
directory-search-none = Tidak ada anggota yang cocok. Coba kata lain, mis. sebagian nama atau instansi.
directory-row = { $number }. { $name } — { $institution }, { $position }{ $marks }
directory-legend = {""}
    👑 admin · ⏳ menunggu persetujuan · 💤 nonaktif · ❌ ditolak · ⛔ memblokir bot / tidak dapat dihubungi · 🔁 mengajukan pindah pilar
    Tekan nama untuk membuka kartu anggota.
directory-search-ask = Ketik sebagian <b>nama atau instansi</b> yang dicari (huruf besar/kecil dan tanda aksen tidak berpengaruh), atau /batal.
directory-search-expired = Pencarian ini sudah tidak berlaku. Silakan cari lagi dengan 🔎 atau <code>/anggota nama</code>.
directory-waiting-heading = ⏳ <b>Menunggu persetujuan</b> ({ $count })
directory-waiting-none = Tidak ada pendaftaran atau permintaan pindah pilar yang menunggu.
pillar-request-row = { $number }. 🔁 <b>{ $name }</b> · pindah pilar { $old } → { $new } · { $institution }

## Kartu anggota
member-card =
    🪪 <b>{ $name }</b>
    Pilar: { $pillar }{ $requested }
    Instansi: { $institution }
    Jabatan: { $position }
    Status: { $status }
    Admin: { $admin }
    Bahasa: { $language }
    Terdaftar: { $registered }
    Diputuskan: { $decided }{ $reachable }
card-pillar-requested = {" "}(mengajukan pindah ke { $pillar })
card-yes = ya
card-no = tidak
card-language-id = Bahasa Indonesia
card-language-en = English
card-unreachable = {""}
    ⛔ Tidak dapat dihubungi (memblokir bot atau akun tidak aktif).
button-edit-name = ✏️ Nama
button-edit-institution = ✏️ Instansi
button-edit-position = ✏️ Jabatan
button-edit-pillar = 🔁 Pilar
button-admin-make = 👑 Jadikan admin
button-admin-revoke = Cabut admin
button-deactivate = 💤 Nonaktifkan
button-restore = ♻️ Aktifkan kembali
button-pillar-approve = ✅ Setujui pindah ke { $pillar }
field-name = Nama
field-inst = Instansi
field-pos = Jabatan
field-pillar = Pilar
field-admin = Admin
field-status = Status
member-changed = ✅ { $field }: { $old } → { $new }
member-unchanged = Tidak ada yang berubah: isian sama dengan yang tersimpan.
member-ask-text = Ketik <b>{ $field }</b> baru untuk { $name } (saat ini: { $current }), atau /batal.
member-ask-pillar = Pilih pilar baru untuk <b>{ $name }</b> (saat ini: { $pillar }):
status-inactive = nonaktif
directory-export-title = Direktori Anggota { $office }
directory-export-sheet = Direktori Anggota
directory-export-heading = DIREKTORI ANGGOTA { $office } · per { $when }
directory-col-status = Status
directory-col-admin = Admin
directory-col-registered = Terdaftar ({ $zone })
directory-export-caption = 📊 Direktori anggota (XLSX) · { $count } orang

## Permintaan pindah pilar
pillar-change-already-decided = Permintaan pindah pilar ini sudah diputuskan atau sudah tidak berlaku.
pillar-change-done-approved = Disetujui: { $name } pindah dari { $old } ke { $new }
pillar-change-done-rejected = Ditolak: { $name } tetap di { $old } (mengajukan { $new })
pillar-change-approved = ✅ Permintaan Bapak/Ibu untuk pindah pilar <b>disetujui</b>: kini pilar { $new } (sebelumnya { $old }). Undangan forum berikutnya mengikuti pilar yang baru.
pillar-change-rejected = Permintaan Bapak/Ibu untuk pindah ke pilar { $new } <b>tidak disetujui</b>; Bapak/Ibu tetap di pilar { $old }. Bila ada kekeliruan, silakan hubungi sekretariat KPU.

## Profil sendiri (/profil)
profile-own =
    { $profile }{ $requested }

    Untuk memperbarui data, tekan tombol di bawah ini.
profile-pillar-waiting = {""}
    🔁 Permintaan pindah ke pilar { $pillar } menunggu persetujuan admin KPU.
profile-ask-text = Ketik <b>{ $field }</b> Bapak/Ibu yang baru (saat ini: { $current }), atau /batal.
profile-ask-pillar = Pilih pilar yang baru. Pindah pilar memerlukan persetujuan admin KPU; sampai disetujui, Bapak/Ibu tetap di pilar sekarang.
profile-pillar-requested = 🔁 Permintaan pindah dari pilar { $old } ke { $new } terkirim. Sampai admin KPU menyetujuinya, Bapak/Ibu tetap di pilar { $old } dan menerima undangannya. Kami akan memberi tahu hasilnya.
register-inactive = Mohon maaf Bapak/Ibu, keanggotaan Bapak/Ibu sedang dinonaktifkan oleh admin KPU. Silakan hubungi sekretariat KPU bila ingin diaktifkan kembali.

## Kesalahan
error-registration-inactive = Keanggotaan Bapak/Ibu sedang dinonaktifkan; pendaftaran ulang tidak dapat dilakukan. Silakan hubungi sekretariat KPU.
error-member-not-editable = Data hanya dapat diubah oleh anggota yang sudah disetujui.
error-last-admin = Tidak dapat dilakukan: ini admin terakhir. Jadikan anggota lain admin terlebih dahulu.
error-admin-bootstrap = Admin ini tercantum di ADMIN_IDS dan akan kembali menjadi admin saat bot dimulai ulang. Hapus dulu dari ADMIN_IDS, lalu cabut di sini.
error-admin-needs-approved = Hanya anggota yang sudah disetujui dan aktif yang dapat dijadikan admin.
error-member-not-active = Hanya anggota yang aktif yang dapat dinonaktifkan.
error-member-not-inactive = Anggota ini tidak sedang nonaktif.
error-pillar-same = Bapak/Ibu sudah berada di pilar ini.
