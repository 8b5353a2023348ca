## Member directory (/members), page by page
roster-page = Page { $page } of { $pages }

## Member directory (/anggota): menu, pages, search (issue 10)
directory-menu =
    👥 <b>Member directory</b> ({ $count } people)
    Choose a pillar to see its members, press 🔎 to search a name or institution (or type <code>/members name</code>), or ⏳ for those awaiting approval ({ $waiting }).
button-directory-all = 👥 Everyone ({ $count })
button-directory-waiting = ⏳ Waiting ({ $count })
button-directory-search = 🔎 Search
button-directory-export = 📊 Download XLSX
button-directory-menu = ⬅️ Menu
button-directory-back = ⬅️ { $pillar }
directory-pillar-heading = 👥 <b>{ $pillar }</b> ({ $count } people)
directory-search-heading = 🔎 Search results for "<b>{ $query }</b>" ({ $count } people)
directory-empty = This pillar has no members yet.
directory-search-none = No member matches. Try other words, e.g. part of a name or an institution.
directory-row = { $number }. { $name } — { $institution }, { $position }{ $marks }
directory-legend = {""}
    👑 admin · ⏳ awaiting approval · 💤 deactivated · ❌ rejected · ⛔ blocked the bot / unreachable · 🔁 asked to change pillar
    Press a name to open the member's card.
directory-search-ask = Type part of the <b>name or institution</b> you are looking for (case and accents do not matter), or /cancel.
directory-search-expired = This search is no longer available. Please search again with 🔎 or <code>/members name</code>.
directory-waiting-heading = ⏳ <b>Awaiting approval</b> ({ $count })
directory-waiting-none = No registration or pillar change is waiting.
pillar-request-row = { $number }. 🔁 <b>{ $name }</b> · pillar change { $old } → { $new } · { $institution }

## Member card
member-card =
    🪪 <b>{ $name }</b>
    Pillar: { $pillar }{ $requested }
    Institution: { $institution }
    Position: { $position }
    Status: { $status }
    Admin: { $admin }
    Language: { $language }
    Registered: { $registered }
    Decided: { $decided }{ $reachable }
card-pillar-requested = {" "}(asked to move to { $pillar })
card-yes = yes
card-no = no
card-language-id = Bahasa Indonesia
card-language-en = English
card-unreachable = {""}
    ⛔ Unreachable (blocked the bot or the account is gone).
button-edit-name = ✏️ Name
button-edit-institution = ✏️ Institution
button-edit-position = ✏️ Position
button-edit-pillar = 🔁 Pillar
button-admin-make = 👑 Make admin
button-admin-revoke = Revoke admin
button-deactivate = 💤 Deactivate
button-restore = ♻️ Restore
button-pillar-approve = ✅ Approve move to { $pillar }
field-name = Name
field-inst = Institution
field-pos = Position
field-pillar = Pillar
field-admin = Admin
field-status = Status
member-changed = ✅ { $field }: { $old } → { $new }
member-unchanged = Nothing changed: the text is the same as the one stored.
member-ask-text = Type the new <b>{ $field }</b> of { $name } (now: { $current }), or /cancel.
member-ask-pillar = Choose the new pillar of <b>{ $name }</b> (now: { $pillar }):
status-inactive = deactivated
directory-export-title = Member directory { $office }
directory-export-sheet = Member directory
directory-export-heading = MEMBER DIRECTORY { $office } · as of { $when }
directory-col-status = Status
directory-col-admin = Admin
directory-col-registered = Registered ({ $zone })
directory-export-caption = 📊 Member directory (XLSX) · { $count } people

## Pillar changes
pillar-change-already-decided = This pillar change has been decided already or is no longer asked for.
pillar-change-done-approved = Approved: { $name } moves from { $old } to { $new }
pillar-change-done-rejected = Rejected: { $name } stays in { $old } (asked for { $new })
pillar-change-approved = ✅ Your pillar change was <b>approved</b>: your pillar is now { $new } (before: { $old }). Future forum invitations follow the new pillar.
pillar-change-rejected = Your request to move to the { $new } pillar was <b>not approved</b>; you stay in { $old }. If this is a mistake, please contact the KPU secretariat.

## One's own profile (/profil)
profile-own =
    { $profile }{ $requested }

    To update your details, press a button below.
profile-pillar-waiting = {""}
    🔁 Your move to the { $pillar } pillar awaits a KPU admin's approval.
profile-ask-text = Type your new <b>{ $field }</b> (now: { $current }), or /cancel.
profile-ask-pillar = Choose the new pillar. A pillar change needs a KPU admin's approval; until then you stay in your current pillar.
profile-pillar-requested = 🔁 Your request to move from { $old } to { $new } has been sent. Until a KPU admin approves it you stay in { $old } and receive its invitations. We will tell you the outcome.
register-inactive = We are sorry: your membership has been deactivated by a KPU admin. Please contact the KPU secretariat to have it restored.

## Errors
error-registration-inactive = Your membership is deactivated; registering again is not possible. Please contact the KPU secretariat.
error-member-not-editable = Only approved members can change their details.
error-last-admin = Not possible: this is the last admin. Make another member admin first.
error-admin-bootstrap = This admin is listed in ADMIN_IDS and becomes admin again when the bot restarts. Remove them from ADMIN_IDS first, then revoke here.
error-admin-needs-approved = Only approved, active members can be made admin.
error-member-not-active = Only active members can be deactivated.
error-member-not-inactive = This member is not deactivated.
error-pillar-same = You are in this pillar already.
