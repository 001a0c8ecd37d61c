"""Transport capability: GTFS feeds in the database, trip plans, meeting plans and "how to get here"."""

from __future__ import annotations

from typing import Any

from bitgoeul.core.registry import Capability


def _pages() -> Any:
    from bitgoeul.transit.web import router

    return router


def _api() -> Any:
    from bitgoeul.transit.api import router

    return router


def _cli() -> Any:
    from bitgoeul.transit.cli import app

    return app


def _exports() -> dict[str, Any]:
    from bitgoeul.transit import models as m

    return {"transit_feeds": m.TransitFeed, "transit_stops": m.TransitStop}


def _demo(session: Any) -> None:
    from bitgoeul.transit.demo_loader import load_demo

    load_demo(session)


def _check(settings: Any) -> None:
    from bitgoeul.transit.router.raptor import set_default_engine

    set_default_engine(settings.router_engine)


def _warm(session: Any) -> None:
    from bitgoeul.transit.network import warm
    from bitgoeul.transit.place_search import warm as warm_places
    from bitgoeul.transit.service import warm_plan

    warm(session)
    warm_places(session)
    warm_plan(session)


MANIFEST = Capability(
    name="transit",
    order=70,
    models="bitgoeul.transit.models",
    pages=_pages,
    api=_api,
    cli=_cli,
    exports=_exports,
    nav=(("/transit", "transit.nav.plan"), ("/transit/meet", "transit.nav.meet")),
    demo=_demo,
    check=_check,
    warm=_warm,
)
