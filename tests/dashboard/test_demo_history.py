"""The demo data is a programme history around a fixed "now": every dashboard indicator moves in many of the
last 12 months, nothing happens before what it depends on or after now (upcoming events aside), and the same
`now` gives the same data."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.core.db import make_engine, make_session_factory
from bitgoeul.core.time import as_utc, to_local
from bitgoeul.dashboard.service import overview
from bitgoeul.demo import load_all
from bitgoeul.demonstrations.models import Demonstration, Need, Purchase, Solution
from bitgoeul.dialogue.models import DialogueAction, DialogueSession, DialogueVoice
from bitgoeul.exchange.models import Event, MeetingRequest, PartnerListing, Rsvp
from bitgoeul.organisations.models import Organisation
from bitgoeul.talent.models import Application, Job, TalentProfile

NOW = datetime(2026, 9, 14, 2, 30, tzinfo=UTC)  # a Monday morning in Korea
HISTORY = timedelta(days=550)  # about 18 months, with a few days' slack for registering before a first step
# Non-zero months (of the last 12) each indicator must show. Three events are all the demo has (two held), and
# 1:1 meetings happen on the one exchange day; every other indicator moves in at least four months.
AT_LEAST = {"events_held": 2, "event_attendees": 2, "meetings_scheduled": 1}
OTHERWISE = 4


@pytest.fixture
def demo(session: Session) -> Session:
    load_all(session, now=NOW)
    session.commit()
    return session


def korean_day(instant: datetime) -> date:
    return to_local(instant).date()


def test_every_indicator_moves_in_many_of_the_last_twelve_months(demo: Session) -> None:
    found = {s.indicator.code: s for s in overview(demo, span=12, now=NOW)}
    assert len(found) >= 17
    for code, series in found.items():
        assert len(series.values) == 12
        moving = sum(1 for value in series.values if value)
        assert moving >= AT_LEAST.get(code, OTHERWISE), (code, series.values)
    # Month by month, not one spike: no month holds more than half of all needs posted.
    needs = [v or 0 for v in found["needs_posted"].values]
    assert max(needs) <= sum(needs) / 2


def _before_now(*instants: datetime | None) -> None:
    for instant in instants:
        if instant is not None:
            assert NOW - HISTORY <= as_utc(instant) <= NOW, instant


def test_try_and_buy_steps_follow_what_they_depend_on(demo: Session) -> None:
    for demonstration in demo.scalars(select(Demonstration)):
        times = [as_utc(e.at) for e in sorted(demonstration.events, key=lambda e: e.id)]
        assert times == sorted(times) and len(set(times)) == len(times), demonstration.key
        assert [e.to_stage for e in sorted(demonstration.events, key=lambda e: e.id)][-1] == demonstration.stage
        _before_now(*times)
        need, solution = demonstration.need, demonstration.solution
        assert as_utc(need.created_at) < times[0] and as_utc(solution.created_at) < times[0], demonstration.key
        assert as_utc(demonstration.created_at) == times[0]
        assert as_utc(demonstration.stage_changed_at) == times[-1]
        for record in (need, solution):  # an organisation joins before it registers anything
            assert as_utc(record.organisation.created_at) < as_utc(record.created_at)
    purchases = list(demo.scalars(select(Purchase)))
    assert purchases
    for purchase in purchases:
        events = demo.get_one(Demonstration, purchase.demonstration_id).events
        reported = max(as_utc(e.at) for e in events if e.to_stage == "reported")
        assert korean_day(reported) < purchase.purchased_on <= korean_day(NOW)
    open_needs = list(demo.scalars(select(Need).where(Need.id.not_in(select(Demonstration.need_id)))))
    assert open_needs
    for need in demo.scalars(select(Need)):
        _before_now(need.created_at)
        assert need.deadline is not None and korean_day(need.created_at) < need.deadline
    assert all(need.deadline is not None and need.deadline > korean_day(NOW) for need in open_needs)
    for solution in demo.scalars(select(Solution)):
        _before_now(solution.created_at)


def test_applications_follow_job_postings_and_profiles(demo: Session) -> None:
    jobs = list(demo.scalars(select(Job)))
    assert jobs
    for job in jobs:
        _before_now(job.published_at)
        assert job.deadline is not None and korean_day(job.published_at) < job.deadline  # type: ignore[arg-type]
    applications = list(demo.scalars(select(Application)))
    assert applications
    for application in applications:
        applied = as_utc(application.applied_at)
        assert as_utc(application.job.published_at) < applied  # type: ignore[arg-type]
        assert korean_day(applied) <= application.job.deadline  # type: ignore[operator]
        assert as_utc(application.profile.created_at) < applied
        steps = [as_utc(e.at) for e in sorted(application.events, key=lambda e: e.id)]
        assert steps[0] == applied and steps == sorted(steps)
        assert as_utc(application.state_changed_at) == steps[-1] <= NOW
    # Some jobs still take applications, and profiles joined over many months.
    assert any(job.deadline is not None and job.deadline > korean_day(NOW) for job in jobs)
    joined = {korean_day(p.created_at).strftime("%Y-%m") for p in demo.scalars(select(TalentProfile))}
    assert len(joined) >= 6


def test_dialogue_sessions_are_monthly_ish_and_answers_come_weeks_later(demo: Session) -> None:
    sessions = list(demo.scalars(select(DialogueSession).order_by(DialogueSession.held_on)))
    assert len(sessions) >= 4
    for earlier, later in itertools.pairwise(sessions):
        assert earlier.number < later.number and later.held_on - earlier.held_on >= timedelta(days=21)
    for record in sessions:
        assert record.held_on.weekday() == 0  # Monday dialogues
        assert korean_day(NOW) - timedelta(days=400) < record.held_on < korean_day(NOW)
    for action in demo.scalars(select(DialogueAction)):
        heard = action.voice.session.held_on  # type: ignore[union-attr]
        assert heard <= korean_day(action.created_at)
        _before_now(action.created_at, action.status_changed_at)
        for answer in action.answers:
            assert as_utc(answer.answered_at) - as_utc(action.created_at) >= timedelta(days=7)
            _before_now(answer.answered_at)
    for voice in demo.scalars(select(DialogueVoice).where(DialogueVoice.origin == "citizen")):
        _before_now(voice.created_at)


def test_events_are_mostly_past_with_one_ahead_and_dated_consistently(demo: Session) -> None:
    events = list(demo.scalars(select(Event)))
    past = [e for e in events if as_utc(e.ends_at) < NOW]
    ahead = [e for e in events if as_utc(e.starts_at) > NOW]
    assert len(past) > len(ahead) >= 1
    for event in events:
        start = as_utc(event.starts_at)
        assert as_utc(event.published_at) < start and as_utc(event.published_at) <= NOW  # type: ignore[arg-type]
        for entry in demo.scalars(select(Rsvp).where(Rsvp.event_id == event.id)):
            assert as_utc(entry.created_at) <= min(start, NOW)
            assert as_utc(entry.user.created_at) < as_utc(entry.created_at)  # signed up before registering
            if entry.checked_in_at is not None:
                assert event in past and start <= as_utc(entry.checked_in_at) <= as_utc(event.ends_at)
    for listing in demo.scalars(select(PartnerListing)):
        _before_now(listing.created_at)
        assert as_utc(listing.organisation.created_at) < as_utc(listing.created_at)
    for request in demo.scalars(select(MeetingRequest)):
        _before_now(request.created_at, request.responded_at)


def _snapshot(session: Session) -> list[Any]:
    """Every date the demo sets, as stored, in a stable order."""
    session.expire_all()
    rows: list[Any] = []
    for model, fields in ((Organisation, ("key", "created_at")), (Need, ("key", "created_at", "deadline")),
                          (Demonstration, ("key", "created_at", "stage_changed_at")),
                          (Job, ("key", "published_at", "deadline")), (Application, ("id", "applied_at")),
                          (TalentProfile, ("key", "created_at")), (Event, ("key", "starts_at", "published_at")),
                          (PartnerListing, ("key", "created_at")), (DialogueSession, ("key", "held_on")),
                          (DialogueAction, ("id", "created_at", "due_on"))):
        for row in session.scalars(select(model).order_by(model.id)):  # type: ignore[attr-defined]
            rows.append([model.__name__, *(getattr(row, f) for f in fields)])
    return rows


@pytest.fixture
def two_sqlite_sessions(tmp_path: Path, sqlite_template: Path) -> Iterator[list[Session]]:
    sessions, engines = [], []
    for name in ("a.db", "b.db"):
        shutil.copy(sqlite_template, tmp_path / name)
        engine = make_engine(f"sqlite:///{tmp_path / name}")
        engines.append(engine)
        sessions.append(make_session_factory(engine)())
    yield sessions
    for session, engine in zip(sessions, engines, strict=True):
        session.close()
        engine.dispose()


def test_the_same_now_gives_the_same_history(two_sqlite_sessions: list[Session]) -> None:
    first, second = two_sqlite_sessions
    load_all(first, now=NOW)
    load_all(second, now=NOW.replace(tzinfo=None))  # a naive `now` is read as UTC
    first.commit()
    second.commit()
    assert _snapshot(first) == _snapshot(second)
