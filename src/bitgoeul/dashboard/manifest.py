"""Dashboard capability: every capability's indicators over time, as charts, with open data export."""

from __future__ import annotations

from bitgoeul.core.registry import Capability

MANIFEST = Capability(
    name="dashboard",
    order=90,
    pages="bitgoeul.dashboard.web:router",
    api="bitgoeul.dashboard.api:router",
    cli="bitgoeul.dashboard.cli:app",
    nav=(("/dashboard", "dashboard.nav"),),
)
