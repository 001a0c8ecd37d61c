"""The running month is marked as partial and compared with the same days of the month before, not with a
whole month (a count made on the 8th against a full month read as a fall of most of it)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bitgoeul.core.months import month_range, partial_month
from bitgoeul.dashboard.service import series, series_out
from tests import factories as f

KST = timezone(timedelta(hours=9))
NOW = datetime(2026, 12, 8, 10, 0, tzinfo=KST)  # the 8th of December, 10:00 in Gwangju


def _needs(session: Session, instants: list[datetime]) -> None:
    buyer = f.member(session, f.organisation(session, kind="buyer"))
    for at in instants:
        f.need(session, buyer).created_at = at
    session.commit()


def test_the_running_month_is_compared_with_the_same_days_before(session: Session) -> None:
    _needs(session, [
        datetime(2026, 11, 2, 9, tzinfo=KST), datetime(2026, 11, 8, 9, 59, tzinfo=KST),  # same days: 2
        datetime(2026, 11, 8, 10, 1, tzinfo=KST), datetime(2026, 11, 20, tzinfo=KST),  # later in November
        datetime(2026, 12, 1, 0, 0, tzinfo=KST), datetime(2026, 12, 7, 23, tzinfo=KST),
        datetime(2026, 12, 8, 9, tzinfo=KST)])
    running = series(session, "needs_posted", "2026-10", "2026-12", now=NOW)
    assert running.values == (0, 4, 3) and running.partial_day == 8
    assert running.previous == 2 and running.change == 1  # not 3 - 4 = -1
    out = series_out(running)
    assert out["partial_day"] == 8 and out["previous"] == 2
    finished = series(session, "needs_posted", "2026-10", "2026-11", now=NOW)
    assert finished.partial_day is None and finished.previous == 0 and finished.change == 4


def test_a_share_is_compared_with_the_month_before_as_it_ended(session: Session) -> None:
    running = series(session, "conversion_rate", "2026-11", "2026-12", now=NOW)
    assert running.partial_day == 8 and running.previous == running.values[0]


@pytest.mark.parametrize(("now", "start", "end", "end_day"), [
    (datetime(2026, 12, 8, 10, tzinfo=KST), datetime(2026, 11, 1, tzinfo=KST), datetime(2026, 11, 8, 10, tzinfo=KST),
     date(2026, 11, 9)),
    (datetime(2026, 3, 31, 12, tzinfo=KST), datetime(2026, 2, 1, tzinfo=KST), datetime(2026, 3, 1, tzinfo=KST),
     date(2026, 3, 1)),  # February has no 31st: the whole of it
    (datetime(2026, 1, 1, 0, 30, tzinfo=KST), datetime(2025, 12, 1, tzinfo=KST),
     datetime(2025, 12, 1, 0, 30, tzinfo=KST),
     date(2025, 12, 2)),  # across the year
])
def test_the_window_before_stops_at_the_same_wall_clock_time(now: datetime, start: datetime, end: datetime,
                                                             end_day: date) -> None:
    months = month_range(span=3, now=now)
    running = partial_month(months, now)
    assert running is not None and running.label == months.labels[-1] and running.day == now.day
    assert (running.before.start, running.before.end, running.before.end_day) == (start, end, end_day)
    assert partial_month(month_range(None, months.labels[-2], now=now), now) is None


def test_the_dashboard_page_says_the_month_is_in_progress(client: TestClient) -> None:
    page = client.get("/dashboard?lang=en")
    assert page.status_code == 200
    assert "month in progress" in page.text and "vs the same days (1-" in page.text
    korean = client.get("/dashboard?lang=ko")
    assert "집계 중" in korean.text and "전월 같은 기간(1~" in korean.text
