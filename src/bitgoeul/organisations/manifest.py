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


def _venues(session: Any) -> list[Any]:
    """Organisations by name, placed by their region ("광주 북구"): no street addresses are kept."""
    from sqlalchemy import select

    from bitgoeul.core.registry import Venue
    from bitgoeul.organisations.models import Organisation

    rows = session.execute(select(Organisation.id, Organisation.name_ko, Organisation.name_en, Organisation.region)
                           .where(Organisation.region != "").order_by(Organisation.id))
    return [Venue(f"organisation:{i}", ko, en, area=region) for i, ko, en, region in rows]


MANIFEST = Capability(name="organisations", order=20, models="bitgoeul.organisations.models", pages=_pages, api=_api,
                      exports=_exports, nav=(("/organisations", "nav.organisations"),), venues=_venues)
