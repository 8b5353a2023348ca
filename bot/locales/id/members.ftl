## Daftar anggota (/anggota), per halaman
roster-page = Halaman { $page } dari { $pages }
