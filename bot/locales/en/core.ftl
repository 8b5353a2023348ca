## Sinergi — English catalog (second language).
## { $... } values from users are HTML-escaped by bot/i18n.py.

## Commands (Telegram menu)
command-start = Start / register
command-jadwal = My forum schedule
command-profil = My profile
command-bahasa = Change language
command-bantuan = Help

## Buttons
button-attending = Attending
button-delegated = Sending a representative
button-declined = Not attending
button-confirm = ✅ Correct, save
button-cancel = ✖️ Cancel
button-publish = 📣 Publish
button-send = 📨 Send
button-skip = Skip
button-done = Done
button-core-pillars = Core pillars
button-all-pillars = All pillars
button-everyone = 👥 All members
button-approve = ✅ Approve
button-reject = ✖️ Reject
button-forum-edit = ✏️ Edit / reschedule
button-forum-cancel = 🚫 Cancel forum
button-forum-capacity = 💺 Capacity
button-group-post = 👥 Post to a group
button-checkin-qr = 🔳 Check-in QR
button-attendance = 📝 Mark attendance
button-export-pdf = 📄 Attendance list (PDF)
button-export-xlsx = 📊 Attendance list (XLSX)
button-ics = 📅 Add to calendar (.ics)

## Registration
welcome =
    Welcome to <b>Sinergi</b>, the KPU's coordination service for election stakeholders.
    Please register to receive forum invitations and announcements.
welcome-back = Welcome back, { $name }. Type /schedule for your forums or /help for the commands.
register-pending = Your registration, { $name }, is still awaiting approval by a KPU admin.
register-rejected = Your registration was not approved. Contact the KPU secretariat if this is a mistake, or register again with /register.
register-invited = You are registering through the invite link of the <b>{ $pillar }</b> pillar.
register-ask-name = Type your <b>full name</b> (with titles, if any):
register-ask-pillar = Choose your <b>pillar</b>:
register-pillar-chosen = Pillar: <b>{ $pillar }</b>
register-ask-institution = Type your <b>institution</b> (e.g. Kejaksaan Negeri Kota Mojokerto):
register-ask-position = Type your <b>position</b> (e.g. Head of Intelligence Section):
register-confirm =
    Please check your registration:
    Name: <b>{ $name }</b>
    Pillar: { $pillar }
    Institution: { $institution }
    Position: { $position }
register-done-pending =
    Thank you. Your registration is saved and <b>awaiting approval</b> by a KPU admin.
    { $profile }
register-done-approved =
    Registration complete. You are now a member.
    { $profile }
    Type /schedule to see your forums.
profile =
    👤 <b>{ $name }</b>
    Pillar: { $pillar }
    Institution: { $institution }
    Position: { $position }
    Status: { $status }
profile-card =
    { $profile }

    To update your details, type /register.
status-pending = awaiting approval
status-approved = member
status-rejected = rejected
status-admin = KPU admin
nothing-to-cancel = There is no form in progress.
cancelled = Cancelled. Nothing was changed.

## Admin approval
approval-request =
    📝 <b>New registration</b> awaiting approval:
    { $profile }
approval-decided-approved =
    ✅ Approved.
    { $profile }
approval-decided-rejected =
    ✖️ Rejected.
    { $profile }
approval-already-decided = This registration was already decided.
decision-approved = ✅ Your registration is <b>approved</b>. You will receive forum invitations. Type /schedule to see your forums.
decision-rejected = Your registration was not approved. Contact the KPU secretariat if this is a mistake.

## Pillar invite links
invite-ask-pillar = Choose the pillar for the invite link:
invite-link =
    🔗 Invite link for the <b>{ $pillar }</b> pillar (valid { $days ->
        [one] 1 day
       *[other] { $days } days
    }):
    { $link }
    Whoever opens this link is registered straight into the { $pillar } pillar, without waiting for approval. Share it only with that institution's representatives.

## Member list
roster-heading = 👥 <b>Members</b> ({ $count })
roster-pillar = {""}
    <b>{ $pillar }</b>

## Forums
forum-ask-title = Type the <b>forum title</b> (e.g. Diskusi dan Konsolidasi Empat Pilar):
forum-ask-start =
    When does the forum <b>start</b>? For example:
    { $examples }
    The end may be typed with it: { $ranges }
forum-ask-end = When does it <b>end</b>? Type the time (e.g. 12.00) or a date and time, or press Skip.
forum-ask-end-skipped = End time: not set.
forum-ask-venue = Type the <b>venue</b> (e.g. Ballroom Hotel Ayola, Kota Mojokerto):
forum-ask-agenda = Type the forum's <b>agenda</b>:
forum-ask-pillars = Choose the <b>invited pillars</b>, then press Done:
forum-pillars-chosen = Invited pillars: <b>{ $pillars }</b>
forum-ask-deadline = RSVP deadline? Type a date and time, or press Skip (answers stay open until the start).
forum-ask-deadline-skipped = RSVP deadline: until the forum starts.
forum-preview-heading = 👀 <b>Invitation preview</b>
forum-heading = 📅 <b>Forum</b>
forum-details =
    { $heading }
    <b>{ $title }</b>
    🕘 { $when }
    📍 { $venue }
    📋 Agenda: { $agenda }
    👥 Pillars: { $pillars }{ $deadline }
forum-deadline = {""}
    ⏳ RSVP deadline: { $deadline }
forum-published = 📣 Forum <b>{ $title }</b> published. { $invited ->
    [one] The invitation is going to 1 member.
   *[other] Invitations are going to { $invited } members.
}
forum-none = There are no upcoming forums.
forum-list = Upcoming forums:

## Invitations and RSVP
invitation-heading = 📨 <b>Invitation</b>
invitation =
    { $salutation }

    { $details }

    Your RSVP: <b>{ $answer }</b>
answer-attending = Attending
answer-delegated = Sending a representative
answer-declined = Not attending
answer-none = no answer yet
answer-delegated-to = represented by { $name } ({ $position })
rsvp-closed-note = <i>The RSVP deadline has passed; the answer can no longer be changed.</i>
rsvp-recorded = Thank you, recorded: { $answer }.
delegate-ask-name = You are sending a representative to <b>{ $title }</b>. Type the <b>representative's name</b>:
delegate-ask-position = Type the <b>position</b> of { $name }:
schedule = 🗓️ <b>Your forum schedule</b>
    { $rows }
schedule-row = {""}
    • <b>{ $title }</b>
      { $when } · { $venue }
      RSVP: { $answer }
schedule-more = {""}
    <i>The buttons below are for the { $shown ->
        [one] nearest forum
       *[other] { $shown } nearest forums
    }.</i>
schedule-empty = You have no upcoming forums.

## Reminders
reminder-heading = ⏰ <b>Reminder</b> · { $until }
until-days = in { $days ->
    [one] 1 day
   *[other] { $days } days
}
until-hours = in { $hours ->
    [one] 1 hour
   *[other] { $hours } hours
}
until-minutes = in { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
}
reminder =
    { $details }

    Your RSVP: <b>{ $answer }</b>. See you there.
reminder-delegated =
    { $details }

    Your RSVP: <b>{ $answer }</b>. Please make sure your representative arrives on time.
nudge =
    { $details }

    You have <b>not confirmed your attendance yet</b>. Please kindly choose one of the buttons below.

## Summary
recap-choose = Choose a forum for the summary:
recap =
    📊 <b>Summary: { $title }</b>
    { $when }
    { $rows }
    <b>Total</b>: invited { $invited } · attending { $attending } · representative { $delegated } · not attending { $declined } · no answer { $none }{ $waitlist } · checked in { $checked_in }{ $capacity }
    { $missing }{ $legend }
recap-row = <b>{ $pillar }</b>{ $core }: invited { $invited } · attending { $attending } · representative { $delegated } · not attending { $declined } · no answer { $none }{ $waitlist } · checked in { $checked_in }
recap-waitlist = {" "}· waitlist { $waitlisted }
recap-capacity = {" "}· capacity { $capacity ->
    [one] 1 seat
   *[other] { $capacity } seats
}
recap-core-missing = ⚠️ No confirmed attendance yet from the core pillars: <b>{ $pillars }</b>
recap-core-complete = ✅ Every invited core pillar has someone confirmed attending.
recap-guests = 👥 Guests (representing no invitee): { $count }

## Announcements
announce-ask-text = Type the <b>announcement</b>, or send a <b>photo</b> or a <b>document</b> (a caption is welcome):
announce-ask-audience = Send to whom? Choose All members, or choose pillars and press Done:
announce-everyone = all members
announce-preview =
    👀 <b>Announcement preview</b>
    To: { $audience } ({ $count } members)
    Sending: { $when }{ $attachment }

    { $text }
announce-queued = 📨 The announcement is going out to { $count ->
    [one] 1 member
   *[other] { $count } members
}. A delivery report follows.
announcement =
    📢 <b>KPU announcement</b>

    { $text }
delivery-report =
    📬 <b>Delivery report</b> ({ $preview })
    Recipients: { $total }
    Delivered: { $sent }
    Unreachable (blocked the bot / account deleted): { $blocked }
    Failed: { $failed }{ $cancelled }{ $unreached }{ $receipts }
delivery-unreached = {""}
    Not received by: { $names }{ $more ->
        [0] {""}
       *[other] , and { $more } more
    }

## Help and language
help-guest =
    <b>Sinergi</b> connects the KPU with election stakeholders: forum invitations, RSVPs, reminders and announcements.
    /register — register as a member
    /language — change language
    /help — this help
help-member =
    <b>Member commands</b>
    /schedule — your forums and RSVPs
    /profile — your profile
    /register — update your registration
    /language — change language
    /cancel — cancel the form in progress
help-admin =
    <b>Member commands</b>
    /schedule — your forums and RSVPs
    /profile — your profile
    /register — update your registration
    /language — change language
    /cancel — cancel the form in progress

    <b>KPU admin commands</b>
    /newforum — create a forum and send invitations
    /forum — upcoming forums: details, edit or reschedule, cancel, capacity, post to a group, mark attendance
    /report — RSVP and check-in summary per pillar, attendance list (PDF/XLSX)
    /checkin — check-in QR code to show at the venue
    /announce — send an announcement
    /invite — create a pillar invite link
    /members — members per pillar
    /pillars — keep the pillars: add, rename, core, hide
    /paperwork — a forum's SPJ file: one page-numbered PDF and a ZIP of the originals
    /office — the office profile: letterhead, logo, letter numbers, signatories
language-ask = Pilih bahasa / Choose a language:
language-set = Language changed to English.

## Errors
error-admin-only = This command is for KPU admins only.
error-not-registered = You are not registered yet. Type /register to register.
error-not-member = Your account has not been approved as a member yet.
error-button-invalid = This button is no longer valid.
error-unknown-command = Unknown command. Type /help for the list of commands.
error-private-only = This command works only in a private chat with the bot: { $link }
error-stray-text = Sorry, I did not understand that. Type /help for the list of commands.
error-expect-text = Please answer with text.
error-expect-button = Please choose one of the buttons above, or type /cancel.
error-text-empty = This cannot be empty. Please type it again.
error-text-no-letters = This must contain letters or digits. Please type it again.
error-text-too-long = That is too long (at most { $limit ->
    [one] 1 character
   *[other] { $limit } characters
}). Please type it again.
error-unknown-pillar = Unknown pillar.
error-pillar-not-offered = The pillar <b>{ $name }</b> is no longer in use (hidden by an admin). Please choose another pillar, or reject this request.
error-unknown-language = Unknown language.
error-invite-invalid = This invite link is invalid or has expired. Ask a KPU admin for a new one, or type /register.
error-member-not-found = Member not found.
error-forum-not-found = Forum not found.
error-forum-cancelled = This forum has been cancelled.
error-forum-incomplete = The forum is incomplete. Start again with /newforum.
error-not-invited = Your pillar is not invited to this forum.
error-rsvp-closed = The RSVP deadline for this forum has passed.
error-delegate-missing = The representative's name and position are required.
error-no-pillars = Choose at least one pillar.
error-no-recipients = Nobody would receive this announcement.
error-end-before-start = The end must be after the start. Please type it again.
error-deadline-after-start = The RSVP deadline must be before the forum starts. Please type it again.
error-date-past = That time has already passed. Type a future date and time.
error-date-unparseable =
    "{ $text }" is not a date and time I can read. Accepted forms:
    { $examples }
error-date-invalid =
    "{ $text }" is not a real date or time (check the day and the hour). For example:
    { $examples }
error-date-no-time = The time is missing. Add it, e.g. { $example }
error-date-weekday-mismatch =
    The day name does not match the date ("{ $text }"). Please check the date, e.g.:
    { $examples }
error-internal = Sorry, something went wrong. Please try again in a few moments.
