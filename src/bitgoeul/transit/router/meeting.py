"""Where and when several travellers can meet: one one-to-all RAPTOR per traveller, then rank the places."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from .itinerary import Itinerary, build_itinerary
from .planner import Endpoint, Place, When, endpoint, relabel, seconds_of
from .raptor import Labels, run
from .timetable import INF, Timetable, access_from_stop, egress_to_stop

Candidates = Literal["hubs", "all"] | list[str]


@dataclass(frozen=True)
class Traveller:
    origin: Place
    earliest_departure: When
    latest_return: When | None = None  # must be back at the origin by then
    name: str = ""


@dataclass
class MeetingOption:
    place: str  # stop id (a station id where the place is a station)
    latest_arrival: int  # when the last traveller arrives: the meeting can start
    total_minutes: int  # sum over travellers of (arrival - earliest departure)
    fairness_minutes: int  # largest minus smallest of those: 0 is perfectly fair
    itineraries: list[Itinerary] = field(default_factory=list)  # one per traveller, same order


@dataclass
class MeetingPlan:
    by_latest_arrival: list[MeetingOption]
    by_total_time: list[MeetingOption]
    by_fairness: list[MeetingOption]


def candidate_places(tt: Timetable, candidates: Candidates) -> list[str]:
    """'all': every station and every served stop outside a station; 'hubs': stations and stops where
    two or more routes call; or an explicit list of stop ids."""
    feed = tt.feed
    if not isinstance(candidates, str):
        unknown = [c for c in candidates if c not in feed.stop_index]
        if unknown:
            raise ValueError(f"unknown candidate stop ids: {', '.join(unknown[:5])}")
        return list(candidates)
    children = feed.children()
    stations = [sid for sid in children if any(tt.served[k] for k in children[sid])]
    loose = [s.id for i, s in enumerate(feed.stops) if tt.served[i] and not s.parent_id]
    if candidates == "all":
        return stations + loose
    routes_at: dict[int, set[str]] = {}
    for c in range(len(tt.col_stop)):
        routes_at.setdefault(int(tt.col_stop[c]), set()).add(tt.pat_route[int(tt.col_pat[c])])
    busy = [sid for sid in loose if len(routes_at.get(feed.stop_index[sid], ())) >= 2]
    return stations + busy


def _arrivals(labels: Labels, egress: dict[int, int]) -> list[int]:
    """Best arrival at a place with at most k rides, for every round k (from trip arrivals and the start)."""
    per_round: list[int] = []
    best = INF
    for k in range(labels.rounds + 1):
        if k == 0:
            for s, e in egress.items():
                if s in labels.access:
                    best = min(best, labels.depart + labels.access[s] + e)
        else:
            for s, e in egress.items():
                best = min(best, int(labels.tarr[k, s]) + e)
        per_round.append(best)
    return per_round


def _latest_departures(tt: Timetable, home: Endpoint, by: int) -> np.ndarray:
    """Latest time one can leave each stop (by a ride or on foot) and still be home by `by`."""
    labels = run(tt.mirrored(), home.egress, -by)
    best = -labels.best_trip_arrival().astype(np.int64)
    for s, w in home.egress.items():
        best[s] = max(int(best[s]), by - w)
    return best


def meet(
    tt: Timetable,
    travellers: list[Traveller],
    candidates: Candidates = "hubs",
    *,
    meeting_minutes: int = 60,
    limit: int = 10,
) -> MeetingPlan:
    """Rank candidate places three ways; every option carries each traveller's itinerary."""
    if not travellers:
        raise ValueError("at least one traveller is needed")
    ends = [endpoint(tt, t.origin) for t in travellers]
    starts = [seconds_of(tt, t.earliest_departure) for t in travellers]
    labels = [run(tt, e.access, s) for e, s in zip(ends, starts, strict=True)]
    returns = [
        _latest_departures(tt, e, seconds_of(tt, t.latest_return)) if t.latest_return is not None else None
        for e, t in zip(ends, travellers, strict=True)
    ]
    feed = tt.feed
    options: list[MeetingOption] = []
    rounds_at: dict[str, tuple[dict[int, int], list[list[int]]]] = {}
    for place in candidate_places(tt, candidates):
        idx = feed.stop_index[place]
        eg = egress_to_stop(tt, idx)
        rounds = [_arrivals(lab, eg) for lab in labels]
        arrivals = [r[-1] for r in rounds]
        if max(arrivals) >= INF:
            continue
        meet_at = max(arrivals)
        if any(r is not None and not _can_leave(tt, idx, r, meet_at + meeting_minutes * 60) for r in returns):
            continue
        spent = [a - s for a, s in zip(arrivals, starts, strict=True)]
        options.append(MeetingOption(place, meet_at, sum(spent) // 60, (max(spent) - min(spent)) // 60))
        rounds_at[place] = (eg, rounds)
    plan = MeetingPlan(
        by_latest_arrival=sorted(options, key=lambda o: (o.latest_arrival, o.total_minutes, o.place))[:limit],
        by_total_time=sorted(options, key=lambda o: (o.total_minutes, o.latest_arrival, o.place))[:limit],
        by_fairness=sorted(options, key=lambda o: (o.fairness_minutes, o.latest_arrival, o.place))[:limit],
    )
    # Itineraries only for the options shown: rebuilding a journey costs more than ranking a place.
    for opt in {id(o): o for o in plan.by_latest_arrival + plan.by_total_time + plan.by_fairness}.values():
        eg, rounds = rounds_at[opt.place]
        for lab, r, e in zip(labels, rounds, ends, strict=True):
            k = r.index(r[-1])  # fewest rides among the earliest arrivals
            it = build_itinerary(dataclasses.replace(lab, target=r), k, eg, e.label, opt.place)
            opt.itineraries.append(relabel(tt, it, e, Endpoint(opt.place, {}, eg, (0.0, 0.0))))
    return plan


def _can_leave(tt: Timetable, place: int, latest_dep: np.ndarray, leave_at: int) -> bool:
    return any(int(latest_dep[s]) - w >= leave_at for s, w in access_from_stop(tt, place).items())
