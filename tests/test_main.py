"""The command line: --help, and one clear line for a missing or malformed setting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_main(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "TIMEZONE"}}
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["demo", "--help"]])
def test_help(args):
    result = run_main(*args)
    assert result.returncode == 0
    assert "usage: main.py" in result.stdout


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"BOT_TOKEN": "1:x", "TIMEZONE": "Mars/Olympus"}, "TIMEZONE"),
        ({"BOT_TOKEN": "1:x", "ADMIN_IDS": "budi"}, "ADMIN_IDS"),
        ({"BOT_TOKEN": "1:x", "REMINDER_OFFSETS": "kemarin"}, "REMINDER_OFFSETS"),
        ({"BOT_TOKEN": "1:x", "DATABASE_URL": "sqlite:///x.db"}, "DATABASE_URL"),
        ({"BOT_TOKEN": ""}, "BOT_TOKEN"),
    ],
)
def test_bad_settings_stop_with_one_line(env, name, tmp_path):
    result = run_main("run", **env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0]
    assert "Traceback" not in result.stderr


def test_help_works_before_the_dependencies_are_installed():
    # -S: no site-packages, as a plain `python main.py --help` before `make` (README)
    result = subprocess.run(
        [sys.executable, "-S", "main.py", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "usage: main.py" in result.stdout
