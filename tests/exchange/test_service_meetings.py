"""1:1 meetings at an event: who may do what, drafts, pins/moves/swaps through the core's checked edits,
no-thanks never violated (also after random edits and late preference changes), impossible schedules
explained, publishing and identical timetables for both sides."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests import factories as f

from bitgoeul.accounts.models import User
from bitgoeul.core.errors import DomainError, InvalidTransition, PermissionDenied, ValidationFailed
from bitgoeul.core.forms import validate
from bitgoeul.core.i18n import speaking
from bitgoeul.exchange import events, meetings
from bitgoeul.exchange.models import Event, MeetingPreference, ScheduledMeeting
from bitgoeul.exchange.schemas import EventIn, MeetingSetupIn, MoveIn, PinIn, PreferencesIn, SlotsIn, SwapIn


@pytest.fixture(autouse=True)
def _english_reader() -> Iterator[None]:
    """These tests read the services' English words (refusals are worded in the reader's language)."""
    with speaking("en"):
        yield

START = datetime.now(UTC).replace(microsecond=0) + timedelta(days=5)


def exchange_day(session: Session, organiser: User, attendees: list[User], *, slots: int = 3, tables: int = 2,
                 cap: int = 3) -> Event:
    event = events.create_event(session, organiser, validate(EventIn, {
        "kind": "exchange_day", "title_ko": "교류의 날", "starts_at": START, "ends_at": START + timedelta(hours=6),
        "meetings_enabled": True}))
    events.move_event(session, organiser, event.id, "published")
    meetings.set_up(session, organiser, event.id, validate(MeetingSetupIn, {"meeting_tables": tables,
                                                                            "max_meetings_per_person": cap}))
    meetings.add_slots(session, organiser, event.id, validate(SlotsIn, {"first_start": START + timedelta(hours=1),
                                                                        "minutes": 20,
                                                      "count": slots}))
    for person in attendees:
        events.rsvp(session, person, event.id)
    return event


def firms(session: Session, n: int) -> list[User]:
    return [f.member(session, f.organisation(session)) for _ in range(n)]


def mark(session: Session, event: Event, who: User, levels: dict[User, str]) -> None:
    meetings.save_preferences(session, who, event.id, validate(PreferencesIn, {"levels": {u.id: lvl for u,
                                                                                          lvl in levels.items()}}))


def stored_pairs(session: Session, event: Event) -> list[tuple[int, int, int]]:
    rows = session.scalars(select(ScheduledMeeting).where(ScheduledMeeting.event_id == event.id))
    return sorted((m.slot_id, m.a_user_id, m.b_user_id) for m in rows)


def check_rules(session: Session, event: Event) -> None:
    """An independent check of the stored timetable: no pair with a no-thanks either way, one meeting per
    person per slot, tables within range and not shared, each pair at most once."""
    prefs = session.scalars(select(MeetingPreference).where(MeetingPreference.event_id == event.id))
    refused = {frozenset((p.from_user_id, p.to_user_id)) for p in prefs if p.level == "no"}
    rows = list(session.scalars(select(ScheduledMeeting).where(ScheduledMeeting.event_id == event.id)))
    seats = [(m.slot_id, u) for m in rows for u in (m.a_user_id, m.b_user_id)]
    tables = [(m.slot_id, m.table_no) for m in rows]
    pairs = [frozenset((m.a_user_id, m.b_user_id)) for m in rows]
    assert not refused & set(pairs)
    assert len(seats) == len(set(seats)) and len(tables) == len(set(tables)) and len(pairs) == len(set(pairs))
    assert all(1 <= m.table_no <= event.meeting_tables for m in rows)


def test_two_firms_that_must_meet_get_the_same_published_meeting(session: Session) -> None:
    organiser = f.operator(session)
    a, b, c = firms(session, 3)
    event = exchange_day(session, organiser, [a, b, c])
    mark(session, event, a, {b: "must"})
    mark(session, event, b, {a: "must", c: "meet"})
    assert meetings.timetable(session, a, event.id) == []
    meetings.run_schedule(session, organiser, event.id, time_limit=1.0)
    view = meetings.draft(session, organiser, event.id)
    assert view.state == "draft" and view.total_weight == 7 and view.upper_bound == 7 and view.notes == []
    assert meetings.timetable(session, a, event.id) == []  # drafts are not shown to attendees
    meetings.publish(session, organiser, event.id)
    mine, theirs = meetings.timetable(session, a, event.id), meetings.timetable(session, b, event.id)
    assert len(mine) == 1 and [m.id for m in mine] == [m.id for m in theirs if m.partner_of(b.id).user_id == a.id]
    assert mine[0].partner_of(a.id).user_id == b.id
    with pytest.raises(InvalidTransition, match="published"):
        mark(session, event, a, {b: "no"})


def test_only_attendees_mark_and_only_the_organiser_schedules(session: Session) -> None:
    organiser = f.member(session, f.organisation(session))
    a, b = firms(session, 2)
    outsider = f.user(session)
    event = exchange_day(session, organiser, [a, b])
    with pytest.raises(PermissionDenied):
        mark(session, event, outsider, {a: "must"})
    with pytest.raises(ValidationFailed) as caught:
        mark(session, event, a, {outsider: "must"})
    assert f"level_{outsider.id}" in caught.value.fields
    with pytest.raises(ValidationFailed):
        meetings.save_preferences(session, a, event.id, validate(PreferencesIn, {"levels": {b.id: "maybe"}}))
    with pytest.raises(ValidationFailed):
        meetings.save_preferences(session, a, event.id, validate(PreferencesIn, {"levels": {},
                                                                                 "available_slot_ids": [999999]}))
    for action in (lambda: meetings.run_schedule(session, a, event.id),
                   lambda: meetings.set_up(session, a, event.id, validate(
                       MeetingSetupIn, {"meeting_tables": 9, "max_meetings_per_person": 9})),
                   lambda: meetings.draft(session, a, event.id)):
        with pytest.raises(PermissionDenied):
            action()
    with pytest.raises(InvalidTransition):
        meetings.publish(session, organiser, event.id)  # nothing drafted yet


def test_no_thanks_either_way_forbids_the_pair_even_against_must(session: Session) -> None:
    organiser = f.operator(session)
    a, b, c = firms(session, 3)
    event = exchange_day(session, organiser, [a, b, c])
    mark(session, event, a, {b: "must", c: "must"})
    mark(session, event, b, {a: "no"})
    meetings.run_schedule(session, organiser, event.id, time_limit=1.0)
    assert {(x, y) for _, x, y in stored_pairs(session, event)} == {tuple(sorted((a.id, c.id)))}
    view = meetings.draft(session, organiser, event.id)
    assert [n["kind"] for n in view.notes if n["kind"] == "must_refused"] == ["must_refused"]
    with pytest.raises(ValidationFailed, match=r"no-thanks|not allowed"):
        meetings.move(session, organiser, event.id, validate(MoveIn, {"a_user_id": a.id, "b_user_id": b.id,
                                                     "slot_id": event.slots[0].id}))
    check_rules(session, event)


def test_impossible_must_meets_are_explained_not_crashed(session: Session) -> None:
    organiser = f.operator(session)
    hub, *others = firms(session, 5)
    event = exchange_day(session, organiser, [hub, *others], slots=2, tables=3, cap=5)
    mark(session, event, hub, dict.fromkeys(others, "must"))
    for other in others:
        mark(session, event, other, {hub: "must"})
    meetings.run_schedule(session, organiser, event.id, time_limit=1.0)
    view = meetings.draft(session, organiser, event.id)
    kinds = [n["kind"] for n in view.notes]
    assert "too_many_musts" in kinds and kinds.count("must_unscheduled") == 2
    assert len(view.meetings) == 2 and view.total_weight == 12
    assert any(u.must for u in view.unscheduled)
    text = meetings.note_text(next(n for n in view.notes if n["kind"] == "too_many_musts"), view.names, "en")
    assert hub.display_name in text and "more must-meets" in text


def test_pin_move_and_swap_keep_every_rule(session: Session) -> None:
    organiser = f.operator(session)
    a, b, c, d = firms(session, 4)
    event = exchange_day(session, organiser, [a, b, c, d], slots=4, tables=2, cap=3)
    mark(session, event, a, {b: "must", c: "meet", d: "no"})
    mark(session, event, b, {a: "must", d: "meet"})
    mark(session, event, c, {d: "must"})
    meetings.run_schedule(session, organiser, event.id, time_limit=1.0)
    view = meetings.draft(session, organiser, event.id)
    ab = next(m for m in view.meetings if {m.a.user_id, m.b.user_id} == {a.id, b.id})
    busy = {m.slot.id for m in view.meetings if {m.a.user_id, m.b.user_id} & {a.id, b.id}}
    clash = next((s for s in event.slots if s.id in busy and s.id != ab.slot.id), None)
    if clash is not None:  # a or b meets someone else then: the move must be refused, naming the person
        with pytest.raises(ValidationFailed, match="meetings in one slot"):
            meetings.move(session, organiser, event.id, validate(MoveIn, {"a_user_id": a.id, "b_user_id": b.id,
                                                                          "slot_id": clash.id}))
    target = next(s for s in event.slots if s.id not in busy)
    meetings.move(session, organiser, event.id, validate(MoveIn, {"a_user_id": a.id, "b_user_id": b.id,
                                                                  "slot_id": target.id}))
    moved = next(m for m in meetings.draft(session, organiser, event.id).meetings if m.a.user_id in (a.id, b.id)
                 and m.b.user_id in (a.id, b.id))
    assert moved.slot.id == target.id and moved.pinned
    with pytest.raises(ValidationFailed, match="unpin"):
        meetings.move(session, organiser, event.id, validate(MoveIn, {"a_user_id": a.id, "b_user_id": b.id,
                                                     "slot_id": ab.slot.id}))
    # A re-run keeps the pinned meeting where the organiser put it.
    meetings.run_schedule(session, organiser, event.id, time_limit=1.0)
    kept = [m for m in meetings.draft(session, organiser, event.id).meetings if m.pinned]
    assert [(k.slot.id, {k.a.user_id, k.b.user_id}) for k in kept] == [(target.id, {a.id, b.id})]
    meetings.pin(session, organiser, event.id, validate(PinIn, {"meeting_id": kept[0].id, "pinned": False}))
    unpinned = meetings.draft(session, organiser, event.id).meetings
    if len(unpinned) >= 2:
        first, second = unpinned[0], unpinned[-1]
        # Either allowed, or refused because it would break a rule: both keep the timetable valid.
        with contextlib.suppress(ValidationFailed):
            meetings.swap(session, organiser, event.id, validate(SwapIn, {"first_meeting_id": first.id,
                                                         "second_meeting_id": second.id}))
    with pytest.raises(ValidationFailed):
        meetings.swap(session, organiser, event.id, validate(SwapIn, {"first_meeting_id": first.id,
                                                     "second_meeting_id": first.id}))
    check_rules(session, event)


def test_late_no_thanks_blocks_publishing_the_stale_draft(session: Session) -> None:
    organiser = f.operator(session)
    a, b = firms(session, 2)
    event = exchange_day(session, organiser, [a, b])
    mark(session, event, a, {b: "must"})
    meetings.run_schedule(session, organiser, event.id, time_limit=1.0)
    assert len(stored_pairs(session, event)) == 1
    mark(session, event, b, {a: "no"})
    with pytest.raises(InvalidTransition, match="run the scheduler again"):
        meetings.publish(session, organiser, event.id)
    meetings.run_schedule(session, organiser, event.id, time_limit=1.0)
    assert stored_pairs(session, event) == []
    meetings.publish(session, organiser, event.id)
    assert meetings.timetable(session, a, event.id) == []


def test_cancelling_leaves_the_timetable_and_pins_that_no_longer_fit_are_dropped(session: Session) -> None:
    organiser = f.operator(session)
    a, b, c = firms(session, 3)
    event = exchange_day(session, organiser, [a, b, c])
    mark(session, event, a, {b: "must", c: "meet"})
    meetings.run_schedule(session, organiser, event.id, time_limit=1.0)
    row = next(m for m in meetings.draft(session, organiser, event.id).meetings if b.id in (m.a.user_id, m.b.user_id))
    meetings.pin(session, organiser, event.id, validate(PinIn, {"meeting_id": row.id}))
    events.cancel_rsvp(session, b, event.id)
    assert all(b.id not in (x, y) for _, x, y in stored_pairs(session, event))
    meetings.run_schedule(session, organiser, event.id, time_limit=1.0)  # the pin went with b: no crash
    assert {(x, y) for _, x, y in stored_pairs(session, event)} == {tuple(sorted((a.id, c.id)))}


def test_availability_is_respected(session: Session) -> None:
    organiser = f.operator(session)
    a, b = firms(session, 2)
    event = exchange_day(session, organiser, [a, b], slots=3)
    last = event.slots[-1].id
    meetings.save_preferences(session, a, event.id, validate(PreferencesIn, {"levels": {b.id: "must"},
                                                                             "available_slot_ids": [last]}))
    meetings.run_schedule(session, organiser, event.id, time_limit=1.0)
    assert [s for s, _, _ in stored_pairs(session, event)] == [last]
    meetings.save_preferences(session, b, event.id,
                              validate(PreferencesIn, {"levels": {}, "available_slot_ids": [event.slots[0].id]}))
    meetings.run_schedule(session, organiser, event.id, time_limit=1.0)
    assert stored_pairs(session, event) == []
    assert next(n["kind"] for n in meetings.draft(session, organiser, event.id).notes) == "no_common_slot"


def test_random_events_and_random_edits_never_break_a_rule(session: Session) -> None:
    """Seeded random preferences, then random moves and swaps: every stored timetable passes the
    independent check, and refused edits leave it as it was."""
    rng = random.Random(7)
    organiser = f.operator(session)
    people = firms(session, 7)
    event = exchange_day(session, organiser, people, slots=3, tables=2, cap=2)
    for person in people:
        others = [p for p in people if p is not person]
        mark(session, event, person, {p: rng.choice(["must", "meet", "no", "meet"]) for p in rng.sample(others, 4)})
    meetings.run_schedule(session, organiser, event.id, time_limit=1.0)
    check_rules(session, event)
    refusals = 0
    for _ in range(25):
        before = stored_pairs(session, event)
        view = meetings.draft(session, organiser, event.id)
        try:
            if rng.random() < 0.5 and len(view.meetings) >= 2:
                x, y = rng.sample(view.meetings, 2)
                meetings.swap(session, organiser, event.id, validate(SwapIn, {"first_meeting_id": x.id,
                                                                              "second_meeting_id": y.id}))
            else:
                p, q = rng.sample(people, 2)
                meetings.move(session, organiser, event.id, validate(MoveIn, {"a_user_id": p.id, "b_user_id": q.id,
                                                             "slot_id": rng.choice(event.slots).id,
                                                             "pin": rng.random() < 0.3}))
        except DomainError:
            refusals += 1
            assert stored_pairs(session, event) == before
        check_rules(session, event)
    assert refusals > 0
    meetings.publish(session, organiser, event.id)
    check_rules(session, event)
