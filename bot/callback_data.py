"""Every inline button's callback data: a short prefix and numeric ids, always under 64 bytes.

Handlers route on the prefix (`pattern=`) and then parse here; anything that does not parse
is forged or stale and is answered as such. Ids are checked against the database by the
services, never trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models import RsvpAnswer

MAX_BYTES = 64
MAX_ROW_ID = 2**31 - 1

RSVP = "rsvp"
REG_PILLAR = "regp"
REG_CONFIRM = "regc"
APPROVAL = "appr"
INVITE_PILLAR = "invp"
FORUM_PILLAR = "fpil"
FORUM_SKIP = "fskip"
FORUM_PUBLISH = "fpub"
FORUM_DETAIL = "fdet"
RECAP = "rekap"
SCHEDULE = "jad"
AUDIENCE = "aud"
ANNOUNCE = "annc"
LANGUAGE = "lang"
# A forum's life after publishing (issue 3): each area routes on its own prefix.
FORUM_EDIT = "fedit"  # fedit:<forum>, fedit:<forum>:<field>
FORUM_CANCEL = "fcanc"  # fcanc:<forum>, fcanc:<forum>:<ok|no>
FORUM_CAPACITY = "fcap"  # fcap:<forum>
GROUP_POST = "gpost"  # gpost:<forum>, gpost:<forum>:<group row>
CHECKIN_QR = "qr"  # qr:<forum>
# The desk screen (issue 12 item 5): kiosk:<forum> makes a one-time link to open it,
# kstat:<forum>:<on|off> switches the forum's printed check-in code.
KIOSK = "kiosk"
KIOSK_STATIC = "kstat"
ATTENDANCE = "att"  # att:<forum>:<page>, attm:<forum>:<member>
ATTENDANCE_MARK = "attm"
# Walk-in guests at the desk (issue 10 item 8): attg:<forum> starts the form,
# attgm:<forum>:<member> names whom the guest represents (0: nobody), attgp:<forum>:<page>.
GUEST_ADD = "attg"
GUEST_FOR = "attgm"
GUEST_PAGE = "attgp"
# A representative checking in on their own phone: rep:<forum>:<member>, repp:<forum>:<page>.
REPRESENT = "rep"
REPRESENT_PAGE = "repp"
EXPORT = "exp"  # exp:<forum>:<pdf|xlsx>
ICS = "ics"  # ics:<forum>
SPJ = "spj"  # spj:<forum>: the Berkas SPJ (issue 11)
# The member directory, /anggota (issue 10, item 1).
DIRECTORY = "mdir"  # mdir:<menu|find|wait|xlsx>
DIRECTORY_PAGE = "mpg"  # mpg:<pillar, 0: everyone>:<page>
SEARCH_PAGE = "msq"  # msq:<page> of the caller's last search
MEMBER_CARD = "mcard"  # mcard:<member>
MEMBER_EDIT = "medit"  # medit:<member>:<name|inst|pos|pillar>
MEMBER_PILLAR = "mpil"  # mpil:<member>:<pillar>
MEMBER_ACTION = "mact"  # mact:<member>:<admin|unadmin|off|on|unrej|ok|no>
PILLAR_DECISION = "pilr"  # pilr:<member>:<pillar>:<a|r>, a pillar change asked in /profil
# A member's own profile, /profil (issue 10, item 2).
PROFILE_EDIT = "pedit"  # pedit:<name|inst|pos|pillar>
PROFILE_PILLAR = "ppil"  # ppil:<pillar>
AUDIT_PAGE = "audp"  # audp:<page>
UNREJECT = "unrej"  # unrej:<member>
# Announcements 2.0 (issue 10, item 5).
AUDIENCE_FORUM = "audf"  # audf:<forum>:<inv|att|none>, the forum of a forum audience
ANNOUNCE_FILE = "annf"  # annf:skip, no attachment
ANNOUNCE_WHEN = "annw"  # annw:now, send at once
ANNOUNCE_CANCEL = "anncx"  # anncx:<announcement>:<prog|list>, where it was pressed
ANNOUNCE_REPORT = "annrp"  # annrp:<announcement>, refresh the delivery report
ANNOUNCE_REMIND = "annrm"  # annrm:<announcement>, remind who has not confirmed
RECEIPT = "rcpt"  # rcpt:<announcement>, "Sudah diterima"
# A forum's own reminders, place and series (issue 10, item 4).
FORUM_OFFSET = "fofs"  # fofs:<seconds> toggles an offset in /forum_baru, fofs:ok goes on
FORUM_REPEAT = "frep"  # frep:<none|weekly|monthly>
FORUM_DUPLICATE = "fdup"  # fdup:<forum>
FORUM_FILE_KEEP = "ffkeep"  # a duplicate keeps the original's attachment (issue 10, item 5)
# A published forum's attachment: ffile:<forum> opens, ffile:<forum>:<del|keep> removes it or
# keeps it as it is (a new file is sent, not pressed).
FORUM_FILE = "ffile"
# frem:<forum> opens, frem:<forum>:<seconds> toggles, frem:<forum>:<ok|note|clear>
FORUM_REMINDERS = "frem"
PILLAR = "pil"  # pil:list, pil:add, pil:<pillar>, pil:<pillar>:<action> (/pilar)
WHATSAPP = "wa"  # wa:<forum>: the invitation as plain text to paste into WhatsApp
# The office profile, /kantor (issue 11, item 1): ofc:<field> asks for a field, ofc:card
# shows the profile, ofc:logo asks for a photo, ofc:nologo drops the logo, ofc:kop sends a
# sample letterhead; ofs:<paper> shows a paper's signatory, ofs:<paper>:<pos|name|nip> asks.
OFFICE = "ofc"
OFFICE_SIGNER = "ofs"
# A forum's surat undangan (issue 11, item 2): flet:<forum> sends the PDF,
# flet:<forum>:<send|number|nature|subject> sends it to the invitees or asks for a detail.
FORUM_LETTER = "flet"
# A forum's photo documentation (issue 11, item 5): fphoto:<forum> opens it,
# fphoto:<forum>:<list|pdf|done>; fphx:<photo>:<cap|del> edits a photo's caption or deletes it.
FORUM_PHOTOS = "fphoto"
PHOTO = "fphx"
# The survey after a forum (issue 11, item 7): svy:<forum>:<u|s>:<1-5> scores a question,
# svy:<forum>:<c|x|r> asks for a comment, skips it, or opens the answers again.
SURVEY = "svy"
# A forum's notulen (issue 11, item 4): note:<forum> opens it, note:<forum>:<action> acts
# (MINUTES_START, MINUTES_FILE, MINUTES_STEP); notesp:<forum>:<pillar> names a point's speaker.
MINUTES = "note"
MINUTES_SPEAKER = "notesp"

# Deep-link payloads (`https://t.me/<bot>?start=<payload>`) a group's buttons send people to:
# register first, or name one's representative in private.
REGISTER_PAYLOAD = "daftar"
DELEGATE_PAYLOAD = "w_"  # w_<forum>
# The invitation with its RSVP buttons, for a member (the link in the WhatsApp text).
INVITATION_PAYLOAD = "f_"  # f_<forum>

_ANSWER_CODES = {RsvpAnswer.ATTENDING: "a", RsvpAnswer.DELEGATED: "d", RsvpAnswer.DECLINED: "n"}
_CODE_ANSWERS = {code: answer for answer, code in _ANSWER_CODES.items()}
_ID = r"(0|[1-9][0-9]{0,9})"  # ASCII only: \d also matches other scripts' digits


class InvalidCallbackData(ValueError):
    """Callback data that no button of this bot could have carried."""


def pattern(prefix: str) -> str:
    """The handler pattern for one prefix."""
    return rf"^{prefix}(:|$)"


def _match(regex: str, data: str) -> re.Match[str]:
    match = re.fullmatch(regex, data)
    if match is None:
        raise InvalidCallbackData(data)
    return match


def _row_id(text: str) -> int:
    # Row ids are 32-bit integer columns; a bigger forged id would be a database error.
    value = int(text)
    if value > MAX_ROW_ID:
        raise InvalidCallbackData(text)
    return value


def _check(data: str) -> str:
    if not 0 < len(data.encode()) <= MAX_BYTES:
        raise ValueError(f"callback data {data!r} is not 1-64 bytes")
    return data


@dataclass(frozen=True)
class RsvpPress:
    """A press of Hadir / Diwakilkan / Tidak hadir on an invitation."""

    forum_id: int
    answer: RsvpAnswer


def rsvp(forum_id: int, answer: RsvpAnswer) -> str:
    """Data of an RSVP button."""
    return _check(f"{RSVP}:{forum_id}:{_ANSWER_CODES[answer]}")


def parse_rsvp(data: str) -> RsvpPress:
    """Parse RSVP button data; raises InvalidCallbackData."""
    match = _match(rf"{RSVP}:{_ID}:([adn])", data)
    return RsvpPress(_row_id(match.group(1)), _CODE_ANSWERS[match.group(2)])


def with_id(prefix: str, item_id: int) -> str:
    """Data of a button that names one row (`prefix:<id>`)."""
    return _check(f"{prefix}:{item_id}")


def parse_id(prefix: str, data: str) -> int:
    """The id of `prefix:<id>` data; raises InvalidCallbackData."""
    return _row_id(_match(rf"{prefix}:{_ID}", data).group(1))


def with_word(prefix: str, word: str) -> str:
    """Data of a button that carries one fixed word (`prefix:<word>`)."""
    return _check(f"{prefix}:{word}")


def parse_word(prefix: str, data: str, allowed: tuple[str, ...]) -> str:
    """The word of `prefix:<word>` data, one of `allowed`; raises InvalidCallbackData."""
    word = _match(rf"{prefix}:([a-z]{{1,10}})", data).group(1)
    if word not in allowed:
        raise InvalidCallbackData(data)
    return word


def with_ids(prefix: str, *ids: int) -> str:
    """Data of a button that names several rows (`prefix:<id>:<id>`)."""
    return _check(":".join([prefix, *(str(item_id) for item_id in ids)]))


def parse_ids(prefix: str, data: str, count: int) -> tuple[int, ...]:
    """The `count` ids of `prefix:<id>:...` data; raises InvalidCallbackData."""
    match = _match(prefix + rf":{_ID}" * count, data)
    return tuple(_row_id(part) for part in match.groups())


def with_id_word(prefix: str, item_id: int, word: str) -> str:
    """Data of a button that names a row and an action (`prefix:<id>:<word>`)."""
    return _check(f"{prefix}:{item_id}:{word}")


def parse_id_word(prefix: str, data: str, allowed: tuple[str, ...]) -> tuple[int, str]:
    """The id and word of `prefix:<id>:<word>` data; raises InvalidCallbackData."""
    match = _match(rf"{prefix}:{_ID}:([a-z]{{1,10}})", data)
    if match.group(2) not in allowed:
        raise InvalidCallbackData(data)
    return _row_id(match.group(1)), match.group(2)


@dataclass(frozen=True)
class Decision:
    """An admin's Approve / Reject press on a pending registration."""

    member_id: int
    approve: bool


def approval(member_id: int, approve: bool) -> str:
    """Data of an Approve / Reject button."""
    return _check(f"{APPROVAL}:{member_id}:{'a' if approve else 'r'}")


def parse_approval(data: str) -> Decision:
    """Parse Approve / Reject data; raises InvalidCallbackData."""
    match = _match(rf"{APPROVAL}:{_ID}:([ar])", data)
    return Decision(_row_id(match.group(1)), match.group(2) == "a")


@dataclass(frozen=True)
class PillarDecision:
    """An admin's Approve / Reject press on a member's pillar change."""

    member_id: int
    pillar_id: int
    approve: bool


def pillar_decision(member_id: int, pillar_id: int, approve: bool) -> str:
    """Data of an Approve / Reject button under a pillar change (the pillar asked for is in
    it, so a press after the member asked for another pillar is stale)."""
    return _check(f"{PILLAR_DECISION}:{member_id}:{pillar_id}:{'a' if approve else 'r'}")


def parse_pillar_decision(data: str) -> PillarDecision:
    """Parse a pillar change's Approve / Reject data; raises InvalidCallbackData."""
    match = _match(rf"{PILLAR_DECISION}:{_ID}:{_ID}:([ar])", data)
    return PillarDecision(_row_id(match.group(1)), _row_id(match.group(2)), match.group(3) == "a")


# What a `/pilar` button asks for: the list, a new pillar, a pillar's card (no action), or
# an action on it (`delok` is the confirmed delete).
PILLAR_LIST_WORDS = ("list", "add")
PILLAR_ACTIONS = ("ren", "core", "uncore", "hide", "show", "del", "delok")


@dataclass(frozen=True)
class PillarPress:
    """A press under `/pilar`: `pillar_id` None with `action` "list" or "add", else a
    pillar with `action` "" (its card) or one of `PILLAR_ACTIONS`."""

    pillar_id: int | None
    action: str


def pillar(pillar_id: int | None, action: str = "") -> str:
    """Data of a `/pilar` button (see `PillarPress`)."""
    if pillar_id is None:
        return with_word(PILLAR, action)
    return with_id_word(PILLAR, pillar_id, action) if action else with_id(PILLAR, pillar_id)


def parse_pillar(data: str) -> PillarPress:
    """Parse `/pilar` button data; raises InvalidCallbackData."""
    word = re.fullmatch(rf"{PILLAR}:([a-z]{{1,10}})", data)
    if word is not None:
        if word.group(1) not in PILLAR_LIST_WORDS:
            raise InvalidCallbackData(data)
        return PillarPress(None, word.group(1))
    if re.fullmatch(rf"{PILLAR}:{_ID}", data):
        return PillarPress(parse_id(PILLAR, data), "")
    pillar_id, action = parse_id_word(PILLAR, data, PILLAR_ACTIONS)
    return PillarPress(pillar_id, action)


# The office's papers, as `ofs:` data names them (`models.PaperKind` values hold "_").
SIGNER_PAPERS = {
    "undangan": "undangan",
    "hadir": "daftar_hadir",
    "notulen": "notulen",
    "spj": "spj",
}
SIGNER_FIELDS = ("pos", "name", "nip")


@dataclass(frozen=True)
class SignerPress:
    """A press under a paper's signatory: `paper` a `models.PaperKind` value, `field` ""
    (its card) or one of `SIGNER_FIELDS`."""

    paper: str
    field: str


def signer(paper: str, field: str = "") -> str:
    """Data of a signatory button (`paper`: a `models.PaperKind` value)."""
    word = next(word for word, kind in SIGNER_PAPERS.items() if kind == paper)
    return _check(f"{OFFICE_SIGNER}:{word}:{field}" if field else f"{OFFICE_SIGNER}:{word}")


def parse_signer(data: str) -> SignerPress:
    """Parse `ofs:` data; raises InvalidCallbackData."""
    match = _match(rf"{OFFICE_SIGNER}:([a-z]{{1,10}})(?::([a-z]{{1,10}}))?", data)
    paper, field = match.group(1), match.group(2) or ""
    if paper not in SIGNER_PAPERS or (field and field not in SIGNER_FIELDS):
        raise InvalidCallbackData(data)
    return SignerPress(SIGNER_PAPERS[paper], field)


# The survey's questions and steps in its callback data (see SURVEY).
_SURVEY_QUESTIONS = {"u": "usefulness", "s": "service"}
_SURVEY_STEPS = {"c": "comment", "x": "skip", "r": "redo"}
SURVEY_COMMENT_PATTERN = rf"^{SURVEY}:[0-9]+:c$"


@dataclass(frozen=True)
class SurveyPress:
    """A press under a survey: `action` is a question (`usefulness`, `service`) with its
    `score` 1-5, or `comment`, `skip`, `redo` with `score` None."""

    forum_id: int
    action: str
    score: int | None = None


def survey_score(forum_id: int, question: str, score: int) -> str:
    """Data of a score button (`question` is `usefulness` or `service`)."""
    code = next(code for code, name in _SURVEY_QUESTIONS.items() if name == question)
    return _check(f"{SURVEY}:{forum_id}:{code}:{score}")


def survey_step(forum_id: int, step: str) -> str:
    """Data of a survey's `comment`, `skip` or `redo` button."""
    code = next(code for code, name in _SURVEY_STEPS.items() if name == step)
    return _check(f"{SURVEY}:{forum_id}:{code}")


def parse_survey(data: str) -> SurveyPress:
    """Parse survey button data; raises InvalidCallbackData."""
    match = re.fullmatch(rf"{SURVEY}:{_ID}:([us]):([1-5])", data)
    if match is not None:
        question = _SURVEY_QUESTIONS[match.group(2)]
        return SurveyPress(_row_id(match.group(1)), question, int(match.group(3)))
    match = _match(rf"{SURVEY}:{_ID}:([cxr])", data)
    return SurveyPress(_row_id(match.group(1)), _SURVEY_STEPS[match.group(2)])


# What a notulen button does: start the form or an upload, send the saved file, or answer
# a step of the form.
MINUTES_START = ("write", "upload")
MINUTES_FILE = ("pdf", "file")
MINUTES_STEP = ("more", "done", "skip", "keep", "save", "drop")
MINUTES_OPEN_PATTERN = rf"^{MINUTES}:[0-9]+$"


def minutes_pattern(words: tuple[str, ...]) -> str:
    """The handler pattern of `note:<forum>:<word>` for one group of words."""
    return rf"^{MINUTES}:[0-9]+:({'|'.join(words)})$"
