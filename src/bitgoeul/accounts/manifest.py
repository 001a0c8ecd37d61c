"""Accounts capability: login, logout, language, registration, API tokens, `bitgoeul user`."""

from __future__ import annotations

from typing import Any

from bitgoeul.core.registry import Capability


def _pages() -> Any:
    from bitgoeul.accounts.web import router

    return router


def _api() -> Any:
    from bitgoeul.accounts.api import router

    return router


def _cli() -> Any:
    from bitgoeul.accounts.cli import app

    return app


def _exports() -> dict[str, Any]:
    from bitgoeul.accounts.models import User

    return {"users": User}


MANIFEST = Capability(name="accounts", order=10, models="bitgoeul.accounts.models", pages=_pages, api=_api, cli=_cli,
                      exports=_exports)
