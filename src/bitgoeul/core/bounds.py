"""The ranges every integer coming from outside must fit, shared by schemas, services and the web edge.

Python integers have no limit, but the databases store 64-bit ones (SQLite raises OverflowError, PostgreSQL
"out of range") and `date` stops at year 9999: an unchecked number in a URL would become a 500.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.i18n import Message

MAX_INT = 2**63 - 1  # the largest BIGINT / SQLite INTEGER
MAX_PAGE = 1_000_000  # page * per_page must stay a sane OFFSET; nobody pages a million times
MIN_YEAR, MAX_YEAR = 1, 9999  # what `datetime.date` can hold

Id = Annotated[int, Field(ge=1, le=MAX_INT)]
"""A row id given by a caller (path, query or body): positive and 64-bit."""


def check_year(year: int | None, field: str = "year") -> None:
    """Refuse a year `datetime.date` cannot hold (services filtering by year call this)."""
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        problem = Message("core.year_out_of_range", low=MIN_YEAR, high=MAX_YEAR)
        raise ValidationFailed(problem, fields={field: problem})
