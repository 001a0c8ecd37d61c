"""Matching capability: one hybrid search over every registered kind, site search, CLI and API."""

from __future__ import annotations

from typing import Any

from bitgoeul.core.registry import Capability


def _pages() -> Any:
    from bitgoeul.matching.web import router

    return router


def _api() -> Any:
    from bitgoeul.matching.api import router

    return router


def _cli() -> Any:
    from bitgoeul.matching.cli import app

    return app


def _check(settings: Any) -> None:
    from bitgoeul.matching.backend import check_startup

    check_startup(settings.database_url, settings.search_backend)


def _warm(session: Any) -> None:
    from bitgoeul.matching.worker import warm

    warm(session)


MANIFEST = Capability(name="matching", order=40, models="bitgoeul.matching.models", pages=_pages,
                      api=_api, cli=_cli, nav=(("/search", "matching.nav.search"),), check=_check, warm=_warm)
