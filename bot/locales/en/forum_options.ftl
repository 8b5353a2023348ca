## Forums: reminders, location, duplicate, series (issue 10)
button-next-step = Next ▶️
button-forum-reminders = ⏰ Reminders
button-forum-duplicate = 📄 Duplicate
button-save = 💾 Save
button-note-clear = 🗑️ Remove note
button-note-edit = 📝 Change note
button-repeat-none = No repeat
button-repeat-weekly = 🔁 Every week
button-repeat-monthly = 🔁 Every month
button-change-this = This forum only
button-change-later = This forum and the { $count ->
    [one] next one
   *[other] next { $count }
}

offset-days = { $days ->
    [one] 1 day before
   *[other] { $days } days before
}
offset-hours = { $hours ->
    [one] 1 hour before
   *[other] { $hours } hours before
}
offset-minutes = { $minutes ->
    [one] 1 minute before
   *[other] { $minutes } minutes before
}
offset-seconds = { $seconds ->
    [one] 1 second before
   *[other] { $seconds } seconds before
}
offsets-none = no reminders

forum-ask-location =
    📍 <b>Map</b> (optional): send a location with 📎 → Location, or paste a Google Maps / OpenStreetMap link (https://…). Press Skip if there is none.
forum-location-pin = Location saved: { $latitude }, { $longitude }.
forum-location-link = Map link saved.
forum-location-skipped = Map: none.
forum-ask-offsets =
    ⏰ <b>When do reminders go out?</b> The defaults are ticked; tap to change them, then press Next.
forum-offsets-chosen = Reminders: <b>{ $offsets }</b>
forum-ask-note =
    📝 <b>Reminder note</b> (optional), e.g. "Please bring your ID card" or "Dress: PDH". Type the note, or press Skip.
forum-note-skipped = Reminder note: none.
forum-ask-repeat = 🔁 Does this forum <b>repeat</b> (e.g. a regular coordination meeting)?
forum-repeat-chosen = Repeat: <b>{ $repeat }</b>
forum-ask-occurrences = How many times is the forum held, the first included? Type a number from { $low } to { $high }.
forum-ask-duplicate-start =
    📄 Duplicate of <b>{ $title }</b>: title, venue, agenda, pillars, capacity, reminders, note, location and attachment are copied; the answers are not.
    When does the new forum <b>start</b>? For example:
    { $examples }
forum-published-series = 📣 { $count } forums <b>{ $title }</b> published. Invitations are going to { $invited ->
    [one] 1 member
   *[other] { $invited } members
} for each forum.

repeat-weekly = every week
repeat-monthly = every month
repeat-none = no repeat

forum-map-link = 🗺️ { $link }
forum-map-label = Map
forum-reminders-line = ⏰ Reminders: { $offsets }
forum-note-line = 📝 Note: { $note }
forum-series-line = 🔁 Series { $repeat }, { $count } times:
forum-series-date = • { $when }
forum-series-member = 🔁 Part of a series of forums.

reminder-details =
    { $heading }
    <b>{ $title }</b>
    🕘 { $when }
    📍 { $venue }{ $extras }
reminder-agenda = 📋 Agenda: { $agenda }
reminder-agenda-more = 📋 Agenda: { $agenda } (in full in the invitation)

reminders-edit =
    ⏰ <b>Reminders</b> · { $title }
    Tap to change when reminders go out, then press Save.
    📝 Note: { $note }
reminders-note-none = none
reminders-saved = ✅ Reminders saved: <b>{ $offsets }</b>. Note: { $note }
reminders-skipped = The time for { $offsets } has passed; that reminder is not sent.
reminders-ask-note = Type the new reminder note (e.g. "Please bring your ID card"), or /cancel.

change-series-question = This forum is part of a series; { $count ->
    [one] 1 later forum has
   *[other] { $count } later forums have
} not started. Which to change?
change-saved-series = ✅ Change saved for { $forums } forums; notices are going to { $count ->
    [one] 1 member
   *[other] { $count } members
}.

error-map-url = This map link cannot be used. Send an https link from Google Maps (maps.app.goo.gl, google.com/maps) or OpenStreetMap, or send a location with 📎 → Location, or press Skip.
error-location-invalid = This location is not valid. Please send it again.
error-expect-location = Please send a location (📎 → Location) or a map link, or press Skip.
error-occurrences = The number must be from { $low } to { $high }. Please type it again.
