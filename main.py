"""Sinergi's command line: `run` the real bot, or play the `demo` against the local sandbox."""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path

# Imports of the dependencies sit in the commands, so `python main.py --help` works with any
# Python 3.11, before the virtual environment exists.


def run(args: argparse.Namespace) -> int:
    """Run the bot against Telegram: long polling, or a webhook when WEBHOOK_URL is set.

    Returns the exit code (bot/startup.py's ExitCode, listed in the README): a failure to
    start is one line on stderr saying what is wrong and what to do.
    """
    from telegram import Update

    from bot.logs import setup_logging
    from bot.settings import SettingsError, load_settings

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
    # Without a configured secret anyone who finds the URL could post updates as any user:
    # a fresh one per start, given to Telegram by setWebhook, needs nothing from the operator.
    webhook_secret = settings.webhook_secret or secrets.token_urlsafe(32)
    redact = setup_logging(
        settings.log_level, [settings.bot_token, webhook_secret], settings.log_format
    )
    from bot.app import build_application
    from bot.startup import ExitCode, explain

    application = build_application(settings)
    try:
        if settings.webhook_url:
            application.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path="telegram",
                webhook_url=settings.webhook_url,
                secret_token=webhook_secret,
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES)
    except Exception as exc:
        failure = explain(exc, settings)
        if failure is None:
            raise
        print(f"sinergi: {redact.redact(str(failure))}", file=sys.stderr)
        return failure.code
    if application.bot_data.extra.get("conflict"):
        return ExitCode.ANOTHER_INSTANCE
    return ExitCode.OK


def worker(args: argparse.Namespace) -> int:
    """Run the bots of the offices in OFFICES_DIR, sharing them with the other workers on
    the same PostgreSQL database (docs/PROVINCE.md); exit code as for `run`."""
    import asyncio
    import logging

    from bot.logs import setup_logging
    from bot.offices.registry import read_offices
    from bot.offices.worker import WorkerSettings
    from bot.settings import SettingsError, load

    try:
        settings = load(WorkerSettings)
        offices, refused = read_offices(settings.offices_dir, settings.database_url)
    except SettingsError as exc:
        print(f"sinergi: {exc}", file=sys.stderr)
        return 2
    if not offices:
        for problem in refused:
            print(f"sinergi: {problem}", file=sys.stderr)
        print(
            f"sinergi: no office to serve in OFFICES_DIR {settings.offices_dir}: add one "
            "<slug>.env per office (see docs/PROVINCE.md)",
            file=sys.stderr,
        )
        return 2
    from bot.offices.webhooks import webhook_secret

    # Each office's own webhook secret too: PTB logs setWebhook's secret_token at DEBUG,
    # and with it anyone could POST updates to that office as Telegram.
    secrets_ = [office.settings.bot_token for office in offices] + [settings.webhook_secret]
    secrets_ += [webhook_secret(office, settings.webhook_secret) for office in offices]
    setup_logging(settings.log_level, secrets_, settings.log_format)
    # One broken file must not take a province's other offices down at a restart.
    for problem in refused:
        logging.getLogger("bot.offices").error("%s; the other offices are served", problem)
    from bot.offices.serve import serve

    return asyncio.run(serve(settings, offices))


def demo(args: argparse.Namespace) -> int:
    """Play the Mojokerto forum end to end against the sandbox; no token needed."""
    from sandbox.demo import main as play

    port = args.port if args.port is not None else (8080 if args.serve else 0)
    return play(Path(args.output), serve=args.serve, port=port)


def audit_verify(args: argparse.Namespace) -> int:
    """Check the audit log's hash chain (SPEC section 10) of the database of DATABASE_URL, or
    with `--office <slug>` of that office's schema on a worker's PostgreSQL database; one
    line, exit 0 intact, 1 broken, 2 when there is no such log to check."""
    import asyncio

    from sqlalchemy.exc import DBAPIError

    from bot.db import create_engine, create_session_maker, missing_table
    from bot.services import audit
    from bot.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"sinergi: {exc}", file=sys.stderr)
        return 2
    office: str | None = args.office
    schema: str | None = None
    if office is not None:
        from bot.offices.registry import SLUG, schema_of

        if not SLUG.fullmatch(office):
            print(
                f"sinergi: {office!r} is no office slug (lower-case letters, digits and -, "
                "at most 40, as in offices/<slug>.env)",
                file=sys.stderr,
            )
            return 2
        if not settings.database_url.startswith("postgresql"):
            print(
                "sinergi: --office reads a worker's database: set "
                "DATABASE_URL=postgresql+asyncpg://user:pass@host/db",
                file=sys.stderr,
            )
            return 2
        schema = schema_of(office)

    async def check() -> audit.Verdict:
        engine = create_engine(settings.database_url)
        if schema is not None:
            from bot.offices.schemas import office_engine

            engine = office_engine(engine, schema)
        try:
            async with create_session_maker(engine)() as session:
                return await audit.verify(session)
        finally:
            await engine.dispose()

    try:
        verdict = asyncio.run(check())
    except DBAPIError as exc:
        if not missing_table(exc, "auditentry"):  # another fault: say what it is
            raise
        # Exit 1 means a broken chain: a log that is not there must not read as tampered.
        where = "this database" if schema is None else f"schema {schema} of this database"
        hint = "" if schema is not None else "; a worker's office: audit verify --office <slug>"
        print(f"sinergi: no audit log in {where}{hint}", file=sys.stderr)
        return 2
    if verdict.intact:
        print(f"audit log intact: {verdict.count} entries")
        return 0
    print(
        f"audit log broken at entry {verdict.broken}: {verdict.reason} "
        f"({verdict.count} entries before it check out)"
    )
    return 1


def parser() -> argparse.ArgumentParser:
    """The command line: `run`, `worker`, `demo` and `audit verify`, each with --help."""
    root = argparse.ArgumentParser(prog="main.py", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser(
        "run",
        help="run the bot (needs BOT_TOKEN)",
        description="Run the bot with the settings from the environment or .env "
        "(see .env.example): long polling, or a webhook when WEBHOOK_URL is set.",
    )
    run_parser.set_defaults(func=run)
    worker_parser = commands.add_parser(
        "worker",
        help="run many offices' bots, shared with other workers (needs PostgreSQL)",
        description="Run the bots of the offices in OFFICES_DIR (one <slug>.env each), "
        "sharing them with every other worker on the same PostgreSQL DATABASE_URL: each "
        "office runs in exactly one worker, and a dead worker's offices move to the others.",
    )
    worker_parser.set_defaults(func=worker)
    demo_parser = commands.add_parser(
        "demo",
        help="play the Mojokerto forum against the local sandbox (no token needed)",
        description="Start the local Bot API sandbox and play the Mojokerto forum of "
        "docs/PRODUCT.md through the real Application, printing the transcript; with "
        "--serve, keep it running to open the dashboard and the desk screen in a browser.",
    )
    demo_parser.add_argument(
        "--output", default="demo-output", help="folder for the transcript (default: demo-output)"
    )
    demo_parser.add_argument(
        "--serve",
        action="store_true",
        help="after the scenario keep the sandbox, the bot and the web door running and "
        "print a local URL to open the dashboard and the desk screen in your browser",
    )
    demo_parser.add_argument(
        "--port",
        type=int,
        default=None,
        help="port of the web door on 127.0.0.1 (default: 8080 with --serve, else any free port)",
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
        "print one line: intact (exit 0), the first broken entry (exit 1), or no audit log "
        "to check (exit 2).",
    )
    verify_parser.add_argument(
        "--office",
        metavar="SLUG",
        help="the office of offices/<SLUG>.env on a worker's PostgreSQL database (its schema)",
    )
    verify_parser.set_defaults(func=audit_verify)
    return root


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    args = parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
