"""`make clean` removes what the project generates and keeps the database."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATED = [
    ".venv/bin",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis/examples",
    "sinergi.egg-info",
    "build/lib",
    "demo-output",
    "bench-output",
    "test-output/screenshots",
    "bot/__pycache__",
    "tests/unit/__pycache__",
]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_clean_removes_what_the_project_generates_and_keeps_data(tmp_path: Path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for folder in GENERATED:
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "file").write_text("generated")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sinergi.db").write_text("the office's database")
    (tmp_path / "bot" / "app.py").write_text("source")

    result = subprocess.run(
        ["make", "clean"], cwd=tmp_path, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    for folder in GENERATED:
        assert not (tmp_path / folder).exists(), folder
    assert (tmp_path / "data" / "sinergi.db").read_text() == "the office's database"
    assert (tmp_path / "bot" / "app.py").exists()
    assert "kept data/" in result.stdout
