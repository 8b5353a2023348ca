## The office profile: the letterhead and signatories of the SPJ papers (issue 11).

error-office-email = Alamat email tidak dikenali. Contoh: kpu@mojokertokota.go.id. Silakan ketik lagi, atau "-" untuk mengosongkan.
error-office-website = Alamat laman tidak dikenali. Contoh: kota-mojokerto.kpu.go.id. Silakan ketik lagi, atau "-" untuk mengosongkan.
error-office-pattern = Pola nomor surat harus memuat {"{"}n{"}"} (nomor urut), dan boleh memuat {"{"}roman{"}"} (bulan, angka Romawi), {"{"}month{"}"} dan {"{"}year{"}"}. Contoh: {"{"}n{"}"}/PP.01-Und/3576/{"{"}roman{"}"}/{"{"}year{"}"}
error-office-nip = NIP terdiri atas 18 angka (boleh dengan spasi, misalnya 19800101 200501 1 001). Silakan ketik lagi, atau "-" untuk mengosongkan.
error-office-logo = Logo harus berupa gambar PNG atau JPEG (maksimal 5 MB). Silakan kirim sebagai foto.
