"""Bad input is refused with bilingual messages naming the field; ranges default to the last months."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.months import MAX_MONTHS, month_of, month_range
from bitgoeul.dashboard.service import series

NOW = datetime(2026, 3, 31, 15, 30, tzinfo=UTC)  # already 1 April in Korea


@pytest.mark.parametrize(("start", "end", "field"), [
    ("2025-13", "2025-12", "from"), ("2025-1", "2025-12", "from"), ("25-01", None, "from"),
    ("2025-01", "2025/12", "to"), ("2025-01", "December", "to"), ("2025-00", "2025-12", "from"),
    ("2025-06", "2025-05", "from"),  # backwards
    ("2000-01", "2025-12", "from"),  # longer than the limit
])
def test_bad_months_are_refused(start: str | None, end: str | None, field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        month_range(start, end, now=NOW)
    assert field in caught.value.fields
    korean, english = caught.value.render("ko"), caught.value.render("en")
    assert any("\uac00" <= ch <= "\ud7a3" for ch in korean)
    assert english.isascii() and any(ch.isalpha() for ch in english)


def test_unknown_indicator_is_refused_with_the_known_codes(session: Session) -> None:
    with pytest.raises(ValidationFailed) as caught:
        series(session, "happiness", "2025-01", "2025-03")
    assert caught.value.status == 422
    assert "indicator" in caught.value.fields
    assert "happiness" in caught.value.message and "needs_posted" in caught.value.message


def test_default_range_ends_this_korean_month() -> None:
    months = month_range(span=12, now=NOW)
    assert months.labels[-1] == "2026-04" and months.labels[0] == "2025-05" and len(months.labels) == 12
    assert month_range(end="2025-02", span=3).labels == ("2024-12", "2025-01", "2025-02")
    assert len(month_range("2016-01", "2025-12").labels) == MAX_MONTHS
    assert month_range("2025-03", "2025-03").labels == ("2025-03",)


def test_month_bounds_are_korean_midnights() -> None:
    months = month_range("2025-03", "2025-04")
    assert months.start == datetime(2025, 2, 28, 15, 0, tzinfo=UTC)
    assert months.end == datetime(2025, 4, 30, 15, 0, tzinfo=UTC)
    assert month_of(datetime(2025, 2, 28, 14, 59, tzinfo=UTC)) == "2025-02"
    assert month_of(datetime(2025, 2, 28, 15, 0)) == "2025-03"  # naive is UTC, as SQLite returns it
