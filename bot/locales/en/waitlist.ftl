## Capacity and waitlist (SPEC section 4)

answer-waitlisted = { $answer } — waitlist
rsvp-waitlisted = All seats are taken. You are on the waitlist (number { $position }). We will let you know when a seat becomes available.
waitlist-position-note = ⏳ You are on the waitlist (number { $position }). We will let you know when a seat becomes available.
waitlist-promoted-heading = 💺 <b>A seat for you</b>
waitlist-promoted =
    { $details }

    A seat has freed: you now <b>have a place</b> at this forum. Your answer: <b>{ $answer }</b>.
    If you cannot come, press Not attending so the seat goes to the next in line.

## /newforum: the capacity step
forum-ask-capacity = What is the forum's <b>capacity</b> (number of seats)? Type the number, or press Skip for no limit. Answers beyond the capacity go to a waitlist.
forum-ask-capacity-skipped = Capacity: no limit.
forum-capacity-line = 💺 Capacity: { $capacity }

## The 💺 Capacity button of a forum's detail
capacity-unlimited = no limit
capacity-seats = { $count ->
    [one] 1 seat
   *[other] { $count } seats
}
capacity-ask =
    💺 Capacity of <b>{ $title }</b> now: { $capacity }.
    Seats taken { $taken } · waitlist { $waiting }.
    Type the new capacity (number of seats), or 0 / no limit to remove the limit. Type /cancel to cancel.
capacity-set =
    💺 Capacity of <b>{ $title }</b>: { $capacity }.
    { $promoted ->
        [one] 1 member on the waitlist got a seat and was told.
       *[other] { $promoted } members on the waitlist got a seat and were told.
    }
    Seats taken { $taken } · waitlist { $waiting }.
capacity-over = ⚠️ The seats taken ({ $taken }) exceed the new capacity. Nobody is removed; new answers wait until a seat frees.

error-capacity-invalid = "{ $text }" is not a valid capacity. Type the number of seats in digits (1 to { $limit }), or 0 / no limit. Please type it again.
error-capacity-started = This forum has started; its capacity can no longer be changed.
reminder-waitlisted =
    { $details }

    Your answer: <b>{ $answer }</b>. All seats are still taken; you will be told as soon as there is a seat for you.
