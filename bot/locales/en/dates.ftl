## Dates and times typed by admins: what was read, and why one is refused

## "Read as: …" after every date step
date-read = 🗓 Read as: <b>{ $when }</b>
date-moment = { $date }, { $time }
date-range = { $date }, { $start }–{ $end }
date-open-end = { $date }, { $time } until the end
date-days = { $start } to { $end }

## Refusals (each reason with examples)
error-date-past-when =
    "{ $text }" reads as { $when }, which has already passed. Please type a future date and time, e.g.:
    { $examples }
error-date-no-date =
    "{ $text }" has no date. Please add one, e.g. tomorrow { $text } or next Monday { $text }. More examples:
    { $examples }
error-date-no-day =
    "{ $text }" names no day (which day of that week?). Please name the day, e.g. Monday next week 10:00, or the date:
    { $examples }
error-date-two-dates =
    "{ $text }" holds two dates. Please type one date only, e.g.:
    { $examples }
error-date-two-times =
    "{ $text }" holds two times. Please type one time only, e.g.:
    { $examples }
    For a forum's start and end together, use a dash: { $range }
error-date-ambiguous-day =
    "{ $text }" could mean { $first } or { $second }. Please type "this { $weekday }" or "{ $weekday } next week", or the date and time, e.g. { $example }
error-date-ambiguous-hour =
    The time in "{ $text }" does not say which day it falls on (12 at night, or past midnight). Please type it on the 24-hour clock with its date, e.g. { $late } or { $early }
error-date-range =
    "{ $text }" is a span of time, and one time is enough here. Please type one date and time, e.g.:
    { $examples }
error-date-end-before-start =
    In "{ $text }" the end is not after the start. Please type a later end, e.g. { $range }
    An event past midnight is typed with both dates, e.g. { $overnight }
