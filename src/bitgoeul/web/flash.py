"""Confirmations after a write ("flash" messages): a message key kept in the session, shown once on the next
page, in the language of whoever reads it.

Handlers may say what happened (`flash(request, "flash.demonstration_requested", title=...)`); every other
page form that succeeds (POST answered by a 303 redirect) gets the message named after its route
(`flash.<route name>`, e.g. `flash.need_create`), or a plain "saved" when the catalog has none. So no write
action of the pages goes unconfirmed, and adding a route needs at most one catalog line.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bitgoeul.core.i18n import catalog, translate

SESSION_KEY = "flash"
FALLBACK = "flash.saved"


def flash(request: Request, key: str, **params: object) -> None:
    """Confirm an action on the next page (or on this one, when the handler renders instead of redirecting)."""
    request.session[SESSION_KEY] = {"key": key, "params": {k: str(v) for k, v in params.items()}}


def take_flash(request: Request, language: str) -> str | None:
    """The pending confirmation in `language`, removed from the session so it shows once."""
    if "session" not in request.scope:
        return None
    stored = request.session.pop(SESSION_KEY, None)
    if not isinstance(stored, dict) or not isinstance(stored.get("key"), str):
        return None
    key = stored["key"] if stored["key"] in catalog() else FALLBACK
    params: dict[str, Any] = stored["params"] if isinstance(stored.get("params"), dict) else {}
    try:
        return translate(key, language, **params)
    except (KeyError, IndexError, ValueError):
        return translate(FALLBACK, language)


def route_key(scope: Scope) -> str:
    """The confirmation named after the route that handled the request, if the catalog has it."""
    route: Any = scope.get("route")
    key = f"flash.{getattr(route, 'name', '')}"
    return key if key in catalog() else FALLBACK


class FlashMiddleware:
    """Adds the route's confirmation to a successful page form (POST -> 303) whose handler set none.

    Must sit inside SessionMiddleware (added to the app before it), so the session it writes is saved.
    Log-in redirects (a form posted while logged out) and the JSON API are left alone."""

    def __init__(self, app: ASGIApp, api_prefix: str = "/api/") -> None:
        self.app = app
        self.api_prefix = api_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST" or scope["path"].startswith(self.api_prefix):
            await self.app(scope, receive, send)
            return

        async def send_with_flash(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 303:
                headers = dict(message.get("headers") or [])
                location = headers.get(b"location", b"").decode("latin-1")
                session = scope.get("session")
                if isinstance(session, dict) and SESSION_KEY not in session and not location.startswith("/login"):
                    session[SESSION_KEY] = {"key": route_key(scope), "params": {}}
            await send(message)

        await self.app(scope, receive, send_with_flash)
