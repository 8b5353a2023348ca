"""The offices a worker serves: one `<slug>.env` file each in OFFICES_DIR.

An office file holds what the single-office `.env` holds for one office (BOT_TOKEN,
ADMIN_IDS, OFFICE_NAME, TIMEZONE, OFFICE_*, REMINDER_OFFSETS...). Who the office is
(BOT_TOKEN, OFFICE_NAME and the other OFFICE_* lines) and who administers it (ADMIN_IDS)
come from its file alone; any other setting it leaves out comes from the worker's own
environment, so a province sets its defaults (TIMEZONE, REMINDER_OFFSETS...) once. What
belongs to the worker (the database, the ports, the logs) is refused in an office file:
one office cannot point the whole worker elsewhere. Tokens live in these files, never in
the database, so a backup of the database holds no bot's token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

from bot.settings import Settings, SettingsError, load_settings

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
#: Settings of the worker, never of one office.
WORKER_KEYS = frozenset(
    {
        "DATABASE_URL",
        "WEBHOOK_URL",
        "WEBHOOK_LISTEN",
        "WEBHOOK_PORT",
        "WEBHOOK_SECRET",
        "WEB_URL",
        "WEB_LISTEN",
        "WEB_PORT",
        "OPS_LISTEN",
        "OPS_PORT",
        "LOG_LEVEL",
        "LOG_FORMAT",
    }
)


def schema_of(slug: str) -> str:
    """The PostgreSQL schema of the office `slug`: `office_<slug>` with `-` as `_`."""
    return "office_" + slug.replace("-", "_")


#: Settings an office file must set itself (with every OFFICE_* one): never inherited.
OFFICE_ONLY = frozenset({"bot_token", "admin_ids"})


class OfficeError(SettingsError):
    """An office file is missing, malformed or clashes with another; one line naming it."""


@dataclass(frozen=True)
class Office:
    """One office of the registry.

    Attributes:
        slug: The file's name without `.env`: `[a-z0-9][a-z0-9-]{0,39}`, as in the webhook
            path `/telegram/<slug>` and the metrics' `office` label.
        settings: Its settings (the worker's environment under the file's lines); its
            `database_url` is the worker's, and it opens no door of its own.
    """

    slug: str
    settings: Settings

    @property
    def schema(self) -> str:
        """Its PostgreSQL schema (`schema_of`)."""
        return schema_of(self.slug)

    @property
    def bot_id(self) -> int:
        """The bot's Telegram id: the token's part before the colon."""
        return int(self.settings.bot_token.split(":", 1)[0])


def load_offices(directory: Path, database_url: str) -> list[Office]:
    """Every `*.env` file of `directory`, sorted by slug; the first bad one stops it all.

    Raises:
        OfficeError: as `read_offices`, for the folder or for the first bad file.
    """
    offices, refused = read_offices(directory, database_url)
    if refused:
        raise refused[0]
    return offices


def read_offices(directory: Path, database_url: str) -> tuple[list[Office], list[OfficeError]]:
    """The offices of `directory`'s `*.env` files, sorted by slug, and the files refused,
    each as the one-line error saying why: the name is not a slug; the file sets a worker's
    key or an unknown one, has no BOT_TOKEN or a bad setting; its bot is another file's
    (the later file is refused). A slug has no `_`, so two slugs never share a schema.

    Raises:
        OfficeError: the folder is missing.
    """
    if not directory.is_dir():
        raise OfficeError(
            f"OFFICES_DIR {directory} is not a folder: create it with one .env per office"
        )
    offices: list[Office] = []
    refused: list[OfficeError] = []
    bots: dict[int, str] = {}
    for path in sorted(directory.glob("*.env")):
        try:
            office = _load(path, database_url)
        except OfficeError as exc:
            refused.append(exc)
            continue
        # By bot id, not by token: a token regenerated in one file only is the same bot,
        # with the same lock key, and one session's advisory locks stack (both would win it).
        if office.bot_id in bots:
            refused.append(
                OfficeError(
                    f"offices {bots[office.bot_id]} and {office.slug} have the same bot "
                    f"(BOT_TOKEN): each office needs its own bot from @BotFather; "
                    f"{office.slug} is not served"
                )
            )
            continue
        bots[office.bot_id] = office.slug
        offices.append(office)
    return offices, refused


def _load(path: Path, database_url: str) -> Office:
    slug = path.name.removesuffix(".env")
    if not SLUG.fullmatch(slug):
        raise OfficeError(
            f"office file {path.name}: name it <slug>.env with a slug of lower-case letters, "
            "digits and '-' (at most 40), e.g. kota-mojokerto.env"
        )
    try:
        read = dotenv_values(path)
    except (OSError, UnicodeDecodeError) as exc:
        if isinstance(exc, UnicodeDecodeError):
            reason = "not UTF-8"
        else:
            reason = exc.strerror or type(exc).__name__
        raise OfficeError(f"office file {path.name} cannot be read: {reason}") from None
    values = {key.upper(): value for key, value in read.items()}
    unknown = sorted(key for key in values if key.lower() not in Settings.model_fields)
    if unknown:
        raise OfficeError(
            f"office file {path.name}: unknown setting {', '.join(unknown)} "
            "(see .env.example for the names)"
        )
    refused = sorted(WORKER_KEYS & values.keys())
    if refused:
        raise OfficeError(
            f"office file {path.name} sets {', '.join(refused)}: that is the worker's "
            "setting, not an office's; remove it from the file"
        )
    if not values.get("BOT_TOKEN") or not values.get("OFFICE_NAME"):
        raise OfficeError(f"office file {path.name} needs BOT_TOKEN and OFFICE_NAME")
    fields = {key.lower(): value for key, value in values.items() if value is not None}
    # Who the office is and who administers it come from its file alone: a worker's
    # environment (or a single office's .env beside it) must not lend one office another's
    # token, admins or letterhead.
    own = {
        name: info.default
        for name, info in Settings.model_fields.items()
        if name in OFFICE_ONLY or name.startswith("office_")
    }
    try:
        settings = load_settings(
            **{**own, **fields},
            database_url=database_url,
            webhook_url="",
            webhook_secret="",
            web_url="",
            ops_port=None,
        )
    except SettingsError as exc:
        raise OfficeError(f"office file {path.name}: {exc}") from None
    return Office(slug, settings)
