"""Transport services the pages, API and CLI share: load feeds, find stops, plan trips, plan meetings.

Reading (search, plans) is public; loading and removing feeds needs an operator or the command line.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy.orm import Session

from bitgoeul.core.errors import DomainError, NotFound, ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.core.time import local_today
from bitgoeul.transit.network import Network, current_network, timetable
from bitgoeul.transit.place_search import (
    AmbiguousPlace,
    PlaceProblem,
    ResolvedPlace,
    UnknownPlace,
    check_apart,
    find_place,
)
from bitgoeul.transit.places import StopHit, close_matches, search_stops, stations
from bitgoeul.transit.router import (
    Itinerary,
    MeetingOption,
    MeetingPlan,
    Place,
    PlaceError,
    StopGroup,
    Timetable,
    Traveller,
    itinerary_dict,
    meet,
    meeting_option_dict,
    plan,
    plan_arrive_by,
    plan_range,
    stop_name,
)
from bitgoeul.transit.router.gtfs import haversine_m
from bitgoeul.transit.router.planner import endpoint
from bitgoeul.transit.storage import FeedRejected, LoadResult, list_feeds, load_into_db, remove_feed

Rank = Literal["latest", "total", "fair"]
MAX_WINDOW_HOURS = 72
MAX_RANGE_HOURS = 6  # "leave between": the widest departure window (one search per departure in it)
MAX_MEETING_SPREAD_DAYS = 7
SNAP_RADIUS_M = 30_000.0  # "how to get here": the nearest stop within this is used when none is walkable


class NoRoute(DomainError):
    """The search ran and found nothing in the window; the message says how to widen it."""

    code = "no_route"
    status = 404


def _need_network(session: Session) -> Network:
    network = current_network(session)
    if network is None:
        raise NotFound("transit.service.no_timetable_loaded_load_gtfs")
    return network


def parse_when(field_name: str, text: str | datetime) -> datetime:
    """YYYY-MM-DDTHH:MM (a space instead of T, or seconds, also do); rejects impossible dates and times."""
    if isinstance(text, datetime):
        return text.replace(tzinfo=None, second=0, microsecond=0)
    try:
        when = datetime.fromisoformat((text or "").strip().replace(" ", "T"))
    except ValueError:
        message = Message("transit.service.enter_real_date_and_time")
        raise ValidationFailed(message, fields={field_name: message}) from None
    return when.replace(tzinfo=None, second=0, microsecond=0)


def _check_in_service(network: Network, field_name: str, when: datetime) -> None:
    span = network.service_range()
    if span is None:
        return
    first, last = span
    if not first - timedelta(days=1) <= when.date() <= last + timedelta(days=1):
        message = Message("transit.service.loaded_timetables_run_from_pick", value=first.isoformat(),
                          value2=last.isoformat())
        raise ValidationFailed(message, fields={field_name: message})


def _check_window(window_hours: int) -> None:
    if not 1 <= window_hours <= MAX_WINDOW_HOURS:
        message = Message("transit.service.window_1_hours", MAX_WINDOW_HOURS=MAX_WINDOW_HOURS)
        raise ValidationFailed(message, fields={"window": message})


def parse_until(text: str | datetime, start: datetime) -> datetime:
    """The end of a departure window: HH:MM on the departure's day, or a full YYYY-MM-DDTHH:MM; it must
    come after the departure and at most MAX_RANGE_HOURS later."""
    if isinstance(text, datetime):
        until = text
    else:
        raw = (text or "").strip()
        try:
            if "-" not in raw:  # HH:MM (a time input may add :SS)
                until = datetime.combine(start.date(), time.fromisoformat(raw))
            else:
                until = datetime.fromisoformat(raw.replace(" ", "T"))
        except ValueError:
            message = Message("transit.service.enter_end_departure_window_as")
            raise ValidationFailed(message, fields={"until": message}) from None
    until = until.replace(tzinfo=None, second=0, microsecond=0)
    if until <= start:
        message = Message("transit.service.window_end_must_after_departure", until=until, start=start)
        raise ValidationFailed(message, fields={"until": message})
    if until - start > timedelta(hours=MAX_RANGE_HOURS):
        message = Message("transit.service.departure_window_at_most_hours", MAX_RANGE_HOURS=MAX_RANGE_HOURS,
                          start=start, until=until)
        raise ValidationFailed(message, fields={"until": message})
    return until


# ------------------------------------------------------------------ trip plans


@dataclass
class TripPlan:
    """Itineraries (the Pareto set of arrival and transfers, earliest arrival first) and what they rest on."""

    network: Network
    timetable: Timetable
    itineraries: list[Itinerary]
    origin: Place
    destination: Place
    when: datetime
    arrive_by: bool
    window_hours: int
    notes: list[str] = field(default_factory=list)
    place_names: dict[str, str] = field(default_factory=dict)  # coordinate label -> a name given with it
    until: datetime | None = None  # set for "leave between `when` and `until`" (ordered by departure)
    places: tuple[ResolvedPlace, ResolvedPlace] | None = None  # what the typed words named (a city, a venue)
    place_names_en: dict[str, str] = field(default_factory=dict)  # the same labels' English names

    def names_in(self, lang: str) -> dict[str, str]:
        return {**self.place_names, **self.place_names_en} if lang == "en" else self.place_names

    def ends_used(self, it: Itinerary) -> tuple[str, str]:
        """The stations a journey really leaves from and arrives at (a platform stands for its station)."""
        feed = self.network.feed

        def station(stop_id: str) -> str:
            i = feed.stop_index.get(stop_id)
            return (feed.stops[i].parent_id or stop_id) if i is not None else stop_id

        rides = [leg for leg in it.legs if leg.mode != "walk"] or it.legs
        return station(rides[0].from_stop), station(rides[-1].to_stop)

    def ends_shown(self, it: Itinerary, lang: str) -> list[tuple[str, dict[str, str]]]:
        """(message key, parameters) saying which station a journey uses where the words named a place of
        many stops (a city, an airport) or a venue; nothing where they named the stop itself."""
        if self.places is None:
            return []
        out = []
        for place, stop, key in zip(self.places, self.ends_used(it), ("transit.place.from_stop",
                                                                     "transit.place.to_stop"), strict=True):
            if place.kind not in ("stop", "point") and place.target != stop:
                out.append((key, {"place": place.name(lang), "stop": self.name_of(stop, lang)}))
        return out

    def name_of(self, stop_id: str, lang: str) -> str:
        return self.names_in(lang).get(stop_id) or stop_name(self.network.feed, stop_id, lang)

    def itinerary_dicts(self, lang: str = "ko") -> list[dict[str, Any]]:
        out = [itinerary_dict(it, self.network.feed, lang) for it in self.itineraries]
        for item in out:
            for leg in item["legs"]:
                for end in (leg["from"], leg["to"]):
                    end["name"] = self.names_in(lang).get(end["id"], end["name"])
        return out

    def contract(self, lang: str = "ko") -> dict[str, Any]:
        """`{"itineraries": [...]}` exactly as the issue's CLI/API contract gives it; a departure window
        adds `"range": {"depart", "until"}` and the itineraries come ordered by departure."""
        out: dict[str, Any] = {"itineraries": self.itinerary_dicts(lang)}
        if self.until is not None:
            out["range"] = {"depart": self.when.isoformat(timespec="minutes"),
                            "until": self.until.isoformat(timespec="minutes")}
        return out


def _label(place: Place) -> str:
    if isinstance(place, StopGroup):
        return place.label
    return f"{place[0]:.6f},{place[1]:.6f}" if isinstance(place, tuple) else place


def _nearest_stop(tt: Timetable, point: tuple[float, float]) -> tuple[str, float] | None:
    best: tuple[float, str] | None = None
    for i, s in enumerate(tt.feed.stops):
        if tt.served[i]:
            d = haversine_m(point[0], point[1], s.lat, s.lon)
            if best is None or d < best[0]:
                best = (d, s.parent_id or s.id)
    return (best[1], best[0]) if best and best[0] <= SNAP_RADIUS_M else None


def _endpoint_or_error(tt: Timetable, field_name: str, place: Place, snap: bool, notes: list[str]) -> Place:
    try:
        endpoint(tt, place)
        return place
    except PlaceError:
        if snap and isinstance(place, tuple) and (near := _nearest_stop(tt, place)) is not None:
            sid, metres = near
            end = "to" if field_name == "to" else "from"
            notes.append(f"{stop_name(tt.feed, sid, 'ko')}|{stop_name(tt.feed, sid, 'en')}|{metres / 1000:.1f}|{end}")
            return sid
        if isinstance(place, tuple):
            message = Message("transit.service.no_stop_within_m", value=place[0], value2=place[1],
                              tt_walk_radius=tt.walk_radius)
        else:
            message = Message("transit.service.no_service_calls_at", place=place)
        raise ValidationFailed(message, fields={field_name: message}) from None


def plan_trip(
    session: Session,
    *,
    origin: str,
    destination: str,
    when: str | datetime,
    arrive_by: bool = False,
    window_hours: int = 24,
    via: list[str] | None = None,
    snap_destination: bool = False,
    destination_name: str = "",
    until: str | datetime | None = None,
) -> TripPlan:
    """Plan from `origin` to `destination` leaving at (or arriving by) `when`; NoRoute when nothing fits.

    With `until`, every journey leaving between `when` and `until` that no other beats on departure
    (later), arrival (earlier) and transfers (fewer) at once, ordered by departure.
    """
    network = _need_network(session)
    field_when = "arrive" if arrive_by else "depart"
    moment = parse_when(field_when, when)
    _check_window(window_hours)
    end: datetime | None = None
    if until is not None and (not isinstance(until, str) or until.strip()):
        if arrive_by:
            message = Message("transit.service.departure_window_goes_with_leave")
            raise ValidationFailed(message, fields={"until": message})
        end = parse_until(until, moment)
        if any(v.strip() for v in (via or [])):
            message = Message("transit.service.departure_window_and_via_stop")
            raise ValidationFailed(message, fields={"until": message})
    elif arrive_by and any(v.strip() for v in (via or [])):
        message = Message("transit.service.via_stop_goes_with_leave")
        raise ValidationFailed(message, fields={"via": message})
    start, finish = find_place(session, "from", origin), find_place(session, "to", destination)
    check_apart(start, finish)
    a: Place = start.target
    b: Place = finish.target
    stops_via: list[Place] = [find_place(session, "via", v).target for v in (via or []) if v.strip()]
    _check_in_service(network, field_when, moment)
    if a == b and not stops_via:
        message = Message("transit.service.origin_and_destination_same")
        raise ValidationFailed(message, fields={"to": message})
    span_days = math.ceil(window_hours / 24)
    if arrive_by:
        first = (moment - timedelta(hours=window_hours)).date()
        days = (moment.date() - first).days + 1
    else:
        first, days = moment.date(), span_days + 1 + ((end.date() - moment.date()).days if end else 0)
    tt = timetable(network, first, days)
    notes: list[str] = []
    a = _endpoint_or_error(tt, "from", a, start.snap, notes)
    b = _endpoint_or_error(tt, "to", b, snap_destination or finish.snap, notes)
    names = {_label(b): destination_name} if destination_name and isinstance(b, tuple) else {}
    english = dict(names)
    for place, spot in ((start, a), (finish, b)):
        if isinstance(spot, tuple) and place.kind == "venue":
            names.setdefault(_label(spot), place.name_ko)
            english.setdefault(_label(spot), place.name("en"))
    try:
        if arrive_by:
            found = plan_arrive_by(tt, a, b, moment)
            found = [it for it in found if it.depart_at >= moment - timedelta(hours=window_hours)]
        elif end is not None:
            found = plan_range(tt, a, b, moment, end)
            found = [it for it in found if it.arrive_at <= end + timedelta(hours=window_hours)]
        else:
            found = plan(tt, a, b, moment, via=stops_via or None)
            found = [it for it in found if it.arrive_at <= moment + timedelta(hours=window_hours)]
    except PlaceError as exc:
        raise ValidationFailed(str(exc), fields={"via": str(exc)}) from exc
    found.sort(key=(lambda it: (it.depart, it.arrive, it.transfers)) if end else (lambda it: (it.arrive, it.transfers)))
    result = TripPlan(network, tt, found, a, b, moment, arrive_by, window_hours, notes, names, end, (start, finish),
                      english)
    if not found and end is not None:
        raise NoRoute("transit.service.nothing_leaves_between_and_widen", a=_both(result, a), b=_both(result, b),
                      moment=moment, end=end)
    if not found:
        verb = Message("transit.service.before_arriving" if arrive_by else "transit.service.after_leaving")
        raise NoRoute("transit.service.no_route_within_h_widen", a=_both(result, a), b=_both(result, b), verb=verb,
                      window_hours=window_hours)
    return result


def _both(result: TripPlan, place: Any) -> Message:
    return Message.both(result.name_of(_label(place), "ko"), result.name_of(_label(place), "en"))


# ------------------------------------------------------------------ meetings


@dataclass(frozen=True)
class TravellerIn:
    place: str
    when: str | datetime
    name: str = ""


@dataclass
class Scenario:
    """One of "meet where traveller i starts" or "meet at the fairest place", with its option if reachable."""

    kind: Literal["origin", "fairest"]
    traveller: int | None
    place: str | None
    option: MeetingOption | None


@dataclass
class MeetResult:
    network: Network
    plan: MeetingPlan
    travellers: list[TravellerIn]
    places: list[Place]
    scenarios: list[Scenario]

    def ranked(self, rank: Rank) -> list[MeetingOption]:
        return {"latest": self.plan.by_latest_arrival, "total": self.plan.by_total_time,
                "fair": self.plan.by_fairness}[rank]

    def option_dict(self, option: MeetingOption, lang: str = "ko") -> dict[str, Any]:
        return meeting_option_dict(option, self.network.feed, lang)

    def contract(self, rank: Rank = "latest", lang: str = "ko") -> dict[str, Any]:
        """`{"options": [...]}` exactly as the issue's contract gives it, in the chosen ranking."""
        return {"options": [self.option_dict(o, lang) for o in self.ranked(rank)]}


def parse_traveller(text: str, name: str = "") -> TravellerIn:
    """'STOP@YYYY-MM-DDTHH:MM' -> TravellerIn."""
    place, sep, when = (text or "").rpartition("@")
    if not sep or not place.strip():
        message = Message("transit.service.traveller_stop_yyyy_mm_ddthh")
        raise ValidationFailed(message, fields={"traveller": message})
    return TravellerIn(place.strip(), when.strip(), name)


def _candidates(session: Session, candidates: str) -> Literal["hubs", "all"] | list[str]:
    text = (candidates or "hubs").strip()
    if text in ("hubs", "all"):
        return "hubs" if text == "hubs" else "all"
    out: list[str] = []
    for part in text.split(","):  # a list of ids or names, as typed on the command line
        place = find_place(session, "candidates", part).target
        if not isinstance(place, str):
            message = Message("transit.service.candidate_places_must_stops")
            raise ValidationFailed(message, fields={"candidates": message})
        out.append(place)
    return out


def plan_meeting(
    session: Session,
    *,
    travellers: list[TravellerIn],
    candidates: str = "hubs",
    limit: int = 10,
) -> MeetResult:
    """Rank places where everyone can meet three ways, with every traveller's itinerary, plus the side-by-side
    scenarios: meet where each traveller starts (where the client lands, where the host is) or at the fairest."""
    network = _need_network(session)
    if not 2 <= len(travellers) <= 8:
        message = Message("transit.service.give_2_8_travellers")
        raise ValidationFailed(message, fields={"traveller": message})
    if not 1 <= limit <= 50:
        raise ValidationFailed("limit: 1~50", fields={"limit": "1~50"})
    places: list[Place] = []
    moments: list[datetime] = []
    for i, t in enumerate(travellers):
        places.append(find_place(session, f"traveller{i + 1}", t.place).target)
        moments.append(parse_when(f"traveller{i + 1}_at", t.when))
        _check_in_service(network, f"traveller{i + 1}_at", moments[-1])
    chosen = _candidates(session, candidates)
    first: date = min(m.date() for m in moments)
    if (max(m.date() for m in moments) - first).days > MAX_MEETING_SPREAD_DAYS:
        message = Message("transit.service.travellers_departure_dates_more_than",
                          MAX_MEETING_SPREAD_DAYS=MAX_MEETING_SPREAD_DAYS)
        raise ValidationFailed(message, fields={"traveller": message})
    days = (max(m.date() for m in moments) - first).days + 2
    tt = timetable(network, first, days)
    for i, p in enumerate(places):
        _endpoint_or_error(tt, f"traveller{i + 1}", p, False, [])
    travs = [Traveller(p, m, name=t.name) for p, m, t in zip(places, moments, travellers, strict=True)]
    try:
        result = meet(tt, travs, chosen, limit=limit)
    except ValueError as exc:
        raise ValidationFailed(str(exc), fields={"candidates": str(exc)}) from exc
    if not result.by_latest_arrival:
        raise NoRoute("transit.service.no_place_every_traveller_can")
    # "Meet where each one starts": a traveller starting from a place of many stops (an airport) is met at
    # whichever of its stations everyone reaches first.
    starts = [[p] if isinstance(p, str) else list(p.stops) if isinstance(p, StopGroup) else [] for p in places]
    origins = list(dict.fromkeys(m for members in starts for m in members))
    at_origin = {o.place: o for o in meet(tt, travs, origins, limit=len(origins)).by_latest_arrival} if origins else {}
    scenarios = []
    for i, members in enumerate(starts):
        reachable = [at_origin[m] for m in members if m in at_origin]
        best = min(reachable, key=lambda o: (o.latest_arrival, o.total_minutes)) if reachable else None
        if members:
            scenarios.append(Scenario("origin", i, best.place if best else members[0], best))
    fairest = next((o for o in result.by_fairness if o.place not in origins), result.by_fairness[0])
    scenarios.append(Scenario("fairest", None, fairest.place, fairest))
    return MeetResult(network, result, travellers, places, scenarios)


# ------------------------------------------------------------------ re-exports for the edges

__all__ = [
    "AmbiguousPlace",
    "FeedRejected",
    "LoadResult",
    "MeetResult",
    "NoRoute",
    "PlaceProblem",
    "Scenario",
    "StopHit",
    "TravellerIn",
    "TripPlan",
    "UnknownPlace",
    "close_matches",
    "list_feeds",
    "load_into_db",
    "parse_traveller",
    "parse_until",
    "parse_when",
    "plan_meeting",
    "plan_trip",
    "remove_feed",
    "search_stops",
    "stations",
]


def warm_plan(session: Session) -> None:
    """Plan one journey (the first trip's ends, this morning) and drop it: the router's compiled rounds load
    (numba: seconds on first use), and planning's own first-use costs are paid before the first visitor.
    Nothing happens without a feed; a plan that finds nothing still warms what it ran."""
    network = current_network(session)
    if network is None or not network.feed.trips:
        return
    times = network.feed.stop_times
    first, last = int(times.trip_ptr[0]), int(times.trip_ptr[1]) - 1
    stops = network.feed.stops
    origin, destination = stops[int(times.stop[first])].id, stops[int(times.stop[last])].id
    day, span = local_today(), network.service_range()
    if span is not None and not span[0] <= day <= span[1]:
        day = span[0]
    with contextlib.suppress(DomainError):
        plan_trip(session, origin=origin, destination=destination, when=datetime.combine(day, time(8)))
