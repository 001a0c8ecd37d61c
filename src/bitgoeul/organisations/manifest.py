"""Organisations capability: the directory of firms, buyers and institutions."""

from __future__ import annotations

from typing import Any

from bitgoeul.core.registry import Capability


def _pages() -> Any:
    from bitgoeul.organisations.web import router

    return router


def _api() -> Any:
    from bitgoeul.organisations.api import router

    return router


def _exports() -> dict[str, Any]:
    from bitgoeul.organisations.models import Organisation

    return {"organisations": Organisation}


MANIFEST = Capability(name="organisations", order=20, models="bitgoeul.organisations.models", pages=_pages, api=_api,
                      exports=_exports, nav=(("/organisations", "nav.organisations"),))
