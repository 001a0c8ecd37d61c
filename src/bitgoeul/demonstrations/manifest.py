"""Try-and-buy capability: solutions, needs, demonstrations, KPIs, purchases and the programme figures."""

from __future__ import annotations

from bitgoeul.core.registry import Capability

MANIFEST = Capability(
    name="demonstrations",
    order=30,
    models="bitgoeul.demonstrations.models",
    pages="bitgoeul.demonstrations.web:router",
    api="bitgoeul.demonstrations.api:router",
    demo="bitgoeul.demonstrations.demo_loader:load_demo",
    exports={
        "solutions": "bitgoeul.demonstrations.models:Solution",
        "needs": "bitgoeul.demonstrations.models:Need",
        "demonstrations": "bitgoeul.demonstrations.models:Demonstration",
        "kpis": "bitgoeul.demonstrations.models:Kpi",
        "demonstration_events": "bitgoeul.demonstrations.models:DemonstrationEvent",
        "purchases": "bitgoeul.demonstrations.models:Purchase",
    },
    nav=(("/solutions", "nav.solutions"), ("/needs", "nav.needs"), ("/demonstrations", "nav.demonstrations"),
         ("/programme", "nav.programme")),
    search_kinds="bitgoeul.demonstrations.search_kinds:register",
    indicators="bitgoeul.demonstrations.indicators:indicators",
    match_lists="bitgoeul.demonstrations.match_lists:RELATIONS",
    match_commands="bitgoeul.demonstrations.cli_match:register",
)
