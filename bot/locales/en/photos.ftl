## Photo documentation of a forum, for the accountability file (issue 11, item 5)
button-forum-photos = 📷 Photo documentation
button-photos-list = 📋 List of photos
button-photos-pdf = ⬇️ Documentation PDF
button-photos-done = ✅ Done
button-photo-caption = ✏️ Caption { $number }
button-photo-delete = 🗑 Delete { $number }
photos-open =
    📷 <b>Photo documentation</b> · { $title }
    { $count } of { $limit } photos stored.

    Please send the forum's photos, one at a time or several at once. Write each photo's caption with it (at most { $caption } characters). Press Done when finished.
photos-saved = 📷 Photo { $number } saved ({ $count }/{ $limit }).
photos-done = ✅ Photo documentation of <b>{ $title }</b>: { $count } photos stored.
photos-list = 📋 <b>Documentation photos</b> · { $title }
photos-list-line = { $number }. { $caption }
photos-no-caption = (no caption)
photos-none = This forum has no documentation photos yet.
photo-deleted = 🗑 Photo { $number } deleted; the photos after it move up one number. { $count } photos left.
photo-ask-caption =
    ✏️ Please type the new caption of photo { $number } (at most { $limit } characters), or type - to clear it. Type /cancel to cancel.
    Current caption: { $caption }
photo-caption-set = ✅ Caption of photo { $number } updated: { $caption }
photos-pdf-caption = 📷 Photo documentation of { $title } ({ $count } photos)
photos-pdf-title = PHOTO DOCUMENTATION
photos-pdf-number = Photo { $number }
error-photo-full = This forum already has { $limit } photos, the documentation limit per forum. This photo was not saved; please delete photos that are not needed first.
error-photo-duplicate = This photo is already stored as photo { $number }; it was not saved again.
error-photo-caption-long = This caption is { $length } characters long; the limit is { $limit }. Nothing was saved: please send it again with a shorter caption.
error-photo-not-found = This photo was not found (it may have been deleted).
error-photo-as-file = This picture was sent as a file. Please send it as a <b>photo</b> (without "send as file"); nothing was saved.
error-photo-unsupported = Please send a <b>photo</b> of the forum, or press Done.
error-photo-download = The photo could not be fetched from Telegram; nothing was saved. Please send it again.
error-photo-unreadable = This photo cannot be read as an image; nothing was saved. Please send another photo.
error-photo-expect-caption = Please type the photo's caption as text, or /cancel.
