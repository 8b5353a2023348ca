## Attachments: a photo or document with an announcement or a forum's invitation (issue 10, item 5)
attachment-line = 📎 Attachment: { $kind }{ $name }
attachment-kind-photo = photo
attachment-kind-document = document
error-file-too-big = This file is larger than { $limit } MB; the limit is there so that recipients can download it on their phones. Please send a smaller file (e.g. a compressed PDF).

forum-ask-file =
    📎 <b>Invitation attachment</b> (optional): send the letter of invitation, terms of reference or rundown as a <b>document</b> (or a <b>photo</b>); each invitation will be followed by this file. Press Skip if there is none.
forum-ask-file-replace =
    📎 <b>Invitation attachment</b>: the original forum attached <b>{ $file }</b>. Send another file to replace it, keep the same attachment, or go on without one.
forum-file-skipped = Invitation attachment: none.
forum-file-kept = Invitation attachment: { $file } (as in the original forum).
button-file-keep = 📎 Keep the same attachment
button-file-none = No attachment
invitation-attachment = 📎 Attachment to the invitation to <b>{ $title }</b>
error-forum-file-unsupported = This kind of message cannot be attached. Please send a <b>document</b> (PDF, Word, …) or a <b>photo</b>, or press Skip.

## A published forum's attachment: replaced or removed from /forum
button-forum-file = 📎 Attachment
button-forum-file-remove = 🗑 Remove the attachment
forum-file-edit =
    📎 <b>Invitation attachment</b> · { $title }
    { $current }

    Send a new <b>document</b> (PDF, Word, …) or <b>photo</b> to replace it; the new file goes to every invited member who has not declined. Press Cancel to leave it.
forum-file-edit-none = 📎 Attachment: none
forum-file-replaced =
    ✅ Attachment to the invitation to <b>{ $title }</b> replaced.
    { $file }
    The new file was sent to { $count ->
        [one] 1 invited member who has not declined
       *[other] { $count } invited members who have not declined
    }.
forum-file-removed = 🗑 Attachment to the invitation to <b>{ $title }</b> removed. Invitees get no message; invitations opened later carry no attachment.
forum-file-unchanged = The invitation's attachment was not changed.
forum-file-updated = 📎 Attachment to the invitation to <b>{ $title }</b> updated
error-forum-file-same = This file is the forum's attachment already. Please send another file, or press Cancel.
error-forum-file-edit-unsupported = This kind of message cannot be attached. Please send a <b>document</b> (PDF, Word, …) or a <b>photo</b>, or press Cancel.
