"""The bot's own settings: getMe, logOut/close, the command lists and the menu button."""

from __future__ import annotations

import json
import re
from typing import Any

from sandbox.core import SandboxCore
from sandbox.errors import bad

_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


class BotSettingsMixin(SandboxCore):
    """getMe, logOut, close, set/get/deleteMyCommands, set/getChatMenuButton."""

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        """The commands set with setMyCommands for that scope and language."""
        return list(self._commands.get(self._commands_key(scope, language_code), []))

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
        """setMyCommands (validated like Telegram)."""
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad("Bad Request: can't parse commands JSON object")
        if len(commands) > 100:
            raise bad("Bad Request: too many commands specified")
        clean: list[dict[str, Any]] = []
        for command in commands:
            if not isinstance(command, dict):
                raise bad("Bad Request: can't parse commands JSON object")
            name = str(command.get("command", ""))
            description = str(command.get("description", ""))
            if not _COMMAND_RE.fullmatch(name):
                raise bad("Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise bad("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
            clean.append({"command": name, "description": description})
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
        if not isinstance(button, dict) or button.get("type") not in (
            "default",
            "commands",
            "web_app",
        ):
            raise bad("Bad Request: can't parse menu button JSON object")
        self._menu_buttons[chat_id] = button
        return True

    async def _get_chat_menu_button(self, params: dict[str, Any]) -> dict[str, Any]:
        """getChatMenuButton."""
        chat_id = params.get("chat_id")
        button = self._menu_buttons.get(chat_id) or self._menu_buttons.get(None)
        if button is None or button.get("type") == "default":
            return {"type": "commands"}
        return button
