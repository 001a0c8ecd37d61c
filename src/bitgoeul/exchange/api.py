"""JSON API under /api/v1/exchange: listings and matches, meeting requests, events, RSVPs, check-in,
competitions, 1:1 preferences, the organiser's scheduling actions and each attendee's timetable."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bitgoeul.core.api import CALENDAR, ListOut, list_out
from bitgoeul.exchange import events, meetings, partners
from bitgoeul.exchange.calendars import event_calendar, timetable_calendar
from bitgoeul.exchange.schemas import (
    EventIn,
    EventOut,
    ListingIn,
    ListingOut,
    MatchOut,
    MeetingOut,
    MeetingRequestIn,
    MeetingRequestOut,
    MeetingSetupIn,
    MoveIn,
    NoteOut,
    PinIn,
    PreferencesIn,
    ResponseIn,
    ResultsIn,
    RsvpIn,
    RsvpOut,
    ScheduleOut,
    SlotsIn,
    SubmissionIn,
    SwapIn,
    TeamIn,
    TrackIn,
)
from bitgoeul.web.deps import CurrentUser, SessionDep, public_base_url

router = APIRouter(prefix="/exchange", tags=["exchange"])

# --- partners --------------------------------------------------------------------------------------------


@router.get("/listings", response_model=ListOut[ListingOut])
def list_listings(session: SessionDep, q: str = "", side: str | None = None, intent: str | None = None,
                  domain: str | None = None, region: str | None = None, organisation_id: int | None = None,
                  page: int = 1, per_page: int = 20) -> dict[str, Any]:
    return list_out(partners.list_listings(session, q=q, side=side, intent=intent, domain=domain, region=region,
                                           organisation_id=organisation_id, page=page, per_page=per_page),
                    ListingOut)


@router.post("/listings", response_model=ListingOut, status_code=201)
def create_listing(session: SessionDep, user: CurrentUser, body: ListingIn) -> Any:
    return partners.create_listing(session, user, body)


@router.get("/listings/{listing_id}", response_model=ListingOut)
def get_listing(session: SessionDep, listing_id: int) -> Any:
    return partners.get_listing(session, listing_id)


@router.put("/listings/{listing_id}", response_model=ListingOut)
def update_listing(session: SessionDep, user: CurrentUser, listing_id: int, body: ListingIn) -> Any:
    return partners.update_listing(session, user, listing_id, body)


@router.get("/listings/{listing_id}/matches", response_model=list[MatchOut])
def listing_matches(session: SessionDep, listing_id: int, top: int = 10) -> list[MatchOut]:
    """The other side's listings that fit this one both ways, best first, with reasons in both languages."""
    listing = partners.get_listing(session, listing_id)
    return [MatchOut(listing=ListingOut.model_validate(m.listing), organisation_name_ko=m.listing.organisation.name_ko,
                     organisation_name_en=m.listing.organisation.name_en, score=m.shown_score,
                     reasons_ko=list(m.reasons("ko")), reasons_en=list(m.reasons("en")))
            for m in partners.matches_for(session, listing, top=max(1, min(top, 50)))]


@router.get("/requests", response_model=dict[str, list[MeetingRequestOut]])
def list_requests(session: SessionDep, user: CurrentUser, organisation_id: int | None = None) -> Any:
    return partners.inbox(session, user, organisation_id=organisation_id)


@router.post("/requests", response_model=MeetingRequestOut, status_code=201)
def send_request(session: SessionDep, user: CurrentUser, body: MeetingRequestIn) -> Any:
    return partners.send_request(session, user, body)


@router.post("/requests/{request_id}/response", response_model=MeetingRequestOut)
def respond(session: SessionDep, user: CurrentUser, request_id: int, body: ResponseIn) -> Any:
    """accept / decline (the organisation asked) or cancel (the sender); answered requests give 409."""
    return partners.respond(session, user, request_id, body)


# --- events ----------------------------------------------------------------------------------------------


@router.get("/events", response_model=ListOut[EventOut])
def list_events(session: SessionDep, user: CurrentUser, q: str = "", kind: str | None = None,
                when: Literal["upcoming", "past"] | None = None, page: int = 1, per_page: int = 20) -> dict[str, Any]:
    return list_out(events.list_events(session, user, q=q, kind=kind, when=when, page=page, per_page=per_page),
                    EventOut)


@router.post("/events", response_model=EventOut, status_code=201)
def create_event(session: SessionDep, user: CurrentUser, body: EventIn) -> Any:
    return events.create_event(session, user, body)


@router.get("/events/{event_id}", response_model=EventOut)
def get_event(session: SessionDep, user: CurrentUser, event_id: int) -> Any:
    return events.get_event(session, event_id, user)


@router.put("/events/{event_id}", response_model=EventOut)
def update_event(session: SessionDep, user: CurrentUser, event_id: int, body: EventIn) -> Any:
    return events.update_event(session, user, event_id, body)


@router.post("/events/{event_id}/publish", response_model=EventOut)
def publish_event(session: SessionDep, user: CurrentUser, event_id: int) -> Any:
    return events.move_event(session, user, event_id, "published")


@router.post("/events/{event_id}/cancel", response_model=EventOut)
def cancel_event(session: SessionDep, user: CurrentUser, event_id: int) -> Any:
    return events.move_event(session, user, event_id, "cancelled")


@router.get("/events/{event_id}/ical", response_class=Response, responses=CALENDAR)
def event_ical(request: Request, session: SessionDep, user: CurrentUser, event_id: int, lang: str = "ko") -> Response:
    event = events.get_event(session, event_id, user)
    return Response(event_calendar(event, public_base_url(request), lang),
                    media_type="text/calendar; charset=utf-8")


@router.post("/events/{event_id}/rsvp", response_model=RsvpOut, status_code=201)
def rsvp(session: SessionDep, user: CurrentUser, event_id: int, body: RsvpIn | None = None) -> Any:
    """Going while places are free, else the waiting list; duplicates and a full list answer 409."""
    return events.rsvp(session, user, event_id, body)


@router.delete("/events/{event_id}/rsvp", response_model=list[RsvpOut])
def cancel_rsvp(session: SessionDep, user: CurrentUser, event_id: int) -> list[Any]:
    """Cancel; answers the cancelled registration then the people promoted from the waiting list."""
    cancelled, promoted = events.cancel_rsvp(session, user, event_id)
    return [cancelled, *promoted]


@router.get("/events/{event_id}/rsvps", response_model=list[RsvpOut])
def registrations(session: SessionDep, user: CurrentUser, event_id: int) -> list[Any]:
    return list(events.attendees(session, user, event_id))


@router.post("/events/{event_id}/rsvps/{rsvp_id}/check-in", response_model=RsvpOut)
def check_in(session: SessionDep, user: CurrentUser, event_id: int, rsvp_id: int, undo: bool = False) -> Any:
    return events.check_in(session, user, event_id, rsvp_id, undo=undo)


@router.post("/events/{event_id}/tracks", status_code=201)
def add_track(session: SessionDep, user: CurrentUser, event_id: int, body: TrackIn) -> dict[str, Any]:
    track = events.add_track(session, user, event_id, body)
    return {"id": track.id, "name_ko": track.name_ko, "name_en": track.name_en}


@router.post("/events/{event_id}/teams", status_code=201)
def create_team(session: SessionDep, user: CurrentUser, event_id: int, body: TeamIn) -> dict[str, Any]:
    team = events.create_team(session, user, event_id, body)
    return {"id": team.id, "name": team.name, "track_id": team.track_id}


@router.post("/events/{event_id}/teams/{team_id}/members", status_code=201)
def join_team(session: SessionDep, user: CurrentUser, event_id: int, team_id: int) -> dict[str, Any]:
    team = events.join_team(session, user, event_id, team_id)
    return {"id": team.id, "members": [m.user_id for m in team.members]}


@router.put("/events/{event_id}/submission")
def submit(session: SessionDep, user: CurrentUser, event_id: int, body: SubmissionIn) -> dict[str, Any]:
    entry = events.submit(session, user, event_id, body)
    return {"id": entry.id, "team_id": entry.team_id, "title": entry.title, "submitted_at": entry.submitted_at}


@router.put("/events/{event_id}/results")
def record_results(session: SessionDep, user: CurrentUser, event_id: int, body: ResultsIn) -> list[dict[str, Any]]:
    return [{"team_id": t.id, "rank": t.submission.rank if t.submission else None}
            for t in events.record_results(session, user, event_id, body)]


@router.post("/events/{event_id}/results/publish", response_model=EventOut)
def publish_results(session: SessionDep, user: CurrentUser, event_id: int) -> Any:
    return events.publish_results(session, user, event_id)


@router.get("/events/{event_id}/results")
def results(session: SessionDep, user: CurrentUser, event_id: int) -> list[dict[str, Any]]:
    event = events.get_event(session, event_id, user)
    return [{"team_id": t.id, "team": t.name, "track_id": t.track_id, "rank": t.submission.rank,
             "score": t.submission.score, "award_ko": t.submission.award_ko, "award_en": t.submission.award_en}
            for t in events.results(session, user, event) if t.submission]


# --- 1:1 meetings ----------------------------------------------------------------------------------------


def _schedule_out(view: meetings.Draft) -> ScheduleOut:
    return ScheduleOut(
        state=view.state, total_weight=view.total_weight, upper_bound=view.upper_bound,
        meetings=[_meeting_out(m) for m in view.meetings],
        notes=[NoteOut(kind=str(n.get("kind")), user_ids=_ids(n.get("user_ids")),
                       message_ko=meetings.note_text(n, view.names, "ko"),
                       message_en=meetings.note_text(n, view.names, "en"), detail=str(n.get("detail", "")))
               for n in view.notes])


def _ids(value: object) -> list[int]:
    return [int(v) for v in value] if isinstance(value, list) else []


def _meeting_out(m: meetings.Scheduled) -> MeetingOut:
    return MeetingOut(id=m.id, slot_id=m.slot.id, starts_at=m.slot.starts_at, ends_at=m.slot.ends_at, table=m.table,
                      a_user_id=m.a.user_id, b_user_id=m.b.user_id, a_name=m.a.name, b_name=m.b.name,
                      pinned=m.pinned)


@router.put("/events/{event_id}/meetings/setup", response_model=EventOut)
def meetings_setup(session: SessionDep, user: CurrentUser, event_id: int, body: MeetingSetupIn) -> Any:
    return meetings.set_up(session, user, event_id, body)


@router.post("/events/{event_id}/meetings/slots", status_code=201)
def meetings_slots(session: SessionDep, user: CurrentUser, event_id: int, body: SlotsIn) -> list[dict[str, Any]]:
    return [{"id": s.id, "starts_at": s.starts_at, "ends_at": s.ends_at}
            for s in meetings.add_slots(session, user, event_id, body)]


@router.put("/events/{event_id}/meetings/preferences")
def meetings_preferences(session: SessionDep, user: CurrentUser, event_id: int,
                         body: PreferencesIn) -> dict[str, Any]:
    entry = meetings.save_preferences(session, user, event_id, body)
    event = events.get_event(session, event_id, user)
    return {"levels": meetings.preferences_of(session, event, entry.user_id),
            "available_slot_ids": entry.available_slot_ids}


@router.get("/events/{event_id}/meetings/schedule", response_model=ScheduleOut)
def meetings_schedule(session: SessionDep, user: CurrentUser, event_id: int) -> ScheduleOut:
    return _schedule_out(meetings.draft(session, user, event_id))


@router.post("/events/{event_id}/meetings/schedule", response_model=ScheduleOut)
def meetings_run(session: SessionDep, user: CurrentUser, event_id: int) -> ScheduleOut:
    """Run the scheduler: a draft that keeps pinned meetings; must-meets it cannot place come back as notes."""
    meetings.run_schedule(session, user, event_id)
    return _schedule_out(meetings.draft(session, user, event_id))


@router.post("/events/{event_id}/meetings/move", response_model=ScheduleOut)
def meetings_move(session: SessionDep, user: CurrentUser, event_id: int, body: MoveIn) -> ScheduleOut:
    meetings.move(session, user, event_id, body)
    return _schedule_out(meetings.draft(session, user, event_id))


@router.post("/events/{event_id}/meetings/swap", response_model=ScheduleOut)
def meetings_swap(session: SessionDep, user: CurrentUser, event_id: int, body: SwapIn) -> ScheduleOut:
    meetings.swap(session, user, event_id, body)
    return _schedule_out(meetings.draft(session, user, event_id))


@router.post("/events/{event_id}/meetings/pin", response_model=ScheduleOut)
def meetings_pin(session: SessionDep, user: CurrentUser, event_id: int, body: PinIn) -> ScheduleOut:
    meetings.pin(session, user, event_id, body)
    return _schedule_out(meetings.draft(session, user, event_id))


@router.post("/events/{event_id}/meetings/publish", response_model=ScheduleOut)
def meetings_publish(session: SessionDep, user: CurrentUser, event_id: int) -> ScheduleOut:
    meetings.publish(session, user, event_id)
    return _schedule_out(meetings.draft(session, user, event_id))


@router.get("/events/{event_id}/meetings/mine", response_model=list[MeetingOut])
def meetings_mine(session: SessionDep, user: CurrentUser, event_id: int) -> list[MeetingOut]:
    return [_meeting_out(m) for m in meetings.timetable(session, user, event_id)]


@router.get("/events/{event_id}/meetings/mine/ical", response_class=Response, responses=CALENDAR)
def meetings_mine_ical(request: Request, session: SessionDep, user: CurrentUser, event_id: int,
                       lang: str = "ko") -> Response:
    timetable = meetings.timetable(session, user, event_id)
    event = events.get_event(session, event_id, user)
    assert user is not None  # timetable() required a login
    return Response(timetable_calendar(event, user.id, timetable, public_base_url(request), lang),
                    media_type="text/calendar; charset=utf-8")
