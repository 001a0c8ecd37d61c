"""1:1 meeting pages: an attendee's marks and availability, the organiser's scheduling page (set-up, slots,
draft, pin, move, swap, publish) and each attendee's timetable (page and iCal)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from bitgoeul.core.auth import Actor, require_login
from bitgoeul.core.errors import DomainError
from bitgoeul.exchange import events, meetings
from bitgoeul.exchange.calendars import timetable_calendar
from bitgoeul.exchange.schemas import MeetingSetupIn, MoveIn, PinIn, PreferencesIn, SlotsIn, SwapIn
from bitgoeul.exchange.web_common import labels
from bitgoeul.web.deps import CurrentUser, SessionDep, get_language, public_base_url
from bitgoeul.web.forms import FormDep, field_errors, form_input, form_values, refusal, see_other, service_data
from bitgoeul.web.rendering import render

router = APIRouter()
BASE = "/exchange/events/{event_id}/meetings"


def _login(user: Actor | None, event_id: int, page: str) -> Response | None:
    if user is None:
        return RedirectResponse(f"/login?next=/exchange/events/{event_id}/meetings/{page}", status_code=303)
    return None


# --- attendee: preferences -------------------------------------------------------------------------------


def _preferences_page(request: Request, session: Session, user: Actor | None, event_id: int, *,
                      saved: bool = False, problem: DomainError | None = None, status: int = 200) -> Response:
    event = events.get_event(session, event_id, user)
    entry = meetings.require_attendee(session, user, event)
    user = require_login(user)
    language = get_language(request)
    people = meetings.others(session, event, user.id)
    return render(request, "exchange/preferences.html", {
        "event": event, "people": [(p, p.label(language)) for p in people],
        "levels": meetings.preferences_of(session, event, user.id),
        "available": set(entry.available_slot_ids) if entry.available_slot_ids is not None
        else {s.id for s in event.slots},
        "saved": saved, "problem": problem, "errors": field_errors(problem.fields) if problem else {},
        **labels(request)}, status_code=status)


@router.get(BASE + "/preferences")
def preferences(request: Request, session: SessionDep, user: CurrentUser, event_id: int, saved: int = 0) -> Response:
    return _login(user, event_id, "preferences") or _preferences_page(request, session, user, event_id,
                                                                      saved=bool(saved))


@router.post(BASE + "/preferences")
def preferences_save(request: Request, session: SessionDep, user: CurrentUser, event_id: int,
                     form: FormDep) -> Response:
    """Selects are named `level_<user id>`; slot checkboxes `slot` (values: slot ids)."""
    levels = {name.removeprefix("level_"): value for name, value in form.items()
              if name.startswith("level_") and isinstance(value, str)}
    slots = [v for v in form.getlist("slot") if isinstance(v, str)]
    data: dict[str, Any] = {"levels": levels}
    if form.get("slots_shown"):
        data["available_slot_ids"] = slots
    if exc := refusal(session, lambda: meetings.save_preferences(session, user, event_id,
                                                                form_input(PreferencesIn, data, user))):
        return _preferences_page(request, session, user, event_id, problem=exc, status=exc.status)
    return see_other(session, f"/exchange/events/{event_id}/meetings/preferences?saved=1")


# --- organiser: scheduling -------------------------------------------------------------------------------


def _schedule_page(request: Request, session: Session, user: Actor | None, event_id: int, *,
                   problem: DomainError | None = None, values: dict[str, Any] | None = None, failed: str = "",
                   status: int = 200) -> Response:
    event = events.get_event(session, event_id, user)
    events.require_organiser(user, event)
    language = get_language(request)
    view = meetings.draft(session, user, event_id) if event.meetings_enabled else None
    notes = [(meetings.note_text(note, view.names if view else {}, language), str(note.get("detail", "")))
             for note in (view.notes if view else [])]
    setup = {"meeting_tables": event.meeting_tables or "",
             "max_meetings_per_person": event.max_meetings_per_person or ""}
    return render(request, "exchange/schedule.html", {
        "event": event, "view": view, "notes": notes, "language": language, "problem": problem,
        "errors": field_errors(problem.fields) if problem else {},
        "values": values or {}, "setup": setup if failed != "setup" else (values or {}), "failed": failed,
        "going": len(events.going_attendees(session, event)), **labels(request)}, status_code=status)


@router.get(BASE + "/schedule")
def schedule_page(request: Request, session: SessionDep, user: CurrentUser, event_id: int) -> Response:
    return _login(user, event_id, "schedule") or _schedule_page(request, session, user, event_id)


def _scheduled(request: Request, session: Session, user: Actor | None, event_id: int, values: dict[str, Any],
               failed: str,
               action: Callable[[], object]) -> Response:
    """Run one organiser action; a refusal shows the scheduling page with the reason and its 4xx status."""
    if exc := refusal(session, action):
        return _schedule_page(request, session, user, event_id, problem=exc, values=values, failed=failed,
                              status=exc.status)
    return see_other(session, f"/exchange/events/{event_id}/meetings/schedule")


@router.post(BASE + "/setup")
def setup(request: Request, session: SessionDep, user: CurrentUser, event_id: int, form: FormDep) -> Response:
    values = form_values(form)
    data = service_data(values, ("meeting_tables", "max_meetings_per_person"))
    return _scheduled(request, session, user, event_id, values, "setup",
                      lambda: meetings.set_up(session, user, event_id, form_input(MeetingSetupIn, data, user)))


@router.post(BASE + "/slots")
def slots_add(request: Request, session: SessionDep, user: CurrentUser, event_id: int, form: FormDep) -> Response:
    values = form_values(form)
    data = service_data(values, ("first_start", "minutes", "count", "gap_minutes"))
    return _scheduled(request, session, user, event_id, values, "slots",
                      lambda: meetings.add_slots(session, user, event_id, form_input(SlotsIn, data, user)))


@router.post(BASE + "/slots/{slot_id}/delete")
def slot_remove(request: Request, session: SessionDep, user: CurrentUser, event_id: int, slot_id: int,
                form: FormDep) -> Response:
    return _scheduled(request, session, user, event_id, form_values(form), "slots",
                      lambda: meetings.remove_slot(session, user, event_id, slot_id))


@router.post(BASE + "/run")
def run(request: Request, session: SessionDep, user: CurrentUser, event_id: int, form: FormDep) -> Response:
    return _scheduled(request, session, user, event_id, form_values(form), "run",
                      lambda: meetings.run_schedule(session, user, event_id))


@router.post(BASE + "/pin")
def pin(request: Request, session: SessionDep, user: CurrentUser, event_id: int, form: FormDep) -> Response:
    values = form_values(form)
    data = service_data(values, ("meeting_id", "pinned"))
    return _scheduled(request, session, user, event_id, values, "pin",
                      lambda: meetings.pin(session, user, event_id, form_input(PinIn, data, user)))


@router.post(BASE + "/move")
def move(request: Request, session: SessionDep, user: CurrentUser, event_id: int, form: FormDep) -> Response:
    values = form_values(form)
    first, _, second = values.get("pair", "").partition("-")  # the pair select sends "<a id>-<b id>"
    if first and second:
        values.setdefault("a_user_id", first)
        values.setdefault("b_user_id", second)
    data = service_data(values, ("a_user_id", "b_user_id", "slot_id", "table"))
    return _scheduled(request, session, user, event_id, values, "move",
                      lambda: meetings.move(session, user, event_id, form_input(MoveIn, data, user)))


@router.post(BASE + "/swap")
def swap(request: Request, session: SessionDep, user: CurrentUser, event_id: int, form: FormDep) -> Response:
    values = form_values(form)
    data = service_data(values, ("first_meeting_id", "second_meeting_id"))
    return _scheduled(request, session, user, event_id, values, "swap",
                      lambda: meetings.swap(session, user, event_id, form_input(SwapIn, data, user)))


@router.post(BASE + "/publish")
def publish(request: Request, session: SessionDep, user: CurrentUser, event_id: int, form: FormDep) -> Response:
    return _scheduled(request, session, user, event_id, form_values(form), "publish",
                      lambda: meetings.publish(session, user, event_id))


@router.post(BASE + "/withdraw")
def withdraw(request: Request, session: SessionDep, user: CurrentUser, event_id: int, form: FormDep) -> Response:
    return _scheduled(request, session, user, event_id, form_values(form), "publish",
                      lambda: meetings.withdraw(session, user, event_id))


# --- attendee: timetable ---------------------------------------------------------------------------------


@router.get(BASE + "/mine")
def mine(request: Request, session: SessionDep, user: CurrentUser, event_id: int) -> Response:
    redirect = _login(user, event_id, "mine")
    if redirect or user is None:
        return redirect or Response(status_code=401)
    event = events.get_event(session, event_id, user)
    timetable = meetings.timetable(session, user, event_id)
    return render(request, "exchange/timetable.html", {
        "event": event, "meetings": timetable, "me": user.id, "language": get_language(request),
        **labels(request)})


@router.get(BASE + "/mine.ics")
def mine_ics(request: Request, session: SessionDep, user: CurrentUser, event_id: int) -> Response:
    redirect = _login(user, event_id, "mine")
    if redirect or user is None:
        return redirect or Response(status_code=401)
    event = events.get_event(session, event_id, user)
    text = timetable_calendar(event, user.id, meetings.timetable(session, user, event_id),
                              public_base_url(request), get_language(request))
    return Response(text, media_type="text/calendar; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="meetings-{event.id}.ics"'})
