## Exports: the attendance list (PDF, XLSX), the summary, the calendar file (.ics).
## Documents are made in the office's default language (DEFAULT_LANGUAGE), not the admin's.

export-cancelled = CANCELLED: { $reason }
export-title = ATTENDANCE LIST
export-day-date = Day/Date: { $date }
export-time = Time: { $time }
export-time-open = from { $start } until it ends
export-venue = Venue: { $venue }
export-generated = Printed { $when }
export-page = Page { $page } of { $pages }
export-col-no = No
export-col-name = Name
export-col-institution = Institution
export-col-position = Position
export-col-pillar = Pillar
export-col-remark = Remarks
export-col-signature = Signature
export-col-rsvp = RSVP
export-col-delegate = Representative
export-col-delegate-position = Representative's position
export-col-delegate-institution = Representative's institution
export-col-checkin = Check-in time ({ $zone })
export-col-core = Core pillar
export-col-invited = Invited
export-col-attending = Attending
export-col-delegated = Sending a representative
export-col-declined = Not attending
export-col-waitlisted = Waitlist
export-col-unanswered = No answer yet
export-col-checked-in = Checked in
export-total = Total
export-yes = Yes
export-sheet-list = Attendance list
export-sheet-recap = Summary
export-info-forum = Forum: { $title }
export-remark-present = Present ({ $time })
export-remark-represented = Represented by { $name } ({ $time })
export-remark-represented-by = Represented by { $name }, { $position } ({ $time })
export-remark-guest = Present, representing no invitee ({ $time })
export-guests = Guests
export-info-guests = Guests (representing no invitee): { $count }
export-remark-absent = Absent
export-remark-confirmed = Confirmed attending
export-remark-delegated = Represented by { $name } ({ $position })
export-remark-declined = Not attending (RSVP)
export-remark-waitlisted = Waitlist
export-remark-unanswered = No answer yet
export-caption-pdf = 📄 Attendance list (PDF): { $title } · { $count ->
    [one] 1 person
   *[other] { $count } people
}
export-caption-xlsx = 📊 Attendance list (XLSX): { $title } · { $count ->
    [one] 1 person
   *[other] { $count } people
}
export-private-only = Exports are sent only in a private chat with the bot.
ics-caption = 📅 { $title }: open this file to save it to your calendar.
cancel-ics-caption = 📅 { $title } is cancelled: open this file to remove the forum from your calendar.
kop-phone = Tel. { $value }
kop-email = Email: { $value }
kop-website = Website: { $value }
export-label-event = Event
export-label-date = Day/Date
export-label-time = Time
export-label-venue = Venue
export-remark-on-behalf = On behalf of { $name }, { $position }
export-remark-on-behalf-name = On behalf of { $name }
export-walk-ins = Attending without an invitation (filled in on site)
export-away = Unable to attend
paper-acknowledged = Acknowledged by,
spj-title = ACCOUNTABILITY REPORT FILE (SPJ)
spj-contents = Contents
spj-page = p. { $page }
spj-footer = SPJ file · { $title }
button-spj = 🗂 SPJ file
spj-choose = Choose a forum for its SPJ file:
spj-making = Putting the SPJ file together…
spj-caption = 🗂 SPJ file: { $title }
spj-caption-zip = 🗜 Originals and XLSX: { $title }
spj-part-attendance = Attendance list
spj-part-letter = Invitation letter
spj-part-minutes = Minutes
spj-part-photos = Photo documentation
spj-part-survey = Satisfaction survey
