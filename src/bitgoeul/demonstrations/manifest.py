"""Try-and-buy capability: solutions, needs, demonstrations, KPIs, purchases and the programme figures."""

from __future__ import annotations

from typing import Any

from bitgoeul.core.registry import Capability


def _pages() -> Any:
    from bitgoeul.demonstrations.web import router

    return router


def _api() -> Any:
    from bitgoeul.demonstrations.api import router

    return router


def _exports() -> dict[str, Any]:
    from bitgoeul.demonstrations import models as m

    return {"solutions": m.Solution, "needs": m.Need, "demonstrations": m.Demonstration, "kpis": m.Kpi,
            "demonstration_events": m.DemonstrationEvent, "purchases": m.Purchase}


def _demo(session: Any) -> None:
    from bitgoeul.demonstrations.demo_loader import load_demo

    load_demo(session)


MANIFEST = Capability(
    name="demonstrations",
    order=30,
    models="bitgoeul.demonstrations.models",
    pages=_pages,
    api=_api,
    exports=_exports,
    nav=(("/solutions", "nav.solutions"), ("/needs", "nav.needs"), ("/demonstrations", "nav.demonstrations"),
         ("/programme", "nav.programme")),
    demo=_demo,
)
