"""Talent capability: profiles, jobs, two-sided matching, applications, alerts and the hiring figures."""

from __future__ import annotations

from typing import Any

from bitgoeul.core.registry import Capability


def _pages() -> Any:
    from bitgoeul.talent.web import router

    return router


def _api() -> Any:
    from bitgoeul.talent.api import router

    return router


def _cli() -> Any:
    from bitgoeul.talent.cli import app

    return app


def _exports() -> dict[str, Any]:
    from bitgoeul.talent import models as m

    return {"talent_jobs": m.Job, "talent_profiles": m.TalentProfile, "talent_applications": m.Application,
            "talent_application_events": m.ApplicationEvent}


def _demo(session: Any) -> None:
    from bitgoeul.talent.demo_loader import load_demo

    load_demo(session)


MANIFEST = Capability(
    name="talent",
    order=50,
    models="bitgoeul.talent.models",
    pages=_pages,
    api=_api,
    cli=_cli,
    exports=_exports,
    nav=(("/talent/jobs", "talent.nav.jobs"), ("/talent/me", "talent.nav.me")),
    demo=_demo,
)
