"""Transport capability: GTFS feeds in the database, trip plans, meeting plans and "how to get here"."""

from __future__ import annotations

from typing import Any

from bitgoeul.core.registry import Capability

MANIFEST = Capability(
    name="transit",
    order=70,
    models="bitgoeul.transit.models",
    pages="bitgoeul.transit.web:router",
    api="bitgoeul.transit.api:router",
    cli="bitgoeul.transit.cli:app",
    demo="bitgoeul.transit.demo_loader:load_demo",
    exports={
        "transit_feeds": "bitgoeul.transit.models:TransitFeed",
        "transit_stops": "bitgoeul.transit.models:TransitStop",
    },
    nav=(("/transit", "transit.nav.plan"), ("/transit/meet", "transit.nav.meet")),
    check="bitgoeul.transit.manifest:check",
    warm="bitgoeul.transit.manifest:warm",
    search_kinds="bitgoeul.transit.search_kinds:register",
)


def check(settings: Any) -> None:
    from bitgoeul.transit.router.raptor import set_default_engine

    set_default_engine(settings.router_engine)


def warm(session: Any) -> None:
    from bitgoeul.transit.network import warm
    from bitgoeul.transit.place_search import warm as warm_places
    from bitgoeul.transit.service import warm_plan

    warm(session)
    warm_places(session)
    warm_plan(session)
