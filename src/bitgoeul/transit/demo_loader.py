"""Demo transport: the Korean intercity SAMPLE feed, labelled as a sample, so `make demo` plans trips."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from bitgoeul.transit.storage import load_into_db

SAMPLE = Path(__file__).resolve().parent / "data" / "sample-kr-intercity"
SAMPLE_NAME = "sample-kr-intercity"


def load_demo(session: Session) -> None:
    """Load the committed sample feed (about 0.2 s); the demo transaction makes it all or nothing."""
    load_into_db(session, None, SAMPLE, name=SAMPLE_NAME, label="sample", system=True, replace=True)
