"""Showcase capability: the AI cluster as a place to visit, with live facts from the other capabilities'
records and visit requests that operators answer."""

from __future__ import annotations

from typing import Any

from bitgoeul.core.registry import Capability


def _pages() -> Any:
    from bitgoeul.showcase.web import router

    return router


def _exports() -> dict[str, Any]:
    from bitgoeul.showcase import models as m

    # Visit requests are left out: who asked to visit is personal; operators export them from their list.
    return {"showcase_sites": m.ShowcaseSite, "showcase_pictures": m.ShowcasePicture}


def _venues(session: Any) -> list[Any]:
    """Each site by its names, so the trip planner takes "국가AI데이터센터" or "AI academy" as a destination."""
    from bitgoeul.showcase.service import site_venues

    return site_venues(session)


def _demo(session: Any) -> None:
    from bitgoeul.showcase.demo_loader import load_demo

    load_demo(session)


MANIFEST = Capability(
    name="showcase",
    order=75,
    models="bitgoeul.showcase.models",
    pages=_pages,
    exports=_exports,
    nav=(("/showcase", "showcase.nav"),),
    demo=_demo,
    venues=_venues,
)
