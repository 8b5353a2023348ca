## Pillars as data that admins keep (/pillars)
pillar-list =
    🏛️ <b>Pillars</b> ({ $count })
    { $rows }

    ⭐ core pillar · 🙈 hidden: not offered at registration, in invite links or in /newforum (its members and history stay).
    Choose a pillar to change it, or add a new one.
pillar-row = • <b>{ $name }</b>{ $marks } — { $members ->
    [one] 1 member
   *[other] { $members } members
}
pillar-card =
    🏛️ <b>{ $name }</b>{ $marks }
    Core pillar: { $core }
    Shown: { $shown }
    { $members ->
        [one] 1 member
       *[other] { $members } members
    } · { $forums ->
        [one] invited to 1 forum
       *[other] invited to { $forums } forums
    }

    ⭐ core pillar · 🙈 hidden
pillar-core-yes = yes (⭐; the summary warns when nobody has confirmed attending)
pillar-core-no = no
pillar-shown = yes, offered at registration and in /newforum
pillar-hidden = no (🙈), not offered at registration or in /newforum
pillar-ask-name = Type the <b>new pillar's name</b> as members read it (e.g. Satpol PP), at most { $limit ->
    [one] 1 character
   *[other] { $limit } characters
}, or /cancel:
pillar-ask-rename =
    Current name: <b>{ $name }</b>
    Type the <b>new name</b>, or /cancel:
pillar-added = ✅ The pillar <b>{ $name }</b> is added.
pillar-renamed = ✅ Pillar renamed: { $old } → <b>{ $new }</b>.
pillar-deleted = 🗑️ The pillar <b>{ $name }</b> is deleted.
pillar-delete-ask = Delete the pillar <b>{ $name }</b>? It has no members and no forum has invited it.
pillar-made-core = { $name } is now a core pillar ⭐
pillar-made-uncore = { $name } is no longer a core pillar
pillar-made-hidden = { $name } is hidden 🙈
pillar-made-shown = { $name } is shown again
button-pillar-add = ➕ Add a pillar
button-pillar-rename = ✏️ Rename
button-pillar-core = ⭐ Make core
button-pillar-uncore = ☆ Not core
button-pillar-hide = 🙈 Hide
button-pillar-show = 👁️ Show
button-pillar-delete = 🗑️ Delete
button-pillar-delete-confirm = 🗑️ Yes, delete
button-pillar-list = ◀️ All pillars
error-pillar-name-taken = There is already a pillar named { $name }. Type another name, or /cancel.
error-pillar-hidden = The pillar { $name } no longer takes new registrations. Please choose another pillar, or contact a KPU admin.
error-pillar-has-members = The pillar { $name } cannot be deleted: it still has { $count ->
    [one] 1 member
   *[other] { $count } members
}. Hide it instead: its members and history stay.
error-pillar-in-forums = The pillar { $name } cannot be deleted: { $count ->
    [one] 1 forum has
   *[other] { $count } forums have
} invited it. Hide it instead: the forums' history stays.
