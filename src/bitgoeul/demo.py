"""`bitgoeul demo-data`: every capability's demo loader, in manifest order, in one transaction.

The loaders place their records in time relative to one instant, "now" (`bitgoeul.demo_time.demo_now`):
`load_all` fixes it once for the whole load, so a test can pass a fixed `now` and get identical data.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bitgoeul.core.errors import Conflict
from bitgoeul.core.registry import capabilities, install_hooks, load
from bitgoeul.demo_time import demo_clock, demo_now
from bitgoeul.organisations.models import Organisation


def load_all(session: Session, now: datetime | None = None) -> dict[str, int]:
    """Load the demo ecosystem into an empty database; refuse if organisations already exist. Records are
    dated relative to `now` (default: the time of loading)."""
    if session.scalar(select(func.count(Organisation.id))):
        raise Conflict("core.demo_not_empty")
    install_hooks()  # scripts and tests load the demo before any app exists: its records must be indexed too
    with demo_clock(now or demo_now()):
        for capability in capabilities():
            if capability.demo:
                load(capability.demo)(session)
    session.flush()
    from bitgoeul.core.registry import export_tables

    return {name: int(session.scalar(select(func.count()).select_from(model)) or 0)
            for name, model in sorted(export_tables().items())}
