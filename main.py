"""Sinergi's command line: `run` the real bot, or play the `demo` against the local sandbox."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from telegram import Update

from bot.settings import SettingsError, load_settings


def run(args: argparse.Namespace) -> int:
    """Run the bot against Telegram: long polling, or a webhook when WEBHOOK_URL is set."""
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"sinergi: {exc}", file=sys.stderr)
        return 2
    if not settings.bot_token:
        print(
            "sinergi: setting BOT_TOKEN is missing: put the token from @BotFather in .env "
            "(or run `python main.py demo` to try the bot without one)",
            file=sys.stderr,
        )
        return 2
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # One INFO line per scheduled job: 2,000 lines and most of a second for 1,000 forums.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    from bot.app import CONFLICT_EXIT_CODE, build_application

    application = build_application(settings)
    if settings.webhook_url:
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path="telegram",
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret or None,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    return CONFLICT_EXIT_CODE if application.bot_data.extra.get("conflict") else 0


def demo(args: argparse.Namespace) -> int:
    """Play the Mojokerto forum end to end against the sandbox; no token needed."""
    from sandbox.demo import main as play

    return play(Path(args.output))


def audit_verify(args: argparse.Namespace) -> int:
    """Check the audit log's hash chain (SPEC section 10); one line, exit 0 intact, 1 broken."""
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"sinergi: {exc}", file=sys.stderr)
        return 2
    import asyncio

    from bot.db import create_engine, create_session_maker
    from bot.services import audit

    async def check() -> audit.Verdict:
        engine = create_engine(settings.database_url)
        try:
            async with create_session_maker(engine)() as session:
                return await audit.verify(session)
        finally:
            await engine.dispose()

    verdict = asyncio.run(check())
    if verdict.intact:
        print(f"audit log intact: {verdict.count} entries")
        return 0
    print(
        f"audit log broken at entry {verdict.broken}: {verdict.reason} "
        f"({verdict.count} entries before it check out)"
    )
    return 1


def parser() -> argparse.ArgumentParser:
    """The command line: `run`, `demo` and `audit verify`, each with --help."""
    root = argparse.ArgumentParser(prog="main.py", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser(
        "run",
        help="run the bot (needs BOT_TOKEN)",
        description="Run the bot with the settings from the environment or .env "
        "(see .env.example): long polling, or a webhook when WEBHOOK_URL is set.",
    )
    run_parser.set_defaults(func=run)
    demo_parser = commands.add_parser(
        "demo",
        help="play the Mojokerto forum against the local sandbox (no token needed)",
        description="Start the local Bot API sandbox and play the Mojokerto forum of SPEC "
        "section 1 through the real Application, printing the transcript.",
    )
    demo_parser.add_argument(
        "--output", default="demo-output", help="folder for the transcript (default: demo-output)"
    )
    demo_parser.set_defaults(func=demo)
    audit_parser = commands.add_parser(
        "audit",
        help="check the audit log",
        description="Commands on the audit log in the database of DATABASE_URL.",
    )
    audit_commands = audit_parser.add_subparsers(dest="audit_command", required=True)
    verify_parser = audit_commands.add_parser(
        "verify",
        help="check the audit log's hash chain",
        description="Recompute every audit entry's hash and its link to the previous one; "
        "print one line: intact (exit 0) or the first broken entry (exit 1).",
    )
    verify_parser.set_defaults(func=audit_verify)
    return root


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    args = parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
