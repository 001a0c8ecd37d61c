"""What other capabilities and the web shell's home pages may use of exchange: the events still to come that
a person may see. Everything else is exchange's own business; tests/architecture/test_boundaries.py holds the
others (and web) to this face."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bitgoeul.core.auth import Actor
from bitgoeul.core.pagination import Page
from bitgoeul.exchange.events import list_events
from bitgoeul.exchange.models import Event

__all__ = ["upcoming_events"]


def upcoming_events(session: Session, actor: Actor | None, *, per_page: int) -> Page[Event]:
    """Events not ended yet that `actor` may see, soonest first (the events page's "upcoming")."""
    return list_events(session, actor, when="upcoming", per_page=per_page)
