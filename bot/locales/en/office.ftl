## The office profile: the letterhead and signatories of the SPJ papers (issue 11).

error-office-email = That e-mail address is not recognised. Example: kpu@mojokertokota.go.id. Please type it again, or "-" to clear it.
error-office-website = That website address is not recognised. Example: kota-mojokerto.kpu.go.id. Please type it again, or "-" to clear it.
error-office-pattern = The letter number pattern must hold {"{"}n{"}"} (the running number), and may hold {"{"}roman{"}"} (the month in Roman numerals), {"{"}month{"}"} and {"{"}year{"}"}. Example: {"{"}n{"}"}/PP.01-Und/3576/{"{"}roman{"}"}/{"{"}year{"}"}
error-office-nip = A NIP has 18 digits (spaces allowed, e.g. 19800101 200501 1 001). Please type it again, or "-" to clear it.
error-office-logo = The logo must be a PNG or JPEG picture (at most 5 MB). Please send it as a photo.
