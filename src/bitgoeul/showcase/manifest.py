"""Showcase capability: the AI cluster as a place to visit, with live facts from the other capabilities'
records and visit requests that operators answer."""

from __future__ import annotations

from bitgoeul.core.registry import Capability

MANIFEST = Capability(
    name="showcase",
    order=75,
    models="bitgoeul.showcase.models",
    pages="bitgoeul.showcase.web:router",
    demo="bitgoeul.showcase.demo_loader:load_demo",
    # Visit requests are left out: who asked to visit is personal; operators export them from their list.
    exports={
        "showcase_sites": "bitgoeul.showcase.models:ShowcaseSite",
        "showcase_pictures": "bitgoeul.showcase.models:ShowcasePicture",
    },
    nav=(("/showcase", "showcase.nav"),),
    venues="bitgoeul.showcase.service:site_venues",
)

