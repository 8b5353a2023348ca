"""The order in which a hosted office stops: its sender before the handlers are waited
for. When the worker lost its locks another worker may start this office meanwhile,
requeuing every claimed outbox row; each row this sender still claimed then would go twice."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from bot.offices.hosting import HostedOffice


class Recorder:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def step(self, name: str) -> Any:
        async def record(*_: object, **__: object) -> None:
            self.calls.append(name)

        return record


async def test_the_sender_stops_before_the_application_waits_for_its_handlers(
    monkeypatch: Any,
) -> None:
    calls = Recorder()
    sender = SimpleNamespace(stop=calls.step("sender.stop"))
    application = SimpleNamespace(
        updater=SimpleNamespace(running=True, stop=calls.step("updater.stop")),
        running=True,
        stop=calls.step("application.stop"),
        shutdown=calls.step("application.shutdown"),
        bot_data=SimpleNamespace(sender=sender),
    )
    monkeypatch.setattr("bot.offices.hosting.post_stop", calls.step("post_stop"))
    monkeypatch.setattr("bot.offices.hosting.post_shutdown", calls.step("post_shutdown"))
    hosted = HostedOffice.__new__(HostedOffice)
    hosted.office = SimpleNamespace(slug="kota")  # type: ignore[assignment]
    hosted.application = application  # type: ignore[assignment]
    hosted.relay = None
    await hosted.stop()
    assert calls.calls.index("sender.stop") < calls.calls.index("application.stop")
    assert calls.calls.index("updater.stop") < calls.calls.index("application.stop")
