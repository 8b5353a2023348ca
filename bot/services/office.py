"""The office on its papers (issue 11, item 1): the letterhead ("kop"), the city of the date
line, the invitation numbering, and who signs each kind of paper.

The profile is one row, written at the first start from the settings (`OfficeDefaults`) and
kept by admins in the bot afterwards; a restart never overwrites what an admin set. Every
change is audit-logged with the admin's Telegram user id.
"""

from __future__ import annotations

import asyncio
import io
import re
import string
from dataclasses import dataclass
from datetime import datetime

from PIL import Image, UnidentifiedImageError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import audit
from bot.services.errors import ServiceError
from bot.services.members import clean_text
from models import OfficeProfile, PaperKind, Signatory, utcnow

# The profile's text fields an admin edits, with their longest length (the columns').
FIELDS = {
    "name": 200,
    "address": 300,
    "phone": 60,
    "email": 120,
    "website": 120,
    "city": 60,
    "letter_pattern": 120,
}
SIGNATORY_FIELDS = {"position": 150, "name": 150, "nip": 30}
# A logo is drawn about 25 mm high: 600 px is 600 dpi there, and keeps every PDF small.
LOGO_MAX_PIXELS = 600
LOGO_MAX_BYTES = 5 * 1024 * 1024
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_PATTERN_FIELDS = {"n", "roman", "month", "year"}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_WEBSITE = re.compile(r"(https?://)?[\w-]+(\.[\w-]+)+(/\S*)?")
# NIP: 18 digits, often written in groups ("19800101 200501 1 001").
_NIP_DIGITS = 18


@dataclass(frozen=True)
class OfficeDefaults:
    """What the first start writes into the profile (the `OFFICE_*` settings); `logo` is
    the bytes of a PNG or JPEG file, or None."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    city: str = ""
    logo: bytes | None = None
    signatory_position: str = ""
    signatory_name: str = ""
    signatory_nip: str = ""


async def ensure_profile(session: AsyncSession, defaults: OfficeDefaults) -> OfficeProfile:
    """The profile, written from `defaults` (and one signatory per `PaperKind`) if there is
    none yet; an existing profile is left as admins set it. The caller commits.

    Raises:
        ServiceError: `error-office-logo` when `defaults.logo` is not a PNG or JPEG.
    """
    profile = await session.get(OfficeProfile, 1)
    if profile is not None:
        return profile
    logo = await asyncio.to_thread(normalise_logo, defaults.logo) if defaults.logo else None
    profile = OfficeProfile(
        id=1,
        name=defaults.name,
        address=defaults.address,
        phone=defaults.phone,
        email=defaults.email,
        website=defaults.website,
        city=defaults.city,
        logo=logo,
    )
    session.add(profile)
    for kind in PaperKind:
        if await session.get(Signatory, kind.value) is None:
            session.add(
                Signatory(
                    kind=kind.value,
                    position=defaults.signatory_position,
                    name=defaults.signatory_name,
                    nip=defaults.signatory_nip,
                )
            )
    await session.flush()
    return profile


async def profile(session: AsyncSession) -> OfficeProfile:
    """The office profile (written at start by `ensure_profile`).

    Raises:
        LookupError: No profile yet (the bot has not started on this database).
    """
    found = await session.get(OfficeProfile, 1)
    if found is None:
        raise LookupError("the office profile is written at start (ensure_profile)")
    return found


async def signatory(session: AsyncSession, kind: PaperKind) -> Signatory:
    """Who signs `kind` (an empty one when nobody was set)."""
    found = await session.get(Signatory, kind.value)
    return found if found is not None else Signatory(kind=kind.value)


def clean_field(field: str, value: str) -> str:
    """A profile field as typed, checked: e-mail and website by shape, the letter pattern
    by its placeholders; "-" clears an optional field.

    Raises:
        ValueError: `field` is not one of `FIELDS`.
        ServiceError: `error-text-*` (empty, too long), `error-office-email`,
            `error-office-website` or `error-office-pattern`.
    """
    if field not in FIELDS:
        raise ValueError(f"unknown office field {field!r}")
    if field != "name" and value.strip() == "-":
        if field == "letter_pattern":
            raise ServiceError("error-office-pattern")
        return ""
    cleaned = clean_text(value, max_length=FIELDS[field])
    if field == "email" and not _EMAIL.fullmatch(cleaned):
        raise ServiceError("error-office-email")
    if field == "website" and not _WEBSITE.fullmatch(cleaned):
        raise ServiceError("error-office-website")
    if field == "letter_pattern":
        check_pattern(cleaned)
    return cleaned


def check_pattern(pattern: str) -> None:
    """An invitation number pattern must hold `{n}` and only the known placeholders
    (`{n}`, `{roman}`, `{month}`, `{year}`), e.g. "{n}/PP.01-Und/3576/{roman}/{year}".

    Raises:
        ServiceError: `error-office-pattern`.
    """
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError as exc:
        raise ServiceError("error-office-pattern") from exc
    if "n" not in names or not names <= _PATTERN_FIELDS:
        raise ServiceError("error-office-pattern")


async def set_field(session: AsyncSession, *, field: str, value: str, actor_user_id: int) -> str:
    """Set one profile field (checked by `clean_field`); returns the stored value. Audit:
    `office.edit`. The caller commits.

    Raises:
        ServiceError: as `clean_field`.
    """
    cleaned = clean_field(field, value)
    found = await profile(session)
    old = getattr(found, field)
    setattr(found, field, cleaned)
    found.updated_at = utcnow()
    session.add(found)
    await audit.record(
        session,
        actor_user_id=actor_user_id,
        action="office.edit",
        target="office",
        field=field,
        old=old,
        new=cleaned,
    )
    return cleaned


def normalise_logo(data: bytes) -> bytes:
    """The logo as PNG, at most `LOGO_MAX_PIXELS` on its longer side (CPU work: callers run
    it in a thread). Transparency is kept.

    Raises:
        ServiceError: `error-office-logo` when `data` is not an image Pillow reads, or is
            larger than `LOGO_MAX_BYTES`.
    """
    if len(data) > LOGO_MAX_BYTES:
        raise ServiceError("error-office-logo")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            picture = image.convert("RGBA") if image.mode in ("P", "LA", "PA") else image
            if picture.mode not in ("RGB", "RGBA", "L"):
                picture = picture.convert("RGB")
            picture.thumbnail((LOGO_MAX_PIXELS, LOGO_MAX_PIXELS))
            out = io.BytesIO()
            picture.save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ServiceError("error-office-logo") from exc
    return out.getvalue()


async def set_logo(
    session: AsyncSession, *, data: bytes, file_id: str | None, actor_user_id: int
) -> None:
    """Keep `data` (a photo's bytes) as the logo, normalised by `normalise_logo` in a
    worker thread, and `file_id`. Audit: `office.logo`. The caller commits.

    Raises:
        ServiceError: `error-office-logo`.
    """
    logo = await asyncio.to_thread(normalise_logo, data)
    found = await profile(session)
    found.logo, found.logo_file_id, found.updated_at = logo, file_id, utcnow()
    session.add(found)
    await audit.record(
        session,
        actor_user_id=actor_user_id,
        action="office.logo",
        target="office",
        bytes=len(logo),
    )


async def remove_logo(session: AsyncSession, *, actor_user_id: int) -> bool:
    """Drop the logo; False when there was none (nothing written). The caller commits."""
    found = await profile(session)
    if found.logo is None:
        return False
    found.logo, found.logo_file_id, found.updated_at = None, None, utcnow()
    session.add(found)
    await audit.record(
        session, actor_user_id=actor_user_id, action="office.logo", target="office", bytes=0
    )
    return True


def clean_nip(value: str) -> str:
    """A NIP as typed ("19800101 200501 1 001"), its groups kept as typed but checked to
    hold 18 digits; "-" clears it.

    Raises:
        ServiceError: `error-office-nip`.
    """
    typed = " ".join(value.split())
    if typed == "-":
        return ""
    digits = typed.replace(" ", "")
    if len(digits) != _NIP_DIGITS or not digits.isascii() or not digits.isdigit():
        raise ServiceError("error-office-nip")
    return typed


async def set_signatory(
    session: AsyncSession, *, kind: PaperKind, field: str, value: str, actor_user_id: int
) -> str:
    """Set the position, name or NIP of who signs `kind`; returns the stored value. Audit:
    `office.signatory`. The caller commits.

    Raises:
        ValueError: `field` is not one of `SIGNATORY_FIELDS`.
        ServiceError: `error-text-*` or `error-office-nip`.
    """
    if field not in SIGNATORY_FIELDS:
        raise ValueError(f"unknown signatory field {field!r}")
    if field == "nip":
        cleaned = clean_nip(value)
    else:
        cleaned = clean_text(value, max_length=SIGNATORY_FIELDS[field])
    found = await session.get(Signatory, kind.value)
    if found is None:
        found = Signatory(kind=kind.value)
    old = getattr(found, field)
    setattr(found, field, cleaned)
    found.updated_at = utcnow()
    session.add(found)
    await audit.record(
        session,
        actor_user_id=actor_user_id,
        action="office.signatory",
        target=f"office:{kind.value}",
        field=field,
        old=old,
        new=cleaned,
    )
    return cleaned


def roman_month(month: int) -> str:
    """ "X" for October (1-12), as Indonesian letter numbers write the month."""
    return _ROMAN[month - 1]


def format_number(pattern: str, *, counter: int, local: datetime) -> str:
    """`pattern` filled: `{n}` `counter`, `{roman}` `local`'s month in Roman numerals,
    `{month}` and `{year}` as numbers ("7/PP.01-Und/X/2024")."""
    return pattern.format(
        n=counter, roman=roman_month(local.month), month=local.month, year=local.year
    )


async def next_letter_number(session: AsyncSession, *, local: datetime) -> str:
    """The next invitation number from the office's pattern: the counter goes up by one, and
    starts again at 1 in a new year (`local`: the letter's date in the office's zone). The
    row is locked until the caller commits, so two letters never share a number.
    """
    found = (
        await session.exec(select(OfficeProfile).where(OfficeProfile.id == 1).with_for_update())
    ).first()
    if found is None:
        raise LookupError("the office profile is written at start (ensure_profile)")
    if found.letter_year != local.year:
        found.letter_year, found.letter_counter = local.year, 0
    found.letter_counter += 1
    session.add(found)
    return format_number(found.letter_pattern, counter=found.letter_counter, local=local)
