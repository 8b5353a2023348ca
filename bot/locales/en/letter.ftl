## The surat undangan of a forum (issue 11, item 2). Plain text in the PDF.

letter-title = Invitation letter { $title }
letter-number = Number
letter-nature = Nature
letter-nature-default = Ordinary
letter-attachment = Attachment
letter-attachment-list = 1 (one) file
letter-attachment-of = Invitation letter
letter-date = Date
letter-subject = Subject
letter-subject-default = Invitation
letter-to = To
letter-dear = Dear
letter-see-list = (list attached)
letter-addressee = Head of { $institution }
letter-at = at
letter-place = their office
letter-greeting = Respectfully,
letter-opening = On the occasion of { $title }, we kindly invite you to attend on:
letter-day-date = Day/Date
letter-time = Time
letter-venue = Venue
letter-event = Agenda
letter-closing = Thus this invitation. Thank you for your attention and your attendance.
letter-list-heading = LIST OF INVITEES
letter-kop-sample = Sample letterhead

## The letter under a forum's /forum detail (✉️ Invitation letter). HTML.

button-forum-letter = ✉️ Invitation letter
button-letter-send = 📤 Send to invitees
button-letter-number = ✏️ Number
button-letter-nature = ✏️ Nature
button-letter-subject = ✏️ Subject
letter-caption =
    ✉️ Invitation letter <b>{ $title }</b>
    Number: { $number }
letter-ask-number = Type the <b>number</b> of the invitation letter of <b>{ $title }</b>. Now: { $current }
letter-ask-nature = Type the <b>nature</b> of the invitation letter of <b>{ $title }</b> (e.g. Ordinary, Important, Urgent). Now: { $current }
letter-ask-subject = Type the <b>subject</b> of the invitation letter of <b>{ $title }</b>. Now: { $current }
letter-detail-saved = ✅ Invitation letter updated. Here is the new letter:
letter-queued = { $count ->
    [0] Nobody needs this letter (every invitee declined).
    [one] 📤 The invitation letter of <b>{ $title }</b> is going to 1 invitee.
   *[other] 📤 The invitation letter of <b>{ $title }</b> is going to { $count } invitees.
}
letter-sent-before = This letter has been sent to every invitee already; nothing is sent again.
letter-for-invitee = ✉️ Invitation letter <b>{ $title }</b>
