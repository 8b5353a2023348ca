"""The web door (issue 12): the dashboard, a Telegram Mini App, and the venue kiosk.

An aiohttp server in the bot's process, on the same services as the chat: views parse the
request, call `bot.services`, and render Jinja templates. Every dashboard request carries
Telegram's initData (`web.auth`); the kiosk holds a session from a one-time link.
"""
