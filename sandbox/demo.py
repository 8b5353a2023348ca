"""`main.py demo`: the Mojokerto forum of docs/PRODUCT.md, played end to end against the sandbox.

An admin registers, makes pillar invite links, one member per pillar joins (the Dandim with a
typo in his name, which the admin corrects in /anggota), a forum at the Ballroom of Hotel
Ayola is published, members RSVP (one delegates, one declines, two stay silent) and the recap
is shown. While the reminders are awaited, the TOR goes as a PDF to the two who have not
answered: one confirms receipt ("Sudah diterima") and answers, the other gets the one-tap
follow-up. Reminders fire (offsets shortened to seconds) and nudge the last silent member,
then an announcement goes to everyone. Everything goes through the real
`telegram.ext.Application`; the transcript is printed as it happens and written to
`<output>/transcript.txt`. At the venue members check in by the QR link (one by the admin's
hand, and a representative on his own phone), the admin writes the notulen in the bot, and
the Daftar Hadir PDF and XLSX, the Berkas SPJ (its PDF, and the ZIP of originals unpacked:
the surat undangan, Daftar Hadir, notulen) and a member's .ics are written to `<output>` too.
"""

from __future__ import annotations

import asyncio
import csv
import logging
import math
import socket
import time
import zipfile
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from fpdf import FPDF
from sqlalchemy import func
from sqlmodel import col, select

from bot.app import WEB_EXTRA_ROUTES, build_application, running
from bot.context import SinergiApplication, SinergiContext
from bot.dates import format_date
from bot.settings import Settings
from models import (
    Announcement,
    AnnouncementReceipt,
    Attendance,
    Member,
    OutboxMessage,
    Rsvp,
    utcnow,
)
from sandbox import BotApiSandbox, SandboxEvent, SimUser, demo_web
from sandbox import scenarios as do

ROSTER = Path(__file__).with_name("data") / "roster_mojokerto.csv"
ADMIN_ID = 700001
# Seconds from the start. Steps 1-8 must be over by the first (27 s alone, 30 s seen beside
# two other demos and an e2e run); PEMDA answers its nudge about 1 s after it, before the second.
FIRST_REMINDER_AFTER = 40
SECOND_REMINDER_AFTER = 44
REPRESENTATIVE_ID = 800200
# The Dandim's name as he mistypes it at registration; the admin corrects it in /anggota.
TYPO = "Eko Budi Setiwan"
TOR = "TOR-Diskusi-Empat-Pilar.pdf"


def load_roster() -> dict[str, list[do.Profile]]:
    """The sample roster of the Mojokerto forum, by pillar."""
    by_pillar: dict[str, list[do.Profile]] = {}
    with ROSTER.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            by_pillar.setdefault(row["pillar"], []).append(
                do.Profile(row["full_name"], row["pillar"], row["institution"], row["position"])
            )
    return by_pillar


class Transcript:
    """Prints every sandbox event as a readable line and keeps them for the file."""

    def __init__(self, names: dict[int, str]) -> None:
        self.names = names
        self.lines: list[str] = []
        self.started = time.monotonic()

    def say(self, line: str) -> None:
        self.lines.append(line)
        print(line, flush=True)

    def heading(self, title: str) -> None:
        self.say(f"\n=== {title} ===")

    def __call__(self, event: SandboxEvent) -> None:
        who = self.names.get(event.chat_id, str(event.chat_id))
        stamp = f"[{time.monotonic() - self.started:5.1f}s]"
        text = (event.text or "").strip()
        if event.kind == "user_message":
            self.say(f"{stamp} {who} ▶ {text}")
        elif event.kind in ("bot_message", "bot_edit"):
            verb = "Sinergi ▷" if event.kind == "bot_message" else "Sinergi ✎"
            body = text.replace("\n", "\n" + " " * 12)
            message = event.message
            if message is not None and message.document is not None:
                body = f"[document {message.document.get('file_name')}] {body}"
            elif message is not None and message.photo is not None:
                body = f"[photo] {body}"
            self.say(f"{stamp} {verb} {who}: {body}")
            if event.message is not None and event.message.buttons:
                rows = [
                    "  ".join(f"[{label}]" for label, _ in row) for row in event.message.buttons
                ]
                self.say(" " * 12 + " / ".join(rows))
        elif event.kind == "button_press":
            label = _label_for(event)
            self.say(f"{stamp} {who} presses [{label}]")
        elif event.kind == "callback_answer" and text:
            self.say(f"{stamp} Sinergi (popup to {who}): {text}")


def _label_for(event: SandboxEvent) -> str:
    if event.message is not None:
        for row in event.message.buttons:
            for label, data in row:
                if data == event.data:
                    return label
    return event.data or "?"


def _start_time(tz_name: str) -> tuple[datetime, str]:
    """A start a few minutes ahead, on a whole minute, typed the way KPU staff write it."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(tz_name)
    ahead = utcnow() + timedelta(minutes=3)
    start = ahead.replace(second=0, microsecond=0) + timedelta(minutes=1)
    local = start.astimezone(tz)
    typed = f"{format_date(start, tz=tz, lang='id')} pukul {local:%H.%M}"
    return start, typed


async def play(output: Path, *, serve: bool = False, port: int = 0) -> list[str]:
    """Run the scenario on a fresh database in `output`; returns the transcript lines.

    The web door listens on 127.0.0.1:`port` (0: any free port). With `serve`, the sandbox,
    the bot and the web door keep running after the scenario until interrupted, for a
    person to open the dashboard and the desk screen in their own browser.
    """
    database = output / "demo.db"
    roster = load_roster()
    began = utcnow()
    start, start_text = _start_time("Asia/Jakarta")
    until_start = (start - began).total_seconds()
    offsets = (
        math.floor(until_start - FIRST_REMINDER_AFTER),
        math.floor(until_start - SECOND_REMINDER_AFTER),
    )
    sandbox = BotApiSandbox(token="123456:SANDBOX-DEMO", bot_username="sinergi_bot")
    await sandbox.start()
    port = port or _free_port()
    local = f"http://127.0.0.1:{port}"
    sandbox.web_proxy(demo_web.PUBLIC, local)
    admin_profile = roster["KPU"][1]
    admin_name = admin_profile.full_name
    settings = Settings(
        _env_file=None,
        bot_token=sandbox.token,
        bot_api_base_url=sandbox.base_url,
        bot_api_base_file_url=sandbox.base_file_url,
        database_url=f"sqlite+aiosqlite:///{database}",
        admin_ids=(ADMIN_ID,),
        reminder_offsets=offsets,
        send_rate_per_second=30,
        # The kop and signatory of the office's papers (fabricated, as the roster is).
        office_full_name="KOMISI PEMILIHAN UMUM KOTA MOJOKERTO",
        office_address="Jl. Contoh Raya No. 1, Kota Mojokerto, Jawa Timur",
        office_phone="(0321) 000000",
        office_email="kpu@contoh.go.id",
        office_website="kota-mojokerto.kpu.go.id",
        office_city="Mojokerto",
        office_signatory_position="Ketua KPU Kota Mojokerto",
        office_signatory_name=admin_name,
        office_signatory_nip="19800101 200501 1 001",
        # The web door behind the sandbox's stand-in for the reverse proxy (demo_web).
        web_url=demo_web.PUBLIC,
        web_port=port,
    )
    cast = {"KPU": admin_profile}
    cast.update(
        {code: roster[code][0] for code in ("KEJAKSAAN", "POLRI", "TNI", "BAWASLU", "PEMDA")}
    )
    newcomer = roster["PPK"][0]
    names = {ADMIN_ID: f"{admin_profile.full_name} (admin KPU)"}
    users: dict[str, SimUser] = {}
    for index, (code, profile) in enumerate(cast.items()):
        user_id = ADMIN_ID if code == "KPU" else 800001 + index
        users[code] = sandbox.user(user_id, profile.full_name.split()[0])
        names.setdefault(user_id, f"{profile.full_name} ({code})")
    users["PPK"] = sandbox.user(800100, newcomer.full_name.split()[0])
    names[800100] = f"{newcomer.full_name} (PPK)"
    # The Kapolres's representative: not a member, he checks in on his own phone.
    representative = sandbox.user(REPRESENTATIVE_ID, "Dwi")
    names[REPRESENTATIVE_ID] = "Dwi Santoso (perwakilan POLRI)"
    transcript = Transcript(names)
    sandbox.add_listener(transcript)
    transcript.say(
        "Sinergi demo: KPU Kota Mojokerto, 'Diskusi dan Konsolidasi Empat Pilar'.\n"
        f"Reminder offsets shortened to {offsets[0]} s and {offsets[1]} s before the start, "
        f"so they fire about {FIRST_REMINDER_AFTER} s and {SECOND_REMINDER_AFTER} s from now."
    )
    application = build_application(settings)
    door = demo_web.DemoDoor(
        sandbox,
        {user.id: (user, names[user.id]) for user in users.values()},
        users["KPU"],
        "Diskusi",
        local,
    )
    application.bot_data.extra[WEB_EXTRA_ROUTES] = door.routes()
    try:
        async with running(application):
            await _scenario(
                application,
                transcript,
                users,
                cast,
                newcomer,
                start_text,
                start,
                output,
                representative,
                door,
            )
            if serve:
                await _serve(transcript, local)
    finally:
        await sandbox.stop()
    return transcript.lines


async def _scenario(
    application: SinergiApplication,
    transcript: Transcript,
    users: dict[str, SimUser],
    cast: dict[str, do.Profile],
    newcomer: do.Profile,
    start_text: str,
    start: datetime,
    output: Path,
    representative: SimUser,
    door: demo_web.DemoDoor,
) -> None:
    context = SinergiContext(application)  # typed access to the bot's resources
    admin = users["KPU"]
    transcript.heading("1. The KPU admin registers (bootstrapped by ADMIN_IDS)")
    await do.register(admin, cast["KPU"])

    transcript.heading("2. Pillar invite links; one member per pillar joins through them")
    for code in ("KEJAKSAAN", "POLRI", "TNI", "BAWASLU", "PEMDA"):
        payload = await do.invite_link(admin, code)
        typed = replace(cast[code], full_name=TYPO) if code == "TNI" else cast[code]
        await do.register(users[code], typed, invite_payload=payload)

    transcript.heading("3. A plain /start registration waits for the admin's approval")
    await do.register(users["PPK"], newcomer)
    request = await admin.next_message(timeout=10)
    await admin.press(request, "✅ 1.")
    await admin.wait_edit(request)
    await users["PPK"].next_message(timeout=10)

    transcript.heading("4. The admin creates and publishes the forum")
    form = do.ForumForm(
        title="Diskusi dan Konsolidasi Empat Pilar",
        start=start_text,
        end=(start + timedelta(hours=3))
        .astimezone(context.settings.tz)
        .strftime("%d/%m/%Y %H.%M"),
        venue="Ballroom Hotel Ayola, Jl. Benteng Pancasila, Balongsari, Magersari, Kota Mojokerto",
        agenda="Sinergi empat pilar menjelang Pilkada serentak: "
        "paparan Kejari, Polres, Kodim dan Bawaslu",
        pillars=["KPU", "KEJAKSAAN", "POLRI", "TNI", "BAWASLU", "PEMDA", "PPK"],
        note="Mohon membawa KTP; pakaian: PDH",
    )
    preview, _ = await do.create_forum(admin, form)
    await do.publish(admin, preview)

    transcript.heading("5. Invitations arrive; members answer")
    invitations = {code: await user.next_message(timeout=15) for code, user in users.items()}
    await do.answer_invitation(users["KPU"], invitations["KPU"], "Hadir")
    await do.answer_invitation(users["KEJAKSAAN"], invitations["KEJAKSAAN"], "Hadir")
    await do.answer_invitation(
        users["POLRI"], invitations["POLRI"], "Diwakilkan", delegate=("Dwi Santoso", "Kabag Ops")
    )
    await do.answer_invitation(users["TNI"], invitations["TNI"], "Tidak hadir")
    await do.answer_invitation(users["BAWASLU"], invitations["BAWASLU"], "Hadir")
    transcript.say("(PEMDA and PPK do not answer yet.)")

    transcript.heading("6. The admin looks at the recap")
    await admin.send("/rekap")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    await admin.next_message()  # the recap as a picture
    await admin.next_message()

    transcript.heading("7. The admin corrects the Dandim's name in /anggota")
    await do.fix_name(admin, "TNI", TYPO, cast["TNI"].full_name)

    transcript.heading("8. The TOR (PDF) to those who have not answered; read confirmations")
    tor = do.Attachment(await asyncio.to_thread(_tor_pdf, form), TOR)
    await do.announce(
        admin,
        "TOR & susunan acara forum terlampir. Mohon konfirmasi kehadiran.",
        attachment=tor,
        non_responders_of="Diskusi",
    )
    copies = {code: await users[code].next_message(timeout=30) for code in ("PEMDA", "PPK")}
    report = await admin.next_message(timeout=30)  # the delivery report
    await users["PPK"].press(copies["PPK"], "Sudah diterima")
    await users["PPK"].wait_edit(copies["PPK"])
    await do.answer_invitation(users["PPK"], invitations["PPK"], "Hadir")
    await admin.press(report, "Perbarui laporan")
    await admin.wait_edit(report)
    await admin.press(report, "Ingatkan yang belum konfirmasi")
    await users["PEMDA"].next_message(timeout=30)  # the follow-up, to PEMDA alone
    transcript.say("(PEMDA still does not answer.)")

    transcript.heading("9. Reminders fire (offsets shortened to seconds)")
    first = [await admin.next_message(timeout=90), await admin.next_message(timeout=30)]
    summary = next(m for m in first if "Rekap" in (m.text or ""))  # the admins' summary
    assert "TNI" in (summary.text or ""), "the summary names the core pillar nobody confirmed"
    for code in ("KEJAKSAAN", "POLRI", "BAWASLU", "PPK"):
        await users[code].next_message(timeout=30)
    nudge = await users["PEMDA"].next_message(timeout=30)
    await do.answer_invitation(users["PEMDA"], nudge, "Hadir")
    for code in ("KPU", "KEJAKSAAN", "POLRI", "BAWASLU", "PPK", "PEMDA"):
        await users[code].next_message(timeout=30)  # the second reminder

    transcript.heading("10. An announcement to all members, with its delivery report")
    await do.announce(
        admin, "Mohon hadir 30 menit sebelum acara untuk registrasi & presensi. <Terima kasih>"
    )
    for code, user in users.items():
        if code != "KPU":
            await user.next_message(timeout=30)
    await admin.next_message(timeout=30)  # the admin's own copy
    await admin.next_message(timeout=30)  # the delivery report

    transcript.heading("11. At the venue: the admin shows the check-in QR; members scan it")
    await admin.send("/presensi")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    qr = await admin.next_message()
    assert qr.photo is not None and qr.caption is not None
    qr_file = output / "qr-presensi.png"
    qr_file.write_bytes(qr.photo)
    transcript.say(f"(QR code saved to {qr_file})")
    payload = qr.caption.rsplit("?start=", 1)[1].split()[0]
    for code in ("KPU", "KEJAKSAAN", "PPK"):
        await users[code].start(payload)  # what scanning the code does: /start c_<token>
        await users[code].next_message()
    await users["KEJAKSAAN"].start(payload)  # a second scan changes nothing
    await users["KEJAKSAAN"].next_message()
    transcript.say("(The Kapolres sent Dwi Santoso, who scans the code on his own phone.)")
    await representative.start(payload)
    await representative.next_message()
    for answer in ("Dwi Santoso", "Polres Mojokerto Kota", "Kabag Ops"):
        await representative.send(answer)
        choice = await representative.next_message()
    await representative.press(choice, cast["POLRI"].institution)
    await representative.wait_edit(choice)
    transcript.say("(PEMDA's representative left the phone at the office: marked by hand.)")
    await admin.send("/forum")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    detail = await admin.next_message()
    await admin.press(detail, "Presensi manual")
    listing = await admin.next_message()
    await admin.press(listing, cast["PEMDA"].full_name)
    await admin.next_message()
    await admin.send("Hadir, ponsel tertinggal; dicek oleh petugas registrasi")
    await admin.next_message()
    await admin.next_message()

    transcript.heading("11a. The desk screen: Bawaslu's Ketua scans its rotating code")
    transcript.say(
        "(The admin opens the desk screen by its one-time link; the printed code is then off. "
        "The dashboard and the screen are photographed in Chromium when it is installed.)"
    )

    async def scan(payload: str) -> None:
        await users["BAWASLU"].start(payload)
        await users["BAWASLU"].next_message()

    for line in await demo_web.screenshots(door, output / "screenshots", scan):
        transcript.say(line)

    transcript.heading("11b. The notulen, written in the bot while the forum runs")
    await do.write_minutes(
        admin,
        "Diskusi",
        do.MinutesForm(
            opening="Forum dibuka oleh Ketua KPU Kota Mojokerto pukul 09.05 WIB.",
            points=(
                ("Polri", "Pengamanan TPS rawan dengan patroli bersama mulai H-7."),
                ("Bawaslu", "Pengawasan masa tenang diperkuat di 18 kelurahan."),
            ),
            conclusions="Keempat pilar sepakat membentuk posko terpadu.",
            follow_ups="Rapat teknis posko terpadu\nSurat edaran ke PPK dan PPS",
        ),
    )

    transcript.heading("12. Exports: Daftar Hadir (PDF, XLSX), the Berkas SPJ, a member's .ics")
    await admin.send("/rekap")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    await admin.next_message()  # the recap as a picture
    recap = await admin.next_message()
    exported = []
    for label in ("Daftar Hadir (PDF)", "Daftar Hadir (XLSX)"):
        await admin.press(recap, label)
        exported.append(await _document(admin))
    await admin.press(recap, "Berkas SPJ")
    exported.append(await _document(admin))  # the bundle's PDF
    exported.append(await _document(admin))  # the ZIP of its originals
    await users["BAWASLU"].send("/jadwal")
    schedule = await users["BAWASLU"].next_message()
    await users["BAWASLU"].press(schedule, "Diskusi")
    invitation = await users["BAWASLU"].next_message()
    await users["BAWASLU"].press(invitation, ".ics")
    exported.append(await _document(users["BAWASLU"]))
    for document in exported:
        path = output / str(document["file_name"])
        path.write_bytes(document["bytes"])
        transcript.say(f"(written: {path})")
        if path.suffix == ".zip":  # the Berkas SPJ's originals, each paper on its own
            folder = output / path.stem
            with zipfile.ZipFile(path) as archive:
                archive.extractall(folder)
                transcript.say(f"(unpacked: {', '.join(archive.namelist())} in {folder})")

    transcript.heading("13. What the database holds")
    async with asyncio.timeout(10):
        await context.sender.wait_idle()
    async with context.session() as session:
        by_status = dict(
            (
                await session.exec(
                    select(OutboxMessage.status, func.count()).group_by(col(OutboxMessage.status))
                )
            ).all()
        )
        answers = dict(
            (
                await session.exec(select(Rsvp.answer, func.count()).group_by(col(Rsvp.answer)))
            ).all()
        )
        checkins = dict(
            (
                await session.exec(
                    select(Attendance.method, func.count()).group_by(col(Attendance.method))
                )
            ).all()
        )
        dandim = (
            await session.exec(select(Member).where(col(Member.chat_id) == users["TNI"].id))
        ).one()
        receipts = (
            await session.exec(
                select(Member.full_name, Announcement.file_name, Announcement.text)
                .join(
                    AnnouncementReceipt,
                    col(AnnouncementReceipt.announcement_id) == Announcement.id,
                )
                .join(Member, col(Member.id) == AnnouncementReceipt.member_id)
                .order_by(col(AnnouncementReceipt.id))
            )
        ).all()
    transcript.say(f"outbox rows by status: {by_status}")
    transcript.say(f"the Dandim's name: {dandim.full_name}")
    for name, file_name, text in receipts:
        transcript.say(f"read confirmation: {name}, of {file_name or text[:40]!r}")
    transcript.say(f"RSVP answers: {answers}")
    transcript.say(f"check-ins: {checkins}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _serve(transcript: Transcript, local: str) -> None:
    """Keep everything running for a person's own browser until Ctrl+C."""
    transcript.heading("The web door stays open (main.py demo --serve)")
    transcript.say(
        f"Open {local}/demo in your browser: sign in as any of the demo's people, open the "
        "desk screen, scan its code. Press Ctrl+C to stop."
    )
    await asyncio.Event().wait()


def _tor_pdf(form: do.ForumForm) -> bytes:
    """A one-page terms of reference (TOR) of the forum, to attach to an announcement."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, f"Kerangka Acuan (TOR)\n{form.title}", align="C")
    pdf.ln(4)
    pdf.set_font("Helvetica", size=11)
    for label, value in (
        ("Waktu", form.start),
        ("Tempat", form.venue),
        ("Agenda", form.agenda),
        ("Catatan", form.note or "-"),
    ):
        pdf.multi_cell(0, 6, f"{label}: {value}")
        pdf.ln(1)
    return bytes(pdf.output())


async def _document(user: SimUser) -> dict[str, Any]:
    """The next document the bot sends `user` (messages before it are read past)."""
    while True:
        message = await user.next_message(timeout=30)
        if message.document is not None:
            return message.document


def main(output: Path, *, serve: bool = False, port: int = 0) -> int:
    """Entry point for `main.py demo`; returns the process exit code."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    output.mkdir(parents=True, exist_ok=True)
    for stale in output.glob("demo.db*"):
        stale.unlink()
    try:
        lines = asyncio.run(play(output, serve=serve, port=port))
    except KeyboardInterrupt:
        print("\nStopped.")
        return 0
    transcript = output / "transcript.txt"
    transcript.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nTranscript written to {transcript}")
    return 0
