"""Organisations capability: the directory of firms, buyers and institutions."""

from __future__ import annotations

from typing import Any

from bitgoeul.core.registry import Capability

MANIFEST = Capability(
    name="organisations",
    order=20,
    models="bitgoeul.organisations.models",
    pages="bitgoeul.organisations.web:router",
    api="bitgoeul.organisations.api:router",
    exports={"organisations": "bitgoeul.organisations.models:Organisation"},
    nav=(("/organisations", "nav.organisations"),),
    venues="bitgoeul.organisations.manifest:venues",
    search_kinds="bitgoeul.organisations.search_kinds:register",
)


def venues(session: Any) -> list[Any]:
    """Organisations by name, placed by their region ("광주 북구"): no street addresses are kept."""
    from sqlalchemy import select

    from bitgoeul.core.registry import Venue
    from bitgoeul.organisations.models import Organisation

    rows = session.execute(select(Organisation.id, Organisation.name_ko, Organisation.name_en, Organisation.region)
                           .where(Organisation.region != "").order_by(Organisation.id))
    return [Venue(f"organisation:{i}", ko, en, area=region) for i, ko, en, region in rows]
