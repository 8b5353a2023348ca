## A forum's minutes (issue 11, item 4): the form in the bot or an uploaded document
button-minutes = 📝 Minutes
button-minutes-write = ✏️ Write minutes
button-minutes-rewrite = ✏️ Write again
button-minutes-upload = 📎 Upload a document
button-minutes-pdf = 📄 Download PDF
button-minutes-file = 📄 Send the document
button-minutes-more = ➕ Next point
button-minutes-done = Done
button-minutes-skip = Skip
button-minutes-keep = ✅ Use this
button-minutes-save = 💾 Save
button-minutes-drop = Cancel
minutes-none =
    📝 <b>Minutes: { $title }</b>
    No minutes yet. You can write them here step by step, or upload a document (PDF/DOCX).
minutes-view =
    📝 <b>Minutes: { $title }</b>
    { $body }
    Note-taker: { $notetaker }
    Saved { $when }
minutes-view-file = 📎 Document: «{ $file }»
minutes-ask-opening = 📝 Minutes of <b>{ $title }</b>, step 1: type the meeting's <b>opening</b> (at most { $limit } characters), or /cancel.
minutes-ask-speaker = 🗣️ <b>Point { $number }</b>: who spoke? Choose a pillar, or type the speaker's name.
minutes-ask-point = Type what <b>{ $speaker }</b> said (at most { $limit } characters):
minutes-point-added = ✅ Point { $number } saved. Another point, or Done?
minutes-ask-conclusions = Type the meeting's <b>conclusions</b> (at most { $limit } characters):
minutes-ask-follow-ups = Type the <b>follow-ups</b>, one per line (at most { $limit } lines), or Skip:
minutes-ask-notetaker =
    ✍️ <b>Note-taker</b>: { $notetaker }
    Press Use this, or type the name, position and NIP (NIP optional), each on its own line.
minutes-preview =
    👀 <b>Minutes preview: { $title }</b>
    { $body }
    Note-taker: { $notetaker }
minutes-body =
    <b>Opening</b>
    { $opening }
    <b>Points discussed</b>
    { $points }
    <b>Conclusions</b>
    { $conclusions }
    <b>Follow-ups</b>
    { $follow_ups }
minutes-point-line = { $number }. <b>{ $speaker }</b>: { $text }
minutes-follow-up-line = { $number }. { $text }
minutes-follow-ups-none = -
minutes-saved = ✅ The minutes of <b>{ $title }</b> are saved.
minutes-dropped = The minutes were not saved.
minutes-ask-upload = 📎 Send the minutes of <b>{ $title }</b> as a PDF or DOCX (at most { $limit } MB), or /cancel. It replaces the saved minutes.
minutes-uploaded = ✅ «{ $file }» is saved as the minutes of <b>{ $title }</b>.
minutes-pdf-caption = 📄 Minutes: { $title }
error-minutes-no-points = The minutes need at least one point discussed.
error-minutes-too-many = At most { $limit } entries. Please go on to the next step.
error-minutes-notetaker = Please type only the name, position and NIP, each on its own line (at most 3 lines).
error-minutes-file-type = Please send a PDF or DOCX document.
error-minutes-file-too-big = The document is too big (at most { $limit } MB).
error-minutes-expect-file = Please send a PDF or DOCX as a file, or /cancel.
minutes-pdf-title = MINUTES OF THE MEETING
minutes-pdf-day-date = Day/Date
minutes-pdf-time = Time
minutes-pdf-venue = Venue
minutes-pdf-event = Event
minutes-pdf-chair = Chaired by
minutes-pdf-opening = I. OPENING
minutes-pdf-points = II. POINTS DISCUSSED
minutes-pdf-conclusions = III. CONCLUSIONS
minutes-pdf-follow-ups = IV. FOLLOW-UPS
minutes-pdf-acknowledged = Acknowledged by,
minutes-pdf-notetaker = Note-taker,
