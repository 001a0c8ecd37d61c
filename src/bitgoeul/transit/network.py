"""The loaded feeds as one routable network, rebuilt from the stored files on first use and cached per
process, keyed by the feeds' versions (a reload or a new feed changes the key).

Several feeds combine into one router Feed: ids are kept as they are unless an earlier feed already used
them, in which case they become "feedname:id" (stops, routes, trips, services, fares and zones alike).
Walking footpaths between nearby stops of different feeds come from the router's coordinate footpaths.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.core.settings import setting
from bitgoeul.core.time import local_today
from bitgoeul.transit.models import TransitFeed
from bitgoeul.transit.router import Feed, Timetable, build_timetable
from bitgoeul.transit.router.gtfs import Fare, FareRule, Route, Service, Stop, StopTimes, Transfer, Trip
from bitgoeul.transit.router.timetable_files import mapped_timetable, timetable_key
from bitgoeul.transit.storage import feed_files, parse_files

Key = tuple[tuple[int, str, str, str], ...]  # (id, name, label, version) per feed
TIMETABLES_KEPT = 8  # (network, first day, days) combinations kept per process
NETWORKS_KEPT = 2


@dataclass(frozen=True)
class FeedSummary:
    id: int
    name: str
    label: str
    service_start: date | None
    service_end: date | None
    publisher: str


@dataclass
class Network:
    """Every loaded feed merged; `public_ids[(feed name, stop_id)]` is the id users and the router see."""

    key: Key
    feed: Feed
    feeds: list[FeedSummary]
    public_ids: dict[tuple[str, str], str]
    stop_feed: dict[str, str]  # public stop id -> feed name
    _trip_index: dict[str, int] | None = field(default=None, repr=False)

    @property
    def sample(self) -> bool:
        return any(f.label == "sample" for f in self.feeds)

    def service_range(self) -> tuple[date, date] | None:
        starts = [f.service_start for f in self.feeds if f.service_start]
        ends = [f.service_end for f in self.feeds if f.service_end]
        return (min(starts), max(ends)) if starts and ends else None

    def trip_index(self) -> dict[str, int]:
        if self._trip_index is None:
            self._trip_index = {t.id: i for i, t in enumerate(self.feed.trips)}
        return self._trip_index


_lock = threading.Lock()
_networks: OrderedDict[Key, Network] = OrderedDict()
_timetables: OrderedDict[tuple[Key, date, int], Timetable] = OrderedDict()


def network_key(session: Session) -> Key:
    statement = select(TransitFeed.id, TransitFeed.name, TransitFeed.label, TransitFeed.version)
    rows = session.execute(statement.order_by(TransitFeed.id))
    return tuple((int(i), str(n), str(lb), str(v)) for i, n, lb, v in rows)


def current_network(session: Session) -> Network | None:
    """The merged network of the loaded feeds, or None when no feed is loaded."""
    key = network_key(session)
    if not key:
        return None
    with _lock:
        found = _networks.get(key)
        if found is not None:
            _networks.move_to_end(key)
            return found
    records = list(session.scalars(select(TransitFeed).order_by(TransitFeed.id)))
    parsed = [(r.name, parse_files(feed_files(session, r.id))[0]) for r in records]
    summaries = [FeedSummary(r.id, r.name, r.label, r.service_start, r.service_end, r.publisher) for r in records]
    network = merge(key, parsed, summaries)
    with _lock:
        _networks[key] = network
        while len(_networks) > NETWORKS_KEPT:
            _networks.popitem(last=False)
    return network


def timetable(network: Network, first_date: date, days: int) -> Timetable:
    """The network's timetable over `days` days from `first_date`, built once per process."""
    key = (network.key, first_date, days)
    with _lock:
        found = _timetables.get(key)
        if found is not None:
            _timetables.move_to_end(key)
            return found
    built = _build_or_map(network, first_date, days)
    with _lock:
        _timetables[key] = built
        while len(_timetables) > TIMETABLES_KEPT:
            _timetables.popitem(last=False)
    return built


def _build_or_map(network: Network, first_date: date, days: int) -> Timetable:
    """Built here, or, with BITGOEUL_TIMETABLE_DIR, mapped from the files of this feed version and days (built
    and written there first by whichever process needs them first). A new feed version names new files, so a
    process still holding the old timetable keeps reading the old ones."""
    folder = setting("BITGOEUL_TIMETABLE_DIR").strip()
    if not folder:
        return build_timetable(network.feed, first_date, days)
    digest = hashlib.sha256(repr(network.key).encode()).hexdigest()
    path = Path(folder) / timetable_key(digest, first_date, days)
    return mapped_timetable(path, lambda: build_timetable(network.feed, first_date, days))


def clear_cache() -> None:
    """Forget this process's networks and timetables: the next plan parses and builds (or maps) again, as after
    a restart (tests use it to compare built and mapped timetables)."""
    with _lock:
        _networks.clear()
        _timetables.clear()


def warm(session: Session) -> None:
    """Parse the loaded feeds and build today's and tomorrow's timetables now, not in the first trip plans (a
    web worker calls this before taking traffic; a plan leaving today or tomorrow uses one of these two-day
    timetables, and tomorrow is what people plan most after today)."""
    network = current_network(session)
    if network is not None:
        today = local_today()
        for first in (today, today + timedelta(days=1)):
            timetable(network, first, 2)


class _Names:
    """Ids already used by earlier feeds, per kind; a repeated id is prefixed with its feed's name."""

    def __init__(self) -> None:
        self.seen: dict[str, set[str]] = {}

    def mapping(self, kind: str, feed_name: str, ids: list[str]) -> dict[str, str]:
        seen = self.seen.setdefault(kind, set())
        out = {i: (f"{feed_name}:{i}" if i in seen else i) for i in ids}
        seen.update(out.values())
        return out


def merge(key: Key, parsed: list[tuple[str, Feed]], summaries: list[FeedSummary]) -> Network:
    """One Feed from several; a single feed is used as it is."""
    if len(parsed) == 1:
        name, feed = parsed[0]
        ids = {(name, s.id): s.id for s in feed.stops}
        return Network(key, feed, summaries, ids, {s.id: name for s in feed.stops})
    names = _Names()
    stops: list[Stop] = []
    routes: dict[str, Route] = {}
    trips: list[Trip] = []
    services: dict[str, Service] = {}
    transfers: list[Transfer] = []
    fares: dict[str, Fare] = {}
    fare_rules: list[FareRule] = []
    public_ids: dict[tuple[str, str], str] = {}
    stop_feed: dict[str, str] = {}
    ptr_parts = [np.zeros(1, dtype=np.int64)]
    stop_parts: list[npt.NDArray[np.int32]] = []
    arr_parts: list[npt.NDArray[np.int32]] = []
    dep_parts: list[npt.NDArray[np.int32]] = []
    np_parts: list[npt.NDArray[np.bool_]] = []
    nd_parts: list[npt.NDArray[np.bool_]] = []
    rows_so_far = 0
    for name, feed in parsed:
        s_map = names.mapping("stop", name, [s.id for s in feed.stops])
        z_map = names.mapping("zone", name, sorted({s.zone_id for s in feed.stops if s.zone_id}))
        r_map = names.mapping("route", name, list(feed.routes))
        t_map = names.mapping("trip", name, [t.id for t in feed.trips])
        v_map = names.mapping("service", name, list(feed.services))
        f_map = names.mapping("fare", name, list(feed.fares))
        offset = len(stops)
        for s in feed.stops:
            stops.append(dataclasses.replace(
                s, id=s_map[s.id], parent_id=s_map.get(s.parent_id) if s.parent_id else None,
                zone_id=z_map.get(s.zone_id) if s.zone_id else None, names=dict(s.names)))
            public_ids[(name, s.id)] = s_map[s.id]
            stop_feed[s_map[s.id]] = name
        for rid, r in feed.routes.items():
            routes[r_map[rid]] = dataclasses.replace(r, id=r_map[rid], names=dict(r.names))
        for t in feed.trips:
            trips.append(dataclasses.replace(t, id=t_map[t.id], route_id=r_map.get(t.route_id, t.route_id),
                                             service_id=v_map.get(t.service_id, t.service_id), names=dict(t.names)))
        for sid, svc in feed.services.items():
            services[v_map[sid]] = Service(svc.weekdays, svc.start, svc.end, set(svc.added), set(svc.removed))
        transfers += [Transfer(s_map[x.from_stop], s_map[x.to_stop], x.transfer_type, x.min_time)
                      for x in feed.transfers]
        fares.update({f_map[fid]: Fare(f_map[fid], f.price, f.currency) for fid, f in feed.fares.items()})
        fare_rules += [FareRule(f_map[r.fare_id], r_map.get(r.route_id, r.route_id) if r.route_id else "",
                                z_map.get(r.origin_id, r.origin_id) if r.origin_id else "",
                                z_map.get(r.destination_id, r.destination_id) if r.destination_id else "")
                       for r in feed.fare_rules]
        st = feed.stop_times
        ptr_parts.append(st.trip_ptr[1:] + rows_so_far)
        rows_so_far += len(st.stop)
        stop_parts.append(st.stop + offset)
        arr_parts += [st.arrival]
        dep_parts += [st.departure]
        np_parts += [st.no_pickup]
        nd_parts += [st.no_dropoff]
    merged_st = StopTimes(
        np.concatenate(ptr_parts),
        np.concatenate(stop_parts).astype(np.int32),
        np.concatenate(arr_parts).astype(np.int32),
        np.concatenate(dep_parts).astype(np.int32),
        np.concatenate(np_parts).astype(bool),
        np.concatenate(nd_parts).astype(bool),
    )
    first = parsed[0][1]
    merged = Feed(stops=stops, stop_index={s.id: i for i, s in enumerate(stops)}, routes=routes, trips=trips,
                  stop_times=merged_st, services=services, transfers=transfers, fares=fares, fare_rules=fare_rules,
                  feed_info=dict(first.feed_info), timezone=first.timezone)
    return Network(key, merged, summaries, public_ids, stop_feed)
