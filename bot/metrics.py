"""The bot's Prometheus metrics (prometheus_client), served at `/metrics` by web/ops.py.

Every metric carries an `office` label and nothing that names a person: no chat ids, user
ids or texts. `Metrics` holds the metric families in one `CollectorRegistry`; `for_office`
binds them to one office. Each Application gets its own registry by default (tests build
many in one process); a process that hosts several offices can give them one `Metrics` and
serve its registry once, each office adding its own label value.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

#: The outbox statuses counted at scrape time: the queue still to be sent.
DEPTH_STATUSES = ("pending", "sending")
# Seconds: a reminder is a few seconds late when the sender keeps up; minutes mean a backlog
# (a broadcast queued ahead of it) or a bot that was down when it was due.
LAG_BUCKETS = (1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, float("inf"))


class Metrics:
    """The metric families, registered in `registry` (a new one when None)."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        office = ["office"]
        self.outbox_depth = Gauge(
            "sinergi_outbox_messages",
            "Outbox rows still to be sent, by status (counted at scrape time).",
            [*office, "status"],
            registry=self.registry,
        )
        self.sent = Counter(
            "sinergi_messages_sent",
            "Outbox messages Telegram accepted.",
            office,
            registry=self.registry,
        )
        self.failed = Counter(
            "sinergi_messages_failed",
            "Outbox messages given up: failed (a 400, retries used up, too late) or blocked "
            "(403: the member blocked the bot or the group removed it).",
            [*office, "status"],
            registry=self.registry,
        )
        self.rate_limited = Counter(
            "sinergi_telegram_429",
            "429 Too Many Requests answers from Telegram, by traffic: bulk (the outbox) or "
            "interactive (replies and edits).",
            [*office, "traffic"],
            registry=self.registry,
        )
        self.reminder_lag = Histogram(
            "sinergi_reminder_lag_seconds",
            "Seconds from a reminder's due time (the forum's start less the offset) to its send.",
            office,
            buckets=LAG_BUCKETS,
            registry=self.registry,
        )
        self.updates = Counter(
            "sinergi_updates_handled",
            "Telegram updates whose handlers have run (whatever their outcome).",
            office,
            registry=self.registry,
        )

    def for_office(self, office: str) -> OfficeMetrics:
        """The metrics of one office (its label value: `Settings.office_name`)."""
        metrics = OfficeMetrics(self, office)
        # Zero from the start: a counter that appears only at its first event hides the
        # rate of the first scrape interval.
        self.sent.labels(office=office)
        self.updates.labels(office=office)
        self.reminder_lag.labels(office=office)
        for status in ("failed", "blocked"):
            self.failed.labels(office=office, status=status)
        for traffic in ("bulk", "interactive"):
            self.rate_limited.labels(office=office, traffic=traffic)
        return metrics

    def handed_over(self, office: str) -> None:
        """An office this process no longer runs: its outbox gauges go (another process
        counts them now); its counters stay, as Prometheus expects of counters."""
        for status in DEPTH_STATUSES:
            with contextlib.suppress(KeyError):
                self.outbox_depth.remove(office, status)

    def exposition(self) -> bytes:
        """The registry in Prometheus' text format."""
        return generate_latest(self.registry)


@dataclass(frozen=True)
class OfficeMetrics:
    """The events of one office's bot, each counted under its `office` label."""

    metrics: Metrics
    office: str

    def message_sent(self) -> None:
        self.metrics.sent.labels(office=self.office).inc()

    def message_failed(self, status: str) -> None:
        """An outbox row given up; `status` is its final status (failed or blocked)."""
        self.metrics.failed.labels(office=self.office, status=status).inc()

    def rate_limited(self, *, bulk: bool) -> None:
        """Telegram answered 429 to a bulk (outbox) or an interactive call."""
        traffic = "bulk" if bulk else "interactive"
        self.metrics.rate_limited.labels(office=self.office, traffic=traffic).inc()

    def reminder_sent(self, lag: float) -> None:
        """A reminder went out `lag` seconds after it was due (negative lags count as 0)."""
        self.metrics.reminder_lag.labels(office=self.office).observe(max(0.0, lag))

    def update_handled(self) -> None:
        self.metrics.updates.labels(office=self.office).inc()

    def set_outbox_depth(self, counts: Mapping[str, int]) -> None:
        """The rows per status (`DEPTH_STATUSES`; a status missing from `counts` is 0)."""
        for status in DEPTH_STATUSES:
            self.metrics.outbox_depth.labels(office=self.office, status=status).set(
                counts.get(status, 0)
            )
