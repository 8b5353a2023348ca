"""Scripted steps of simulated users driving Sinergi, shared by the end-to-end tests and the demo.

Each step does what a person does in the Telegram client (send a command, type an answer,
press a button) and returns what the bot showed, so callers can assert on it or print it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sandbox.messages import CallbackAnswer, SandboxMessage
from sandbox.users import SimUser

# The seeded pillars' names as their buttons read them (migrations 0001 and 0007), by code:
# casts are keyed by code, and a person presses the name ("Polri", never "POLRI").
PILLAR_NAMES = {
    "KPU": "KPU",
    "KEJAKSAAN": "Kejaksaan",
    "POLRI": "Polri",
    "TNI": "TNI",
    "BAWASLU": "Bawaslu",
    "PEMDA": "Pemda",
    "FORKOPIMDA": "Forkopimda",
    "PPK": "PPK",
    "PPS": "PPS",
    "PANWASCAM": "Panwascam",
    "PKD": "PKD",
}


def pillar_label(pillar: str) -> str:
    """The button of a seeded pillar given by code; any other text is a name already."""
    return PILLAR_NAMES.get(pillar, pillar)


@dataclass(frozen=True)
class Profile:
    """What a person types at registration; `pillar` is a seeded code or a pillar's name."""

    full_name: str
    pillar: str
    institution: str
    position: str


async def register(
    user: SimUser, profile: Profile, *, invite_payload: str | None = None
) -> SandboxMessage:
    """Register through /start (or an invite deep link); returns the final confirmation."""
    if invite_payload is not None:
        await user.start(invite_payload)
        await user.next_message()  # "you register through the invite link of ..."
    else:
        await user.start()
        await user.next_message()  # welcome
    await user.next_message()  # ask name
    await user.send(profile.full_name)
    if invite_payload is None:
        pillars = await user.next_message()
        await user.press(pillars, pillar_label(profile.pillar))
    await user.next_message()  # ask institution
    await user.send(profile.institution)
    await user.next_message()  # ask position
    await user.send(profile.position)
    form = await user.next_message()
    await user.press(form, "✅")
    return await user.wait_edit(form)


async def invite_link(admin: SimUser, pillar: str) -> str:
    """An admin creates a pillar invite link with /tautan (`pillar`: a seeded code or a
    name); returns the deep-link payload."""
    await admin.send("/tautan")
    menu = await admin.next_message()
    await admin.press(menu, pillar_label(pillar))
    shown = await admin.wait_edit(menu)
    assert shown.text is not None
    link = next(word for word in shown.text.split() if "?start=" in word)
    return link.split("?start=", 1)[1]


@dataclass
class ForumForm:
    """What an admin types into /forum_baru; `end`/`deadline`/`capacity` None press Skip."""

    title: str
    start: str
    venue: str
    agenda: str
    # Seeded codes or names; empty: the "core pillars" shortcut.
    pillars: list[str] = field(default_factory=list)
    end: str | None = None
    deadline: str | None = None
    capacity: str | None = None
    # The map step: a maps link typed, or a pin (latitude, longitude) sent; None: Skip.
    map_url: str | None = None
    pin: tuple[float, float] | None = None
    # Offset buttons to press ("H-3", "✅ 2 jam" unticks), then Lanjut.
    offsets: list[str] = field(default_factory=list)
    note: str | None = None  # None: Skip
    repeat: str | None = None  # "Setiap minggu" / "Setiap bulan"; None: Tidak diulang
    occurrences: str | None = None
    # The invitation's attachment: a document (its bytes, file name) sent; None: Lewati.
    attachment: tuple[bytes, str] | None = None


async def create_forum(
    admin: SimUser, form: ForumForm, *, options: bool = True
) -> tuple[SandboxMessage, SandboxMessage]:
    """Run /forum_baru to the preview; returns (preview, the bot's last step message).

    With `options=False` it stops after the capacity: the first message is then what the
    bot answered to it (the map step, or a refusal); `options_steps` goes on from there.
    """
    await admin.send("/forum_baru")
    await admin.next_message()
    await admin.send(form.title)
    await admin.next_message()
    await admin.send(form.start)
    ask_end = await admin.next_message()
    if form.end is None:
        await admin.press(ask_end, "Lewati")
        await admin.wait_edit(ask_end)
    else:
        await admin.send(form.end)
    await admin.next_message()
    await admin.send(form.venue)
    await admin.next_message()
    await admin.send(form.agenda)
    pillars = await admin.next_message()
    if not form.pillars:
        await admin.press(pillars, "Pilar utama")
        await admin.wait_edit(pillars)
    for pillar in form.pillars:
        await admin.press(pillars, pillar_label(pillar))
        await admin.wait_edit(pillars)
    await admin.press(pillars, "Selesai")
    ask_deadline = await admin.next_message()
    if form.deadline is None:
        await admin.press(ask_deadline, "Lewati")
    else:
        await admin.send(form.deadline)
    ask_capacity = await admin.next_message()
    if form.capacity is None:
        await admin.press(ask_capacity, "Lewati")
    else:
        await admin.send(form.capacity)
    if not options:
        return await admin.next_message(), ask_deadline
    await options_steps(admin, form)
    preview = await admin.next_message()
    return preview, ask_deadline


async def options_steps(admin: SimUser, form: ForumForm) -> None:
    """The steps after the capacity: map, reminder offsets, note, repeat and attachment
    (from the map step's question, unread)."""
    ask_location = await admin.next_message()
    if form.pin is not None:
        await admin.send_location(*form.pin)
        await admin.next_message()  # "Lokasi tersimpan"
    elif form.map_url is not None:
        await admin.send(form.map_url)
        await admin.next_message()  # "Tautan peta tersimpan"
    else:
        await admin.press(ask_location, "Lewati")
        await admin.wait_edit(ask_location)
    offsets = await admin.next_message()
    for label in form.offsets:
        await admin.press(offsets, label)
        offsets = await admin.wait_edit(offsets)
    await admin.press(offsets, "Lanjut")
    await admin.wait_edit(offsets)
    ask_note = await admin.next_message()
    if form.note is None:
        await admin.press(ask_note, "Lewati")
        await admin.wait_edit(ask_note)
    else:
        await admin.send(form.note)
    ask_repeat = await admin.next_message()
    await admin.press(ask_repeat, form.repeat or "Tidak diulang")
    await admin.wait_edit(ask_repeat)
    if form.repeat is not None:
        await admin.next_message()  # how many times
        await admin.send(form.occurrences or "2")
    await attachment_step(admin, form.attachment)


async def attachment_step(admin: SimUser, attachment: tuple[bytes, str] | None) -> None:
    """The attachment step (its question unread): send the document, or press Lewati."""
    ask_file = await admin.next_message()
    if attachment is None:
        await admin.press(ask_file, "Lewati")
        await admin.wait_edit(ask_file)
    else:
        await admin.send_document(*attachment, mime_type="application/pdf")


async def publish(admin: SimUser, preview: SandboxMessage) -> SandboxMessage:
    """Press Publish under the preview; returns the edited confirmation."""
    await admin.press(preview, "Terbitkan")
    return await admin.wait_edit(preview)


async def answer_invitation(
    member: SimUser,
    invitation: SandboxMessage,
    button: str,
    *,
    delegate: tuple[str, str] | None = None,
) -> CallbackAnswer | SandboxMessage:
    """Press an RSVP button; for Diwakilkan also type the representative's name and position."""
    answer = await member.press(invitation, button)
    if delegate is None:
        return answer
    await member.next_message()  # ask name
    await member.send(delegate[0])
    await member.next_message()  # ask position
    await member.send(delegate[1])
    return await member.next_message()  # "Terima kasih, tercatat: diwakili oleh ..."


@dataclass(frozen=True)
class Attachment:
    """A file an admin sends with an announcement (a PDF by default)."""

    content: bytes
    file_name: str
    mime_type: str = "application/pdf"


async def announce(
    admin: SimUser,
    text: str,
    pillars: list[str] | None = None,
    *,
    attachment: Attachment | None = None,
    non_responders_of: str | None = None,
) -> SandboxMessage:
    """Send /umumkan now and confirm; returns the progress message (the preview, edited).

    `text` goes alone, or as the caption of `attachment`. The audience: the members of the
    forum whose button holds `non_responders_of` who have not answered it, else the chosen
    `pillars`, else everyone.
    """
    await admin.send("/umumkan")
    await admin.next_message()
    if attachment is None:
        await admin.send(text)
        offer = await admin.next_message()  # attach a file?
        await admin.press(offer, "Lewati")
        audience = await admin.wait_edit(offer)
    else:
        await admin.send_document(
            attachment.content, attachment.file_name, attachment.mime_type, caption=text
        )
        audience = await admin.next_message()
    if non_responders_of is not None:
        await admin.press(audience, "Belum menjawab")
        forums = await admin.wait_edit(audience)
        await admin.press(forums, non_responders_of)
    elif pillars:
        for pillar in pillars:
            await admin.press(audience, pillar_label(pillar))
            await admin.wait_edit(audience)
        await admin.press(audience, "Selesai")
    else:
        await admin.press(audience, "Semua anggota")
    when = await admin.wait_edit(audience)
    await admin.press(when, "Kirim sekarang")
    preview = await admin.wait_edit(when)
    await admin.press(preview, "Kirim")
    return await admin.wait_edit(preview)


async def open_member_card(admin: SimUser, pillar: str, name: str) -> SandboxMessage:
    """/anggota › a pillar (its button's name) › the member named `name`: their card (the
    directory message, edited each time)."""
    await admin.send("/anggota")
    menu = await admin.next_message()
    await admin.press(menu, f"{pillar_label(pillar)} (")
    page = await admin.wait_edit(menu)
    assert name in (page.text or ""), page.text
    await admin.press(page, name)
    return await admin.wait_edit(page)


async def fix_name(admin: SimUser, pillar: str, old: str, new: str) -> SandboxMessage:
    """An admin corrects a member's name from their card in /anggota ("✏️ Nama", then the
    name typed); returns the card the bot sends again, headed "✅ Nama: old → new"."""
    card = await open_member_card(admin, pillar, old)
    await admin.press(card, "✏️ Nama")
    await admin.next_message()  # "type the new name"
    await admin.send(new)
    return await admin.next_message()


@dataclass(frozen=True)
class MinutesForm:
    """What an admin types into the notulen form (handlers/minutes.py): `points` are
    (speaker, text), the speaker a pillar's button name or a typed name."""

    opening: str
    points: tuple[tuple[str, str], ...]
    conclusions: str
    follow_ups: str


async def write_minutes(admin: SimUser, forum_title: str, form: MinutesForm) -> SandboxMessage:
    """/rekap → the forum → 📝 Notulen → ✏️ Tulis notulen, every step, the admin as the
    note-taker, then 💾 Simpan; returns the confirmation (the preview, edited)."""
    await admin.send("/rekap")
    menu = await admin.next_message()
    await admin.press(menu, forum_title)
    await admin.next_message()  # the recap as a picture
    recap = await admin.next_message()
    await admin.press(recap, "Notulen")
    await admin.press(await admin.next_message(), "Tulis notulen")
    await admin.next_message()
    await admin.send(form.opening)
    for index, (speaker, text) in enumerate(form.points):
        ask = await admin.next_message()
        if speaker in ask.button_texts:
            await admin.press(ask, speaker)
        else:
            await admin.send(speaker)
        await admin.next_message()
        await admin.send(text)
        more = await admin.next_message()
        await admin.press(more, "Poin berikutnya" if index + 1 < len(form.points) else "Selesai")
    await admin.next_message()
    await admin.send(form.conclusions)
    await admin.next_message()
    await admin.send(form.follow_ups)
    await admin.press(await admin.next_message(), "Pakai ini")
    preview = await admin.next_message()
    await admin.press(preview, "Simpan")
    return await admin.wait_edit(preview)


async def desk_screen_link(admin: SimUser, forum_title: str) -> str:
    """The admin asks for a forum's desk screen (/forum, the forum, 🖥 Layar registrasi):
    the one-time link of the reply's URL button (its public https:// address)."""
    await admin.send("/forum")
    menu = await admin.next_message()
    await admin.press(menu, forum_title)
    detail = await admin.next_message()
    await admin.press(detail, "🖥 Layar registrasi")
    message = await admin.next_message()
    return str(message.find_button("Buka layar registrasi").get("url", ""))
