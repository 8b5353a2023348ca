"""`handlers.common.answer_and_edit`: the callback answer and the message's edit at once,
with the errors as if one came after the other."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace
from typing import Any

import pytest

from handlers import common


class Query:
    """A callback query whose answer waits for `gate` and then fails with `error`, if any."""

    def __init__(self, gate: asyncio.Event, error: Exception | None = None) -> None:
        self.id = "q1"
        self.gate = gate
        self.error = error
        self.answered: list[str | None] = []

    async def answer(self, text: str | None, **_: Any) -> None:
        await self.gate.wait()
        if self.error is not None:
            raise self.error
        self.answered.append(text)


def update_with(query: Query) -> Any:
    return SimpleNamespace(callback_query=query)


async def test_the_edit_runs_while_the_answer_waits() -> None:
    gate = asyncio.Event()
    query = Query(gate)
    edited: list[bool] = []

    async def edit() -> None:
        edited.append(True)
        gate.set()  # the answer comes back only after the edit has started

    async with asyncio.timeout(2):  # in this task: the answer is recorded in its context
        await common.answer_and_edit(update_with(query), "ok", edit())
    assert query.answered == ["ok"] and edited == [True]
    assert common.query_answered(update_with(query))


async def test_an_edit_error_is_raised_after_the_answer() -> None:
    gate = asyncio.Event()
    gate.set()
    query = Query(gate)

    async def edit() -> None:
        raise ValueError("edit failed")

    with pytest.raises(ValueError, match="edit failed"):
        await common.answer_and_edit(update_with(query), "ok", edit())
    # The error handler then tells the user by message, not by a second answer.
    assert common.query_answered(update_with(query))


async def test_an_answer_error_is_raised_and_the_edit_finished(
    caplog: pytest.LogCaptureFixture,
) -> None:
    gate = asyncio.Event()
    gate.set()
    query = Query(gate, RuntimeError("answer failed"))
    edited: list[bool] = []

    async def edit() -> None:
        await asyncio.sleep(0.01)
        edited.append(True)

    with pytest.raises(RuntimeError, match="answer failed"):
        await common.answer_and_edit(update_with(query), "ok", edit())
    assert edited == [True]
    assert not common.query_answered(update_with(query))
    assert not caplog.records


@pytest.mark.expected_errors("the pressed message was not edited either")
async def test_both_failing_raises_the_answer_error_and_logs_the_edit_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    gate = asyncio.Event()
    gate.set()
    query = Query(gate, RuntimeError("answer failed"))

    async def edit() -> None:
        raise ValueError("edit failed")

    with caplog.at_level(logging.ERROR), pytest.raises(RuntimeError, match="answer failed"):
        await common.answer_and_edit(update_with(query), "ok", edit())
    (record,) = caplog.records
    assert record.exc_info is not None and isinstance(record.exc_info[1], ValueError)


async def test_cancelling_the_press_cancels_the_edit() -> None:
    query = Query(asyncio.Event())  # the answer never comes
    started, cancelled = asyncio.Event(), asyncio.Event()

    async def edit() -> None:
        started.set()
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    press = asyncio.ensure_future(common.answer_and_edit(update_with(query), "ok", edit()))
    await asyncio.wait_for(started.wait(), 2)
    press.cancel()
    with pytest.raises(asyncio.CancelledError):
        await press
    await asyncio.wait_for(cancelled.wait(), 2)
