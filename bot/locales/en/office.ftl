## The office profile: the letterhead and signatories of the SPJ papers (issue 11).

error-office-email = That e-mail address is not recognised. Example: kpu@mojokertokota.go.id. Please type it again, or "-" to clear it.
error-office-website = That website address is not recognised. Example: kota-mojokerto.kpu.go.id. Please type it again, or "-" to clear it.
error-office-pattern = The letter number pattern must hold {"{"}n{"}"} (the running number), and may hold {"{"}roman{"}"} (the month in Roman numerals), {"{"}month{"}"} and {"{"}year{"}"}. Example: {"{"}n{"}"}/PP.01-Und/3576/{"{"}roman{"}"}/{"{"}year{"}"}
error-office-nip = A NIP has 18 digits (spaces allowed, e.g. 19800101 200501 1 001). Please type it again, or "-" to clear it.
error-office-logo = The logo must be a PNG or JPEG picture (at most 5 MB). Please send it as a photo.
error-office-blank-rows = Type the number of empty rows for guests without an invitation, from 0 to { $limit }.

## /office: an admin keeps the office profile. HTML.

office-card =
    🏢 <b>Office profile</b> (letterhead and signatories)
    Full name: { $name }
    Address: { $address }
    Telephone: { $phone }
    E-mail: { $email }
    Website: { $website }
    City (date line): { $city }
    Logo: { $logo }
    Invitation number pattern: { $pattern }
    Last number: { $counter }
    Empty rows for guests in the attendance list: { $rows }

    <b>Signatories</b>
    { $signers }
office-empty = —
office-logo-present = set
office-logo-absent = none yet
office-counter-none = none yet
office-counter = { $counter } (year { $year })
office-signer-line = • { $paper }: { $who }
office-signer-who = { $position }, { $name }, NIP { $nip }
office-field-name = the office's full name
office-field-address = the address
office-field-phone = the telephone
office-field-email = the e-mail
office-field-website = the website
office-field-city = the city of the date line
office-field-pattern = the invitation number pattern
office-ask =
    Please type { $field }.
    Now: { $current }
    Type "-" to clear it, or /cancel.
office-ask-required =
    Please type { $field }.
    Now: { $current }
    Type /cancel to cancel.
office-ask-pattern =
    Please type the new invitation number pattern. { "{" }n{ "}" } is the running number (starting again at 1 each year), { "{" }roman{ "}" } the month in Roman numerals, { "{" }month{ "}" } the month and { "{" }year{ "}" } the year.
    Now: { $current }
    Example: { "{" }n{ "}" }/PP.01-Und/3576/{ "{" }roman{ "}" }/{ "{" }year{ "}" }
office-saved = ✅ Saved: { $field }.
office-logo-ask = Please send the office's logo as a photo (PNG or JPEG), or /cancel.
office-logo-not-photo = Please send the logo as a photo, or /cancel.
office-logo-saved = ✅ Logo saved. Press 🖨 Sample letterhead to see it.
office-logo-removed = ✅ Logo removed.
office-kop-caption = 🖨 Sample letterhead of { $name }
office-signer-card =
    ✍️ <b>Signatory of the { $paper }</b>
    Position: { $position }
    Name: { $name }
    NIP: { $nip }
office-signer-field-pos = the position of the signatory of the { $paper }
office-signer-field-name = the name of the signatory of the { $paper }
office-signer-field-nip = the NIP of the signatory of the { $paper } (18 digits)
office-paper-undangan = invitation letter
office-paper-daftar_hadir = attendance list
office-paper-notulen = minutes
office-paper-spj = accountability file
button-office-name = ✏️ Name
button-office-address = ✏️ Address
button-office-phone = ✏️ Telephone
button-office-email = ✏️ E-mail
button-office-website = ✏️ Website
button-office-city = ✏️ City
button-office-pattern = 🔢 Number pattern
button-office-logo = 🖼 Send logo
button-office-nologo = 🗑 Remove logo
button-office-kop = 🖨 Sample letterhead
button-signer-undangan = ✍️ Invitation
button-signer-daftar_hadir = ✍️ Attendance list
button-signer-notulen = ✍️ Minutes
button-signer-spj = ✍️ Accountability file
button-signer-field-pos = ✏️ Position
button-signer-field-name = ✏️ Name
button-signer-field-nip = ✏️ NIP
office-ask-rows = Type the number of empty rows at the end of an attendance list printed before the forum, for guests without an invitation (0 to { $limit }).
    Now: { $current }
button-office-rows = ✏️ Empty rows
office-field-rows = the number of empty rows of the attendance list
