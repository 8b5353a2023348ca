"""Updates a multi-office worker received by webhook, waiting for the office's holder."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class InboundUpdate(SQLModel, table=True):
    """One Telegram update POSTed to `/telegram/<office>` (bot/offices/webhooks.py).

    Any worker may receive an office's webhook; it stores the update here and answers
    Telegram 200 only after the commit, and the worker that holds the office takes the
    rows out in `update_id` order and hands them to its Application. A single-office bot
    (`main.py run`) never writes this table. `update_id` as the key makes a repeated
    delivery (Telegram retries when the answer was lost) a no-op while the row waits; once
    the holder took it out, the holder's memory of the ids it queued drops the repeat (a
    repeat that reaches a new holder after a takeover is handled again).
    """

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
