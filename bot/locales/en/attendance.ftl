## Check-in at the venue
checkin-choose = Choose the forum for the check-in QR code:
checkin-qr-caption =
    🔳 <b>Check-in QR code</b>
    <b>{ $title }</b>
    { $when }
    Check-in is open from { $opens } to { $closes }.
    Show this code at the venue. Participants scan it with their phone camera, then press <b>Start</b> in the bot.
    Link: { $link }
checkin-done =
    ✅ You are checked in, { $name }.
    <b>{ $title }</b> · { $time }
checkin-done-delegate =
    ✅ Your representative, <b>{ $delegate }</b>, is checked in on your behalf ({ $name }).
    <b>{ $title }</b> · { $time }
checkin-already = You already checked in at <b>{ $title }</b> at { $time }. No need to check in again.
error-checkin-invalid = This check-in code is unknown. Scan the QR code shown at the venue again.
error-checkin-early = Check-in is not open yet. It opens { $opens }.
error-checkin-closed = Check-in for this forum has closed ({ $closes }). If you attended, tell a KPU admin.
error-checkin-not-registered = You are not registered yet, so your check-in cannot be recorded. Register with /register first, then scan this code again.
error-not-invitee = This member is not among the forum's invitees.

## Marking attendance by hand
attendance-page =
    📝 <b>Mark attendance: { $title }</b>
    Checked in: { $checked } of { $total ->
        [one] 1 invitee
       *[other] { $total } invitees
    }.
    Press a name to mark them present (⬜) or to undo their check-in (✅). Page { $page } of { $pages }.
attendance-ask-mark = Mark <b>{ $name }</b> present at <b>{ $title }</b>. Type the reason (for example: "attended, had no phone"), or /cancel:
attendance-ask-unmark = Undo the check-in of <b>{ $name }</b> at <b>{ $title }</b>. Type the reason, or /cancel:
attendance-marked = ✅ { $name } is marked present. The reason is recorded.
attendance-unmarked = ↩️ The check-in of { $name } is undone. The reason is recorded.
attendance-already-marked = { $name } was already checked in (they checked in first); nothing was changed.
attendance-already-unmarked = { $name } was not checked in; nothing was changed.
button-previous = ◀️ Previous
button-next = Next ▶️

## Representatives checking in on their own phone, and guests the desk admin adds
guest-ask-name =
    Welcome to <b>{ $title }</b>.
    You are not registered as a member, so your check-in is recorded as a representative's. Please type your <b>full name</b> (or /cancel):
guest-ask-institution = Thank you, { $name }. Please type your <b>institution</b>:
guest-ask-position = Please type your <b>position</b>:
guest-ask-represent =
    Whom do you represent? Please choose the invitee you came for (📨: answered Sending a representative).
    <b>{ $title }</b> · page { $page } of { $pages }
guest-none-to-represent = Every invitee of <b>{ $title }</b> is already checked in, so there is nobody to represent. Please speak to the staff at the check-in desk.
guest-checked-in =
    ✅ Thank you, <b>{ $name }</b> ({ $position }), you are checked in representing <b>{ $for_position }</b>, { $for_institution }.
    <b>{ $title }</b> · { $time }
guest-already = <b>{ $name }</b>, you are already checked in at <b>{ $title }</b> at { $time }, representing { $for_position }, { $for_institution }. No need to check in again.
error-represent-not-invited = That choice is not among this forum's invitees. Please choose one of the buttons on the list.
error-represent-taken = { $position }, { $institution } is already checked in. If you represent another invitee, please choose them instead.
button-guest-add = ➕ Guest
button-represents-nobody = Represents no invitee
attendance-guests = Guests: { $count }
attendance-guest-ask-name = ➕ Guest at <b>{ $title }</b>. Type the guest's full name (or /cancel):
attendance-guest-ask-institution = Institution of { $name }:
attendance-guest-ask-position = The guest's position:
attendance-guest-ask-represent = Does this guest represent an invitee? Choose them (📨: answered Sending a representative), or <b>Represents no invitee</b>. Page { $page } of { $pages }.
attendance-guest-added = ✅ Guest { $name } is checked in.
attendance-guest-added-for = ✅ { $name } is checked in representing { $member } ({ $position }).

## The desk screen (kiosk): a check-in code that changes every 30 seconds
button-kiosk = 🖥 Desk screen
button-kiosk-open = 🖥 Open the desk screen
button-static-on = 🔳 Switch the printed code on
button-static-off = Switch the printed code off
kiosk-link =
    🖥 <b>Desk screen</b> · { $title }
    Open the link below on the registration desk's computer. It works <b>once</b>, within { $minutes } minutes.
    The screen shows a check-in QR code that changes every 30 seconds; a photo of it forwarded to someone stops working after about 90 seconds.
    Opening the screen switches off this forum's <b>printed check-in code</b>. You can switch it on again with the button below.
kiosk-needs-web = The desk screen needs the bot's web address. Set <b>WEB_URL</b> (an https address) in the bot's configuration, then restart the bot.
kiosk-static-on = 🔳 The printed check-in code of <b>{ $title }</b> is on: participants can scan the printed code or the one on the desk screen.
kiosk-static-off = The printed check-in code of <b>{ $title }</b> is off: only the code on the desk screen works.
checkin-static-is-off =
    🔳 The printed check-in code of <b>{ $title }</b> is switched off, because the desk screen was opened; participants scan the changing code on that screen.
    To use the printed code again, switch it on with the button below.
error-checkin-static-off = The printed check-in code is switched off for this forum. Please scan the code on the registration desk's screen.
error-checkin-expired = This check-in code has expired. Please scan the code shown on the desk screen now.
error-kiosk-used = This desk-screen link has been used already. Please ask an admin for a new one.
error-kiosk-expired = This desk-screen link has expired. Please ask an admin for a new one.
error-kiosk-invalid = This desk-screen link is unknown or no longer valid.
error-kiosk-ended = This forum has ended, so its desk screen cannot be opened any more.
