"""Exchange capability: partner matching, events, competitions and the 1:1 meeting scheduler."""

from __future__ import annotations

from typing import Any

from bitgoeul.core.registry import Capability


def _cli() -> Any:
    from bitgoeul.exchange.cli import app

    return app


MANIFEST = Capability(name="exchange", cli=_cli, order=60, models="bitgoeul.exchange.models")
