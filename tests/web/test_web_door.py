"""The web door over HTTP: who may see what, with initData signed as Telegram signs it
(issue 12 items 2-4). The pages themselves are looked at in a browser in tests/browser/."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode

import httpx
import pytest

from models import AuditEntry, Rsvp, RsvpAnswer
from sandbox import BotApiSandbox
from tests.e2e.conftest import Community, days_ahead, publish_forum, rows
from tests.web.conftest import PUBLIC, signed

pytestmark = pytest.mark.usefixtures("app")


async def test_the_menu_button_opens_the_dashboard(sandbox: BotApiSandbox) -> None:
    button = sandbox.menu_button()
    assert button is not None
    assert button["type"] == "web_app"
    assert button["web_app"]["url"] == f"{PUBLIC}/app"
    assert button["text"] == "Dasbor"


async def test_the_shell_page_is_served_with_a_strict_policy(http: httpx.AsyncClient) -> None:
    page = await http.get("/app")
    assert page.status_code == 200
    assert "Sinergi" in page.text
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors https://web.telegram.org" in policy
    assert page.headers["X-Content-Type-Options"] == "nosniff"


async def test_missing_forged_and_stale_init_data_are_refused(
    http: httpx.AsyncClient, sandbox: BotApiSandbox, community: Community
) -> None:
    missing = await http.get("/app/v/home")
    assert missing.status_code == 401
    assert "Silakan buka dasbor ini dari bot Sinergi" in missing.text
    header = signed(sandbox, community.admin)["Authorization"]
    # Another user id under the admin's hash: the signature no longer matches.
    fields = dict(parse_qsl(header.removeprefix("tma ")))
    fields["user"] = fields["user"].replace(str(community.admin.id), "999")
    forged = await http.get(
        "/app/v/home", headers={"Authorization": "tma " + urlencode(fields, quote_via=quote)}
    )
    assert forged.status_code == 401
    assert "tidak sah" in forged.text
    stale = await http.get("/app/v/home", headers=signed(sandbox, community.admin, age=2 * 86400))
    assert stale.status_code == 401
    assert "kedaluwarsa" in stale.text
    fine = await http.get("/app/v/home", headers=signed(sandbox, community.admin))
    assert fine.status_code == 200
    # Signed for a moment still to come: not Telegram's.
    future = await http.get("/app/v/home", headers=signed(sandbox, community.admin, age=-600))
    assert future.status_code == 401


async def test_odd_ids_are_not_found_and_errors_carry_the_policy(
    http: httpx.AsyncClient, sandbox: BotApiSandbox, community: Community
) -> None:
    admin = signed(sandbox, community.admin)
    # Digits int() would read but nobody types: "²", Arabic-Indic "١", fullwidth "１".
    for path in ("/app/v/forum/%C2%B2", "/app/v/forum/%D9%A1", "/app/v/forum/%EF%BC%91"):
        page = await http.get(path, headers=admin)
        assert page.status_code == 404, path
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    listing = await http.get("/app/v/members?page=%C2%B2", headers=admin)
    assert listing.status_code == 200
    missing = await http.get("/nothing-here")
    assert missing.status_code == 404 and missing.headers["X-Content-Type-Options"] == "nosniff"


async def test_a_member_cannot_open_admin_views_and_sees_only_their_forums(
    http: httpx.AsyncClient, sandbox: BotApiSandbox, community: Community
) -> None:
    await publish_forum(community, start=days_ahead(3), pillars=["POLRI"])
    polri, tni = community.members["POLRI"], community.members["TNI"]
    for path in ("/app/v/members", "/app/v/announcements", "/app/v/forum/1/arrivals"):
        page = await http.get(path, headers=signed(sandbox, polri))
        assert page.status_code == 403, path
        assert "hanya untuk admin KPU" in page.text
    mine = await http.get("/app/v/home", headers=signed(sandbox, polri))
    assert "Diskusi dan Konsolidasi Empat Pilar" in mine.text
    assert "Belum menjawab" in mine.text
    # TNI is not invited: neither the list nor the forum shows it.
    theirs = await http.get("/app/v/home", headers=signed(sandbox, tni))
    assert "Diskusi dan Konsolidasi" not in theirs.text
    assert (await http.get("/app/v/forum/1", headers=signed(sandbox, tni))).status_code == 404
    stranger = sandbox.user(555_001, "Asing")
    refused = await http.get("/app/v/home", headers=signed(sandbox, stranger))
    assert refused.status_code == 403
    assert "anggota yang sudah terdaftar" in refused.text


async def test_an_answer_changed_on_the_dashboard_is_the_invitations_answer(
    http: httpx.AsyncClient, sandbox: BotApiSandbox, community: Community
) -> None:
    invitations = await publish_forum(community, start=days_ahead(3), pillars=["POLRI"])
    polri = community.members["POLRI"]
    page = await http.post(
        "/app/v/forum/1/rsvp",
        data={
            "answer": "delegated",
            "delegate_name": "Kompol <b>Agus</b>",
            "delegate_position": "Wakapolres",
        },
        headers=signed(sandbox, polri),
    )
    assert page.status_code == 200
    assert "Diwakilkan (Kompol &lt;b&gt;Agus&lt;/b&gt;, Wakapolres)" in page.text
    (answer,) = await rows(community.data, Rsvp)
    assert answer.answer == RsvpAnswer.DELEGATED and answer.delegate_name == "Kompol <b>Agus</b>"
    # The invitation in the chat is ticked as if its button had been pressed.
    edited = await polri.wait_edit(invitations["POLRI"])  # type: ignore[arg-type]
    # Shown as typed: the name was escaped, not taken as markup.
    assert "diwakili oleh Kompol <b>Agus</b> (Wakapolres)" in edited.text
    bad = await http.post(
        "/app/v/forum/1/rsvp", data={"answer": "maybe"}, headers=signed(sandbox, polri)
    )
    assert bad.status_code == 400
    assert "Jawaban tidak dikenal" in bad.text
    missing = await http.post(
        "/app/v/forum/1/rsvp", data={"answer": "delegated"}, headers=signed(sandbox, polri)
    )
    assert missing.status_code == 400
    (still,) = await rows(community.data, Rsvp)
    assert still.delegate_name == "Kompol <b>Agus</b>"


async def test_admins_see_counts_names_and_download_every_export(
    http: httpx.AsyncClient, sandbox: BotApiSandbox, community: Community
) -> None:
    await publish_forum(community, start=days_ahead(3))
    admin = signed(sandbox, community.admin)
    await http.post(
        "/app/v/forum/1/rsvp",
        data={"answer": "attending"},
        headers=signed(sandbox, community.members["POLRI"]),
    )
    home = await http.get("/app/v/home", headers=admin)
    assert 'data-confirmed="1" data-invited="4"' in home.text
    assert "Kejaksaan ★" in home.text
    forum = await http.get("/app/v/forum/1", headers=admin)
    assert forum.status_code == 200
    for code in ("KEJAKSAAN", "POLRI", "TNI", "BAWASLU"):
        assert community.members[code].first_name in forum.text
    links = re.findall(r'href="(/app/dl/[^"]+)"', forum.text)
    assert len(links) == 5
    for link in links:
        got = await http.get(link)
        assert got.status_code == 200, link
        assert got.headers["Content-Disposition"].startswith("attachment; filename=")
        assert len(got.content) > 100
    assert (await http.get(links[0][:-3] + "abc")).status_code == 403
    exports = [
        e.action
        for e in await rows(community.data, AuditEntry)
        if e.action.startswith("forum.export")
    ]
    assert exports == [
        "forum.export.pdf",
        "forum.export.xlsx",
        "forum.export.spj",
        "forum.export.spj",
    ]
    members = await http.get("/app/v/members?q=polres", headers=admin)
    assert community.members["POLRI"].first_name in members.text
    assert community.members["TNI"].first_name not in members.text


async def test_jadwal_opens_the_dashboard_signed_in_as_the_member(
    http: httpx.AsyncClient, sandbox: BotApiSandbox, community: Community
) -> None:
    await publish_forum(community, start=days_ahead(3), pillars=["POLRI"])
    polri = community.members["POLRI"]
    await polri.send("/jadwal")
    schedule = await polri.next_message()
    assert schedule.reply_markup is not None
    (button,) = [
        b for row in schedule.reply_markup["inline_keyboard"] for b in row if "web_app" in b
    ]
    assert button["text"] == "📊 Buka dasbor"
    assert button["web_app"]["url"] == f"{PUBLIC}/app"
    # What the Telegram client loads: the local page with initData in the fragment.
    opened = sandbox.web_app_url(polri, button["web_app"]["url"])
    path, fragment = opened.split("#", 1)
    assert (await http.get(path)).status_code == 200
    data = dict(parse_qsl(fragment))["tgWebAppData"]
    mine = await http.get("/app/v/home", headers={"Authorization": f"tma {data}"})
    assert mine.status_code == 200
    assert "Forum Bapak/Ibu" in mine.text and "Diskusi dan Konsolidasi" in mine.text
