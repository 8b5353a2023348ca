"""The offices' folder: each bad file stops the worker with one line naming it and what to
do; nothing of one office can reach the worker's own settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.offices.registry import OfficeError, load_offices, read_offices
from bot.offices.webhooks import webhook_secret
from tests.test_main import run_main

PG = "postgresql+asyncpg://sinergi:sinergi@127.0.0.1:5432/province"
TOKEN = "700001:SANDBOX-ONE"


def folder(tmp_path: Path, **files: str) -> Path:
    offices = tmp_path / "offices"
    offices.mkdir(parents=True)
    for name, text in files.items():
        (offices / name).write_text(text)
    return offices


def test_an_office_file_gives_its_settings_over_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIMEZONE", "Asia/Makassar")  # the province's default
    monkeypatch.setenv("OPS_PORT", "9464")  # the worker's, never an office's
    # A single office's settings beside the worker lend nothing to the province's offices.
    monkeypatch.setenv("BOT_TOKEN", "999:SINGLE-OFFICE")
    monkeypatch.setenv("ADMIN_IDS", "4242")
    monkeypatch.setenv("OFFICE_CITY", "Surabaya")
    offices = folder(
        tmp_path,
        **{
            "kota-mojokerto.env": f"BOT_TOKEN={TOKEN}\nADMIN_IDS=1001,1002\n"
            "OFFICE_NAME=KPU Kota Mojokerto\nTIMEZONE=Asia/Jakarta\n",
            "kab-jombang.env": "BOT_TOKEN=700002:SANDBOX-TWO\nOFFICE_NAME=KPU Kab. Jombang\n",
            "README.txt": "not an office",
        },
    )
    jombang, mojokerto = load_offices(offices, PG)
    assert (jombang.slug, mojokerto.slug) == ("kab-jombang", "kota-mojokerto")
    assert mojokerto.settings.admin_ids == (1001, 1002)
    assert mojokerto.settings.timezone == "Asia/Jakarta"
    assert jombang.settings.timezone == "Asia/Makassar"
    assert jombang.settings.admin_ids == () and jombang.settings.office_city == ""
    assert mojokerto.settings.database_url == PG
    assert mojokerto.settings.ops_port is None and mojokerto.settings.webhook_url == ""
    assert mojokerto.schema == "office_kota_mojokerto"
    assert mojokerto.bot_id == 700001
    # The webhook secret: the same on every worker, different per office, Telegram's alphabet.
    secret = webhook_secret(mojokerto, "")
    assert secret == webhook_secret(mojokerto, "")
    assert secret != webhook_secret(jombang, "")
    assert secret != webhook_secret(mojokerto, "province-secret")
    assert len(secret) == 43 and secret.replace("-", "").replace("_", "").isalnum()


@pytest.mark.parametrize(
    ("files", "said"),
    [
        ({"Kota Mojokerto.env": f"BOT_TOKEN={TOKEN}\n"}, "name it <slug>.env"),
        (
            {
                "kota.env": f"BOT_TOKEN={TOKEN}\nOFFICE_NAME=K\nDATABASE_URL=sqlite+aiosqlite:///x.db\n"
            },
            "DATABASE_URL",
        ),
        ({"kota.env": f"BOT_TOKEN={TOKEN}\nOFFICE_NAME=K\nOPS_PORT=80\n"}, "worker's setting"),
        (
            {"kota.env": f"BOT_TOKEN={TOKEN}\nOFFICE_NAME=K\nADMIN_ID=1001\n"},
            "unknown setting ADMIN_ID",
        ),
        ({"kota.env": "OFFICE_NAME=KPU\n"}, "needs BOT_TOKEN and OFFICE_NAME"),
        ({"kota.env": f"BOT_TOKEN={TOKEN}\n"}, "needs BOT_TOKEN and OFFICE_NAME"),
        ({"kota.env": "BOT_TOKEN=not-a-token\nOFFICE_NAME=KPU\n"}, "BOT_TOKEN is invalid"),
        ({"kota.env": f"BOT_TOKEN={TOKEN}\nOFFICE_NAME=K\nTIMEZONE=Mars/Olympus\n"}, "TIMEZONE"),
        (
            {
                "a.env": f"BOT_TOKEN={TOKEN}\nOFFICE_NAME=A\n",
                "b.env": f"BOT_TOKEN={TOKEN}\nOFFICE_NAME=B\n",
            },
            "offices a and b have the same bot (BOT_TOKEN)",
        ),
        ({"a_b.env": f"BOT_TOKEN={TOKEN}\n"}, "name it <slug>.env"),  # a-b's schema
        (
            # One bot, its token regenerated in one file only: one lock key for both, and
            # the advisory locks of one session stack, so both would "hold" it.
            {
                "a.env": f"BOT_TOKEN={TOKEN}\nOFFICE_NAME=A\n",
                "b.env": "BOT_TOKEN=700001:SANDBOX-REGENERATED\nOFFICE_NAME=B\n",
            },
            "offices a and b have the same bot (BOT_TOKEN)",
        ),
    ],
)
def test_a_bad_office_file_is_refused_naming_it(
    tmp_path: Path, files: dict[str, str], said: str
) -> None:
    with pytest.raises(OfficeError) as caught:
        load_offices(folder(tmp_path, **files), PG)
    assert said in str(caught.value)
    assert "SANDBOX-ONE" not in str(caught.value)  # a token is never echoed


def test_the_worker_command_stops_with_one_line(tmp_path: Path) -> None:
    missing = run_main("worker", DATABASE_URL=PG, OFFICES_DIR=str(tmp_path / "none"))
    assert missing.returncode == 2
    assert missing.stderr.count("\n") == 1 and "is not a folder" in missing.stderr
    sqlite = run_main("worker", DATABASE_URL="sqlite+aiosqlite:///x.db")
    assert sqlite.returncode == 2 and "the worker needs PostgreSQL" in sqlite.stderr
    unset = run_main("worker", DATABASE_URL="")
    assert unset.returncode == 2 and "the worker needs PostgreSQL" in unset.stderr
    assert "sqlite" not in unset.stderr
    empty = run_main("worker", DATABASE_URL=PG, OFFICES_DIR=str(folder(tmp_path)))
    assert empty.returncode == 2 and "no office to serve in OFFICES_DIR" in empty.stderr
    bad = folder(
        tmp_path / "bad",
        **{"kota.env": "BOT_TOKEN=1:x\nOFFICE_NAME=K\nWEBHOOK_URL=https://evil\n"},
    )
    refused = run_main("worker", DATABASE_URL=PG, OFFICES_DIR=str(bad))
    assert refused.returncode == 2 and "office file kota.env sets WEBHOOK_URL" in refused.stderr
    with_path = run_main(
        "worker", DATABASE_URL=PG, OFFICES_DIR=str(bad), WEBHOOK_URL="https://kpu.example/bot"
    )
    assert with_path.returncode == 2 and "WEBHOOK_URL is invalid" in with_path.stderr
    assert "has a path" in with_path.stderr
    assert "Traceback" not in missing.stderr + sqlite.stderr + empty.stderr + refused.stderr


def test_a_bad_file_leaves_the_other_offices_served(tmp_path: Path) -> None:
    offices = folder(
        tmp_path,
        **{
            "kota-mojokerto.env": f"BOT_TOKEN={TOKEN}\nOFFICE_NAME=KPU Kota Mojokerto\n",
            "kab-jombang.env": "BOT_TOKEN=700002:X\nOFFICE_NAME=KPU Kab. Jombang\nADMIN_ID=1\n",
            "kab-kediri.env": "BOT_TOKEN=700001:REGENERATED\nOFFICE_NAME=KPU Kab. Kediri\n",
        },
    )
    served, refused = read_offices(offices, PG)
    assert [office.slug for office in served] == ["kab-kediri"]  # the first in name order
    assert [str(problem) for problem in refused] == [
        "office file kab-jombang.env: unknown setting ADMIN_ID (see .env.example for the names)",
        "offices kab-kediri and kota-mojokerto have the same bot (BOT_TOKEN): each office "
        "needs its own bot from @BotFather; kota-mojokerto is not served",
    ]


def test_a_file_that_cannot_be_read_is_refused_and_the_others_served(tmp_path: Path) -> None:
    offices = folder(tmp_path, **{"kota-mojokerto.env": f"BOT_TOKEN={TOKEN}\nOFFICE_NAME=KPU\n"})
    (offices / "kab-kediri.env").write_bytes(
        b"BOT_TOKEN=700002:X\nOFFICE_NAME=KPU Kab. K\xe9diri\n"
    )
    served, refused = read_offices(offices, PG)
    assert [office.slug for office in served] == ["kota-mojokerto"]
    assert [str(problem) for problem in refused] == [
        "office file kab-kediri.env cannot be read: not UTF-8"
    ]
