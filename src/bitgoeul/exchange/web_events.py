"""Event pages: list (search, filters, paging, exports, chart), form, the event page (RSVP, waiting list,
check-in, competition tracks/teams/entries/results, how to get there) and its iCal file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from bitgoeul.core.auth import Actor
from bitgoeul.core.charts import Bar, bar_chart
from bitgoeul.core.errors import DomainError, LoginRequired, NotFound
from bitgoeul.core.i18n import translate
from bitgoeul.core.pagination import Page
from bitgoeul.core.time import as_utc
from bitgoeul.exchange import events
from bitgoeul.exchange.calendars import event_calendar
from bitgoeul.exchange.models import Event
from bitgoeul.exchange.schemas import EventIn, ResultsIn, RsvpIn, SubmissionIn, TeamIn, TrackIn
from bitgoeul.exchange.web_common import labels, local_time, none_if_blank, owner_options
from bitgoeul.web.deps import CurrentUser, SessionDep, get_language, public_base_url
from bitgoeul.web.forms import (
    EXPORT_FORMATS,
    PER_PAGE,
    FormDep,
    every_item,
    export_response,
    field_errors,
    form_input,
    form_values,
    refusal,
    see_other,
    service_data,
)
from bitgoeul.web.rendering import render

router = APIRouter()

FIELDS = ("kind", "organisation_id", "title_ko", "title_en", "description_ko", "description_en", "starts_at",
          "ends_at", "venue_name", "venue_address", "lat", "lon", "capacity", "waitlist_capacity",
          "submission_deadline")
TIMES = ("starts_at", "ends_at", "submission_deadline")


def event_row(session: Session, event: Event) -> dict[str, Any]:
    """One flat row per event for the exports, with its registration figures."""
    figures = events.counts(session, event)
    return {"id": event.id, "kind": event.kind, "status": event.status, "title_ko": event.title_ko,
            "title_en": event.title_en, "starts_at": as_utc(event.starts_at).isoformat(),
            "ends_at": as_utc(event.ends_at).isoformat(),
            "venue_name": event.venue_name, "venue_address": event.venue_address, "lat": event.lat, "lon": event.lon,
            "capacity": event.capacity, "going": figures.going, "waitlisted": figures.waitlisted,
            "checked_in": figures.checked_in, "organisation_id": event.organisation_id}


@router.get("/exchange/events")
def event_list(request: Request, session: SessionDep, user: CurrentUser, q: str = "", kind: str | None = None,
               when: str | None = None, page: int = 1, format: str | None = None) -> Response:
    """Three tabs: upcoming (the default: what one can still go to), past (ended events, their own tab) and all."""
    when = none_if_blank(when) or "upcoming"

    def fetch(number: int, size: int) -> Page[Event]:
        return events.list_events(session, user, q=q, kind=none_if_blank(kind), when=None if when == "all" else when,
                                  page=number, per_page=size)

    if format in EXPORT_FORMATS:
        return export_response([event_row(session, e) for e in every_item(fetch)], "exchange_events", format)
    shown = fetch(page, PER_PAGE)
    language = get_language(request)
    figures = events.counts_many(session, shown.items)
    chart = bar_chart([Bar((e.title_en or e.title_ko) if language == "en" else e.title_ko, figures[e.id].going)
                       for e in shown.items], title=translate("exchange.event.chart", language)) if shown.items else ""
    return render(request, "exchange/events.html", {
        "page": shown, "q": q, "kind": kind or "", "when": when, "figures": figures, "chart": Markup(chart),  # noqa: S704  (the chart escapes every label itself)
        "can_create": events.can_create_event(user), **labels(request)})


def _form(request: Request, session: Session, user: Actor | None, event: Event | None, values: dict[str, Any],
          errors: dict[str, str], status: int = 200) -> Response:
    return render(request, "exchange/event_form.html", {
        "event": event, "values": values, "errors": errors, "owner_options": owner_options(session, user),
        **labels(request)}, status_code=status)


def _values(form: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    values = form_values(form)
    data = service_data(values, FIELDS)
    data["meetings_enabled"] = values.get("meetings_enabled") in {"true", "on"}
    return values, data


@router.get("/exchange/events/new")
def event_new(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    if user is None:
        return RedirectResponse("/login?next=/exchange/events/new", status_code=303)
    return _form(request, session, user, None, {"kind": "meetup"}, {})


@router.post("/exchange/events/new")
def event_create(request: Request, session: SessionDep, user: CurrentUser, form: FormDep) -> Response:
    values, data = _values(form)
    try:
        event = events.create_event(session, user, form_input(EventIn, data, user))
    except (LoginRequired, NotFound):
        raise
    except DomainError as exc:
        session.rollback()
        return _form(request, session, user, None, values, field_errors(exc.fields) or {"__all__": exc.message},
                     exc.status)
    return see_other(session, f"/exchange/events/{event.id}")


@router.get("/exchange/events/{event_id}/edit")
def event_edit(request: Request, session: SessionDep, user: CurrentUser, event_id: int) -> Response:
    event = events.get_event(session, event_id, user)
    events.require_organiser(user, event)
    values: dict[str, Any] = {name: getattr(event, name) for name in FIELDS}
    values.update({name: local_time(getattr(event, name)) for name in TIMES})
    values["meetings_enabled"] = "true" if event.meetings_enabled else ""
    return _form(request, session, user, event, values, {})


@router.post("/exchange/events/{event_id}/edit")
def event_update(request: Request, session: SessionDep, user: CurrentUser, event_id: int, form: FormDep) -> Response:
    values, data = _values(form)
    event = events.get_event(session, event_id, user)
    data.setdefault("meeting_tables", event.meeting_tables)
    data.setdefault("max_meetings_per_person", event.max_meetings_per_person)
    if exc := refusal(session, lambda: events.update_event(session, user, event_id, form_input(EventIn, data, user))):
        return _form(request, session, user, events.get_event(session, event_id, user), values,
                     field_errors(exc.fields) or {"__all__": exc.message}, exc.status)
    return see_other(session, f"/exchange/events/{event_id}")


def event_page(request: Request, session: Session, user: Actor | None, event: Event, *,
               problem: DomainError | None = None,
               errors: dict[str, str] | None = None, values: dict[str, Any] | None = None, failed: str = "",
               status: int = 200) -> Response:
    manage = events.can_manage(user, event)
    mine = events.rsvp_of(session, event.id, user.id) if user else None
    # A public venue is a place the trip planner knows by name: "how to get here" pre-fills it.
    get_here = (({"to": event.venue_name} if event.venue_name and event.status != "draft" else
                 {"lat": event.lat, "lon": event.lon, "name": event.venue_name or event.title_ko})
                if event.lat is not None and event.lon is not None else None)
    teams = events.teams_of(session, event) if event.kind == "competition" else []
    language = get_language(request)
    track_options = [(str(t.id), (t.name_en or t.name_ko) if language == "en" else t.name_ko) for t in event.tracks]
    return render(request, "exchange/event.html", {
        "event": event, "figures": events.counts(session, event), "mine": mine,
        "rank": events.waiting_rank(session, mine) if mine else None, "manage": manage,
        "registrations": events.attendees(session, user, event.id) if manage else [],
        "get_here": get_here, "teams": teams, "track_options": track_options,
        "my_team": events.team_of(session, event.id, user.id) if user else None,
        "results": events.results(session, user, event), "problem": problem, "errors": errors or {},
        "values": values or {}, "failed": failed, **labels(request)}, status_code=status)


@router.get("/exchange/events/{event_id}")
def event_detail(request: Request, session: SessionDep, user: CurrentUser, event_id: int) -> Response:
    return event_page(request, session, user, events.get_event(session, event_id, user))


@router.get("/exchange/events/{event_id}/event.ics")
def event_ics(request: Request, session: SessionDep, user: CurrentUser, event_id: int) -> Response:
    event = events.get_event(session, event_id, user)
    base = public_base_url(request)
    return Response(event_calendar(event, base, get_language(request)), media_type="text/calendar; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="event-{event.id}.ics"'})


def acted(request: Request, session: Session, user: Actor | None, event_id: int, values: dict[str, Any], failed: str,
          action: Callable[[], object], renames: dict[str, str] | None = None) -> Response:
    """Run one event action; a refusal shows the event page again with the reason and its 4xx status."""
    if exc := refusal(session, action):
        event = events.get_event(session, event_id, user)
        return event_page(request, session, user, event, problem=exc, errors=field_errors(exc.fields, renames),
                          values=values, failed=failed, status=exc.status)
    return see_other(session, f"/exchange/events/{event_id}")


@router.post("/exchange/events/{event_id}/status")
def event_status(request: Request, session: SessionDep, user: CurrentUser, event_id: int, form: FormDep) -> Response:
    values = form_values(form)
    return acted(request, session, user, event_id, values, "status",
                 lambda: events.move_event(session, user, event_id, values.get("target", "")))


@router.post("/exchange/events/{event_id}/rsvp")
def event_rsvp(request: Request, session: SessionDep, user: CurrentUser, event_id: int, form: FormDep) -> Response:
    values = form_values(form)
    data = {"join_waitlist": values.get("join_waitlist", "true") in {"true", "on"}}
    return acted(request, session, user, event_id, values, "rsvp", lambda: events.rsvp(session, user, event_id,
                                                                                       form_input(RsvpIn, data, user)))


@router.post("/exchange/events/{event_id}/rsvp/cancel")
def event_rsvp_cancel(request: Request, session: SessionDep, user: CurrentUser, event_id: int,
                      form: FormDep) -> Response:
    return acted(request, session, user, event_id, form_values(form), "rsvp",
                 lambda: events.cancel_rsvp(session, user, event_id))


@router.post("/exchange/events/{event_id}/checkin/{rsvp_id}")
def event_check_in(request: Request, session: SessionDep, user: CurrentUser, event_id: int, rsvp_id: int,
                   form: FormDep) -> Response:
    values = form_values(form)
    undo = values.get("undo") == "true"
    return acted(request, session, user, event_id, values, "checkin",
                 lambda: events.check_in(session, user, event_id, rsvp_id, undo=undo))


@router.post("/exchange/events/{event_id}/tracks")
def event_add_track(request: Request, session: SessionDep, user: CurrentUser, event_id: int,
                    form: FormDep) -> Response:
    values = form_values(form)
    data = service_data(values, ("name_ko", "name_en", "description_ko", "description_en"))
    return acted(request, session, user, event_id, values, "track",
                 lambda: events.add_track(session, user, event_id, form_input(TrackIn, data, user)))


@router.post("/exchange/events/{event_id}/teams")
def event_create_team(request: Request, session: SessionDep, user: CurrentUser, event_id: int,
                      form: FormDep) -> Response:
    values = form_values(form)
    data = service_data(values, ("track_id", "name"))
    return acted(request, session, user, event_id, values, "team",
                 lambda: events.create_team(session, user, event_id, form_input(TeamIn, data, user)))


@router.post("/exchange/events/{event_id}/teams/{team_id}/join")
def event_join_team(request: Request, session: SessionDep, user: CurrentUser, event_id: int, team_id: int,
                    form: FormDep) -> Response:
    return acted(request, session, user, event_id, form_values(form), "team",
                 lambda: events.join_team(session, user, event_id, team_id))


@router.post("/exchange/events/{event_id}/submission")
def event_submit(request: Request, session: SessionDep, user: CurrentUser, event_id: int, form: FormDep) -> Response:
    values = form_values(form)
    data = {name: values.get(f"submission_{name}", "") for name in ("title", "summary", "url")}
    return acted(request, session, user, event_id, values, "submission",
                 lambda: events.submit(session, user, event_id, form_input(SubmissionIn, data, user)),
                 {"title": "submission_title", "summary": "submission_summary", "url": "submission_url"})


@router.post("/exchange/events/{event_id}/results")
def event_results(request: Request, session: SessionDep, user: CurrentUser, event_id: int, form: FormDep) -> Response:
    """Result inputs are named `<field>_<team id>`; a team with every input blank is left as it was."""
    values = form_values(form)
    if values.get("publish") == "true":
        return acted(request, session, user, event_id, values, "results",
                     lambda: events.publish_results(session, user, event_id))
    rows: dict[str, dict[str, Any]] = {}
    for name, value in values.items():
        field, _, team = name.rpartition("_")
        if field in {"score", "rank", "award_ko", "award_en"} and team.isdigit() and value.strip():
            rows.setdefault(team, {"team_id": team})[field] = value
    data = {"results": list(rows.values())}
    return acted(request, session, user, event_id, values, "results",
                 lambda: events.record_results(session, user, event_id, form_input(ResultsIn, data, user)))
