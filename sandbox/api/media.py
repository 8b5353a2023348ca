"""Media and files: sendPhoto, sendDocument, editMessageCaption, getFile, file downloads."""

from __future__ import annotations

import mimetypes
import re
from typing import Any

from aiohttp import web

from sandbox.api.sending import SendingBase
from sandbox.core import StoredFile, image_size
from sandbox.errors import (
    CAPTION_TOO_LONG,
    FILE_EMPTY,
    FILE_ID_UNDECODABLE,
    FILE_TYPE_MISMATCH,
    FILE_URL_INVALID,
    INVALID_FILE_ID,
    NO_CAPTION_TO_EDIT,
    NO_FILE_IN_REQUEST,
    NOT_MODIFIED,
    PHOTO_INVALID_DIMENSIONS,
    WRONG_FILE_ID,
    bad,
)
from sandbox.html_check import ParsedText
from sandbox.links import UrlError, parse_url
from sandbox.markup import check_markup, check_web_app_chat, inline_markup

MAX_CAPTION_LENGTH = 1024
#: sendPhoto: "The photo's width and height must not exceed 10000 in total. Width and height
#: ratio must be at most 20."
MAX_PHOTO_SIDES = 10000
MAX_PHOTO_RATIO = 20

_BASE64URL = re.compile(r"[A-Za-z0-9_-]*={0,2}")
#: tdlib's names of the sandbox's kinds of file; stickers and documents are both of its
#: document class, so either file_id may be sent as the other.
_TYPE_NAMES = {"doc": "Document", "photo": "Photo", "sticker": "Sticker"}
_DOCUMENT_CLASS = frozenset({"doc", "sticker"})


class MediaMixin(SendingBase):
    """Photos and documents the bot sends, their captions, and the files it fetches."""

    async def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        """sendDocument (multipart upload, known file_id or URL)."""
        return await self._send_file(params, "document")

    async def _send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        """sendPhoto (multipart upload or known file_id)."""
        return await self._send_file(params, "photo")

    async def _send_file(self, params: dict[str, Any], field_name: str) -> dict[str, Any]:
        value = params.get(field_name)
        if value is None or value == "":
            raise bad(NO_FILE_IN_REQUEST.format(field=field_name))
        caption, caption_html = self._caption(params)
        markup = check_markup(params.get("reply_markup"))
        chat = self._target_chat(params)
        check_web_app_chat(markup, params["chat_id"])
        reply_to = self._reply_to(chat, params)
        stored = self._input_file(value, field_name)
        if stored is None:
            url = str(value)
            stored = self._store_file(b"", url.rsplit("/", 1)[-1] or None, None, "doc")
        fields: dict[str, Any] = {
            "reply_markup": markup,
            "reply_to_message_id": reply_to,
            "file_id": stored.file_id,
            "caption": caption.text if caption else None,
            "caption_entities": (caption.entities or None) if caption else None,
            "caption_html": caption_html,
        }
        if field_name == "photo":
            fields["photo"] = stored.data
        else:
            fields["document"] = {
                "file_name": stored.file_name,
                "mime_type": stored.mime_type,
                "bytes": stored.data,
                "file_id": stored.file_id,
                "file_size": len(stored.data),
            }
        message = self._new_message(chat, from_bot=True, **fields)
        return self._bot_sent(message, chat)

    def _input_file(self, value: Any, field_name: str) -> StoredFile | None:
        """Resolves an uploaded part, a file_id sent earlier, or a URL (None: the sandbox does
        not fetch it) of sendDocument and sendPhoto.

        Like tdlib, a string with a dot is a URL (``http://`` is assumed when no scheme is
        given) and any other string a file_id.
        """
        if isinstance(value, dict):
            data = value["bytes"]
            if not data:
                raise bad(FILE_EMPTY)
            name = value.get("file_name")
            mime = value.get("mime_type")
            if not mime or mime == "application/octet-stream":
                mime = (mimetypes.guess_type(name)[0] if name else None) or mime
            kind = "photo" if field_name == "photo" else "doc"
            if kind == "photo":
                _check_dimensions(data)
            return self._store_file(data, name, mime, kind)
        text = str(value)
        if "." in text:
            try:
                parse_url(text)
            except UrlError as err:
                raise bad(FILE_URL_INVALID.format(reason=err)) from None
            return None
        known = self._files.get(text)
        if known is not None:
            wanted = "photo" if field_name == "photo" else "doc"
            if known.kind != wanted and not {known.kind, wanted} <= _DOCUMENT_CLASS:
                raise bad(
                    FILE_TYPE_MISMATCH.format(
                        given=_TYPE_NAMES[known.kind], wanted=_TYPE_NAMES[wanted]
                    )
                )
            return known
        if not _BASE64URL.fullmatch(text):
            raise bad(FILE_ID_UNDECODABLE.format(reason="Wrong character in the string"))
        if len(text.rstrip("=")) % 4 == 1:
            raise bad(FILE_ID_UNDECODABLE.format(reason="Wrong string length"))
        # A well-formed identifier Telegram does not know (another bot's, or made up).
        raise bad(WRONG_FILE_ID)

    def _caption(self, params: dict[str, Any]) -> tuple[ParsedText | None, str | None]:
        caption = params.get("caption")
        if caption is None or caption == "":
            return None, None
        parsed, html = self._format(
            str(caption), params.get("parse_mode"), params.get("caption_entities")
        )
        if len(parsed.text) > MAX_CAPTION_LENGTH:
            raise bad(CAPTION_TOO_LONG)
        return parsed, html

    async def _edit_message_caption(self, params: dict[str, Any]) -> dict[str, Any]:
        """editMessageCaption."""
        caption, caption_html = self._caption(params)
        markup = check_markup(params.get("reply_markup"), inline_only=True)
        chat, message = self._message_to_edit(params)
        check_web_app_chat(markup, message.chat_id)
        if message.document is None and message.photo is None:
            raise bad(NO_CAPTION_TO_EDIT)
        new_text = caption.text if caption else None
        new_entities = (caption.entities or None) if caption else None
        if (
            new_text == message.caption
            and new_entities == message.caption_entities
            and inline_markup(markup) == inline_markup(message.reply_markup)
        ):
            raise bad(NOT_MODIFIED)
        message.caption = new_text
        message.caption_entities = new_entities
        message.caption_html = caption_html
        message.reply_markup = markup
        return self._edited(chat, message)

    async def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        """getFile; the file is then served under :attr:`base_file_url`."""
        stored = self._files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise bad(INVALID_FILE_ID)
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    async def _handle_file(self, request: web.Request) -> web.Response:
        """Serves ``/file/bot<token>/<file_path>`` downloads (files from getFile)."""
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        path = request.match_info["path"]
        for stored in self._files.values():
            if stored.file_path == path:
                return web.Response(
                    body=stored.data, content_type=stored.mime_type or "application/octet-stream"
                )
        return web.json_response(
            {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
        )


def _check_dimensions(data: bytes) -> None:
    short, long = sorted(image_size(data))
    if short + long > MAX_PHOTO_SIDES or long > MAX_PHOTO_RATIO * short:
        raise bad(PHOTO_INVALID_DIMENSIONS)
