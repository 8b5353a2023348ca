## Privacy, throttling, the audit log and the approval digest (issue 9)
error-admin-private = This is shown only in your private chat with the bot, not in a group. Open @{ $bot } and try again there.
error-token-throttled = Too many links that are not valid. Please try again in { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
}.
register-still-rejected = We are sorry: your registration was not approved by a KPU admin. If this is a mistake, please contact the KPU secretariat; registering again is not possible for now.
error-registration-rejected = We are sorry: your registration was not approved by a KPU admin, so it cannot be registered again.
approval-digest =
    📝 <b>Registrations awaiting approval</b> ({ $count }):
    { $rows }{ $more }
approval-digest-row = { $number }. <b>{ $name }</b> · { $pillar } · { $institution } · { $position }
approval-digest-more = { "" }
    … and { $count } more (shown once those above are decided).
approval-digest-empty = ✅ Every registration has been decided.
approval-done-approved = Approved: { $name }
approval-done-rejected = Rejected: { $name }
approval-rejected-undo = ❌ The registration of <b>{ $name }</b> was rejected. If this was a mistake, press the button below.
button-unreject = Undo rejection
approval-unrejected = ↩️ The rejection of <b>{ $name }</b> is undone; the registration awaits approval again.
approval-not-rejected = This registration is not rejected.
audit-heading = 🧾 <b>Audit log</b>: { $count ->
    [one] the latest entry
   *[other] the { $count } latest entries
} (page { $page })
audit-row = { $when } · { $actor } · <code>{ $action }</code> { $target }
audit-empty = The audit log is empty.
button-older = « Older
button-newer = Newer »
