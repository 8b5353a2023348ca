"""The worker's log never shows an office's webhook secret, derived or not: with it anyone
can POST updates to that office as Telegram. PTB logs every Bot API call's parameters at
DEBUG, setWebhook's secret_token among them."""

from __future__ import annotations

from pathlib import Path

from bot.offices.registry import load_offices
from bot.offices.webhooks import webhook_secret
from tests.offices.conftest import province
from tests.offices.test_locks import logged
from tests.reliability.test_webhook import free_port


async def test_a_debug_log_shows_no_offices_webhook_secret(
    province_url: str, tmp_path: Path
) -> None:
    async with province(province_url, tmp_path, ["kota-mojokerto"]) as state:
        worker = await state.start_worker(
            WEBHOOK_URL="https://sinergi.kpu.test",
            WEBHOOK_PORT=str(free_port()),
            LOG_LEVEL="DEBUG",
        )
        await logged(worker, "office kota-mojokerto: bot @", within=60)
        (office,) = load_offices(state.folder, province_url)
        text = worker.log()
        assert "setWebhook" in text  # PTB did log the call
        assert webhook_secret(office, "") not in text
