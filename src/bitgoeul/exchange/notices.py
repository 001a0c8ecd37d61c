"""What exchange tells people through the shared inbox (`accounts.notifications`): a waiting-list promotion,
an answered meeting request, a published, changed or withdrawn 1:1 timetable, a meeting off because the other
person left, and a cancelled event. Each is called inside the action's own transaction, so an action that fails
or is rolled back leaves no notification behind."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.accounts.public import notify
from bitgoeul.core.time import local_text
from bitgoeul.exchange.models import Event, MeetingRequest, Rsvp, ScheduledMeeting
from bitgoeul.organisations.models import Organisation

PROMOTED = "exchange.waitlist_promoted"
REQUEST_ANSWERED = "exchange.request_answered"
TIMETABLE = "exchange.timetable"
MEETING_CANCELLED = "exchange.meeting_cancelled"
TIMETABLE_WITHDRAWN = "exchange.timetable_withdrawn"
EVENT_CANCELLED = "exchange.event_cancelled"


def _titles(event: Event) -> tuple[str, str]:
    return event.title_ko, event.title_en or event.title_ko


def _org(organisation: Organisation) -> tuple[str, str]:
    return organisation.name_ko, organisation.name_en or organisation.name_ko


def waitlist_promoted(session: Session, event: Event, promoted: Iterable[Rsvp]) -> None:
    """Each person moved from the waiting list to a confirmed place, and nobody else."""
    ko, en = _titles(event)
    for entry in promoted:
        notify(session, entry.user_id, PROMOTED,
               f"'{ko}' 대기자 명단에서 참가가 확정되었습니다. 자리가 나서 이제 참가할 수 있습니다.",
               f"A place opened up at '{en}': you have moved from the waiting list and are now going.",
               f"/exchange/events/{event.id}")


def request_answered(session: Session, request: MeetingRequest) -> None:
    """The person who sent a meeting request hears that it was accepted or declined."""
    if request.sender_id is None or request.status not in {"accepted", "declined"}:
        return
    to_ko, to_en = _org(request.to_organisation)
    verb_ko, verb_en = ("수락", "accepted") if request.status == "accepted" else ("거절", "declined")
    about_ko = about_en = ""
    if request.listing is not None:
        about_ko = f" ('{request.listing.title_ko}' 관련)"
        about_en = f" (about '{request.listing.title_en or request.listing.title_ko}')"
    note_ko = f" 메모: {request.response_note}" if request.response_note else ""
    note_en = f" Note: {request.response_note}" if request.response_note else ""
    notify(session, request.sender_id, REQUEST_ANSWERED,
           f"{to_ko}에 보낸 미팅 요청{about_ko}이 {verb_ko}되었습니다.{note_ko}",
           f"{to_en} {verb_en} your meeting request{about_en}.{note_en}",
           "/exchange/requests")


Snapshot = set[tuple[int, int, int, int]]


def _snapshot(rows: Iterable[ScheduledMeeting]) -> Snapshot:
    return {(m.slot_id, m.table_no, m.a_user_id, m.b_user_id) for m in rows}


def _by_person(snapshot: Snapshot) -> dict[int, Snapshot]:
    mine: dict[int, Snapshot] = {}
    for meeting in snapshot:
        for user_id in meeting[2:]:
            mine.setdefault(user_id, set()).add(meeting)
    return mine


def _published_before(event: Event) -> Snapshot:
    return {(int(s), int(t), int(a), int(b)) for s, t, a, b in (event.schedule_published_meetings or [])}


def _going(session: Session, event: Event) -> set[int]:
    return set(session.scalars(select(Rsvp.user_id).where(Rsvp.event_id == event.id, Rsvp.status == "going")))


def timetable_published(session: Session, event: Event, rows: list[ScheduledMeeting]) -> None:
    """On publishing: tell each person whose own meetings differ from the last published timetable (their
    first published meetings, or a change), and remember this timetable for next time.

    A timetable can only be published again after it was withdrawn, and a withdrawal told everyone who had
    meetings in it; so everyone of the last published timetable who is still going hears that it is back,
    even when their own meetings are unchanged."""
    before = _published_before(event)
    after = _snapshot(rows)
    old, new = _by_person(before), _by_person(after)
    going = _going(session, event) if old else set()
    ko, en = _titles(event)
    url = f"/exchange/events/{event.id}/meetings/mine"
    for user_id in sorted(set(old) | set(new)):
        mine_before, mine_now = old.get(user_id, set()), new.get(user_id, set())
        n = len(mine_now)
        if not mine_before:
            notify(session, user_id, TIMETABLE, f"'{ko}' 1:1 미팅 일정이 공개되었습니다. 내 미팅 {n}건을 확인하세요.",
                   f"The 1:1 meeting timetable of '{en}' is published: you have {n} meeting(s).", url)
        elif user_id not in going and not mine_now:
            continue  # left the event since: they heard about it when leaving
        elif mine_before == mine_now:
            notify(session, user_id, TIMETABLE,
                   f"'{ko}' 1:1 미팅 일정이 다시 공개되었습니다. 내 미팅 {n}건은 그대로입니다.",
                   f"The 1:1 meeting timetable of '{en}' is published again: your {n} meeting(s) are unchanged.", url)
        else:
            notify(session, user_id, TIMETABLE, f"'{ko}' 내 1:1 미팅 일정이 바뀌었습니다. 이제 미팅 {n}건입니다.",
                   f"Your 1:1 meetings at '{en}' have changed: you now have {n} meeting(s).", url)
    event.schedule_published_meetings = [list(m) for m in sorted(after)]
    session.flush()


def timetable_withdrawn(session: Session, event: Event) -> None:
    """The organiser took the published timetable back to draft: each person who had meetings in it hears
    that they are no longer shown (and will hear again when it is published). Nobody else is told; the last
    published timetable is kept, so the next publication can say what changed."""
    ko, en = _titles(event)
    url = f"/exchange/events/{event.id}/meetings/mine"
    for user_id, mine in sorted(_by_person(_published_before(event)).items()):
        n = len(mine)
        notify(session, user_id, TIMETABLE_WITHDRAWN,
               f"'{ko}' 1:1 미팅 일정이 수정을 위해 비공개로 돌아갔습니다. 내 미팅 {n}건은 다시 공개될 때까지 "
               "확정되지 않았습니다. 다시 공개되면 알려 드립니다.",
               f"The 1:1 meeting timetable of '{en}' has been withdrawn for changes: your {n} meeting(s) are not "
               "confirmed until it is published again. You will be told when it is.", url)


def event_cancelled(session: Session, event: Event, organiser_id: int) -> None:
    """The organiser cancelled the event: everyone going or on the waiting list hears it, and nobody else
    (not the organiser who cancelled it, not people who had already cancelled their registration)."""
    ko, en = _titles(event)
    when = local_text(event.starts_at, "%Y-%m-%d %H:%M")
    for entry in session.scalars(select(Rsvp).where(Rsvp.event_id == event.id,
                                                    Rsvp.status.in_(("going", "waitlisted")))
                                 .order_by(Rsvp.position)).unique():
        if entry.user_id == organiser_id:
            continue
        notify(session, entry.user_id, EVENT_CANCELLED,
               f"'{ko}' ({when}) 행사가 주최 측 사정으로 취소되었습니다.",
               f"'{en}' ({when} Korean time) has been cancelled by its organiser.",
               f"/exchange/events/{event.id}")


def meetings_cancelled(session: Session, event: Event, leaver_id: int, removed: list[ScheduledMeeting]) -> None:
    """Someone is leaving an event whose timetable is published (call before their meetings are deleted):
    each partner hears which meeting is off."""
    if event.schedule_state != "published" or not removed:
        return
    ko, en = _titles(event)
    url = f"/exchange/events/{event.id}/meetings/mine"
    for meeting in removed:
        partner, leaver = ((meeting.b_user_id, meeting.a_user) if meeting.a_user_id == leaver_id
                           else (meeting.a_user_id, meeting.b_user))
        when = local_text(meeting.slot.starts_at, "%m-%d %H:%M")
        notify(session, partner, MEETING_CANCELLED,
               f"'{ko}' {when} {leaver.display_name}님과의 1:1 미팅이 취소되었습니다 (상대가 참가를 취소했습니다).",
               f"Your 1:1 meeting with {leaver.display_name} at '{en}' ({when} Korean time) is off: they cancelled.",
               url)
    gone = _snapshot(removed)
    event.schedule_published_meetings = [m for m in (event.schedule_published_meetings or [])
                                         if (int(m[0]), int(m[1]), int(m[2]), int(m[3])) not in gone]
    session.flush()
