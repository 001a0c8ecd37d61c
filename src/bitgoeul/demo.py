"""`bitgoeul demo-data`: every capability's demo loader, in manifest order, in one transaction."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bitgoeul.core.errors import Conflict
from bitgoeul.core.registry import capabilities
from bitgoeul.organisations.models import Organisation


def load_all(session: Session) -> dict[str, int]:
    """Load the demo ecosystem into an empty database; refuse if organisations already exist."""
    if session.scalar(select(func.count(Organisation.id))):
        raise Conflict("데이터가 이미 있습니다. 빈 데이터베이스에만 불러옵니다. / "
                       "The database already has data; demo data loads into an empty one only.")
    for capability in capabilities():
        if capability.demo:
            capability.demo(session)
    session.flush()
    from bitgoeul.core.registry import export_tables

    return {name: int(session.scalar(select(func.count()).select_from(model)) or 0)
            for name, model in sorted(export_tables().items())}
