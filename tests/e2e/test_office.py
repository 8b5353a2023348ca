"""/kantor: admins keep the office profile of the SPJ papers: fields, logo, sample kop and
signatories; refusals change nothing; only admins (issue 11, item 1)."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfReader
from sqlmodel import col, select

from bot.context import BotData
from models import AuditEntry, OfficeProfile, PaperKind, Signatory
from sandbox import SimUser
from sandbox.messages import SandboxMessage
from tests.e2e.conftest import Community


async def profile_row(data: BotData) -> OfficeProfile:
    assert data.sessions is not None
    async with data.sessions() as session:
        found = await session.get(OfficeProfile, 1)
    assert found is not None
    return found


async def signer_row(data: BotData, kind: PaperKind) -> Signatory:
    assert data.sessions is not None
    async with data.sessions() as session:
        found = await session.get(Signatory, kind.value)
    assert found is not None
    return found


async def office_audit(data: BotData) -> list[tuple[str, str, dict[str, object]]]:
    assert data.sessions is not None
    async with data.sessions() as session:
        entries = (await session.exec(select(AuditEntry).order_by(col(AuditEntry.seq)))).all()
    return [(e.action, e.target, e.detail or {}) for e in entries if e.action.startswith("office")]


async def open_office(admin: SimUser) -> SandboxMessage:
    await admin.send("/kantor")
    return await admin.next_message()


async def edit(admin: SimUser, card: SandboxMessage, button: str, *values: str) -> SandboxMessage:
    """Press `button` under `card`, type each of `values`; the bot's last answer."""
    await admin.press(card, button)
    answer = await admin.next_message()
    for value in values:
        await admin.send(value)
        answer = await admin.next_message()
    return answer


def png(width: int = 240, height: int = 240) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (180, 20, 20, 255)).save(out, format="PNG")
    return out.getvalue()


async def test_an_admin_edits_each_kind_of_field(community: Community):
    admin = community.admin
    card = await open_office(admin)
    assert card.text is not None
    assert "Profil kantor" in card.text and "Nama lengkap: KPU KOTA MOJOKERTO" in card.text
    assert "Email: —" in card.text and "Logo: belum ada" in card.text
    assert "Pola nomor surat undangan: {n}/PP.01-Und/{roman}/{year}" in card.text

    await admin.press(card, "Email")
    assert "Mohon ketik email yang baru" in (await admin.next_message()).text
    await admin.send("kpu-mojokerto")
    refusal = await admin.next_message()
    assert refusal.text is not None and "Alamat email tidak dikenali" in refusal.text
    assert (await profile_row(community.data)).email == ""  # nothing changed
    await admin.send("kpu@mojokertokota.go.id")
    saved = await admin.next_message()
    assert saved.text is not None and saved.text.startswith("✅ Tersimpan: email.")
    assert "Email: kpu@mojokertokota.go.id" in saved.text

    # values are escaped: the sandbox refuses HTML that Telegram would
    card = await edit(admin, saved, "Alamat", "Jl. Benteng <Pancasila> No. 1 & 2")
    assert "Alamat: Jl. Benteng <Pancasila> No. 1 & 2" in card.text
    card = await edit(admin, card, "Kota", "Mojokerto")
    card = await edit(admin, card, "Nama", "KOMISI PEMILIHAN UMUM KOTA MOJOKERTO")
    card = await edit(admin, card, "Laman", "bukan laman", "kota-mojokerto.kpu.go.id")
    card = await edit(admin, card, "Pola nomor", "{x}/Und", "{n}/PP.01-Und/3576/{roman}/{year}")
    assert "Pola nomor surat undangan: {n}/PP.01-Und/3576/{roman}/{year}" in card.text
    card = await edit(admin, card, "Alamat", "-")  # "-" clears an optional field
    assert "Alamat: —" in card.text

    stored = await profile_row(community.data)
    assert (stored.name, stored.address, stored.email, stored.website, stored.city) == (
        "KOMISI PEMILIHAN UMUM KOTA MOJOKERTO",
        "",
        "kpu@mojokertokota.go.id",
        "kota-mojokerto.kpu.go.id",
        "Mojokerto",
    )
    assert stored.letter_pattern == "{n}/PP.01-Und/3576/{roman}/{year}"
    edits = [
        (detail["field"], detail["new"]) for _, _, detail in await office_audit(community.data)
    ]
    assert edits == [
        ("email", "kpu@mojokertokota.go.id"),
        ("address", "Jl. Benteng <Pancasila> No. 1 & 2"),
        ("city", "Mojokerto"),
        ("name", "KOMISI PEMILIHAN UMUM KOTA MOJOKERTO"),
        ("website", "kota-mojokerto.kpu.go.id"),
        ("letter_pattern", "{n}/PP.01-Und/3576/{roman}/{year}"),
        ("address", ""),
    ]


async def test_an_admin_sets_who_signs_the_invitations(community: Community):
    admin = community.admin
    card = await open_office(admin)
    await admin.press(card, "✍️ Undangan")
    signer = await admin.wait_edit(card)
    assert signer.text is not None and "Penanda tangan Surat undangan" in signer.text

    signer = await edit(admin, signer, "Jabatan", "Ketua KPU Kota Mojokerto")
    signer = await edit(admin, signer, "Nama", "Dra. Siti Aminah, M.Si.")
    await admin.press(signer, "NIP")
    await admin.next_message()
    await admin.send("19800101 2005")
    refusal = await admin.next_message()
    assert refusal.text is not None and "NIP terdiri atas 18 angka" in refusal.text
    assert (await signer_row(community.data, PaperKind.INVITATION)).nip == ""
    await admin.send("19800101 200501 2 001")
    signer = await admin.next_message()
    assert "NIP: 19800101 200501 2 001" in signer.text

    row = await signer_row(community.data, PaperKind.INVITATION)
    assert (row.position, row.name, row.nip) == (
        "Ketua KPU Kota Mojokerto",
        "Dra. Siti Aminah, M.Si.",
        "19800101 200501 2 001",
    )
    other = await signer_row(community.data, PaperKind.ATTENDANCE)
    assert other.name == ""  # each paper has its own signatory
    await admin.press(signer, "Kembali")
    card = await admin.wait_edit(signer)
    assert "• Surat undangan: Ketua KPU Kota Mojokerto, Dra. Siti Aminah" in card.text


async def test_the_logo_comes_as_a_photo_and_shows_in_the_sample_kop(community: Community):
    admin = community.admin
    card = await open_office(admin)
    await admin.press(card, "Kirim logo")
    assert "kirim logo kantor sebagai foto" in (await admin.next_message()).text
    await admin.send("logo.png")
    assert "Mohon kirim logo sebagai foto" in (await admin.next_message()).text
    assert (await profile_row(community.data)).logo is None

    photo = await admin.send_photo(png())
    saved = await admin.next_message()
    assert saved.text is not None and saved.text.startswith("✅ Logo disimpan.")
    assert "Logo: ada" in saved.text
    stored = await profile_row(community.data)
    assert stored.logo is not None and stored.logo.startswith(b"\x89PNG")
    with Image.open(io.BytesIO(stored.logo)) as image:
        assert image.size == (240, 240)
    assert photo.photo is not None and stored.logo_file_id is not None

    await admin.press(saved, "Contoh kop")
    sample = await admin.next_message()
    assert sample.document is not None and sample.document["file_name"] == "Contoh-Kop.pdf"
    reader = PdfReader(io.BytesIO(sample.document["bytes"]))
    assert len(reader.pages) == 1
    assert "KPU KOTA MOJOKERTO" in reader.pages[0].extract_text()
    assert len(reader.pages[0].images) == 1  # the logo

    await admin.press(saved, "Hapus logo")
    card = await admin.wait_edit(saved)
    assert "Logo: belum ada" in card.text
    assert (await profile_row(community.data)).logo is None
    assert [action for action, _, _ in await office_audit(community.data)] == [
        "office.logo",
        "office.logo",
    ]


async def test_only_admins_keep_the_profile(community: Community):
    member = community.members["POLRI"]
    before = await profile_row(community.data)
    await member.send("/kantor")
    refusal = await member.next_message()
    assert refusal.text is not None and "khusus admin" in refusal.text
    answer = await member.press_data(refusal, "ofc:email")
    assert answer.show_alert and "khusus admin" in answer.text
    answer = await member.press_data(refusal, "ofs:undangan:nip")
    assert answer.show_alert and "khusus admin" in answer.text
    await member.send("kpu@contoh.go.id")
    assert "tidak memahami" in (await member.next_message()).text
    after = await profile_row(community.data)
    assert after.model_dump() == before.model_dump()
    assert await office_audit(community.data) == []


async def test_forged_office_buttons_are_refused(community: Community):
    admin = community.admin
    card = await open_office(admin)
    for data in ("ofc:zzz", "ofs:rapat", "ofs:undangan:gaji", "ofc:nologo"):
        answer = await admin.press_data(card, data)
        assert answer.show_alert and "tidak berlaku" in answer.text, data
    assert await office_audit(community.data) == []


async def test_blank_rows_of_the_daftar_hadir_are_set_in_the_profile(community: Community):
    admin = community.admin
    card = await open_office(admin)
    assert card.text is not None and "Baris kosong untuk tamu di Daftar Hadir: 5" in card.text
    for typed in ("80", "sepuluh"):  # each refused, the question kept open
        refused = await edit(admin, card, "Baris kosong", typed)
        assert refused.text is not None and "dari 0 sampai 50" in refused.text
        await admin.send("/batal")
        await admin.next_message()
    answer = await edit(admin, card, "Baris kosong", "8")
    assert answer.text is not None and "Baris kosong untuk tamu di Daftar Hadir: 8" in answer.text
    assert community.data.sessions is not None
    async with community.data.sessions() as session:
        profile = await session.get(OfficeProfile, 1)
        assert profile is not None and profile.attendance_blank_rows == 8
    edits = [(d["field"], d["new"]) for _, _, d in await office_audit(community.data)]
    assert edits == [("attendance_blank_rows", 8)]
