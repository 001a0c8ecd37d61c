"""Transit stops in site-wide search by their Korean and English names ("광주송정역", "Gwangju Songjeong").

The matching registry imports this module and calls `register()` (see bitgoeul.matching.kinds).
Stations and stand-alone stops only (platforms would repeat their station); stops are written by a
bulk insert, which the matching hooks notice and index before the commit.
"""

from __future__ import annotations

from bitgoeul.matching.engine import Document
from bitgoeul.matching.kinds import register_kind
from bitgoeul.transit.models import TransitStop


def stop_document(stop: TransitStop) -> Document:
    return Document(
        kind="stop", id=stop.id,
        fields={"title": "\n".join(dict.fromkeys(n for n in (stop.name_ko, stop.name_en, stop.name) if n))},
        attrs={"stop_id": stop.stop_id, "language": [c for c, n in (("ko", stop.name_ko), ("en", stop.name_en)) if n]},
    )


def register() -> None:
    """Stops link to "how to get here" with the stop as the destination."""
    register_kind("stop", TransitStop, stop_document,
                  lambda s: (s.name_ko or s.name, s.name_en or s.name_ko or s.name),
                  label=("정류장·역", "Stop"), path="/transit/to?stop={stop_id}", order=80,
                  include=lambda s: not s.parent_stop_id and bool(s.served), user_words=lambda s: [s.name_ko],
                  attributes=("stop_id", "language"))
