"""bot/metrics.py: one registry can hold several offices; a reminder's due time from its key."""

from __future__ import annotations

from datetime import UTC, datetime

from prometheus_client.parser import text_string_to_metric_families

from bot.metrics import Metrics
from bot.notices.reminders import reminder_due_at, reminder_key


def samples(metrics: Metrics) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(metrics.exposition().decode())
        for sample in family.samples
    }


def test_two_offices_share_one_registry_each_under_its_label() -> None:
    metrics = Metrics()
    mojokerto, jombang = (
        metrics.for_office("KPU Kota Mojokerto"),
        metrics.for_office("KPU Jombang"),
    )
    mojokerto.message_sent()
    mojokerto.message_sent()
    jombang.rate_limited(bulk=True)
    jombang.set_outbox_depth({"pending": 4})

    seen = samples(metrics)
    assert (
        seen[("sinergi_messages_sent_total", frozenset({("office", "KPU Kota Mojokerto")}))] == 2
    )
    assert seen[("sinergi_messages_sent_total", frozenset({("office", "KPU Jombang")}))] == 0
    jombang_429 = frozenset({("office", "KPU Jombang"), ("traffic", "bulk")})
    assert seen[("sinergi_telegram_429_total", jombang_429)] == 1
    pending = frozenset({("office", "KPU Jombang"), ("status", "pending")})
    sending = frozenset({("office", "KPU Jombang"), ("status", "sending")})
    assert seen[("sinergi_outbox_messages", pending)] == 4
    assert seen[("sinergi_outbox_messages", sending)] == 0


def test_a_reminder_is_due_at_the_start_less_its_offset() -> None:
    start = datetime(2026, 12, 14, 2, 0, tzinfo=UTC)
    key = reminder_key(7, 7200, 31, int(start.timestamp()))
    assert reminder_due_at(key) == datetime(2026, 12, 14, 0, 0, tzinfo=UTC)
    assert reminder_due_at(f"venue:{key}") is None  # the pin that follows it
    assert reminder_due_at("summary:7:7200:1:0:1797213600") is None
    assert reminder_due_at("reminder:7:x:31:1797213600") is None
