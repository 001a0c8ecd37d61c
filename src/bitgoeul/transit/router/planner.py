"""Trip-planning queries over a Timetable: depart-at, a departure window, arrive-by, via stops."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import datetime, time

import numpy as np

from .gtfs import haversine_m
from .itinerary import WALK, Itinerary, Leg, build_itinerary, fare_of
from .raptor import MAX_ROUNDS, pareto, run
from .timetable import (
    DAY,
    INF,
    Timetable,
    access_from_stop,
    coordinate_targets,
    egress_to_stop,
    walk_seconds,
)

When = datetime | int  # a naive local datetime, or seconds after the timetable's first midnight


class PlaceError(ValueError):
    """An origin or destination the timetable cannot use (unknown id, no stop within walking distance)."""


@dataclass(frozen=True)
class StopGroup:
    """A place made of several stops (a city, an airport's terminals): a journey may start or end at any of
    them, so one search covers them all (RAPTOR starts from every member at once) and the legs name the one
    used. `label` names the group where a stop id would stand; it never appears in a leg."""

    label: str
    stops: tuple[str, ...]


Place = str | tuple[float, float] | StopGroup  # a stop id (a station id means its platforms), (lat, lon), a group


@dataclass(frozen=True)
class Endpoint:
    label: str  # stop id or "lat,lon", used in legs
    access: dict[int, int]  # stop -> walk seconds, leaving from here
    egress: dict[int, int]  # stop -> walk seconds, arriving here
    point: tuple[float, float]
    is_point: bool = False  # given as coordinates, not as a stop
    # For a StopGroup: the member each access (egress) stop was reached from, so a walk leg names a real stop.
    access_member: dict[int, str] | None = None
    egress_member: dict[int, str] | None = None


def _group_endpoint(tt: Timetable, group: StopGroup) -> Endpoint:
    """Every member's platforms and footpaths merged, each stop keeping its shortest walk (and its member)."""
    acc: dict[int, int] = {}
    eg: dict[int, int] = {}
    acc_member: dict[int, str] = {}
    eg_member: dict[int, str] = {}
    points: list[tuple[float, float]] = []
    for sid in group.stops:
        idx = tt.feed.stop_index.get(sid)
        if idx is None:
            raise PlaceError(f"unknown stop id {sid!r} in {group.label!r}")
        s = tt.feed.stops[idx]
        points.append((s.lat, s.lon))
        for target, members, found in ((acc, acc_member, access_from_stop(tt, idx)),
                                       (eg, eg_member, egress_to_stop(tt, idx))):
            for q, w in found.items():
                if w < target.get(q, INF):
                    target[q], members[q] = w, sid
    if not group.stops or not any(tt.served[i] for i in acc):
        raise PlaceError(f"no service calls at any stop of {group.label!r}")
    centre = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    return Endpoint(group.label, acc, eg, centre, access_member=acc_member, egress_member=eg_member)


def endpoint(tt: Timetable, place: Place) -> Endpoint:
    """Resolve a place to the stops a journey may start or end at, with walking times."""
    if isinstance(place, StopGroup):
        return _group_endpoint(tt, place)
    if isinstance(place, tuple):
        lat, lon = place
        near = coordinate_targets(tt, lat, lon)
        if not near:
            raise PlaceError(f"no stop within {tt.walk_radius:.0f} m of {lat:.5f},{lon:.5f}")
        return Endpoint(f"{lat:.6f},{lon:.6f}", near, near, (lat, lon), is_point=True)
    idx = tt.feed.stop_index.get(place)
    if idx is None:
        raise PlaceError(f"unknown stop id {place!r}")
    s = tt.feed.stops[idx]
    acc, eg = access_from_stop(tt, idx), egress_to_stop(tt, idx)
    if not any(tt.served[i] for i in acc):
        raise PlaceError(f"no service calls at {place!r} or near it")
    return Endpoint(s.id, acc, eg, (s.lat, s.lon))


def relabel(tt: Timetable, it: Itinerary, a: Endpoint, b: Endpoint) -> Itinerary:
    """A walk to or from a group starts or ends at the member it was measured from, not at the group's label."""
    if a.access_member is None and b.egress_member is None:
        return it
    legs = list(it.legs)
    if a.access_member is not None and legs and legs[0].from_stop == a.label:
        first = tt.feed.stop_index.get(legs[0].to_stop, -1)
        legs[0] = replace(legs[0], from_stop=a.access_member.get(first, next(iter(a.access_member.values()))))
    if b.egress_member is not None and legs and legs[-1].to_stop == b.label:
        last = tt.feed.stop_index.get(legs[-1].from_stop, -1)
        legs[-1] = replace(legs[-1], to_stop=b.egress_member.get(last, next(iter(b.egress_member.values()))))
    return replace(it, legs=legs)


def seconds_of(tt: Timetable, when: When) -> int:
    """Seconds after the timetable's first midnight; rejects times outside the loaded days."""
    if isinstance(when, datetime):
        delta = when.replace(tzinfo=None) - datetime.combine(tt.base_date, time())
        secs = int(delta.total_seconds())
    else:
        secs = int(when)
    if not -DAY <= secs < tt.days * DAY + DAY:
        raise ValueError(f"{when} is outside the loaded service days starting {tt.base_date.isoformat()}")
    return secs


def _direct_walk(tt: Timetable, a: Endpoint, b: Endpoint) -> int | None:
    d = haversine_m(a.point[0], a.point[1], b.point[0], b.point[1])
    return walk_seconds(d, tt.walk_speed) if d <= tt.walk_radius else None


def _search(tt: Timetable, a: Endpoint, b: Endpoint, depart: int, max_transfers: int) -> list[Itinerary]:
    labels = run(tt, a.access, depart, b.egress, max_rounds=max_transfers + 1)
    out = [relabel(tt, build_itinerary(labels, k, b.egress, a.label, b.label), a, b) for k, _ in pareto(labels)]
    if a.access_member is not None:
        out = [_board_late(tt, it, a, depart) for it in out]
    return _with_direct_walk(tt, a, b, depart, out, arrive_by=False)


def _ride_span(tt: Timetable, leg: Leg) -> tuple[int, int, int, int] | None:
    """(first stop-time row of the leg's trip, boarding position, alighting position, seconds to add to the
    feed's times) for a ride, or None when the trip cannot be found again."""
    i = tt.feed.trip_position(leg.trip_id) if leg.trip_id else None
    if i is None:
        return None
    st = tt.feed.stop_times
    lo, hi = int(st.trip_ptr[i]), int(st.trip_ptr[i + 1])
    ids = [tt.feed.stops[int(x)].id for x in st.stop[lo:hi]]
    for p, sid in enumerate(ids):
        if sid != leg.from_stop:
            continue
        offset = leg.depart - int(st.departure[lo + p])
        for q in range(p + 1, len(ids)):
            if ids[q] == leg.to_stop and int(st.arrival[lo + q]) + offset == leg.arrive:
                return lo, p, q, offset
    return None


def _board_late(tt: Timetable, it: Itinerary, a: Endpoint, earliest: int) -> Itinerary:
    """A first ride passing several stops of the origin group is boarded at the last one that can still be
    reached in time: the same arrival and rides, less time travelling (the airport bus calls at Terminal 2,
    then Terminal 1)."""
    first = next((i for i, leg in enumerate(it.legs) if leg.mode != WALK), None)
    span = _ride_span(tt, it.legs[first]) if first is not None else None
    if first is None or span is None or a.access_member is None:
        return it
    lo, p, q, offset = span
    st = tt.feed.stop_times
    best = p
    for r in range(p + 1, q):
        s = int(st.stop[lo + r])
        if s in a.access and not st.no_pickup[lo + r] and int(st.departure[lo + r]) + offset - a.access[s] >= earliest:
            best = r
    if best == p:
        return it
    s = int(st.stop[lo + best])
    ride = replace(it.legs[first], from_stop=tt.feed.stops[s].id, depart=int(st.departure[lo + best]) + offset)
    walk = a.access[s]
    access = [Leg(WALK, None, a.access_member[s], ride.from_stop, ride.depart - walk, ride.depart)] if walk else []
    legs = [*access, ride, *it.legs[first + 1 :]]
    fare, currency = fare_of(tt.feed, legs)
    return Itinerary(it.service_date, legs[0].depart, it.arrive, it.transfers, legs, fare, currency)


def _with_direct_walk(
    tt: Timetable, a: Endpoint, b: Endpoint, t: int, out: list[Itinerary], *, arrive_by: bool
) -> list[Itinerary]:
    """Coordinates close together may be best walked; a walk has no transfers so it leads the Pareto set."""
    if not (a.is_point or b.is_point):
        return out  # stop to stop: a footpath between them is already a zero-ride answer
    walk = _direct_walk(tt, a, b)
    if walk is None or (out and out[0].trips == 0):
        return out
    start = t - walk if arrive_by else t
    walk_it = Itinerary(tt.base_date, start, start + walk, 0, [Leg(WALK, None, a.label, b.label, start, start + walk)])
    if arrive_by:
        return [walk_it] + [it for it in out if it.depart > walk_it.depart]
    return [walk_it] + [it for it in out if it.arrive < walk_it.arrive]


def _alight_early(tt: Timetable, it: Itinerary, b: Endpoint) -> Itinerary:
    """An arrive-by journey whose last ride passes several stops of the destination group gets off at the
    first of them: the same departure and rides, there sooner (the bus to the airport reaches Terminal 1
    before Terminal 2)."""
    last = next((i for i in range(len(it.legs) - 1, -1, -1) if it.legs[i].mode != WALK), None)
    span = _ride_span(tt, it.legs[last]) if last is not None else None
    if last is None or span is None or b.egress_member is None:
        return it
    lo, p, q, offset = span
    st = tt.feed.stop_times
    first = next((r for r in range(p + 1, q) if int(st.stop[lo + r]) in b.egress and not st.no_dropoff[lo + r]), q)
    if first == q:
        return it
    s = int(st.stop[lo + first])
    ride = replace(it.legs[last], to_stop=tt.feed.stops[s].id, arrive=int(st.arrival[lo + first]) + offset)
    walk = b.egress[s]
    egress = [Leg(WALK, None, ride.to_stop, b.egress_member[s], ride.arrive, ride.arrive + walk)] if walk else []
    legs = [*it.legs[:last], ride, *egress]
    fare, currency = fare_of(tt.feed, legs)
    return Itinerary(it.service_date, it.depart, legs[-1].arrive, it.transfers, legs, fare, currency)


def plan(
    tt: Timetable,
    origin: Place,
    destination: Place,
    depart: When,
    *,
    via: list[Place] | None = None,
    max_transfers: int = MAX_ROUNDS - 1,
) -> list[Itinerary]:
    """Leave at `depart`: the Pareto set of (arrival, transfers), earliest arrival first. Empty if unreachable."""
    t0 = seconds_of(tt, depart)
    stops = [endpoint(tt, p) for p in [origin, *(via or []), destination]]
    options = _search(tt, stops[0], stops[1], t0, max_transfers)
    for a, b in itertools.pairwise(stops[1:]):
        joined: list[Itinerary] = []
        for first in options:
            change = _change_after(tt, first)
            for second in _search(tt, a, b, first.arrive + change, max_transfers):
                joined.append(_join(tt, first, second))
            if change > 0:
                joined.extend(_join(tt, first, s) for s in _staying_on(tt, first, a, b, max_transfers))
        options = _pareto_filter(joined)
    return sorted(options, key=lambda it: (it.arrive, it.transfers))


def _staying_on(tt: Timetable, first: Itinerary, a: Endpoint, b: Endpoint, max_transfers: int) -> list[Itinerary]:
    """Continuations that stay aboard the vehicle that reached the via stop (no change time needed).

    Searched from the arrival itself and kept only when they ride on in that same trip. Answers that board
    another vehicle at once are dropped (they skipped the change time); when such an answer is what this
    search found for a number of rides, staying aboard is not offered for it (the caller's ordinary search,
    with the change time, still runs).
    """
    last = first.legs[-1]
    if last.mode == "walk" or last.trip_id is None:
        return []
    return [
        it
        for it in _search(tt, a, b, first.arrive, max_transfers)
        if it.legs and it.legs[0].trip_id == last.trip_id and it.legs[0].from_stop == last.to_stop
    ]


def _change_after(tt: Timetable, it: Itinerary) -> int:
    last = it.legs[-1]
    if last.mode == "walk":
        return 0
    return int(tt.change_time[tt.feed.stop_index[last.to_stop]])


def _join(tt: Timetable, a: Itinerary, b: Itinerary) -> Itinerary:
    """One journey through a via stop: the leg reaching it is marked, and a ride that goes on in the same
    trip after it is one leg (passing the via stop on board), not two rides and a transfer."""
    last = a.legs[-1]
    marked = replace(last, via=(*last.via, last.to_stop))
    nxt = b.legs[0] if b.legs else None
    if nxt is not None and last.trip_id is not None and nxt.trip_id == last.trip_id and nxt.from_stop == last.to_stop:
        legs = [*a.legs[:-1], replace(marked, to_stop=nxt.to_stop, arrive=nxt.arrive), *b.legs[1:]]
    else:
        legs = [*a.legs[:-1], marked, *b.legs]
    rides = sum(1 for leg in legs if leg.mode != "walk")
    fare, currency = fare_of(tt.feed, legs)
    return Itinerary(a.service_date, a.depart, b.arrive, max(rides - 1, 0), legs, fare, currency)


def _pareto_filter(options: list[Itinerary]) -> list[Itinerary]:
    """Keep options no other beats on departure (later), arrival (earlier) and transfers at once."""
    keep: list[Itinerary] = []
    seen: set[tuple[int, int, int]] = set()
    for it in sorted(options, key=lambda x: (x.arrive, x.transfers, -x.depart)):
        sig = (it.depart, it.arrive, it.transfers)
        if sig in seen:
            continue
        dominated = any(o.depart >= it.depart and o.arrive <= it.arrive and o.transfers <= it.transfers for o in keep)
        if not dominated:
            keep.append(it)
            seen.add(sig)
    return keep


def plan_range(
    tt: Timetable,
    origin: Place,
    destination: Place,
    earliest: When,
    latest: When,
    *,
    max_transfers: int = MAX_ROUNDS - 1,
) -> list[Itinerary]:
    """Leave between `earliest` and `latest`: every non-dominated (departure, arrival, transfers) option.

    One search per distinct departure from the origin's stops in the window (rRAPTOR's departure set).
    """
    t0, t1 = seconds_of(tt, earliest), seconds_of(tt, latest)
    if t1 < t0:
        raise ValueError("the window ends before it starts")
    a, b = endpoint(tt, origin), endpoint(tt, destination)
    times: set[int] = {t0}
    for s, w in a.access.items():
        for c in np.flatnonzero((tt.col_stop == s) & ~tt.col_no_board).tolist():
            lo = int(tt.col_ev[c])
            deps = tt.ev_dep[lo : lo + int(tt.pat_trips[tt.col_pat[c]])].astype(np.int64) - w
            times.update(int(x) for x in deps[(deps >= t0) & (deps <= t1)])
    found: list[Itinerary] = []
    for t in sorted(times, reverse=True):
        # A search from a time with no departure may find one after the window: not an answer, and it
        # must not hide the window's own options when filtering.
        found.extend(it for it in _search(tt, a, b, t, max_transfers) if it.depart <= t1)
    return sorted(_pareto_filter(found), key=lambda it: (it.depart, it.arrive, it.transfers))


def plan_arrive_by(
    tt: Timetable,
    origin: Place,
    destination: Place,
    arrive_by: When,
    *,
    max_transfers: int = MAX_ROUNDS - 1,
) -> list[Itinerary]:
    """Arrive no later than `arrive_by`: the Pareto set of (latest departure, transfers), latest first."""
    t = seconds_of(tt, arrive_by)
    a, b = endpoint(tt, origin), endpoint(tt, destination)
    mirror = tt.mirrored()
    labels = run(mirror, b.egress, -t, a.access, max_rounds=max_transfers + 1)
    out = [relabel(tt, build_itinerary(labels, k, a.access, a.label, b.label), a, b) for k, _ in pareto(labels)]
    if b.egress_member is not None:
        out = [_alight_early(tt, it, b) for it in out]
    out = _with_direct_walk(tt, a, b, t, out, arrive_by=True)
    return sorted(out, key=lambda it: (-it.depart, it.transfers))
