## Coordination groups (SPEC section 5): forum invitations in groups, RSVP buttons there.

group-post-heading = 📣 <b>Forum invitation</b>
group-post =
    { $details }

    { $counts }
    Registered members: press a button below to RSVP. Not registered yet? Press any button to register in a private chat with the bot.
group-counts = 📊 RSVPs: attending { $attending } · representative { $delegated } · not attending { $declined } · no answer yet { $none }{ $waitlist }
group-counts-waitlist = {" "}· waitlist { $waitlisted }
group-choose = Choose the group to send the invitation <b>{ $title }</b> to:
group-none =
    The bot is not in any group yet.
    Add { $bot } to the coordination group (Group info → Add members), then press <b>👥 Post to a group</b> again.
group-posted = ✅ The invitation <b>{ $title }</b> is queued for the group <b>{ $group }</b>. The RSVP counts in the group message update by themselves.
group-reposted = ✅ The earlier send failed; the invitation <b>{ $title }</b> is sent again to the group <b>{ $group }</b>.
group-register-first = You are not registered as a member yet. Open the private chat with the bot to register.
group-delegate-private = Enter your representative's name and position in the private chat with the bot.
error-group-not-found = This group was not found, or the bot has been removed from it.
error-group-already-posted = This forum's invitation was already sent to the group { $title }.
error-group-forum-started = This forum has started; its invitation can no longer be sent to a group.
