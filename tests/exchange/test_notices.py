"""Exchange tells exactly the affected people through the shared inbox: the people promoted from a waiting
list (by a cancellation or a raised capacity), the sender of an answered meeting request, the attendees
whose own 1:1 meetings were published, changed or withdrawn, the partners of someone who left, and the
people going or waiting when an event is cancelled; an action that fails or is rolled back tells nobody."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests import factories as f
from tests.factories import csrf_of, login

from bitgoeul.accounts.models import Notification, User
from bitgoeul.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from bitgoeul.core.forms import validate
from bitgoeul.exchange import events, meetings, notices, partners
from bitgoeul.exchange.models import Event, ScheduledMeeting
from bitgoeul.exchange.schemas import (
    EventIn,
    MeetingRequestIn,
    MeetingSetupIn,
    MoveIn,
    PreferencesIn,
    ResponseIn,
    RsvpIn,
    SlotsIn,
)

START = datetime.now(UTC).replace(microsecond=0) + timedelta(days=5)


def received(session: Session) -> dict[int, list[Notification]]:
    """Every notification in the database, by person."""
    by_user: dict[int, list[Notification]] = {}
    for row in session.scalars(select(Notification).order_by(Notification.id)):
        by_user.setdefault(row.user_id, []).append(row)
    return by_user


def kinds(session: Session) -> dict[int, list[str]]:
    return {uid: [x.kind for x in rows] for uid, rows in received(session).items()}


def full_event(session: Session, organiser: User, people: list[User], capacity: int) -> Event:
    event = events.create_event(session, organiser, validate(EventIn, {
        "kind": "meetup", "title_ko": "AI 카페 모임", "title_en": "AI Cafe meetup", "starts_at": START,
        "ends_at": START + timedelta(hours=3), "capacity": capacity}))
    events.move_event(session, organiser, event.id, "published")
    for person in people:
        events.rsvp(session, person, event.id, validate(RsvpIn, {"join_waitlist": True}))
    return event


def event_data(event: Event, **changes: Any) -> dict[str, Any]:
    data = {"kind": event.kind, "title_ko": event.title_ko, "title_en": event.title_en,
            "starts_at": event.starts_at, "ends_at": event.ends_at, "capacity": event.capacity}
    data.update(changes)
    return data


def test_a_cancellation_notifies_exactly_the_promoted_person(session: Session) -> None:
    organiser = f.operator(session)
    people = [f.user(session) for _ in range(5)]
    event = full_event(session, organiser, people, capacity=2)
    assert [events.rsvp_of(session, event.id, p.id).status for p in people] == (  # type: ignore[union-attr]
        ["going", "going", "waitlisted", "waitlisted", "waitlisted"])
    assert received(session) == {}  # registering and joining the waiting list tell nobody
    _cancelled, promoted = events.cancel_rsvp(session, people[0], event.id)
    assert [p.user_id for p in promoted] == [people[2].id]
    inbox = received(session)
    assert list(inbox) == [people[2].id] and len(inbox[people[2].id]) == 1
    note = inbox[people[2].id][0]
    assert note.kind == notices.PROMOTED and note.url == f"/exchange/events/{event.id}"
    assert "AI 카페 모임" in note.text_ko and "참가가 확정" in note.text_ko
    assert "AI Cafe meetup" in note.text_en and "going" in note.text_en


def test_raising_the_capacity_notifies_each_promoted_person_once(session: Session) -> None:
    organiser = f.operator(session)
    people = [f.user(session) for _ in range(6)]
    event = full_event(session, organiser, people, capacity=2)
    events.update_event(session, organiser, event.id, validate(EventIn, event_data(event, capacity=4)))
    assert kinds(session) == {people[2].id: [notices.PROMOTED], people[3].id: [notices.PROMOTED]}
    renamed = validate(EventIn, event_data(event, title_en="AI Cafe (renamed)"))
    events.update_event(session, organiser, event.id, renamed)
    assert len(received(session)) == 2  # an edit that frees no place tells nobody
    with pytest.raises(ValidationFailed):  # below the number going: refused before anyone moves
        events.update_event(session, organiser, event.id, validate(EventIn, event_data(event, capacity=3)))
    # unlimited: all move up
    events.update_event(session, organiser, event.id, validate(EventIn, event_data(event, capacity=None)))
    assert kinds(session) == {p.id: [notices.PROMOTED] for p in people[2:]}


def test_a_rolled_back_cancellation_leaves_no_notification(session: Session) -> None:
    organiser = f.operator(session)
    people = [f.user(session) for _ in range(3)]
    event = full_event(session, organiser, people, capacity=2)
    session.commit()
    events.cancel_rsvp(session, people[0], event.id)
    assert list(received(session)) == [people[2].id]
    session.rollback()
    assert received(session) == {}
    assert events.rsvp_of(session, event.id, people[2].id).status == "waitlisted"  # type: ignore[union-attr]


def test_a_failed_web_request_commits_no_notification(client: TestClient, session: Session) -> None:
    """Through the real request cycle: a refused action writes nothing; a successful one commits its notice."""
    organiser = f.operator(session)
    people = [f.user(session) for _ in range(3)]
    event = full_event(session, organiser, people, capacity=2)
    session.commit()
    login(client, people[0].email)
    token = csrf_of(client, f"/exchange/events/{event.id}")
    assert client.post(f"/exchange/events/{event.id}/rsvp/cancel", data={}).status_code == 403  # no CSRF
    session.expire_all()
    assert received(session) == {}
    response = client.post(f"/exchange/events/{event.id}/rsvp/cancel", data={"csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303
    session.expire_all()
    assert kinds(session) == {people[2].id: [notices.PROMOTED]}


# --- meeting requests ------------------------------------------------------------------------------------


def test_answering_a_meeting_request_notifies_the_sender_only(session: Session) -> None:
    seoul_org = f.organisation(session, name_ko="서울트렌드", name_en="Seoul Trend")
    gwangju_org = f.organisation(session, name_ko="광주비전", name_en="Gwangju Vision")
    sender, colleague = f.member(session, seoul_org), f.member(session, seoul_org)
    receiver = f.member(session, gwangju_org)
    request = partners.send_request(session, sender, validate(MeetingRequestIn, {"to_organisation_id": gwangju_org.id,
                                                      "message": "기술 교류로 만나요"}))
    assert received(session) == {}
    partners.respond(session, receiver, request.id, validate(ResponseIn, {"decision": "accept",
                                                                          "note": "다음 주 화요일"}))
    inbox = received(session)
    assert list(inbox) == [sender.id] and colleague.id not in inbox and receiver.id not in inbox
    note = inbox[sender.id][0]
    assert note.kind == notices.REQUEST_ANSWERED and note.url == "/exchange/requests"
    assert "광주비전" in note.text_ko and "수락" in note.text_ko and "다음 주 화요일" in note.text_ko
    assert "Gwangju Vision accepted" in note.text_en
    with pytest.raises(InvalidTransition):  # answering again fails and tells nobody
        partners.respond(session, receiver, request.id, validate(ResponseIn, {"decision": "decline"}))
    assert len(received(session)[sender.id]) == 1
    second = partners.send_request(session, sender, validate(MeetingRequestIn, {"to_organisation_id": gwangju_org.id,
                                                    "message": "다시 한 번 요청합니다"}))
    partners.respond(session, receiver, second.id, validate(ResponseIn, {"decision": "decline"}))
    assert "거절" in received(session)[sender.id][-1].text_ko
    assert "declined" in received(session)[sender.id][-1].text_en
    third = partners.send_request(session, sender, validate(MeetingRequestIn, {"to_organisation_id": gwangju_org.id,
                                                    "message": "다시 한 번 요청합니다"}))
    partners.respond(session, sender, third.id, validate(ResponseIn,
                                                         {"decision": "cancel"}))  # withdrawn by the sender: no notice
    assert len(received(session)[sender.id]) == 2 and list(received(session)) == [sender.id]


# --- 1:1 timetables --------------------------------------------------------------------------------------


def exchange_day(session: Session, organiser: User, attendees: list[User]) -> Event:
    event = events.create_event(session, organiser, validate(EventIn, {
        "kind": "exchange_day", "title_ko": "교류의 날", "title_en": "Exchange day", "starts_at": START,
        "ends_at": START + timedelta(hours=6), "meetings_enabled": True}))
    events.move_event(session, organiser, event.id, "published")
    meetings.set_up(session, organiser, event.id, validate(MeetingSetupIn, {"meeting_tables": 2,
                                                                            "max_meetings_per_person": 2}))
    meetings.add_slots(session, organiser, event.id, validate(SlotsIn, {"first_start": START + timedelta(hours=1),
                                                                        "minutes": 20,
                                                      "count": 3}))
    for person in attendees:
        events.rsvp(session, person, event.id)
    return event


def mark(session: Session, event: Event, who: User, other: User) -> None:
    meetings.save_preferences(session, who, event.id, validate(PreferencesIn, {"levels": {other.id: "must"}}))


def meeting_of(session: Session, event: Event, a: User, b: User) -> ScheduledMeeting:
    low, high = sorted((a.id, b.id))
    row = session.scalar(select(ScheduledMeeting).where(ScheduledMeeting.event_id == event.id,
                                                        ScheduledMeeting.a_user_id == low,
                                                        ScheduledMeeting.b_user_id == high))
    assert row is not None
    return row


def test_publishing_and_changing_a_timetable_notifies_only_people_whose_meetings_changed(session: Session) -> None:
    organiser = f.operator(session)
    a, b, c, d, idle = (f.member(session, f.organisation(session)) for _ in range(5))
    event = exchange_day(session, organiser, [a, b, c, d, idle])
    mark(session, event, a, b)
    mark(session, event, c, d)
    meetings.run_schedule(session, organiser, event.id, time_limit=1.0)
    assert received(session) == {}  # a draft is not shown to attendees, so nobody is told
    meetings.publish(session, organiser, event.id)
    assert kinds(session) == {u.id: [notices.TIMETABLE] for u in (a, b, c, d)}  # not `idle`: no meetings
    first = received(session)[a.id][0]
    assert "교류의 날" in first.text_ko and "공개" in first.text_ko and "1건" in first.text_ko
    assert "Exchange day" in first.text_en and first.url == f"/exchange/events/{event.id}/meetings/mine"

    # Withdrawing tells the four; republishing unchanged tells them it is back, with their meetings as before.
    meetings.withdraw(session, organiser, event.id)
    meetings.publish(session, organiser, event.id)
    assert kinds(session) == {u.id: [notices.TIMETABLE, notices.TIMETABLE_WITHDRAWN, notices.TIMETABLE]
                              for u in (a, b, c, d)}
    back = received(session)[c.id][-1]
    assert "다시 공개" in back.text_ko and "그대로" in back.text_ko and "unchanged" in back.text_en

    meetings.withdraw(session, organiser, event.id)
    ab = meeting_of(session, event, a, b)
    elsewhere = next(s.id for s in event.slots if s.id != ab.slot_id)
    meetings.move(session, organiser, event.id, validate(MoveIn, {"a_user_id": a.id, "b_user_id": b.id,
                                                                  "slot_id": elsewhere}))
    meetings.publish(session, organiser, event.id)
    counts = {uid: len(rows) for uid, rows in received(session).items()}
    assert counts == {a.id: 5, b.id: 5, c.id: 5, d.id: 5}
    changed = received(session)[b.id][-1]
    assert "바뀌었" in changed.text_ko and "changed" in changed.text_en
    assert "그대로" in received(session)[d.id][-1].text_ko  # c and d's meeting did not move


def test_leaving_a_published_timetable_notifies_the_partners(session: Session) -> None:
    organiser = f.operator(session)
    a, b, c, d = (f.member(session, f.organisation(session)) for _ in range(4))
    event = exchange_day(session, organiser, [a, b, c, d])
    mark(session, event, a, b)
    mark(session, event, c, d)
    meetings.run_schedule(session, organiser, event.id, time_limit=1.0)
    meetings.publish(session, organiser, event.id)
    before = {uid: len(rows) for uid, rows in received(session).items()}
    events.cancel_rsvp(session, d, event.id)
    after = {uid: len(rows) for uid, rows in received(session).items()}
    assert {uid: after[uid] - before.get(uid, 0) for uid in after} == {a.id: 0, b.id: 0, c.id: 1, d.id: 0}
    note = received(session)[c.id][-1]
    assert note.kind == notices.MEETING_CANCELLED and d.display_name in note.text_ko
    assert d.display_name in note.text_en
    # The remembered timetable no longer holds the cancelled meeting: republishing tells c nothing more.
    meetings.withdraw(session, organiser, event.id)
    meetings.publish(session, organiser, event.id)
    assert len(received(session)[c.id]) == after[c.id]


def published_people(session: Session, event: Event) -> dict[int, int]:
    """Reference: the number of meetings each person has in the timetable as it stands in the database."""
    mine: dict[int, int] = {}
    for row in session.scalars(select(ScheduledMeeting).where(ScheduledMeeting.event_id == event.id)):
        for user_id in (row.a_user_id, row.b_user_id):
            mine[user_id] = mine.get(user_id, 0) + 1
    return mine


def new_since(session: Session, before: dict[int, list[str]]) -> dict[int, list[str]]:
    now = kinds(session)
    return {uid: rows[len(before.get(uid, [])):] for uid, rows in now.items() if rows[len(before.get(uid, [])):]}


def test_withdrawing_a_timetable_notifies_exactly_those_with_published_meetings(session: Session) -> None:
    organiser = f.operator(session)
    a, b, c, d, idle = (f.member(session, f.organisation(session)) for _ in range(5))
    event = exchange_day(session, organiser, [a, b, c, d, idle])
    mark(session, event, a, b)
    mark(session, event, c, d)
    meetings.run_schedule(session, organiser, event.id, time_limit=1.0)
    with pytest.raises(InvalidTransition):  # a draft was never shown: nothing to withdraw, nobody told
        meetings.withdraw(session, organiser, event.id)
    assert received(session) == {}
    meetings.publish(session, organiser, event.id)
    shown = published_people(session, event)
    assert set(shown) == {a.id, b.id, c.id, d.id}
    session.commit()
    before = kinds(session)

    meetings.withdraw(session, organiser, event.id)
    assert new_since(session, before) == {uid: [notices.TIMETABLE_WITHDRAWN] for uid in shown}
    assert idle.id not in received(session) and organiser.id not in received(session)
    note = received(session)[a.id][-1]
    assert "교류의 날" in note.text_ko and f"{shown[a.id]}건" in note.text_ko and "비공개" in note.text_ko
    assert "Exchange day" in note.text_en and "withdrawn" in note.text_en
    assert note.url == f"/exchange/events/{event.id}/meetings/mine"
    session.rollback()  # a rolled-back withdrawal tells nobody and leaves the timetable published
    assert kinds(session) == before
    assert session.get(Event, event.id).schedule_state == "published"  # type: ignore[union-attr]

    meetings.withdraw(session, organiser, event.id)
    with pytest.raises(InvalidTransition):  # withdrawing twice fails and tells nobody more
        meetings.withdraw(session, organiser, event.id)
    withdrawn = kinds(session)
    assert new_since(session, before) == {uid: [notices.TIMETABLE_WITHDRAWN] for uid in shown}

    # d leaves while the timetable is a draft: c's meeting is gone. Publishing again tells a and b that it is
    # back unchanged, c that their meetings changed (none left), and not d, who left.
    events.cancel_rsvp(session, d, event.id)
    assert kinds(session) == withdrawn  # nothing was shown, so nobody is told at once
    meetings.publish(session, organiser, event.id)
    assert new_since(session, withdrawn) == {a.id: [notices.TIMETABLE], b.id: [notices.TIMETABLE],
                                             c.id: [notices.TIMETABLE]}
    assert "그대로" in received(session)[a.id][-1].text_ko
    assert "바뀌었" in received(session)[c.id][-1].text_ko and "0건" in received(session)[c.id][-1].text_ko


def test_cancelling_an_event_notifies_the_people_going_and_waiting_only(session: Session) -> None:
    organisation = f.organisation(session)
    organiser, colleague = f.member(session, organisation), f.member(session, organisation)
    people = [f.user(session) for _ in range(5)]
    outsider = f.user(session)
    event = events.create_event(session, organiser, validate(EventIn, {
        "kind": "meetup", "title_ko": "AI 카페 모임", "title_en": "AI Cafe meetup", "starts_at": START,
        "ends_at": START + timedelta(hours=3), "capacity": 3}))
    events.move_event(session, organiser, event.id, "published")
    for person in (organiser, *people):
        events.rsvp(session, person, event.id, validate(RsvpIn, {"join_waitlist": True}))
    events.cancel_rsvp(session, people[4], event.id)  # waiting, then left: no longer registered
    status = {p.id: events.rsvp_of(session, event.id, p.id).status for p in (organiser, *people)}  # type: ignore[union-attr]
    assert status == {organiser.id: "going", people[0].id: "going", people[1].id: "going",
                      people[2].id: "waitlisted", people[3].id: "waitlisted", people[4].id: "cancelled"}
    assert received(session) == {}
    session.commit()

    with pytest.raises(PermissionDenied):  # not the organiser: refused, nobody told
        events.move_event(session, people[0], event.id, "cancelled")
    assert received(session) == {}
    events.move_event(session, colleague, event.id, "cancelled")  # a member of the organising firm cancels
    expected = {p.id for p in people[:4]} | {organiser.id}  # the creator was going: told like anyone going
    assert kinds(session) == {uid: [notices.EVENT_CANCELLED] for uid in expected}
    assert outsider.id not in received(session) and colleague.id not in received(session)
    note = received(session)[people[2].id][0]
    assert "AI 카페 모임" in note.text_ko and "취소" in note.text_ko
    assert "AI Cafe meetup" in note.text_en and "cancelled" in note.text_en
    assert note.url == f"/exchange/events/{event.id}"
    with pytest.raises(InvalidTransition):  # cancelling again fails and tells nobody more
        events.move_event(session, colleague, event.id, "cancelled")
    assert sum(len(v) for v in received(session).values()) == len(expected)

    session.rollback()  # rolled back: nobody was told
    assert received(session) == {}
    events.move_event(session, organiser, event.id, "cancelled")  # the organiser who cancels is not told
    assert kinds(session) == {p.id: [notices.EVENT_CANCELLED] for p in people[:4]}


def test_cancelling_on_the_page_commits_the_notices(client: TestClient, session: Session) -> None:
    organiser = f.operator(session)
    people = [f.user(session) for _ in range(3)]
    event = full_event(session, organiser, people, capacity=2)
    session.commit()
    login(client, organiser.email)
    token = csrf_of(client, f"/exchange/events/{event.id}")
    refused = client.post(f"/exchange/events/{event.id}/status", data={"target": "cancelled"})
    assert refused.status_code == 403  # no CSRF token: nothing happens, nobody is told
    session.expire_all()
    assert received(session) == {}
    response = client.post(f"/exchange/events/{event.id}/status", data={"csrf_token": token, "target": "cancelled"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    session.expire_all()
    assert kinds(session) == {p.id: [notices.EVENT_CANCELLED] for p in people}
