"""Transport pages: the trip planner, the meeting planner and "how to get here" (/transit/to?lat=&lon=&name=).

Plans are GET forms, so a plan is a link one can share; handlers parse, call the service, render.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from bitgoeul.core.errors import DomainError, ValidationFailed
from bitgoeul.core.i18n import Message, translate
from bitgoeul.core.time import local_today
from bitgoeul.transit import service
from bitgoeul.transit.network import Network, current_network
from bitgoeul.transit.place_search import AmbiguousPlace, PlaceProblem, named_places
from bitgoeul.transit.places import parse_coordinates
from bitgoeul.transit.router import Itinerary, MeetingOption, headsign, stop_name
from bitgoeul.transit.router.itinerary import to_datetime
from bitgoeul.transit.sketch import Sketch, sketch
from bitgoeul.web.deps import SessionDep, get_language
from bitgoeul.web.rendering import render

router = APIRouter()
MAX_TRAVELLERS = 4


@dataclass
class LegView:
    mode: str
    route: str
    headsign: str
    from_name: str
    to_name: str
    depart: str
    arrive: str
    minutes: int
    via: list[tuple[str, bool]] = field(default_factory=list)  # (via stop, passed on board) this leg reaches


@dataclass
class Card:
    """One itinerary as a page shows it."""

    depart: str
    arrive: str
    day: str
    minutes: int
    transfers: int
    fare: float | None
    currency: str | None
    legs: list[LegView]
    sketch: Sketch
    already_there: bool = False  # a meeting at one's own starting point: no journey at all
    ends: list[str] = field(default_factory=list)  # "인천공항: leaves from Terminal 1" where a place has many stops


def _hm(moment: datetime, base: date) -> str:
    extra = (moment.date() - base).days
    return moment.strftime("%H:%M") + (f" (+{extra})" if extra > 0 else "")


def card(network: Network, it: Itinerary, lang: str, names: dict[str, str] | None = None) -> Card:
    names = names or {}
    feed = network.feed
    base = it.depart_at.date()

    def name(ref: str) -> str:
        return names.get(ref) or stop_name(feed, ref, lang)

    legs = []
    for leg in it.legs:
        route = feed.routes.get(leg.route) if leg.route else None
        legs.append(LegView(
            leg.mode, (route.names.get(lang) or route.label) if route else "", headsign(feed, leg, lang),
            name(leg.from_stop), name(leg.to_stop),
            _hm(it.depart_at + (_delta(leg.depart - it.depart)), base),
            _hm(it.depart_at + (_delta(leg.arrive - it.depart)), base), (leg.arrive - leg.depart) // 60,
            [(name(v), v != leg.to_stop) for v in leg.via]))
    here = it.duration == 0 and all(leg.mode == "walk" for leg in it.legs)
    return Card(_hm(it.depart_at, base), _hm(it.arrive_at, base), base.isoformat(), it.duration // 60,
                it.transfers, it.fare, it.currency, [] if here else legs,
                Sketch() if here else sketch(network, it, lang, names), here)


def _delta(seconds: int) -> timedelta:
    return timedelta(seconds=seconds)


def _common(session: Session, request: Request) -> dict[str, Any]:
    """What every transport page shows: the feeds (a sample is labelled) and the places to suggest."""
    network = current_network(session)
    lang = get_language(request)
    other = "ko" if lang == "en" else "en"
    names = [(p.name(lang), p.name(other)) for p in service.stations(session)]
    names += [(p.name(lang), p.name(other)) for p in named_places(session)]  # cities, airports, ...
    places = list(dict(reversed(names)).items())[::-1]  # each name once, the station's own pairing first
    span = network.service_range() if network else None
    today = local_today()
    default_day = today if not span or span[0] <= today <= span[1] else span[0]
    return {"network": network, "feeds": network.feeds if network else [], "sample": bool(network and network.sample),
            "places": places,
            "default_day": default_day.isoformat(), "span": span}


def _error_context(exc: DomainError, lang: str) -> dict[str, Any]:
    """Errors beside their fields; a place the words did not name offers close matches, a place they named
    several times over offers the choices ("which one?")."""
    if isinstance(exc, PlaceProblem):
        key = "choices" if isinstance(exc, AmbiguousPlace) else "suggestions"
        return {"errors": exc.field_texts(lang), key: {exc.field: exc.choices}, "message": exc.render(lang)}
    errors = dict(exc.fields)
    if not errors:
        errors["__all__"] = exc.message
    return {"errors": errors, "suggestions": {}, "message": exc.message}


def _ends(result: service.TripPlan, it: Itinerary, lang: str) -> list[str]:
    return [translate(key, lang, **params) for key, params in result.ends_shown(it, lang)]


def _plan_page(request: Request, session: Session, values: dict[str, str], *, destination_name: str = "",
               fixed_destination: bool = False) -> Response:
    ctx = _common(session, request)
    lang = get_language(request)
    ctx.update({"values": values, "errors": {}, "suggestions": {}, "choices": {}, "cards": [], "notes": [],
                "ranged": None,
                "destination_name": destination_name, "fixed_destination": fixed_destination})
    status = 200
    if values.get("from") and values.get("to") and values.get("when"):
        try:
            ranged = values.get("mode") == "range"
            if ranged and not values.get("until", "").strip():
                message = Message("transit.web.leave_between_needs_window_end")
                raise ValidationFailed(message, fields={"until": message})
            result = service.plan_trip(
                session, origin=values["from"], destination=values["to"], when=values["when"],
                arrive_by=values.get("mode") == "arrive", window_hours=int(values.get("window") or 24),
                via=[values["via"]] if values.get("via", "").strip() else None,
                until=values["until"] if ranged else None,
                snap_destination=fixed_destination, destination_name=destination_name)
            ctx["cards"] = [card(result.network, it, lang, result.names_in(lang)) for it in result.itineraries]
            for c, it in zip(ctx["cards"], result.itineraries, strict=True):
                c.ends = _ends(result, it, lang)
            if result.until is not None:
                ctx["ranged"] = (f"{result.when:%H:%M}", f"{result.until:%H:%M}")
            ctx["notes"] = [n.split("|") for n in result.notes]
        except (DomainError, ValueError) as exc:
            error = exc if isinstance(exc, DomainError) else DomainError(str(exc))
            ctx.update(_error_context(error, lang))
            # "Which one?" is a question with answers on the page, not a failure; nor is "no route".
            quiet = isinstance(exc, AmbiguousPlace) or error.status == 404 or not isinstance(exc, DomainError)
            status = 200 if quiet else error.status
    return render(request, "transit/plan.html", ctx, status_code=status)


def _mode(mode: str) -> str:
    return mode if mode in ("arrive", "range") else "depart"


@router.get("/transit")
def plan_page(request: Request, session: SessionDep, origin: str = Query("", alias="from"), to: str = "",
              when: str = "", mode: str = "depart", window: str = "24", until: str = "", via: str = "") -> Response:
    values = {"from": origin, "to": to, "when": when, "mode": _mode(mode), "window": window, "until": until,
              "via": via}
    return _plan_page(request, session, values)


@router.get("/transit/to")
def get_here_page(request: Request, session: SessionDep, lat: str = "", lon: str = "", name: str = "",
                  stop: str = "", origin: str = Query("", alias="from"), when: str = "",
                  mode: str = "depart", window: str = "24", until: str = "", via: str = "") -> Response:
    """"How to get here" for any place: coordinates (with a name to show) or a stop id or name."""
    target = stop or (f"{lat},{lon}" if parse_coordinates(f"{lat},{lon}") else name)
    values = {"from": origin, "to": target, "when": when, "mode": _mode(mode), "window": window,
              "until": until, "via": via, "lat": lat, "lon": lon, "name": name, "stop": stop}
    return _plan_page(request, session, values, destination_name=name, fixed_destination=True)


@dataclass
class OptionView:
    place_id: str
    place: str
    latest_arrival: str
    total_minutes: int
    fairness_minutes: int
    cards: list[Card]


def _option(network: Network, option: MeetingOption | None, lang: str) -> OptionView | None:
    if option is None or not option.itineraries:
        return None
    arrival = option.itineraries[0].service_date
    return OptionView(option.place, stop_name(network.feed, option.place, lang),
                      to_datetime(arrival, option.latest_arrival).strftime("%Y-%m-%d %H:%M"),
                      option.total_minutes, option.fairness_minutes,
                      [card(network, it, lang) for it in option.itineraries])


@router.get("/transit/meet")
def meet_page(request: Request, session: SessionDep, candidates: str = "hubs") -> Response:
    ctx = _common(session, request)
    lang = get_language(request)
    params = request.query_params
    values: dict[str, str] = {"candidates": candidates if candidates in ("hubs", "all") else "hubs"}
    travellers: list[service.TravellerIn] = []
    for i in range(1, MAX_TRAVELLERS + 1):
        for suffix in ("", "_at", "_name"):
            values[f"t{i}{suffix}"] = params.get(f"t{i}{suffix}", "")
        if values[f"t{i}"] or values[f"t{i}_at"]:
            travellers.append(service.TravellerIn(values[f"t{i}"], values[f"t{i}_at"], values[f"t{i}_name"]))
    ctx.update({"values": values, "errors": {}, "suggestions": {}, "choices": {}, "result": None,
                "max_travellers": MAX_TRAVELLERS})
    status = 200
    if travellers:
        try:
            result = service.plan_meeting(session, travellers=travellers, candidates=values["candidates"])
            network = result.network
            names = [t.name or f"{i + 1}" for i, t in enumerate(travellers)]
            ctx["result"] = {
                "names": names,
                "scenarios": [(s.kind, names[s.traveller] if s.traveller is not None else "",
                               stop_name(network.feed, s.place, lang) if s.place else "",
                               _option(network, s.option, lang)) for s in result.scenarios],
                "rankings": [(key, [_option(network, o, lang) for o in result.ranked(key)])
                             for key in ("latest", "total", "fair")],
            }
        except DomainError as exc:
            ctx.update(_error_context(_renamed(exc), lang))
            status = 200 if isinstance(exc, AmbiguousPlace) or exc.status == 404 else exc.status
    return render(request, "transit/meet.html", ctx, status_code=status)


def _renamed(exc: DomainError) -> DomainError:
    """Service fields say traveller1..; the form's fields are t1.."""
    if isinstance(exc, PlaceProblem) and exc.field.startswith("traveller"):
        exc.field = "t" + exc.field.removeprefix("traveller")
    exc.fields = {("t" + k.removeprefix("traveller") if k.startswith("traveller") and k != "traveller" else k): v
                  for k, v in exc.fields.items()}
    return exc
