"""Events and competitions: publishing, visibility, RSVP with capacity and waiting list, promotion,
refusals with clear messages, check-in permissions, tracks, teams, submissions and results."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session
from tests import factories as f

from bitgoeul.accounts.models import User
from bitgoeul.core.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from bitgoeul.core.forms import validate
from bitgoeul.core.i18n import speaking
from bitgoeul.exchange import events
from bitgoeul.exchange.models import Event
from bitgoeul.exchange.schemas import EventIn, ResultsIn, RsvpIn, SubmissionIn, TeamIn, TrackIn


@pytest.fixture(autouse=True)
def _english_reader() -> Iterator[None]:
    """These tests read the services' English words (refusals are worded in the reader's language)."""
    with speaking("en"):
        yield


def make_event(session: Session, organiser: User, *, publish: bool = True, days: float = 3, **values: Any) -> Event:
    start = datetime.now(UTC) + timedelta(days=days)
    data: dict[str, Any] = {"kind": "meetup", "title_ko": "AI 교류 모임", "starts_at": start.isoformat(),
                            "ends_at": (start + timedelta(hours=3)).isoformat()}
    data.update(values)
    event = events.create_event(session, organiser, validate(EventIn, data))
    if publish:
        events.move_event(session, organiser, event.id, "published")
    return event


def test_only_members_and_operators_create_events_and_drafts_stay_hidden(session: Session) -> None:
    firm = f.organisation(session)
    member, person, stranger = f.member(session, firm), f.user(session), f.member(session, f.organisation(session))
    with pytest.raises(PermissionDenied):
        make_event(session, person, publish=False)
    draft = make_event(session, member, publish=False)
    assert draft.organisation_id == firm.id and draft.status == "draft"
    with pytest.raises(NotFound):
        events.get_event(session, draft.id, stranger)
    assert events.get_event(session, draft.id, f.operator(session)).id == draft.id
    assert [e.id for e in events.list_events(session, stranger).items] == []
    assert [e.id for e in events.list_events(session, member).items] == [draft.id]
    with pytest.raises(InvalidTransition):
        events.rsvp(session, member, draft.id)
    with pytest.raises(NotFound):
        events.move_event(session, stranger, draft.id, "published")
    events.move_event(session, member, draft.id, "published")
    with pytest.raises(PermissionDenied):
        events.move_event(session, stranger, draft.id, "cancelled")


def test_event_state_machine_refuses_moves_it_does_not_allow(session: Session) -> None:
    member = f.member(session, f.organisation(session))
    event = make_event(session, member)
    with pytest.raises(InvalidTransition):
        events.move_event(session, member, event.id, "published")
    events.move_event(session, member, event.id, "cancelled")
    with pytest.raises(InvalidTransition, match="cancelled"):
        events.move_event(session, member, event.id, "published")
    with pytest.raises(InvalidTransition):
        events.update_event(session, member, event.id, validate(EventIn, {"title_ko": "다시",
                                                                          "starts_at": event.starts_at,
                                                        "ends_at": event.ends_at}))


def test_bad_event_input_names_the_fields(session: Session) -> None:
    member = f.member(session, f.organisation(session))
    start = datetime.now(UTC) + timedelta(days=1)
    with pytest.raises(ValidationFailed) as caught:
        events.create_event(session, member, validate(EventIn, {"kind": "party", "title_ko": "x", "starts_at": start,
                                              "ends_at": start - timedelta(hours=1), "capacity": 0}))
    assert {"kind", "title_ko", "capacity"} <= set(caught.value.fields)
    with pytest.raises(ValidationFailed) as caught:
        events.create_event(session, member, validate(EventIn, {"title_ko": "모임", "starts_at": start,
                                              "ends_at": start - timedelta(hours=1)}))
    assert "끝나는 시각" in caught.value.field_texts("ko")["ends_at"]  # beside the end, not the whole form


def test_capacity_waiting_list_promotion_and_refusals(session: Session) -> None:
    member = f.member(session, f.organisation(session))
    event = make_event(session, member, capacity=2, waitlist_capacity=2)
    people = [f.user(session) for _ in range(5)]
    statuses = [events.rsvp(session, p, event.id).status for p in people[:4]]
    assert statuses == ["going", "going", "waitlisted", "waitlisted"]
    with pytest.raises(Conflict, match=r"waiting list \(2\) are full") as caught:
        events.rsvp(session, people[4], event.id)
    assert "대기자 명단 2명이 모두 찼습니다" in caught.value.render("ko")
    with pytest.raises(Conflict, match="already registered"):
        events.rsvp(session, people[0], event.id)
    with pytest.raises(Conflict, match="number 2 on the waiting list"):
        events.rsvp(session, people[3], event.id)
    third = events.rsvp_of(session, event.id, people[2].id)
    assert third is not None and events.waiting_rank(session, third) == 1
    cancelled, promoted = events.cancel_rsvp(session, people[0], event.id)
    assert cancelled.status == "cancelled" and [r.user_id for r in promoted] == [people[2].id]
    fourth = events.rsvp_of(session, event.id, people[3].id)
    assert fourth is not None and fourth.status == "waitlisted" and events.waiting_rank(session, fourth) == 1
    # Coming back after cancelling puts one at the end of the queue, not at one's old place.
    assert events.rsvp(session, people[0], event.id).status == "waitlisted"
    figures = events.counts(session, event)
    assert (figures.going, figures.waitlisted, figures.free) == (2, 2, 0)
    with pytest.raises(InvalidTransition):
        events.cancel_rsvp(session, people[4], event.id)


def test_full_event_without_waiting_list_is_refused(session: Session) -> None:
    member = f.member(session, f.organisation(session))
    event = make_event(session, member, capacity=1, waitlist_capacity=0)
    events.rsvp(session, f.user(session), event.id)
    with pytest.raises(Conflict, match="full"):
        events.rsvp(session, f.user(session), event.id)
    open_list = make_event(session, member, capacity=1)
    events.rsvp(session, f.user(session), open_list.id)
    with pytest.raises(Conflict, match=r"is full \(1 place\)"):
        events.rsvp(session, f.user(session), open_list.id, validate(RsvpIn, {"join_waitlist": False}))


def test_capacity_changes_promote_and_cannot_drop_below_going(session: Session) -> None:
    member = f.member(session, f.organisation(session))
    event = make_event(session, member, capacity=1)
    first, second = f.user(session), f.user(session)
    events.rsvp(session, first, event.id)
    assert events.rsvp(session, second, event.id).status == "waitlisted"
    base = {"title_ko": event.title_ko, "starts_at": event.starts_at, "ends_at": event.ends_at}
    events.update_event(session, member, event.id, validate(EventIn, {**base, "capacity": 2}))
    entry = events.rsvp_of(session, event.id, second.id)
    assert entry is not None and entry.status == "going"
    with pytest.raises(ValidationFailed) as caught:
        events.update_event(session, member, event.id, validate(EventIn, {**base, "capacity": 1}))
    assert "capacity" in caught.value.fields


def test_past_events_take_no_registrations(session: Session) -> None:
    member = f.member(session, f.organisation(session))
    event = make_event(session, member, days=-2)
    with pytest.raises(InvalidTransition, match="over"):
        events.rsvp(session, f.user(session), event.id)
    assert [e.id for e in events.list_events(session, None, when="past").items] == [event.id]
    assert events.list_events(session, None, when="upcoming").items == []


def test_check_in_is_for_the_organiser_and_people_going(session: Session) -> None:
    firm = f.organisation(session)
    organiser, colleague = f.member(session, firm), f.member(session, firm)
    event = make_event(session, organiser, capacity=1)
    going, waiting = f.user(session), f.user(session)
    entry = events.rsvp(session, going, event.id)
    queued = events.rsvp(session, waiting, event.id)
    with pytest.raises(PermissionDenied):
        events.check_in(session, going, event.id, entry.id)
    with pytest.raises(InvalidTransition):
        events.check_in(session, organiser, event.id, queued.id)
    assert events.check_in(session, colleague, event.id, entry.id).checked_in_at is not None
    with pytest.raises(Conflict):
        events.check_in(session, organiser, event.id, entry.id)
    with pytest.raises(InvalidTransition, match="checked in"):
        events.cancel_rsvp(session, going, event.id)
    assert events.check_in(session, organiser, event.id, entry.id, undo=True).checked_in_at is None
    other = make_event(session, organiser)
    with pytest.raises(NotFound):
        events.check_in(session, organiser, other.id, entry.id)


def test_competition_tracks_teams_submissions_and_results(session: Session) -> None:
    organiser = f.member(session, f.organisation(session))
    event = make_event(session, organiser, kind="competition",
                       submission_deadline=(datetime.now(UTC) + timedelta(days=2)).isoformat())
    alice, bob, carol, outsider = (f.user(session) for _ in range(4))
    with pytest.raises(PermissionDenied):
        events.add_track(session, alice, event.id, validate(TrackIn, {"name_ko": "공공데이터"}))
    track = events.add_track(session, organiser, event.id, validate(TrackIn, {"name_ko": "공공데이터",
                                                                              "name_en": "Open data"}))
    for person in (alice, bob, carol):
        events.rsvp(session, person, event.id)
    with pytest.raises(PermissionDenied, match="going"):
        events.create_team(session, outsider, event.id, validate(TeamIn, {"track_id": track.id, "name": "바깥팀"}))
    with pytest.raises(ValidationFailed):
        events.create_team(session, alice, event.id, validate(TeamIn, {"track_id": track.id + 99, "name": "엉뚱팀"}))
    team = events.create_team(session, alice, event.id, validate(TeamIn, {"track_id": track.id, "name": "무등산팀"}))
    events.join_team(session, bob, event.id, team.id)
    with pytest.raises(Conflict):
        events.create_team(session, bob, event.id, validate(TeamIn, {"track_id": track.id, "name": "두번째팀"}))
    with pytest.raises(ValidationFailed):
        events.create_team(session, carol, event.id, validate(TeamIn, {"track_id": track.id, "name": "무등산팀"}))
    with pytest.raises(PermissionDenied):
        events.submit(session, carol, event.id, validate(SubmissionIn, {"title": "팀 없는 제출"}))
    with pytest.raises(ValidationFailed) as caught:
        events.submit(session, bob, event.id, validate(SubmissionIn, {"title": "버스 지도",
                                                                      "url": "ftp://example.org/x"}))
    assert "url" in caught.value.fields
    entry = events.submit(session, bob, event.id, validate(SubmissionIn, {"title": "버스 혼잡도 지도",
                                                                          "url": "https://example.org/bus"}))
    assert events.submit(session, alice, event.id, validate(SubmissionIn,
                                                            {"title": "버스 혼잡도 지도 v2"})).id == entry.id
    assert events.results(session, alice, event) == []
    with pytest.raises(InvalidTransition):
        events.publish_results(session, organiser, event.id)
    with pytest.raises(PermissionDenied):
        events.record_results(session, alice, event.id, validate(ResultsIn, {"results": [{"team_id": team.id,
                                                                                          "rank": 1}]}))
    events.record_results(session, organiser, event.id, validate(ResultsIn, {"results": [{"team_id": team.id,
                                                                                          "rank": 1, "score": 91.5,
                                                                      "award_ko": "대상", "award_en": "Grand prize"}]}))
    assert [t.id for t in events.results(session, organiser, event)] == [team.id]
    assert events.results(session, alice, event) == []  # hidden until published
    events.publish_results(session, organiser, event.id)
    assert [t.submission.award_en for t in events.results(session, alice, event) if t.submission] == ["Grand prize"]
    with pytest.raises(InvalidTransition):
        events.submit(session, alice, event.id, validate(SubmissionIn, {"title": "늦은 수정"}))


def test_submissions_close_at_the_deadline(session: Session) -> None:
    organiser = f.member(session, f.organisation(session))
    event = make_event(session, organiser, kind="competition",
                       submission_deadline=(datetime.now(UTC) - timedelta(hours=1)).isoformat())
    track = events.add_track(session, organiser, event.id, validate(TrackIn, {"name_ko": "제조 비전"}))
    student = f.user(session)
    events.rsvp(session, student, event.id)
    events.create_team(session, student, event.id, validate(TeamIn, {"track_id": track.id, "name": "늦은팀"}))
    with pytest.raises(InvalidTransition, match="deadline"):
        events.submit(session, student, event.id, validate(SubmissionIn, {"title": "마감 뒤 제출"}))
    with pytest.raises(InvalidTransition, match="not a competition"):
        events.add_track(session, organiser, make_event(session, organiser).id, validate(TrackIn, {"name_ko": "부문"}))
