"""Each indicator's series equals a hand count of records spread over months (SQLite and PostgreSQL): the
reference counts the builder's ledger with plain Python. Hidden, draft and out-of-range records are made on
purpose and must not count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from bitgoeul.dashboard.indicator import indicators
from bitgoeul.dashboard.service import overview, series
from bitgoeul.demonstrations.programme import programme_figures
from tests.dashboard.records import Ledger, build, kst_month

YEAR = tuple(f"2025-{m:02d}" for m in range(1, 13))


@pytest.fixture
def ledger(session: Session) -> Ledger:
    return build(session)


def by_month(instants: Iterable[datetime | date | None]) -> list[float | None]:
    found = Counter(kst_month(i) for i in instants if i is not None)
    return [found.get(m, 0) for m in YEAR]


def running_share(items: list[tuple[str, bool]]) -> list[float | None]:
    """Per month: of the items whose month is at or before it, the share (in %) marked True."""
    out: list[float | None] = []
    for month in YEAR:
        upto = [done for since, done in items if since <= month]
        out.append(round(100 * sum(upto) / len(upto), 1) if upto else None)
    return out


def references(ledger: Ledger) -> dict[str, Callable[[], list[float | None]]]:
    def amounts() -> list[float | None]:
        totals = Counter[str]()
        for day, amount in ledger.purchases:
            totals[kst_month(day)] += amount
        return [totals.get(m, 0) for m in YEAR]

    def answered_share() -> list[float | None]:
        out: list[float | None] = []
        for month in YEAR:
            opened = [answered for public, at, answered in ledger.actions if public and kst_month(at) <= month]
            done = [a for a in opened if a is not None and kst_month(a) <= month]
            out.append(round(100 * len(done) / len(opened), 1) if opened else None)
        return out

    def job_skill_share() -> list[float | None]:
        out: list[float | None] = []
        for month in YEAR:
            starting = [skills for status, at, skills in ledger.courses
                        if status == "published" and kst_month(at) == month]
            asked = {skill for status, at, skills in ledger.job_skills
                     if status != "draft" and at is not None and kst_month(at) <= month for skill in skills}
            hits = sum(1 for skills in starting if set(skills) & asked)
            out.append(round(100 * hits / len(starting), 1) if starting else None)
        return out

    return {
        "needs_posted": lambda: by_month(ledger.needs),
        "demonstrations_started": lambda: by_month(ledger.started),
        "demonstrations_completed": lambda: by_month(ledger.reported),
        "purchases": lambda: by_month(day for day, _ in ledger.purchases),
        "purchase_amount": amounts,
        "conversion_rate": lambda: running_share([(kst_month(at), bought) for at, bought in ledger.decisions]),
        "jobs_posted": lambda: by_month(at for status, at in ledger.jobs if status != "draft"),
        "applications": lambda: by_month(at for status, at in ledger.applications if status != "draft"),
        "profiles": lambda: by_month(at for visible, at in ledger.profiles if visible),
        "events_held": lambda: by_month(at for status, at, _ in ledger.events if status == "published"),
        "event_attendees": lambda: by_month(at for status, at, n in ledger.events if status == "published"
                                            for _ in range(n)),
        "meetings_scheduled": lambda: by_month(at for status, schedule, at in ledger.meetings
                                               if status == "published" and schedule == "published"),
        "partner_listings": lambda: by_month(at for active, at in ledger.listings if active),
        "voices_received": lambda: by_month(heard for public, heard in ledger.voices if public),
        "actions_opened": lambda: by_month(at for public, at, _ in ledger.actions if public),
        "actions_answered": lambda: by_month(answered for public, _, answered in ledger.actions if public),
        "share_answered": answered_share,
        "courses_started": lambda: by_month(at for status, at, _ in ledger.courses if status == "published"),
        "courses_for_job_skills": job_skill_share,
    }


def test_every_indicator_has_a_reference() -> None:
    assert {i.code for i in indicators()} == set(references(Ledger()))


def test_series_equal_hand_counts(session: Session, ledger: Ledger) -> None:
    """One world per database (building it indexes for search, which takes seconds): every indicator checked,
    every mismatch reported at once."""
    wrong = {}
    for code, reference in references(ledger).items():
        expected, got = reference(), series(session, code, "2025-01", "2025-12")
        assert got.months == YEAR
        assert any(v for v in expected), f"{code}: the records should give this indicator something to count"
        if list(got.values) != expected:
            wrong[code] = (list(got.values), expected)
    assert not wrong

    # The builder really makes what must be left out (else the exclusions above prove nothing).
    assert any(status == "draft" for status, _ in ledger.jobs)
    assert any(not visible for visible, _ in ledger.profiles)
    assert {s for s, _, _ in ledger.events} >= {"draft", "cancelled", "published"}
    assert any(schedule == "draft" for _, schedule, _ in ledger.meetings)
    assert any(not active for active, _ in ledger.listings)
    assert any(not public for public, _ in ledger.voices)
    assert any(not public for public, _, _ in ledger.actions)
    assert any(kst_month(at) not in YEAR for at in ledger.needs), "some records must fall outside the year"

    # Once every decision is in the range, the cumulative rate is the programme page's conversion rate.
    figures = programme_figures(session)
    assert figures.conversion_rate is not None
    assert series(session, "conversion_rate", "2024-12", "2026-06").latest == round(100 * figures.conversion_rate, 1)

    cards = overview(session, "2025-01", "2025-12")
    assert [c.indicator.code for c in cards] == [i.code for i in indicators()]
    assert all(c.months == YEAR for c in cards)
    for card in cards:
        assert (card.latest, card.previous) == (card.values[-1], card.values[-2])


def test_future_events_are_not_held_yet(session: Session) -> None:
    from bitgoeul.exchange.models import Event

    soon = datetime.now(UTC) + timedelta(days=40)
    session.add(Event(title_ko="다가오는 행사", status="published", starts_at=soon, ends_at=soon + timedelta(hours=2)))
    session.commit()
    past = soon - timedelta(days=400)
    session.add(Event(title_ko="지난 행사", status="published", starts_at=past, ends_at=past + timedelta(hours=2)))
    session.commit()
    held = series(session, "events_held", kst_month(past), kst_month(soon))
    assert held.values[0] == 1 and sum(v or 0 for v in held.values) == 1
    ahead = series(session, "events_held", kst_month(soon), kst_month(soon))
    assert ahead.values == (0,)
