## The office profile: the letterhead and signatories of the SPJ papers (issue 11).

error-office-email = Alamat email tidak dikenali. Contoh: kpu@mojokertokota.go.id. Silakan ketik lagi, atau "-" untuk mengosongkan.
error-office-website = Alamat laman tidak dikenali. Contoh: kota-mojokerto.kpu.go.id. Silakan ketik lagi, atau "-" untuk mengosongkan.
error-office-pattern = Pola nomor surat harus memuat {"{"}n{"}"} (nomor urut), dan boleh memuat {"{"}roman{"}"} (bulan, angka Romawi), {"{"}month{"}"} dan {"{"}year{"}"}. Contoh: {"{"}n{"}"}/PP.01-Und/3576/{"{"}roman{"}"}/{"{"}year{"}"}
error-office-nip = NIP terdiri atas 18 angka (boleh dengan spasi, misalnya 19800101 200501 1 001). Silakan ketik lagi, atau "-" untuk mengosongkan.
error-office-logo = Logo harus berupa gambar PNG atau JPEG (maksimal 5 MB). Silakan kirim sebagai foto.
error-office-blank-rows = Ketik jumlah baris kosong untuk tamu tanpa undangan, dari 0 sampai { $limit }.

## /kantor: an admin keeps the office profile. HTML.

office-card =
    🏢 <b>Profil kantor</b> (kop surat dan penanda tangan)
    Nama lengkap: { $name }
    Alamat: { $address }
    Telepon: { $phone }
    Email: { $email }
    Laman: { $website }
    Kota (baris tanggal): { $city }
    Logo: { $logo }
    Pola nomor surat undangan: { $pattern }
    Nomor terakhir: { $counter }
    Baris kosong untuk tamu di Daftar Hadir: { $rows }

    <b>Penanda tangan</b>
    { $signers }
office-empty = —
office-logo-present = ada
office-logo-absent = belum ada
office-counter-none = belum ada
office-counter = { $counter } (tahun { $year })
office-signer-line = • { $paper }: { $who }
office-signer-who = { $position }, { $name }, NIP { $nip }
office-field-name = nama lengkap kantor
office-field-address = alamat
office-field-phone = telepon
office-field-email = email
office-field-website = laman
office-field-city = kota untuk baris tanggal
office-field-pattern = pola nomor surat undangan
office-ask =
    Mohon ketik { $field } yang baru.
    Saat ini: { $current }
    Ketik "-" untuk mengosongkan, atau /batal.
office-ask-required =
    Mohon ketik { $field } yang baru.
    Saat ini: { $current }
    Ketik /batal untuk membatalkan.
office-ask-pattern =
    Mohon ketik pola nomor surat undangan yang baru. { "{" }n{ "}" } adalah nomor urut (mulai lagi dari 1 setiap tahun), { "{" }roman{ "}" } bulan dalam angka Romawi, { "{" }month{ "}" } bulan dan { "{" }year{ "}" } tahun.
    Saat ini: { $current }
    Contoh: { "{" }n{ "}" }/PP.01-Und/3576/{ "{" }roman{ "}" }/{ "{" }year{ "}" }
office-saved = ✅ Tersimpan: { $field }.
office-logo-ask = Mohon kirim logo kantor sebagai foto (PNG atau JPEG), atau /batal.
office-logo-not-photo = Mohon kirim logo sebagai foto, atau /batal.
office-logo-saved = ✅ Logo disimpan. Tekan 🖨 Contoh kop untuk melihat hasilnya.
office-logo-removed = ✅ Logo dihapus.
office-kop-caption = 🖨 Contoh kop surat { $name }
office-signer-card =
    ✍️ <b>Penanda tangan { $paper }</b>
    Jabatan: { $position }
    Nama: { $name }
    NIP: { $nip }
office-signer-field-pos = jabatan penanda tangan { $paper }
office-signer-field-name = nama penanda tangan { $paper }
office-signer-field-nip = NIP penanda tangan { $paper } (18 angka)
office-paper-undangan = Surat undangan
office-paper-daftar_hadir = Daftar Hadir
office-paper-notulen = Notulen
office-paper-spj = Berkas SPJ
button-office-name = ✏️ Nama
button-office-address = ✏️ Alamat
button-office-phone = ✏️ Telepon
button-office-email = ✏️ Email
button-office-website = ✏️ Laman
button-office-city = ✏️ Kota
button-office-pattern = 🔢 Pola nomor surat
button-office-logo = 🖼 Kirim logo
button-office-nologo = 🗑 Hapus logo
button-office-kop = 🖨 Contoh kop
button-signer-undangan = ✍️ Undangan
button-signer-daftar_hadir = ✍️ Daftar Hadir
button-signer-notulen = ✍️ Notulen
button-signer-spj = ✍️ Berkas SPJ
button-signer-field-pos = ✏️ Jabatan
button-signer-field-name = ✏️ Nama
button-signer-field-nip = ✏️ NIP
office-ask-rows = Ketik jumlah baris kosong di akhir Daftar Hadir yang dicetak sebelum forum, untuk tamu tanpa undangan (0 sampai { $limit }).
    Sekarang: { $current }
button-office-rows = ✏️ Baris kosong
office-field-rows = jumlah baris kosong Daftar Hadir
