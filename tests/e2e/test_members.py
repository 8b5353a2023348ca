"""/anggota through the bot (issue 10, item 1): the pillar menu, pages, search, a member's
card and each change on it, who waits, the XLSX, and refusals that change nothing."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from sqlmodel import delete, select

from bot.app import build_application, running
from bot.context import BotData
from bot.db import create_engine, create_session_maker
from bot.settings import Settings
from models import AuditEntry, Member, MemberStatus, OutboxMessage, Pillar
from sandbox import BotApiSandbox
from sandbox import scenarios as do
from tests.conftest import ADMIN_ID
from tests.e2e.conftest import MEMBER_IDS, Community, days_ahead, member_of, rows, typed

POLRI = "Hendra Kurniawan"
pytestmark = pytest.mark.usefixtures("quick_digest")


async def audit_of(data: BotData, action: str) -> list[dict[str, Any]]:
    return [e.detail for e in await rows(data, AuditEntry, AuditEntry.action == action)]


async def test_the_menu_counts_pillars_and_a_page_opens_a_card(community: Community):
    admin = community.admin
    await admin.send("/anggota")
    menu = await admin.next_message()
    assert (menu.text or "").startswith("👥 Direktori anggota (6 orang)")
    for label in ("👥 Semua (6)", "KPU (1)", "Polri (1)", "PPS (0)", "⏳ Menunggu (0)"):
        assert label in menu.button_texts, label
    await admin.press(menu, "Polri (1)")
    page = await admin.wait_edit(menu)
    assert page.text is not None and page.text.startswith("👥 Polri (1 orang)")
    assert "1. Hendra Kurniawan — Polres Mojokerto Kota, Kapolres" in page.text
    await admin.press(page, "1. Hendra Kurniawan")
    card = await admin.wait_edit(page)
    assert card.text is not None
    for line in (
        "🪪 Hendra Kurniawan",
        "Pilar: Polri",
        "Instansi: Polres Mojokerto Kota",
        "Jabatan: Kapolres",
        "Status: anggota",
        "Admin: tidak",
        "Bahasa: Bahasa Indonesia",
        "Terdaftar: ",
    ):
        assert line in card.text, line
    assert {"✏️ Nama", "🔁 Pilar", "👑 Jadikan admin", "💤 Nonaktifkan", "⬅️ Polri"} <= set(
        card.button_texts
    )
    await admin.press(card, "⬅️ Polri")
    assert "1. Hendra Kurniawan" in ((await admin.wait_edit(card)).text or "")


async def test_a_typo_in_a_name_is_fixed_and_audited(community: Community):
    admin, data = community.admin, community.data
    polri = community.members["POLRI"]
    card = await do.open_member_card(admin, "Polri", POLRI)
    await admin.press(card, "✏️ Nama")
    ask = await admin.next_message()
    assert "Nama" in (ask.text or "") and POLRI in (ask.text or "") and "/batal" in ask.text

    await admin.send("!!!")  # bad input: asked again, nothing stored
    assert "huruf atau angka" in ((await admin.next_message()).text or "")
    await admin.send("x" * 201)
    assert "maksimal 200" in ((await admin.next_message()).text or "")
    assert (await member_of(data, polri.id)).full_name == POLRI

    await admin.send("AKBP  Hendra Kurniawan, S.I.K.\u200b")
    fixed = await admin.next_message()
    assert fixed.text is not None
    assert fixed.text.startswith("✅ Nama: Hendra Kurniawan → AKBP Hendra Kurniawan, S.I.K.")
    assert "🪪 AKBP Hendra Kurniawan, S.I.K." in fixed.text
    assert "✏️ Nama" in fixed.button_texts
    assert (await member_of(data, polri.id)).full_name == "AKBP Hendra Kurniawan, S.I.K."
    assert await audit_of(data, "member.edit") == [
        {"field": "name", "old": POLRI, "new": "AKBP Hendra Kurniawan, S.I.K."}
    ]
    await admin.send("Kapolres baru")  # the form is over: just a stray text
    assert "tidak memahami" in ((await admin.next_message()).text or "")


async def test_an_edit_cancelled_with_batal_changes_nothing(community: Community):
    admin, data = community.admin, community.data
    card = await do.open_member_card(admin, "TNI", "Eko Budi Setiawan")
    await admin.press(card, "✏️ Jabatan")
    await admin.next_message()
    await admin.send("/batal")
    assert "Dibatalkan" in ((await admin.next_message()).text or "")
    await admin.send("Dandim 0815")
    await admin.next_message()
    assert (await member_of(data, MEMBER_IDS["TNI"])).position == "Dandim"
    assert await audit_of(data, "member.edit") == []


async def test_search_by_words_is_case_and_accent_insensitive_and_escaped(
    community: Community,
):
    admin, data = community.admin, community.data
    async with data.sessions() as session:  # type: ignore[misc]
        row = await session.get(Member, (await member_of(data, MEMBER_IDS["BAWASLU"])).id)
        assert row is not None
        row.full_name = "Nurul Hidayatí"
        session.add(row)
        await session.commit()
    await admin.send("/anggota HIDAYATI bawaslu")
    found = await admin.next_message()
    assert found.text is not None
    assert found.text.startswith('🔎 Hasil pencarian "HIDAYATI bawaslu" (1 orang)')
    assert "1. Nurul Hidayatí — Bawaslu Kota Mojokerto, Ketua" in found.text
    await admin.press(found, "1. Nurul")
    assert "🪪 Nurul Hidayatí" in ((await admin.wait_edit(found)).text or "")

    await admin.send("/anggota <b>Ratna</b>")
    none = await admin.next_message()
    assert none.html is not None and "&lt;b&gt;Ratna&lt;/b&gt;" in none.html
    assert "Tidak ada anggota yang cocok" in (none.text or "")

    await admin.press(none, "🔎 Cari")
    assert "nama atau instansi" in ((await admin.next_message()).text or "")
    await admin.send("mojokerto kota")
    typed = await admin.next_message()
    assert "(5 orang)" in (typed.text or "")  # each word anywhere: all but "Kodim 0815/…"
    assert "Eko Budi Setiawan" not in (typed.text or "")


async def test_a_pillar_change_by_an_admin_moves_the_member(community: Community):
    admin, data = community.admin, community.data
    card = await do.open_member_card(admin, "Pemda", "Wahyu Adi Nugroho")
    await admin.press(card, "🔁 Pilar")
    choice = await admin.wait_edit(card)
    assert "✅ Pemda" in choice.button_texts
    await admin.press(choice, "Forkopimda")
    moved = await admin.wait_edit(choice)
    assert (moved.text or "").startswith("✅ Pilar: Pemda → Forkopimda")
    assert "Pilar: Forkopimda" in (moved.text or "")
    row = await member_of(data, MEMBER_IDS["PEMDA"])
    (forkopimda,) = await rows(data, Pillar, Pillar.code == "FORKOPIMDA")
    assert row.pillar_id == forkopimda.id
    assert await audit_of(data, "member.pillar") == [
        {"field": "pillar", "old": "PEMDA", "new": "FORKOPIMDA"}
    ]


async def test_admin_is_granted_revoked_and_never_leaves_the_bot_without_one(
    community: Community,
):
    admin, data = community.admin, community.data
    hendra = community.members["POLRI"]
    card = await do.open_member_card(admin, "Polri", POLRI)
    await admin.press(card, "👑 Jadikan admin")
    made = await admin.wait_edit(card)
    assert (made.text or "").startswith("✅ Admin: tidak → ya")
    assert "Cabut admin" in made.button_texts
    assert (await member_of(data, hendra.id)).is_admin

    # Ratna is in ADMIN_IDS: revoking her here would not last past the next start
    ratna = await do.open_member_card(hendra, "KPU", "Ratna Dewi Lestari")
    refused = await hendra.press(ratna, "Cabut admin")
    assert refused.show_alert and "ADMIN_IDS" in (refused.text or "")
    assert (await member_of(data, ADMIN_ID)).is_admin
    # Hendra deactivates Ratna; then he is the last admin and cannot leave
    await hendra.press(ratna, "💤 Nonaktifkan")
    gone = await hendra.wait_edit(ratna)
    assert "Status: nonaktif" in (gone.text or "")
    own = await do.open_member_card(hendra, "Polri", POLRI)
    for button in ("Cabut admin", "💤 Nonaktifkan"):
        last = await hendra.press(own, button)
        assert last.show_alert and "admin terakhir" in (last.text or ""), button
    assert (await member_of(data, hendra.id)).is_admin
    await hendra.press(gone, "♻️ Aktifkan kembali")
    assert "Status: anggota" in ((await hendra.wait_edit(gone)).text or "")
    await hendra.press(own, "Cabut admin")  # Ratna is back: Hendra may step down
    revoked = await hendra.wait_edit(own)
    assert (revoked.text or "").startswith("✅ Admin: ya → tidak")
    assert not (await member_of(data, hendra.id)).is_admin
    refused = await hendra.press(revoked, "⬅️ Polri")  # no longer an admin
    assert refused.show_alert and "khusus admin" in (refused.text or "")
    assert [d["new"] for d in await audit_of(data, "member.admin")] == ["true", "false"]
    assert [d["new"] for d in await audit_of(data, "member.status")] == ["inactive", "approved"]


async def test_a_deactivated_member_gets_nothing_and_is_restored(community: Community):
    admin, data = community.admin, community.data
    polri = community.members["POLRI"]
    card = await do.open_member_card(admin, "Polri", POLRI)
    await admin.press(card, "💤 Nonaktifkan")
    off = await admin.wait_edit(card)
    assert (off.text or "").startswith("✅ Status: anggota → nonaktif")
    assert "♻️ Aktifkan kembali" in off.button_texts

    form = do.ForumForm(
        title="Diskusi dan Konsolidasi Empat Pilar",
        start=typed(days_ahead(5)),
        venue="Ballroom Hotel Ayola",
        agenda="Konsolidasi",
        pillars=[],  # the four core pillars, POLRI among them
    )
    preview, _ = await do.create_forum(admin, form)
    await do.publish(admin, preview)
    assert "Diskusi" in ((await community.members["TNI"].next_message()).text or "")
    await polri.no_message(within=0.5)
    assert await rows(data, OutboxMessage, OutboxMessage.chat_id == polri.id) == []
    await polri.send("/jadwal")
    assert "dinonaktifkan" in ((await polri.next_message()).text or "")
    await admin.send("/anggota")
    menu = await admin.next_message()
    assert "Polri (1)" in menu.button_texts  # still in the directory, marked
    await admin.press(menu, "Polri (1)")
    assert "1. Hendra Kurniawan — Polres Mojokerto Kota, Kapolres 💤" in (
        (await admin.wait_edit(menu)).text or ""
    )

    await admin.press(off, "♻️ Aktifkan kembali")
    on = await admin.wait_edit(off)
    assert (on.text or "").startswith("✅ Status: nonaktif → anggota")
    assert (await member_of(data, polri.id)).status == MemberStatus.APPROVED
    await polri.send("/jadwal")
    assert "Diskusi dan Konsolidasi" in ((await polri.next_message()).text or "")


async def test_the_waiting_list_approves_and_rejects_and_the_digest_follows(
    community: Community, sandbox: BotApiSandbox
):
    admin, data = community.admin, community.data
    joko, sri = sandbox.user(3301, "Joko"), sandbox.user(3302, "Sri")
    await do.register(joko, do.Profile("Joko Susilo", "PPK", "PPK Prajurit Kulon", "Ketua"))
    digest = await admin.next_message()
    await do.register(sri, do.Profile("Sri Wahyuni", "PPS", "PPS Balongsari", "Sekretaris"))
    await admin.wait_edit(digest)

    await admin.send("/anggota")
    menu = await admin.next_message()
    await admin.press(menu, "⏳ Menunggu (2)")
    waiting = await admin.wait_edit(menu)
    assert "1. Joko Susilo · PPK" in (waiting.text or "")
    assert "2. Sri Wahyuni · PPS" in (waiting.text or "")
    await admin.press(waiting, "✅ 1. Joko Susilo")
    after = await admin.wait_edit(waiting)
    assert "Joko" not in (after.text or "") and "1. Sri Wahyuni" in (after.text or "")
    assert "disetujui" in ((await joko.next_message()).text or "")
    await admin.press(after, "❌ 1")
    empty = await admin.wait_edit(after)
    assert "Tidak ada pendaftaran" in (empty.text or "")
    assert "tidak disetujui" in ((await sri.next_message()).text or "")
    await admin.wait_edit(digest, until=lambda m: "sudah diputuskan" in (m.text or ""))
    assert (await member_of(data, 3301)).status == MemberStatus.APPROVED
    assert (await member_of(data, 3302)).status == MemberStatus.REJECTED
    assert len(await rows(data, AuditEntry, AuditEntry.action == "member.approve")) == 1

    # a rejection is undone from the card: Sri waits again
    card = await do.open_member_card(admin, "PPS", "Sri Wahyuni")
    assert "Status: ditolak" in (card.text or "")
    await admin.press(card, "Batalkan penolakan")
    back = await admin.wait_edit(card)
    assert "Status: menunggu persetujuan" in (back.text or "")
    assert (await member_of(data, 3302)).status == MemberStatus.PENDING
    assert {"✅ Setujui", "✖️ Tolak"} <= set(back.button_texts)
    again = await admin.next_message()  # a new digest lists her
    assert "Sri Wahyuni" in (again.text or "")
    # the waiting list's Approve for Joko, pressed again: already decided, nothing changes
    repeat = await admin.press_data(empty, f"mact:{(await member_of(data, 3301)).id}:no")
    assert repeat.show_alert and "sudah diputuskan" in (repeat.text or "")
    assert (await member_of(data, 3301)).status == MemberStatus.APPROVED


async def test_the_directory_exports_as_xlsx(community: Community):
    admin, data = community.admin, community.data
    await admin.send("/anggota")
    menu = await admin.next_message()
    await admin.press(menu, "📊 Unduh XLSX")
    document = await admin.next_message()
    assert document.document is not None
    assert document.document["file_name"].startswith("Direktori-Anggota-")
    assert document.caption is not None and "6 orang" in document.caption
    workbook = openpyxl.load_workbook(io.BytesIO(document.document["bytes"]))
    assert len(workbook.worksheets) == 1
    sheet = workbook.worksheets[0]
    assert sheet.title == "Direktori Anggota"
    assert str(sheet["A1"].value).startswith("DIREKTORI ANGGOTA KPU Kota Mojokerto · per ")
    header = [cell.value for cell in sheet[3]]
    assert header == [
        "No",
        "Nama",
        "Pilar",
        "Instansi",
        "Jabatan",
        "Status",
        "Admin",
        "Terdaftar (WIB)",
    ]
    body = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    assert [row[0] for row in body] == [1, 2, 3, 4, 5, 6]
    assert body[0][1:7] == [
        "Ratna Dewi Lestari",
        "KPU",
        "KPU Kota Mojokerto",
        "Anggota Divisi Hukum",
        "anggota",
        "Ya",
    ]
    assert body[2][1:4] == ["Hendra Kurniawan", "POLRI", "Polres Mojokerto Kota"]
    assert all(row[6] is None for row in body[1:])
    assert sheet.auto_filter.ref == "A3:H9"
    assert sheet.column_dimensions["B"].width == 34
    assert await audit_of(data, "members.export.xlsx") == [{"rows": 6}]


async def test_stale_forged_and_misplaced_presses_change_nothing(
    community: Community, sandbox: BotApiSandbox
):
    admin, data = community.admin, community.data
    card = await do.open_member_card(admin, "TNI", "Eko Budi Setiawan")
    eko = await member_of(data, MEMBER_IDS["TNI"])
    before = await rows(data, Member)
    audited = len(await rows(data, AuditEntry))
    for forged in (
        "mact:x:off",
        f"mact:{eko.id}:boom",
        f"medit:{eko.id}:email",
        "mcard:99999999999",
        f"mpil:{eko.id}",
        "pilr:1:2:z",
        "mdir:drop",
        "msq:x",
    ):
        answer = await admin.press_data(card, forged)
        assert answer.show_alert and "tidak berlaku" in (answer.text or ""), forged
    # the member is deleted meanwhile: every button of the card says so
    async with data.sessions() as session:  # type: ignore[misc]
        await session.exec(delete(OutboxMessage).where(OutboxMessage.member_id == eko.id))  # type: ignore[arg-type]
        await session.exec(delete(Member).where(Member.id == eko.id))  # type: ignore[arg-type]
        await session.commit()
    for button in ("💤 Nonaktifkan", "👑 Jadikan admin", "✏️ Nama", "🔁 Pilar"):
        gone = await admin.press(card, button)
        assert gone.show_alert and gone.text == "Anggota tidak ditemukan.", button
    for data_ in (f"mcard:{eko.id}", f"mpil:{eko.id}:1"):
        gone = await admin.press_data(card, data_)
        assert gone.text == "Anggota tidak ditemukan.", data_
    assert card.edit_count == 2  # only menu → page → card
    assert len(await rows(data, Member)) == len(before) - 1
    assert len(await rows(data, AuditEntry)) == audited
    await admin.no_message(within=0.2)
    # a search page after the bot forgot the search (a restart)
    await admin.send("/anggota kota")
    found = await admin.next_message()
    assert found.buttons
    await admin.press(found, "⬅️ Menu")
    menu = await admin.wait_edit(found)
    assert "Direktori anggota" in (menu.text or "")

    # in a group: /anggota points to the private chat, a directory button is refused there
    group = sandbox.add_bot_to_group(-100777, "Koordinasi Pemilu", by=admin)
    await group.send(admin, "/anggota")
    pointed = await group.next_message()
    assert "chat pribadi" in (pointed.text or "")
    assert "Hendra" not in (pointed.text or "")
    hendra = await member_of(data, MEMBER_IDS["POLRI"])
    for data_ in (f"mcard:{hendra.id}", f"mact:{hendra.id}:off", "mdir:xlsx"):
        refused = await group.press_data(admin, pointed, data_)
        assert refused.show_alert and "chat pribadi" in (refused.text or ""), data_
    await group.no_message(within=0.2)
    assert (await member_of(data, MEMBER_IDS["POLRI"])).status == MemberStatus.APPROVED


async def test_admin_ids_grants_at_start_and_removing_an_id_revokes_nothing(
    sandbox: BotApiSandbox, settings: Settings
):
    """ADMIN_IDS at start: a registered, approved member it lists becomes admin; an admin no
    longer listed stays admin; a pending listed one is left waiting."""
    engine = create_engine(settings.database_url)
    sessions = create_session_maker(engine)
    async with sessions() as session:
        kpu = (await session.exec(select(Pillar).where(Pillar.code == "KPU"))).one()

        def person(user_id: int, **fields: Any) -> Member:
            return Member(
                telegram_user_id=user_id,
                chat_id=user_id,
                full_name=f"Orang {user_id}",
                pillar_id=kpu.id or 0,
                institution="KPU Kota Mojokerto",
                position="Staf",
                **fields,
            )

        session.add_all(
            [
                person(ADMIN_ID, status=MemberStatus.APPROVED),  # listed, not flagged yet
                person(4001, status=MemberStatus.APPROVED, is_admin=True),  # no longer listed
                person(4002, status=MemberStatus.PENDING),  # listed below, still pending
            ]
        )
        await session.commit()
    await engine.dispose()
    settings = settings.model_copy(update={"admin_ids": (ADMIN_ID, 4002)})
    former = sandbox.user(4001, "Mantan")
    await former.send("/anggota")  # waits at Telegram while the bot is down
    application = build_application(settings)
    async with running(application):
        data: BotData = application.bot_data
        assert (await member_of(data, ADMIN_ID)).is_admin
        assert (await member_of(data, 4001)).is_admin
        assert not (await member_of(data, 4002)).is_admin
        (entry,) = await rows(data, AuditEntry, AuditEntry.action == "member.admin")
        assert entry.actor_user_id == 0 and entry.detail["new"] == "true"
        # Still an admin, by the database: he gets the directory, and the start's digest of
        # 4002's pending registration (through the outbox: before or after it).
        texts = [(await former.next_message()).text or "" for _ in range(2)]
        assert sorted("Direktori anggota" in text for text in texts) == [False, True]
        assert any(text.startswith("📝 Pendaftaran menunggu persetujuan (1)") for text in texts)
    # a second start changes nothing more
    application = build_application(settings)
    async with running(application):
        entries = await rows(application.bot_data, AuditEntry)
        assert [e.action for e in entries] == ["member.admin"]


async def seed_members(
    data: BotData, count: int, *, name: str, institution: str, position: str, status: str
) -> None:
    """`count` members of PPS stored directly (a busy registration day, not the test's
    subject): names numbered after `name`."""
    async with data.sessions() as session:  # type: ignore[misc]
        pps = (await session.exec(select(Pillar).where(Pillar.code == "PPS"))).one()
        for n in range(count):
            session.add(
                Member(
                    telegram_user_id=9000 + n,
                    chat_id=9000 + n,
                    full_name=f"{name} {n:02d}"[:200],
                    pillar_id=pps.id or 0,
                    institution=institution,
                    position=position,
                    status=status,
                )
            )
        await session.commit()


async def test_a_page_of_the_longest_names_still_fits_one_message(community: Community):
    """20 rows of the longest name, institution and position the bot accepts (200/300/200)
    would be 14,000 characters: Telegram refuses over 4,096 ("Message is too long")."""
    admin = community.admin
    await seed_members(
        community.data,
        20,
        name="N" * 196,
        institution="I" * 300,
        position="P" * 200,
        status=MemberStatus.APPROVED,
    )
    await admin.send("/anggota")
    menu = await admin.next_message()
    await admin.press(menu, "PPS (20)")
    page = await admin.wait_edit(menu)
    assert page.text is not None and page.text.startswith("👥 PPS (20 orang)")
    assert len(page.text) <= 4096 and page.text.count("…") >= 20
    await admin.press(page, "⬅️ Menu")
    await admin.wait_edit(page)
    await admin.press(page, "👥 Semua (26)")
    everyone = await admin.wait_edit(page)
    assert everyone.text is not None and len(everyone.text) <= 4096
    await admin.send("/anggota " + "N" * 20)
    found = await admin.next_message()
    assert found.text is not None and len(found.text) <= 4096 and "(20 orang)" in found.text
    await admin.press(found, found.button_texts[0])
    card = await admin.wait_edit(found)
    assert "N" * 196 + " 00" in (card.text or "")  # the card shows the name whole


async def test_many_waiting_show_the_oldest_ten_and_count_the_rest(community: Community):
    admin, data = community.admin, community.data
    await seed_members(
        data,
        50,
        name="Siti Nurhaliza Rahmawati",
        institution="PPS Kelurahan Balongsari Kecamatan Magersari",
        position="Ketua PPS",
        status=MemberStatus.PENDING,
    )
    await admin.send("/anggota")
    menu = await admin.next_message()
    await admin.press(menu, "⏳ Menunggu (50)")
    waiting = await admin.wait_edit(menu)
    assert waiting.text is not None and len(waiting.text) <= 4096
    assert "Siti Nurhaliza Rahmawati 09" in waiting.text
    assert "Siti Nurhaliza Rahmawati 10" not in waiting.text
    assert "… dan 40 lainnya" in waiting.text
    assert len(waiting.button_texts) == 2 * 10 + 1
    await admin.press(waiting, "✅ 1. Siti Nurhaliza Rahmawati 00")
    moved = await admin.wait_edit(waiting, until=lambda m: "(49)" in (m.text or ""))
    assert "Siti Nurhaliza Rahmawati 10" in (moved.text or "")  # the next one moved up
    (first,) = await rows(data, Member, Member.telegram_user_id == 9000)
    assert first.status == MemberStatus.APPROVED
