"""The worker's loop in this process, one look at a time (`Worker.balance`): an office
whose bot broke is stopped and started again after a pause; one whose token Telegram
rejects waits, and the others run."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.offices.registry import load_offices
from bot.offices.worker import Worker, WorkerSettings
from tests.offices.conftest import make_sandbox, office_file


@pytest.mark.expected_errors(
    r"office kab-jombang cannot start .*rejected", r"office kota-mojokerto: its outbox sender"
)
async def test_a_broken_office_is_restarted_and_a_rejected_token_waits(
    province_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good, rejected = make_sandbox(0), make_sandbox(1)
    for sandbox in (good, rejected):
        await sandbox.start()
    folder = tmp_path / "offices"
    folder.mkdir()
    (folder / "kota-mojokerto.env").write_text(office_file(good, "KPU Kota Mojokerto"))
    # Telegram answers 401 to a token it does not know.
    wrong = office_file(rejected, "KPU Kab. Jombang").replace(rejected.token, "700009:REVOKED")
    (folder / "kab-jombang.env").write_text(wrong)
    settings = WorkerSettings(_env_file=None, database_url=province_url, offices_dir=folder)  # type: ignore[call-arg]
    worker = Worker(settings, load_offices(folder, province_url))
    try:
        await worker.locks.connect()
        await worker.balance()
        assert set(worker.hosted) == {"kota-mojokerto"}
        assert worker._retry["kab-jombang"][1] == 30  # tried again in 30 s, not at once
        assert (
            "office kab-jombang cannot start (next try in 30 s): the Bot API rejected BOT_TOKEN "
            "(401 Unauthorized): copy the token again from @BotFather (/mybots, API Token) "
            "into kab-jombang.env"
        ) in caplog.text
        await worker.balance()
        assert set(worker.hosted) == {"kota-mojokerto"}

        hosted = worker.hosted["kota-mojokerto"]
        assert hosted.trouble is None
        assert hosted.application is not None and hosted.application.bot_data.sender
        await hosted.application.bot_data.sender.stop()
        await worker.balance()  # noticed: stopped and its lock given up
        assert "office kota-mojokerto: its outbox sender stopped" in caplog.text
        assert worker.hosted == {}
        assert worker.locks.held == set()
        worker._retry.clear()  # the pause over
        await worker.balance()
        assert set(worker.hosted) == {"kota-mojokerto"}
        user = good.user(3201, "Warga")
        await user.send("/bantuan")
        assert (await user.next_message(timeout=10)).from_bot
    finally:
        for slug in list(worker.hosted):
            await worker._release(slug)
        await worker.close()
        for sandbox in (good, rejected):
            await sandbox.stop()
