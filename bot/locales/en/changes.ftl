## Changes to a forum: edit, reschedule, cancel (SPEC sections 4-5)

## Edit menu (admin)
change-ask-field = ✏️ What do you want to change in <b>{ $title }</b>?
button-change-title = Title
button-change-start = Start time (reschedule)
button-change-end = End time
button-change-venue = Venue
button-change-agenda = Agenda
change-ask-title =
    Current title: <b>{ $current }</b>
    Type the <b>new title</b>, or /cancel:
change-ask-start =
    Current start: <b>{ $current }</b>
    Type the <b>new start time</b> (the end time moves with it), or /cancel. Examples:
    { $examples }
change-ask-end =
    Current end: <b>{ $current }</b>
    Type the <b>new end time</b>: the time only (e.g. 12.00) or a date and time, or /cancel.
change-ask-venue =
    Current venue: <b>{ $current }</b>
    Type the <b>new venue</b>, or /cancel:
change-ask-agenda =
    Current agenda: { $current }
    Type the <b>new agenda</b>, or /cancel:
change-preview =
    👀 <b>Preview of the change</b> · { $title }
    { $changes }

    A notice will be sent to { $count ->
        [one] 1 invited member who has not declined
       *[other] { $count } invited members who have not declined
    }.
change-saved = ✅ Change saved. A notice was sent to { $count ->
    [one] 1 member
   *[other] { $count } members
}.

## Cancellation (admin)
cancel-ask-reason =
    🚫 The forum <b>{ $title }</b> will be cancelled.
    Type the <b>reason for cancelling</b> (required, at most { $limit } characters), or /cancel:
cancel-preview =
    ⚠️ <b>Cancel this forum?</b>
    <b>{ $title }</b>
    🕘 { $when }
    Reason: { $reason }

    A cancellation notice will be sent to { $count ->
        [one] 1 member
       *[other] { $count } members
    } and the reminders removed.
button-cancel-forum-confirm = 🚫 Yes, cancel the forum
cancel-done = 🚫 The forum <b>{ $title }</b> is cancelled. A notice was sent to { $count ->
    [one] 1 member
   *[other] { $count } members
}.

## What changed
change-title = Title changed: { $old } → { $new }
change-start = Rescheduled: { $old } → { $new }
change-end = End time changed: { $old } → { $new }
change-venue = Venue changed: { $old } → { $new }
change-agenda = Agenda changed: { $old } → { $new }
change-deadline-cleared = The RSVP deadline ({ $old }) was removed: answers are open until the forum starts.
change-value-none = not set

## Notices to members
change-notice =
    🔔 <b>Forum changed</b>
    { $changes }

    { $details }

    Your RSVP: <b>{ $answer }</b>
cancel-notice =
    🚫 <b>Forum cancelled</b>
    <b>{ $title }</b>
    🕘 { $when }
    📍 { $venue }
    Reason: { $reason }

    We apologise for the change. The invitation and reminders of this forum no longer apply.

## Errors
error-forum-started = This forum has started; it can no longer be changed or cancelled.
error-change-same = That is the current value. Type a different one, or /cancel.
