## Announcements 2.0: attachments, audiences, scheduled sending, read confirmations

button-audience-inv = 📋 Forum invitees…
button-audience-att = ✅ Forum attendees…
button-audience-none = ❔ Not answered…
button-back = ◀️ Back
button-send-now = 📨 Send now
button-schedule = 🗓 Schedule
button-confirm-receipt = 👍 Received
button-received = ✅ Received
button-cancel-sending = ⛔ Cancel sending
button-cancel-announcement = ⛔ Cancel #{ $number }
button-report-refresh = 🔄 Refresh report
button-remind-unconfirmed = 🔔 Remind those who have not confirmed ({ $count })

announce-ask-file = Attach a <b>photo</b> or a <b>document</b> (terms of reference, rundown, materials)? Send the file now, or press Skip.
announce-ask-forum = Choose the forum ({ $audience }):
announce-ask-when =
    To: { $audience } ({ $count } members).
    When should it go out? Type a date and time as for a forum, e.g. { $examples }; type <b>now</b>, or press Send now.
announce-when-now = now
announce-audience-invitees = the invitees of the forum «{ $forum }»
announce-audience-attendees = the attendees of the forum «{ $forum }» (attending, represented or checked in)
announce-audience-no-answer = those who have not answered the invitation to «{ $forum }»
announce-progress =
    📨 <b>The announcement is going out</b> to { $total } members ({ $preview })
    { $bar } { $sent }/{ $total } delivered · { $failed } failed
announce-progress-done =
    ✅ <b>Sending finished</b> to { $total } members ({ $preview })
    { $bar } { $sent }/{ $total } delivered · { $failed } failed
announce-progress-cancelling =
    ⛔ <b>Sending stopped</b> ({ $preview })
    { $bar } { $sent }/{ $total } delivered · { $failed } failed · cancelled: { $not_sent } not sent
announce-progress-cancelled =
    ⛔ <b>Sending cancelled</b> ({ $preview })
    { $bar } { $sent }/{ $total } delivered · { $failed } failed · cancelled: { $not_sent } not sent
announce-scheduled =
    🗓 <b>Announcement scheduled</b>: { $when } ({ $preview })
    You can cancel it before it goes out with the button below or through /announce.
announce-cancelled-scheduled = ⛔ The scheduled announcement was cancelled; nothing was sent. ({ $preview })
announce-cancel-done = Sending cancelled: { $count } not sent.
announce-list =
    🗂 <b>Scheduled announcements and those going out</b>
    { $entries }
announce-list-scheduled = #{ $number } · { $when } · { $preview }
announce-list-sending = #{ $number } · going out · { $preview }
announce-list-empty = No scheduled announcement and none going out any more.
announcement-heading = 📢 <b>KPU announcement</b>
announcement-reminder =
    🔔 <b>Please confirm receipt</b>
    You have received a KPU announcement: «{ $preview }». Kindly press the button below to confirm you received it.
receipt-recorded = ✅ Thank you, your receipt of the announcement is recorded.
receipt-known = Your receipt of this announcement was recorded before. Thank you.
remind-queued = 🔔 { $count ->
        [one] A reminder goes to 1 member who has not confirmed.
       *[other] Reminders go to { $count } members who have not confirmed.
    }
remind-none = No new reminders: everyone who has not confirmed was reminded before.
report-refreshed = Report refreshed.
delivery-cancelled = {""}
    Cancelled: { $count } not sent
delivery-receipts = {""}

    ✅ <b>Receipts confirmed</b>: { $confirmed } of { $delivered }
    { $pillars }
delivery-receipts-row = { $pillar }: { $confirmed }/{ $delivered }

error-caption-too-long = With an attachment the announcement text may have at most { $limit } characters (Telegram's limit for a caption); this one has { $length }. Please shorten it, send it without an attachment (press Skip), or type /cancel.
error-file-unsupported = This kind of message cannot be attached. Please send a <b>photo</b> or a <b>document</b> (PDF, Word, Excel, …), or type the announcement.
error-send-at-past = That sending time has already passed. Please type a future date and time.
error-announcement-not-found = Announcement not found.
error-announcement-cancelled = This announcement was cancelled already.
error-announcement-finished = This announcement has gone out completely; there is nothing left to cancel.
error-receipt-invalid = This button is not for you.
error-no-audience-forums = There is no upcoming forum and none held in the last 30 days.
