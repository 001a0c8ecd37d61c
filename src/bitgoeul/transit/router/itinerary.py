"""Itineraries as legs, rebuilt from RAPTOR labels, with fares where the feed gives them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from .gtfs import Feed
from .raptor import Labels
from .timetable import INF, Timetable

WALK = "walk"


def mode_of(route_type: int) -> str:
    """GTFS basic and extended route types folded into a few words a page can show."""
    basic = {
        0: "tram",
        1: "subway",
        2: "rail",
        3: "bus",
        4: "ferry",
        5: "tram",
        6: "cable",
        7: "funicular",
        11: "bus",
        12: "rail",
    }
    if route_type in basic:
        return basic[route_type]
    extended = [
        (100, "rail"),
        (200, "bus"),
        (400, "subway"),
        (700, "bus"),
        (900, "tram"),
        (1000, "ferry"),
        (1100, "air"),
        (1200, "ferry"),
        (1300, "cable"),
        (1400, "funicular"),
        (1500, "taxi"),
    ]
    for start, name in reversed(extended):
        if route_type >= start:
            return name if route_type < start + 100 else "other"
    return "other"


def to_datetime(service_date: date, seconds: int) -> datetime:
    """Seconds after a service day's midnight -> a naive local datetime (DST is not modelled)."""
    return datetime.combine(service_date, time()) + timedelta(seconds=seconds)


@dataclass(frozen=True)
class Leg:
    mode: str  # "walk" or a transit mode from mode_of()
    route: str | None  # route_id; None for walking
    from_stop: str  # stop id, or "lat,lon" for a coordinate end
    to_stop: str
    depart: int  # seconds after midnight of the itinerary's service_date
    arrive: int
    trip_id: str | None = None
    headsign: str = ""
    via: tuple[str, ...] = ()  # via stops this leg reaches: where it ends, or passed through on board


@dataclass
class Itinerary:
    service_date: date
    depart: int
    arrive: int
    transfers: int
    legs: list[Leg] = field(default_factory=list)
    fare: float | None = None  # summed over transit legs; None when any leg's fare is unknown
    currency: str | None = None

    @property
    def depart_at(self) -> datetime:
        return to_datetime(self.service_date, self.depart)

    @property
    def arrive_at(self) -> datetime:
        return to_datetime(self.service_date, self.arrive)

    @property
    def duration(self) -> int:
        return self.arrive - self.depart

    @property
    def trips(self) -> int:
        return sum(1 for leg in self.legs if leg.mode != WALK)


# A raw step before times are fixed: ("trip", board_col, alight_col, trip) or ("walk", from, to, secs).
_Step = tuple[str, int, int, int]


def _steps(labels: Labels, k: int, end_stop: int) -> tuple[list[_Step], int]:
    """Walk the parent pointers back from a trip arrival at (k, end_stop); returns steps and first stop."""
    tt = labels.tt
    steps: list[_Step] = []
    s = end_stop
    while True:
        acol = int(labels.par_col[k, s])
        bcol = int(labels.par_board[k, s])
        trip = int(labels.par_trip[k, s])
        steps.append(("trip", bcol, acol, trip))
        p = int(tt.col_stop[bcol])
        dep = int(tt.ev_dep[tt.col_ev[bcol] + trip])
        j = next(j for j in range(k) if labels.ready[j, p] <= dep)
        r = int(labels.ready[j, p])
        if j == 0:
            return steps[::-1], p
        if int(labels.tarr[j, p]) < INF and int(labels.tarr[j, p]) + int(tt.change_time[p]) == r:
            s, k = p, j
            continue
        q = int(labels.walk_from[j, p])
        steps.append(("walk", q, p, r - int(labels.tarr[j, q])))
        s, k = q, j


def _trip_leg(tt: Timetable, step: _Step) -> Leg:
    _, bcol, acol, trip = step
    feed = tt.feed
    pat = int(tt.col_pat[bcol])
    inst = int(tt.pat_inst_ptr[pat]) + trip
    t = feed.trips[int(tt.inst_trip[inst])]
    route = feed.routes[t.route_id]
    a = feed.stops[int(tt.col_stop[bcol])].id
    b = feed.stops[int(tt.col_stop[acol])].id
    dep = int(tt.ev_dep[tt.col_ev[bcol] + trip])
    arr = int(tt.ev_arr[tt.col_ev[acol] + trip])
    if tt.reversed:  # mirrored: boarding there is alighting here, and times run backwards
        a, b, dep, arr = b, a, -arr, -dep
    return Leg(mode_of(route.route_type), route.id, a, b, dep, arr, t.id, t.headsign)


def build_itinerary(
    labels: Labels,
    k: int,
    egress: dict[int, int],
    origin_label: str,
    destination_label: str,
) -> Itinerary:
    """The journey behind labels.target[k]; labels from a mirrored timetable give an arrive-by journey."""
    tt = labels.tt
    feed = tt.feed
    goal = labels.target[k]
    if k == 0:
        walk = goal - labels.depart
        start = -goal if tt.reversed else labels.depart
        return _finish(tt, [Leg(WALK, None, origin_label, destination_label, start, start + walk)])
    # A mirrored search starts from the real destination.
    start_label, end_label = (destination_label, origin_label) if tt.reversed else (origin_label, destination_label)
    end = min(egress, key=lambda s: (int(labels.tarr[k, s]) + egress[s], egress[s]))
    if int(labels.tarr[k, end]) + egress[end] != goal:
        raise AssertionError("labels are inconsistent with the target")  # a bug, not a user error
    steps, first = _steps(labels, k, end)
    raw: list[Leg | tuple[str, str, int]] = []  # walks keep only ends and duration until times are fixed
    if labels.access.get(first, 0) > 0:
        raw.append((start_label, feed.stops[first].id, labels.access[first]))
    for st in steps:
        if st[0] == "trip":
            raw.append(_trip_leg(tt, st))
        else:
            raw.append((feed.stops[st[1]].id, feed.stops[st[2]].id, st[3]))
    if egress[end] > 0:
        raw.append((feed.stops[end].id, end_label, egress[end]))
    if tt.reversed:
        raw = [r if isinstance(r, Leg) else (r[1], r[0], r[2]) for r in raw[::-1]]
    return _finish(tt, _time_walks(raw))


def _time_walks(raw: list[Leg | tuple[str, str, int]]) -> list[Leg]:
    """Walks before the first ride end as it leaves; every other walk starts when the previous leg ends."""
    legs: list[Leg] = []
    for i, r in enumerate(raw):
        if isinstance(r, Leg):
            legs.append(r)
            continue
        a, b, secs = r
        if not legs:
            nxt = next(x for x in raw[i + 1 :] if isinstance(x, Leg))
            legs.append(Leg(WALK, None, a, b, nxt.depart - secs, nxt.depart))
        else:
            legs.append(Leg(WALK, None, a, b, legs[-1].arrive, legs[-1].arrive + secs))
    return legs


def _finish(tt: Timetable, legs: list[Leg]) -> Itinerary:
    rides = sum(1 for leg in legs if leg.mode != WALK)
    fare, currency = fare_of(tt.feed, legs)
    return Itinerary(tt.base_date, legs[0].depart, legs[-1].arrive, max(rides - 1, 0), legs, fare, currency)


def fare_of(feed: Feed, legs: list[Leg]) -> tuple[float | None, str | None]:
    """Sum of the cheapest matching fare per ride (GTFS fare_rules: route and zones); None if any is unknown."""
    if not feed.fares:
        return None, None
    total = 0.0
    currencies: set[str] = set()
    for leg in legs:
        if leg.mode == WALK:
            continue
        zfrom = _zone(feed, leg.from_stop)
        zto = _zone(feed, leg.to_stop)
        matches = [
            feed.fares[r.fare_id]
            for r in feed.fare_rules
            if r.route_id in ("", leg.route) and r.origin_id in ("", zfrom) and r.destination_id in ("", zto)
        ]
        if not matches and not feed.fare_rules and len(feed.fares) == 1:
            matches = list(feed.fares.values())  # one fare and no rules: it applies everywhere
        if not matches:
            return None, None
        best = min(matches, key=lambda f: f.price)
        total += best.price
        currencies.add(best.currency)
    if len(currencies) > 1:
        return None, None
    return total, (currencies.pop() if currencies else None)


def _zone(feed: Feed, stop_id: str) -> str:
    i = feed.stop_index.get(stop_id)
    if i is None:
        return ""
    s = feed.stops[i]
    if s.zone_id:
        return s.zone_id
    if s.parent_id:
        return feed.stops[feed.stop_index[s.parent_id]].zone_id or ""
    return ""
