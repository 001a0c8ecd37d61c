"""Demo people and jobs (being built)."""

from __future__ import annotations

from sqlalchemy.orm import Session


def load_demo(session: Session) -> None:
    """Nothing yet."""
