"""Exchange tells exactly the affected people through the shared inbox: the people promoted from a waiting
list (by a cancellation or a raised capacity), the sender of an answered meeting request, the attendees
whose own 1:1 meetings were published or changed, and the partners of someone who left; an action that
fails or is rolled back tells nobody."""

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
from bitgoeul.core.errors import InvalidTransition, ValidationFailed
from bitgoeul.exchange import events, meetings, notices, partners
from bitgoeul.exchange.models import Event, ScheduledMeeting

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
    event = events.create_event(session, organiser, {
        "kind": "meetup", "title_ko": "AI 카페 모임", "title_en": "AI Cafe meetup", "starts_at": START,
        "ends_at": START + timedelta(hours=3), "capacity": capacity})
    events.move_event(session, organiser, event.id, "published")
    for person in people:
        events.rsvp(session, person, event.id, {"join_waitlist": True})
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
    events.update_event(session, organiser, event.id, event_data(event, capacity=4))
    assert kinds(session) == {people[2].id: [notices.PROMOTED], people[3].id: [notices.PROMOTED]}
    events.update_event(session, organiser, event.id, event_data(event, title_en="AI Cafe (renamed)"))
    assert len(received(session)) == 2  # an edit that frees no place tells nobody
    with pytest.raises(ValidationFailed):  # below the number going: refused before anyone moves
        events.update_event(session, organiser, event.id, event_data(event, capacity=3))
    events.update_event(session, organiser, event.id, event_data(event, capacity=None))  # unlimited: all move up
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
    request = partners.send_request(session, sender, {"to_organisation_id": gwangju_org.id,
                                                      "message": "기술 교류로 만나요"})
    assert received(session) == {}
    partners.respond(session, receiver, request.id, {"decision": "accept", "note": "다음 주 화요일"})
    inbox = received(session)
    assert list(inbox) == [sender.id] and colleague.id not in inbox and receiver.id not in inbox
    note = inbox[sender.id][0]
    assert note.kind == notices.REQUEST_ANSWERED and note.url == "/exchange/requests"
    assert "광주비전" in note.text_ko and "수락" in note.text_ko and "다음 주 화요일" in note.text_ko
    assert "Gwangju Vision accepted" in note.text_en
    with pytest.raises(InvalidTransition):  # answering again fails and tells nobody
        partners.respond(session, receiver, request.id, {"decision": "decline"})
    assert len(received(session)[sender.id]) == 1
    second = partners.send_request(session, sender, {"to_organisation_id": gwangju_org.id,
                                                    "message": "다시 한 번 요청합니다"})
    partners.respond(session, receiver, second.id, {"decision": "decline"})
    assert "거절" in received(session)[sender.id][-1].text_ko
    assert "declined" in received(session)[sender.id][-1].text_en
    third = partners.send_request(session, sender, {"to_organisation_id": gwangju_org.id,
                                                    "message": "다시 한 번 요청합니다"})
    partners.respond(session, sender, third.id, {"decision": "cancel"})  # withdrawn by the sender: no notice
    assert len(received(session)[sender.id]) == 2 and list(received(session)) == [sender.id]


# --- 1:1 timetables --------------------------------------------------------------------------------------


def exchange_day(session: Session, organiser: User, attendees: list[User]) -> Event:
    event = events.create_event(session, organiser, {
        "kind": "exchange_day", "title_ko": "교류의 날", "title_en": "Exchange day", "starts_at": START,
        "ends_at": START + timedelta(hours=6), "meetings_enabled": True})
    events.move_event(session, organiser, event.id, "published")
    meetings.set_up(session, organiser, event.id, {"meeting_tables": 2, "max_meetings_per_person": 2})
    meetings.add_slots(session, organiser, event.id, {"first_start": START + timedelta(hours=1), "minutes": 20,
                                                      "count": 3})
    for person in attendees:
        events.rsvp(session, person, event.id)
    return event


def mark(session: Session, event: Event, who: User, other: User) -> None:
    meetings.save_preferences(session, who, event.id, {"levels": {other.id: "must"}})


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

    meetings.withdraw(session, organiser, event.id)
    meetings.publish(session, organiser, event.id)
    assert sum(len(v) for v in received(session).values()) == 4  # republished unchanged: nobody again

    meetings.withdraw(session, organiser, event.id)
    ab = meeting_of(session, event, a, b)
    elsewhere = next(s.id for s in event.slots if s.id != ab.slot_id)
    meetings.move(session, organiser, event.id, {"a_user_id": a.id, "b_user_id": b.id, "slot_id": elsewhere})
    meetings.publish(session, organiser, event.id)
    counts = {uid: len(rows) for uid, rows in received(session).items()}
    assert counts == {a.id: 2, b.id: 2, c.id: 1, d.id: 1}
    changed = received(session)[b.id][-1]
    assert "바뀌었" in changed.text_ko and "changed" in changed.text_en


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
