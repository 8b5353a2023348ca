## The invitation's salutation, and the invitation for WhatsApp (issue 10, items 7 and 9)

invitation-salutation =
    Dear <b>{ $name }</b>,
    <b>{ $office }</b> respectfully invites you to the following forum.
recap-legend = {""}
    ⭐ core pillar

## The invitation as plain text for WhatsApp (no HTML; WhatsApp's own *bold*)
button-whatsapp = 📋 Text for WhatsApp
whatsapp-heading = 📋 The invitation <b>{ $title }</b> as text for officials who do not use Telegram. Copy or forward the next message to WhatsApp:
whatsapp-invitation =
    Dear Sir/Madam,
    { $office } respectfully invites you to:

    {"*"}{ $title }*
    🕘 { $when }
    📍 { $venue }
    📋 Agenda: { $agenda }
    👥 Pillars: { $pillars }{ $deadline }

    Please confirm your attendance on Telegram: { $link }
    If you do not use Telegram, you may reply to this message.
    Thank you.
error-invitation-not-registered = You are not registered yet, so this invitation cannot be opened. Please register with /register first, then open this invitation link again.
