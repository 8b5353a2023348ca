"""Plain data objects of the sandbox: messages, events, recorded requests, errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from sandbox.users import SimUser

__all__ = [
    "CallbackAnswer",
    "EventKind",
    "RecordedRequest",
    "SandboxEvent",
    "SandboxMessage",
    "TelegramErrorReply",
]

EventKind = Literal[
    "user_message",
    "bot_message",
    "bot_edit",
    "bot_delete",
    "button_press",
    "callback_answer",
    "user_edit",
    "channel_post",
    "flood_wait",
]


class TelegramErrorReply(Exception):
    """An error answer of the Bot API: ``{"ok": false, "error_code": N, "description": ...}``.

    Raised inside method implementations; the server turns it into the JSON reply with the
    HTTP status ``error_code``.
    """

    def __init__(
        self, error_code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{error_code}: {description}")
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def to_json(self) -> dict[str, Any]:
        """The JSON body Telegram would send."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


@dataclass
class RecordedRequest:
    """One Bot API call the bot made (``params`` already decoded/coerced).

    Attributes:
        method: The method name as the bot spelled it.
        params: The decoded parameters.
        at: ``time.monotonic()`` when the request arrived.
        status: The HTTP status answered (429 for flood-limit rejections); 0 when the
            connection was dropped without an answer (``fail_next(drop_connection=True)``).
        delivered: The method was executed (e.g. the message was stored in the chat), even if
            the bot never saw the answer (slow response, dropped connection, injected error
            with ``deliver=True``).
        fault: The injected fault that applied (``"error"``, ``"delay"``, ``"drop"``,
            combined with ``+``), or None.
        client_gone: The client had closed the connection before the answer was ready (a
            slow response past its read timeout); the answer was never read.
        description: The error text answered (``"Bad Request: chat not found"``), or None.
    """

    method: str
    params: dict[str, Any]
    at: float
    status: int
    delivered: bool = False
    fault: str | None = None
    client_gone: bool = False
    description: str | None = None


@dataclass(frozen=True)
class CallbackAnswer:
    """What the bot passed to answerCallbackQuery for a button press."""

    text: str | None
    show_alert: bool
    url: str | None


@dataclass(eq=False)
class SandboxMessage:
    """A message in a sandbox chat, sent by a simulated user or by the bot.

    Bot messages are updated in place by editMessageText / editMessageReplyMarkup /
    editMessageCaption, so a held reference always shows the current state.

    Attributes:
        text: Plain text (tags removed and entities decoded for ``parse_mode=HTML``).
        html: The raw string the bot sent when ``parse_mode`` was HTML, else None.
        reply_markup: The markup JSON as sent (``{"inline_keyboard": [[...]]}`` etc.).
        document: ``{"file_name", "mime_type", "bytes", "file_id", "file_size"}`` or None.
        photo: The uploaded photo bytes or None.
        edit_count: How many times the message was edited (by the bot, or by its user with
            :meth:`SimUser.edit`).
        extra: Further ``Message`` fields sent as they are (``migrate_to_chat_id``,
            ``sender_chat``, ...).
        sticker: The ``Sticker`` object of a sticker message, or None.
        link_preview_options: The ``LinkPreviewOptions`` the Message shows (Telegram leaves
            out the defaults, and ``is_disabled`` when the text has no link), or None.
        link_preview_url: The URL whose preview Telegram shows under the text, or None when
            no preview is shown (no link, or ``is_disabled``); see :attr:`shows_link_preview`.
        location: The ``Location`` object of a location or venue message (``latitude``,
            ``longitude`` in degrees, ``horizontal_accuracy`` in meters...), or None.
        venue: The ``Venue`` object of a venue message (``location``, ``title``,
            ``address``, ``foursquare_id``...), or None.
    """

    message_id: int
    chat_id: int
    from_bot: bool
    text: str | None = None
    html: str | None = None
    entities: list[dict[str, Any]] | None = None
    reply_markup: dict[str, Any] | None = None
    document: dict[str, Any] | None = None
    photo: bytes | None = None
    caption: str | None = None
    caption_html: str | None = None
    caption_entities: list[dict[str, Any]] | None = None
    date: int = 0
    edit_date: int | None = None
    edit_count: int = 0
    from_user: dict[str, Any] | None = None
    reply_to_message_id: int | None = None
    file_id: str | None = None
    deleted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    sticker: dict[str, Any] | None = None
    link_preview_options: dict[str, Any] | None = None
    link_preview_url: str | None = None
    location: dict[str, Any] | None = None
    venue: dict[str, Any] | None = None

    @property
    def shows_link_preview(self) -> bool:
        """Whether Telegram shows a link preview with this (text) message."""
        return self.link_preview_url is not None

    @property
    def buttons(self) -> list[list[tuple[str, str | None]]]:
        """Rows of ``(text, callback_data)`` of the inline (or reply) keyboard."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        result: list[list[tuple[str, str | None]]] = []
        for row in rows:
            result.append(
                [
                    (b, None)
                    if isinstance(b, str)
                    else (b.get("text", ""), b.get("callback_data"))
                    for b in row
                ]
            )
        return result

    @property
    def button_texts(self) -> list[str]:
        """All button texts, flattened row by row."""
        return [text for row in self.buttons for text, _ in row]

    def find_button(self, text: str) -> dict[str, Any]:
        """The inline button whose text equals ``text`` or, failing that, contains it.

        Raises:
            LookupError: No button matches, or several match only as a substring.
        """
        markup = self.reply_markup or {}
        buttons: list[dict[str, Any]] = [
            b for row in markup.get("inline_keyboard") or [] for b in row
        ]
        exact = [b for b in buttons if b.get("text") == text]
        if len(exact) == 1:
            return exact[0]
        partial = exact or [b for b in buttons if text in b.get("text", "")]
        if len(partial) == 1:
            return partial[0]
        listing = ", ".join(repr(b.get("text")) for b in buttons) or "no inline buttons"
        if not partial:
            raise LookupError(
                f"No button matching {text!r} on message {self.message_id} ({listing})"
            )
        raise LookupError(
            f"Button text {text!r} is ambiguous on message {self.message_id} ({listing})"
        )

    def callback_data_for(self, text_substring: str) -> str:
        """The callback_data of the button found like :meth:`find_button`."""
        button = self.find_button(text_substring)
        data = button.get("callback_data")
        if data is None:
            raise LookupError(f"Button {button.get('text')!r} has no callback_data")
        return str(data)

    def __repr__(self) -> str:
        if self.from_bot:
            who = "bot"
        elif self.from_user is None:
            who = "channel"
        else:
            who = f"user {self.from_user.get('id')}"
        body = self.text if self.text is not None else self.caption
        extra = f", buttons={self.button_texts}" if self.reply_markup else ""
        if self.document is not None:
            extra += f", document={self.document.get('file_name')!r}"
        if self.photo is not None:
            extra += ", photo"
        if self.sticker is not None:
            extra += f", sticker={self.sticker.get('emoji')!r}"
        if self.venue is not None:
            extra += f", venue={self.venue.get('title')!r}"
        elif self.location is not None:
            extra += f", location=({self.location['latitude']}, {self.location['longitude']})"
        if self.extra:
            extra += f", {', '.join(f'{k}={v!r}' for k, v in self.extra.items())}"
        return f"<SandboxMessage #{self.message_id} chat={self.chat_id} {who}: {body!r}{extra}>"


@dataclass
class SandboxEvent:
    """Something happening in the sandbox, reported to listeners (see ``add_listener``).

    For ``callback_answer`` events ``text`` is the answer text (also ``answer_text``),
    ``show_alert`` and ``url`` are the answer's; ``data`` is the pressed callback_data.
    """

    kind: EventKind
    chat_id: int
    user: SimUser | None
    message: SandboxMessage | None
    text: str | None
    data: str | None = None
    show_alert: bool = False
    url: str | None = None

    @property
    def answer_text(self) -> str | None:
        """The answerCallbackQuery text (``callback_answer`` events only)."""
        return self.text if self.kind == "callback_answer" else None
