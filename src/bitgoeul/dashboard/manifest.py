"""Dashboard capability: every capability's indicators over time, as charts, with open data export."""

from __future__ import annotations

from typing import Any

from bitgoeul.core.registry import Capability


def _pages() -> Any:
    from bitgoeul.dashboard.web import router

    return router


def _api() -> Any:
    from bitgoeul.dashboard.api import router

    return router


def _cli() -> Any:
    from bitgoeul.dashboard.cli import app

    return app


MANIFEST = Capability(
    name="dashboard",
    order=90,
    pages=_pages,
    api=_api,
    cli=_cli,
    nav=(("/dashboard", "dashboard.nav"),),
)
