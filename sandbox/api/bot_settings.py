"""The bot's own settings: getMe, logOut/close, the command lists and the menu button."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from sandbox import webapps
from sandbox.core import SandboxCore
from sandbox.markup import web_app_url_problem

if TYPE_CHECKING:
    from sandbox.users import SimUser
from sandbox.errors import (
    COMMAND_DESCRIPTION_EMPTY,
    COMMAND_DESCRIPTION_TOO_LONG,
    COMMAND_EMPTY,
    COMMAND_INVALID,
    COMMAND_TOO_LONG,
    COMMAND_UNPARSABLE,
    COMMANDS_NOT_ARRAY,
    COMMANDS_TOO_MUCH,
    FIELD_MISSING,
    FIELD_NOT_STRING,
    MENU_BUTTON_INVALID,
    MENU_WEB_APP_URL_INVALID,
    bad,
)

_COMMAND_RE = re.compile(r"[a-z0-9_]+")
MAX_COMMANDS = 100
MAX_COMMAND_LENGTH = 32
MAX_COMMAND_DESCRIPTION_LENGTH = 256


def _required_string(item: dict[str, Any], name: str, error: str) -> str:
    """tdlib's required string field of a JSON object (a number is taken as its text)."""
    if name not in item:
        raise bad(error.format(reason=FIELD_MISSING.format(field=name)))
    value = item[name]
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise bad(error.format(reason=FIELD_NOT_STRING.format(field=name)))
    return str(value)


class BotSettingsMixin(SandboxCore):
    """getMe, logOut, close, set/get/deleteMyCommands, set/getChatMenuButton."""

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        """The commands set with setMyCommands for that scope and language."""
        return list(self._commands.get(self._commands_key(scope, language_code), []))

    def web_proxy(self, public_prefix: str, local_prefix: str) -> None:
        """Open Mini Apps under ``public_prefix`` (what the bot gives Telegram, https://)
        from ``local_prefix`` (where the bot serves them): the reverse proxy's part."""
        self._web_routes[public_prefix.rstrip("/")] = local_prefix.rstrip("/")

    def web_app_url(self, user: SimUser, url: str, *, auth_date: int | None = None) -> str:
        """The address a Telegram client loads when ``user`` opens the Mini App at ``url``
        (a web_app button's or the menu button's): the local address of ``url`` with the
        ``#tgWebAppData=…`` fragment signed with the bot token, as Telegram signs it.

        Raises:
            ValueError: ``url`` is not under a prefix given to :meth:`web_proxy`.
        """
        for public, local in self._web_routes.items():
            if url == public or url.startswith(public + "/"):
                signed = webapps.init_data(
                    self.token,
                    {
                        "id": user.id,
                        "first_name": user.first_name,
                        **({"last_name": user.last_name} if user.last_name else {}),
                        **({"username": user.username} if user.username else {}),
                        "language_code": user.language_code,
                        "allows_write_to_pm": True,
                    },
                    auth_date=auth_date,
                )
                return local + url[len(public) :] + webapps.fragment(signed)
        raise ValueError(f"no web_proxy for {url}")

    def menu_button(self, chat_id: int | None = None) -> dict[str, Any] | None:
        """The menu button set with setChatMenuButton for ``chat_id`` (None: the default)."""
        return self._menu_buttons.get(chat_id)

    @staticmethod
    def _commands_key(scope: Any, language_code: Any) -> tuple[str, str]:
        scope_dict = scope if isinstance(scope, dict) else {"type": "default"}
        return json.dumps(scope_dict, sort_keys=True), str(language_code or "")

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        """getMe."""
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _log_out(self, params: dict[str, Any]) -> bool:
        """logOut and close."""
        return True

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        """setMyCommands, checked like Telegram: tdlib trims each command and description and
        drops a leading ``/``, the servers refuse more than 100 commands or a command that is
        not lower-case letters, digits and ``_``. Without ``commands`` the list is cleared."""
        commands = params.get("commands", [])
        if not isinstance(commands, list):
            raise bad(COMMANDS_NOT_ARRAY)
        clean: list[dict[str, Any]] = []
        for command in commands:
            if not isinstance(command, dict):
                raise bad(COMMAND_UNPARSABLE.format(reason="expected an Object"))
            name = _required_string(command, "command", COMMAND_UNPARSABLE).strip()
            description = _required_string(command, "description", COMMAND_UNPARSABLE).strip()
            name = name.removeprefix("/")
            if not name:
                raise bad(COMMAND_EMPTY)
            if len(name) > MAX_COMMAND_LENGTH:
                raise bad(COMMAND_TOO_LONG)
            if not description:
                raise bad(COMMAND_DESCRIPTION_EMPTY)
            if len(description) > MAX_COMMAND_DESCRIPTION_LENGTH:
                raise bad(COMMAND_DESCRIPTION_TOO_LONG)
            clean.append({"command": name, "description": description})
        if len(clean) > MAX_COMMANDS:
            raise bad(COMMANDS_TOO_MUCH)
        if any(not _COMMAND_RE.fullmatch(c["command"]) for c in clean):
            raise bad(COMMAND_INVALID)
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        if clean:
            self._commands[key] = clean
        else:
            self._commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """getMyCommands."""
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        return list(self._commands.get(key, []))

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        """deleteMyCommands."""
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        self._commands.pop(key, None)
        return True

    async def _set_chat_menu_button(self, params: dict[str, Any]) -> bool:
        """setChatMenuButton."""
        chat_id = params.get("chat_id")
        if chat_id is not None:
            self._target_chat(params)
        button = params.get("menu_button")
        if button is None:
            button = {"type": "default"}
        _check_menu_button(button)
        self._menu_buttons[chat_id] = button
        return True

    async def _get_chat_menu_button(self, params: dict[str, Any]) -> dict[str, Any]:
        """getChatMenuButton."""
        chat_id = params.get("chat_id")
        button = self._menu_buttons.get(chat_id) or self._menu_buttons.get(None)
        if button is None or button.get("type") == "default":
            return {"type": "commands"}
        return button


def _check_menu_button(button: Any) -> None:
    """A ``MenuButton`` as tdlib/telegram-bot-api reads it (``get_bot_menu_button``)."""
    if not isinstance(button, dict):
        raise bad(MENU_BUTTON_INVALID.format(reason="MenuButton must be an Object"))
    kind = _required_string(button, "type", MENU_BUTTON_INVALID)
    if kind in ("default", "commands"):
        return
    if kind != "web_app":
        raise bad(MENU_BUTTON_INVALID.format(reason="MenuButton has unsupported type"))
    _required_string(button, "text", MENU_BUTTON_INVALID)
    web_app = button.get("web_app")
    if "web_app" not in button:
        raise bad(MENU_BUTTON_INVALID.format(reason=FIELD_MISSING.format(field="web_app")))
    if not isinstance(web_app, dict):
        raise bad(MENU_BUTTON_INVALID.format(reason='Field "web_app" must be of type Object'))
    url = _required_string(web_app, "url", MENU_BUTTON_INVALID)
    reason = web_app_url_problem(url)
    if reason is not None:
        raise bad(MENU_WEB_APP_URL_INVALID.format(url=url, reason=reason))
