"""Tests for bot.services.office and bot.exports.letterhead: the office on its papers
(issue 11, item 1)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from bot.db import SessionMaker
from bot.exports.document import Document
from bot.exports.letterhead import SignatureBlock, draw_kop, draw_signatures, place_and_date
from bot.services import office
from bot.services.errors import ServiceError
from models import AuditEntry, OfficeProfile, PaperKind, Signatory
from tests import factories as f

ADMIN = 4242
JAKARTA = ZoneInfo("Asia/Jakarta")
DEFAULTS = office.OfficeDefaults(
    name="KOMISI PEMILIHAN UMUM KOTA MOJOKERTO",
    address="Jl. Kyai H. Hasyim Asy'ari No. 12, Kota Mojokerto",
    phone="(0321) 321456",
    email="kpu@mojokertokota.go.id",
    city="Mojokerto",
    signatory_position="Ketua KPU Kota Mojokerto",
    signatory_name="Dra. Siti Aminah, M.Si.",
    signatory_nip="19800101 200501 2 001",
)


def picture(width: int, height: int, fmt: str = "JPEG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


async def test_first_start_writes_the_profile_and_a_restart_keeps_what_admins_set(
    sessions: SessionMaker,
) -> None:
    async with sessions() as session:
        await office.ensure_profile(session, DEFAULTS)
        await session.commit()
    async with sessions() as session:
        await office.set_field(session, field="city", value="Kota Mojokerto", actor_user_id=ADMIN)
        await session.commit()
    async with sessions() as session:
        await office.ensure_profile(session, office.OfficeDefaults(name="ELSEWHERE", city="X"))
        await session.commit()
    async with sessions() as session:
        profile = await office.profile(session)
        assert (profile.name, profile.city) == (DEFAULTS.name, "Kota Mojokerto")
        kinds = {s.kind: (s.position, s.nip) for s in await f.rows(session, Signatory)}
        assert kinds == {
            kind.value: ("Ketua KPU Kota Mojokerto", "19800101 200501 2 001") for kind in PaperKind
        }
        actions = [entry.action for entry in await f.rows(session, AuditEntry)]
        assert actions == ["office.edit"]


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("email", "kpu at mojokerto", "error-office-email"),
        ("website", "not a site", "error-office-website"),
        ("letter_pattern", "PP.01/{roman}/{year}", "error-office-pattern"),
        ("letter_pattern", "{n}/{rahasia}", "error-office-pattern"),
        ("letter_pattern", "{n}/{", "error-office-pattern"),
        ("name", "-", "error-text-no-letters"),
        ("city", "x" * 61, "error-text-too-long"),
    ],
)
async def test_bad_fields_are_refused_and_change_nothing(
    sessions: SessionMaker, field: str, value: str, key: str
) -> None:
    async with sessions() as session:
        await office.ensure_profile(session, DEFAULTS)
        await session.commit()
    async with sessions() as session:
        with pytest.raises(ServiceError) as raised:
            await office.set_field(session, field=field, value=value, actor_user_id=ADMIN)
        assert raised.value.key == key
        await session.commit()
    async with sessions() as session:
        profile = await office.profile(session)
        assert getattr(profile, field) == getattr(
            OfficeProfile(
                name=DEFAULTS.name,
                address=DEFAULTS.address,
                phone=DEFAULTS.phone,
                email=DEFAULTS.email,
                city=DEFAULTS.city,
            ),
            field,
        )
        assert await f.rows(session, AuditEntry) == []


async def test_a_dash_clears_an_optional_field(sessions: SessionMaker) -> None:
    async with sessions() as session:
        await office.ensure_profile(session, DEFAULTS)
        assert (
            await office.set_field(session, field="phone", value=" - ", actor_user_id=ADMIN) == ""
        )
        await session.commit()
        assert (await office.profile(session)).phone == ""


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("19800101 200501 1 001", "19800101 200501 1 001"),
        ("198001012005011001", "198001012005011001"),
        ("-", ""),
    ],
)
def test_nip_keeps_its_groups(typed: str, stored: str) -> None:
    assert office.clean_nip(typed) == stored


@pytest.mark.parametrize("typed", ["1980", "19800101 200501 1 00X", "١٩٨٠٠١٠١٢٠٠٥٠١١٠٠١", ""])
def test_bad_nips_are_refused(typed: str) -> None:
    with pytest.raises(ServiceError, match="error-office-nip"):
        office.clean_nip(typed)


async def test_letter_numbers_count_up_and_start_again_each_year(sessions: SessionMaker) -> None:
    async with sessions() as session:
        await office.ensure_profile(session, DEFAULTS)
        await office.set_field(
            session,
            field="letter_pattern",
            value="{n}/PP.01-Und/3576/{roman}/{year}",
            actor_user_id=ADMIN,
        )
        await session.commit()
    numbers = []
    for moment in (datetime(2024, 10, 14), datetime(2024, 12, 1), datetime(2025, 1, 6)):
        async with sessions() as session:
            numbers.append(await office.next_letter_number(session, local=moment))
            await session.commit()
    assert numbers == [
        "1/PP.01-Und/3576/X/2024",
        "2/PP.01-Und/3576/XII/2024",
        "1/PP.01-Und/3576/I/2025",
    ]


@given(month=st.integers(min_value=1, max_value=12))
def test_roman_months(month: int) -> None:
    numerals = {"I": 1, "V": 5, "X": 10}
    roman = office.roman_month(month)
    values = [numerals[char] for char in roman]
    total = sum(
        -v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)
    )
    assert total == month


def test_a_logo_is_kept_as_a_small_png_and_non_images_are_refused() -> None:
    logo = office.normalise_logo(picture(2000, 1000))
    with Image.open(io.BytesIO(logo)) as image:
        assert (image.format, image.size) == ("PNG", (600, 300))
    for bad in (b"%PDF-1.4 not a picture", b"", b"\x89PNG\r\n\x1a\n broken"):
        with pytest.raises(ServiceError, match="error-office-logo"):
            office.normalise_logo(bad)


def test_the_kop_and_signatures_print_the_office() -> None:
    profile = OfficeProfile(
        name=DEFAULTS.name,
        address=DEFAULTS.address,
        phone=DEFAULTS.phone,
        email=DEFAULTS.email,
        city="Mojokerto",
        logo=office.normalise_logo(picture(300, 300, "PNG")),
    )
    pdf = Document(printed="", lang="id", orientation="P", footer_text=False)
    draw_kop(pdf, profile, lang="id")
    below_kop = pdf.get_y()
    date_line = place_and_date(
        profile, datetime(2024, 10, 14, 3, tzinfo=UTC), tz=JAKARTA, lang="id"
    )
    signer = Signatory(
        kind="undangan", position="Ketua", name="Dra. Siti Aminah", nip="19800101 200501 2 001"
    )
    draw_signatures(
        pdf,
        [
            SignatureBlock(heading="Notulis,", position="Staf", name="Budi"),
            SignatureBlock.of(signer, heading="Mengetahui,", place_date=date_line),
        ],
    )
    reader = PdfReader(io.BytesIO(bytes(pdf.output())))
    content = reader.pages[0].extract_text()
    assert date_line == "Mojokerto, 14 Oktober 2024"
    for line in (
        DEFAULTS.name,
        "Telp. (0321) 321456",
        "Email: kpu@mojokertokota.go.id",
        "Mojokerto, 14 Oktober 2024",
        "Mengetahui,",
        "Dra. Siti Aminah",
        "NIP. 19800101 200501 2 001",
        "Notulis,",
        "Budi",
    ):
        assert line in content, line
    assert len(reader.pages[0].images) == 1
    assert below_kop > 10 + 24  # below the logo and its rule
