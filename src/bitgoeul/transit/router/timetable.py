"""Flat, array-backed timetable over a date range: what RAPTOR scans."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from .gtfs import Feed, haversine_m, service_days

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

INF = 2**30  # "never": larger than any time in a few weeks of seconds, small enough for int32 sums
DAY = 86_400


@dataclass
class Timetable:
    """Trip instances grouped into patterns (same stops, no overtaking), stored column-major.

    A column is one (pattern, position); events of column c are ev_start[c] + t for trips t of its
    pattern, ordered by departure, so one global searchsorted finds the next boardable trip everywhere.
    Times are seconds after midnight of `base_date` (negative for the evening before).
    """

    feed: Feed
    base_date: date
    days: int
    n_stops: int
    pat_col_ptr: I64  # pattern r owns columns pat_col_ptr[r]:pat_col_ptr[r+1]
    pat_trips: I64  # trips per pattern
    pat_inst_ptr: I64  # pattern r's trip t is instance pat_inst_ptr[r] + t
    pat_route: list[str]  # route_id per pattern
    col_stop: I32
    col_pat: I32
    col_pos: I32
    col_ev: I64  # first event of the column
    col_no_board: BoolArray
    col_no_alight: BoolArray
    ev_arr: I32
    ev_dep: I32
    ev_key: I64  # col * span + (dep - t_min): globally sorted
    span: int
    t_min: int
    inst_trip: I32  # feed trip index of each instance
    inst_offset: I32  # seconds added to the feed's times (day offset)
    change_time: I32  # minimum seconds between alighting and boarding at the same stop
    fp_ptr: I64  # footpaths from stop p: fp_to[fp_ptr[p]:fp_ptr[p+1]], fp_dur[...]
    fp_from: I32
    fp_to: I32
    fp_dur: I32
    walk_speed: float
    walk_radius: float
    reversed: bool = False
    served: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    stop_col_ptr: I64 = field(default_factory=lambda: np.zeros(1, dtype=np.int64))  # columns at each stop
    stop_cols: I64 = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    _mirror: Timetable | None = field(default=None, repr=False, compare=False)
    _trip_major: tuple[I32, I32] | None = field(default=None, repr=False, compare=False)
    _boardings: tuple[I64, I32, I32] | None = field(default=None, repr=False, compare=False)
    _fp_into: tuple[I64, I64] | None = field(default=None, repr=False, compare=False)

    @property
    def n_events(self) -> int:
        return len(self.ev_arr)

    @property
    def n_patterns(self) -> int:
        return len(self.pat_trips)

    def mirrored(self) -> Timetable:
        """The reversed timetable, built once and kept: arrive-by queries reuse it."""
        cached = self._mirror
        if cached is None:
            cached = self._mirror = self.reverse()
        return cached

    def trip_major(self) -> tuple[I32, I32]:
        """(arrivals, departures) with each trip's stops side by side, built once and kept.

        The compiled kernel rides a trip along its pattern: in this layout that walk reads consecutive
        memory, where the column-major ev_arr jumps a whole column per stop (a cache miss each).
        Trip t of pattern r at position p is element col_ev[pat_col_ptr[r]] + t * length + p.
        """
        cached = self._trip_major
        if cached is None:
            pat_len = np.diff(self.pat_col_ptr)
            n_ev = self.n_events
            ev_pat = np.repeat(np.arange(self.n_patterns), pat_len * self.pat_trips)
            start = self.col_ev[self.pat_col_ptr[:-1]][ev_pat] if n_ev else np.zeros(0, dtype=np.int64)
            local = np.arange(n_ev) - start
            trips = self.pat_trips[ev_pat]
            dst = start + (local % trips) * pat_len[ev_pat] + local // trips
            tm_arr = np.empty(n_ev, dtype=np.int32)
            tm_dep = np.empty(n_ev, dtype=np.int32)
            tm_arr[dst] = self.ev_arr
            tm_dep[dst] = self.ev_dep
            cached = self._trip_major = (tm_arr, tm_dep)
        return cached

    def boardings(self) -> tuple[I64, I32, I32]:
        """(ptr, pattern, position): where one can board at each stop, packed per stop, built once.

        Stop p's boardable columns are entries ptr[p]:ptr[p+1]; columns with no pickup are left out.
        The kernel reads these for every marked stop, so they sit together instead of in col_* arrays.
        """
        cached = self._boardings
        if cached is None:
            cols = self.stop_cols[~self.col_no_board[self.stop_cols]]
            ptr = np.zeros(self.n_stops + 1, dtype=np.int64)
            np.cumsum(np.bincount(self.col_stop[cols], minlength=self.n_stops), out=ptr[1:])
            pat = self.col_pat[cols].astype(np.int32)
            pos = self.col_pos[cols].astype(np.int32)
            cached = self._boardings = (ptr, pat, pos)
        return cached

    def footpaths_into(self) -> tuple[I64, I64]:
        """(ptr, index): footpaths ending at stop q are fp_*[index[ptr[q]:ptr[q+1]]], built once.

        Egress asks for the footpaths into the destination; scanning all of fp_to per query costs a
        national network's million footpaths every time.
        """
        cached = self._fp_into
        if cached is None:
            index = np.argsort(self.fp_to, kind="stable").astype(np.int64)
            ptr = np.zeros(self.n_stops + 1, dtype=np.int64)
            np.cumsum(np.bincount(self.fp_to, minlength=self.n_stops), out=ptr[1:])
            cached = self._fp_into = (ptr, index)
        return cached

    def reverse(self) -> Timetable:
        """The time-mirrored timetable: an earliest-arrival search on it is a latest-departure search."""
        pat_len = np.diff(self.pat_col_ptr)
        n_ev = self.n_events
        ev_pat = np.repeat(np.arange(self.n_patterns), pat_len * self.pat_trips)
        ev_local = np.arange(n_ev) - np.repeat(self.col_ev[self.pat_col_ptr[:-1]], pat_len * self.pat_trips)
        trips = self.pat_trips[ev_pat]
        pos, t = ev_local // trips, ev_local % trips
        new_pos = pat_len[ev_pat] - 1 - pos
        new_t = trips - 1 - t
        # The mirrored timetable keeps the same layout; old event (pos, t) lands at (L-1-pos, T-1-t).
        dst = self.col_ev[self.pat_col_ptr[ev_pat] + new_pos] + new_t
        ev_arr = np.empty(n_ev, dtype=np.int32)
        ev_dep = np.empty(n_ev, dtype=np.int32)
        ev_arr[dst] = -self.ev_dep
        ev_dep[dst] = -self.ev_arr
        col_pat = self.col_pat
        mirror = self.pat_col_ptr[col_pat] + (pat_len[col_pat] - 1 - self.col_pos)
        inst = (
            np.concatenate([self.pat_inst_ptr[r] + np.arange(self.pat_trips[r])[::-1] for r in range(self.n_patterns)])
            if self.n_patterns
            else np.zeros(0, dtype=np.int64)
        )
        rev = Timetable(
            feed=self.feed,
            base_date=self.base_date,
            days=self.days,
            n_stops=self.n_stops,
            pat_col_ptr=self.pat_col_ptr,
            pat_trips=self.pat_trips,
            pat_inst_ptr=self.pat_inst_ptr,
            pat_route=self.pat_route,
            col_stop=self.col_stop[mirror],
            col_pat=self.col_pat,
            col_pos=self.col_pos,
            col_ev=self.col_ev,
            col_no_board=self.col_no_alight[mirror],
            col_no_alight=self.col_no_board[mirror],
            ev_arr=ev_arr,
            ev_dep=ev_dep,
            ev_key=np.zeros(0, dtype=np.int64),
            span=0,
            t_min=0,
            inst_trip=self.inst_trip[inst],
            inst_offset=self.inst_offset[inst],
            change_time=self.change_time,
            fp_ptr=np.zeros(0, dtype=np.int64),
            fp_from=self.fp_to,
            fp_to=self.fp_from,
            fp_dur=self.fp_dur,
            walk_speed=self.walk_speed,
            walk_radius=self.walk_radius,
            reversed=not self.reversed,
            served=self.served,
        )
        _index_events(rev)
        _index_footpaths(rev)
        return rev


def build_timetable(
    feed: Feed,
    first_date: date,
    days: int = 1,
    *,
    walk_speed: float = 1.2,
    walk_radius: float = 400.0,
    min_change_seconds: int = 0,
) -> Timetable:
    """Instantiate every trip running on first_date .. first_date+days-1 (and the evening before).

    walk_speed in m/s, walk_radius in metres: stops closer than that get a footpath of ceil(d / speed) s.
    """
    st = feed.stop_times
    n_trips = len(feed.trips)
    lens = np.diff(st.trip_ptr)
    # Trips with a dropped (negative) time or fewer than two stops cannot be ridden.
    bad_rows = np.flatnonzero(st.arrival < 0)
    bad = np.zeros(n_trips, dtype=bool)
    if len(bad_rows):
        bad[np.searchsorted(st.trip_ptr, bad_rows, side="right") - 1] = True
    usable = np.flatnonzero((lens >= 2) & ~bad)

    groups: dict[tuple[bytes, bytes, bytes, str], list[int]] = {}
    for ti in usable.tolist():
        lo, hi = int(st.trip_ptr[ti]), int(st.trip_ptr[ti + 1])
        key = (
            st.stop[lo:hi].tobytes(),
            st.no_pickup[lo:hi].tobytes(),
            st.no_dropoff[lo:hi].tobytes(),
            feed.trips[ti].route_id,
        )
        groups.setdefault(key, []).append(ti)

    calendar = service_days(feed, first_date - timedelta(days=1), first_date + timedelta(days=days - 1))
    offsets = [((d - first_date).days * DAY, running) for d, running in calendar.items()]

    col_stop: list[I32] = []
    col_nb: list[BoolArray] = []
    col_na: list[BoolArray] = []
    pat_len: list[int] = []
    pat_trips: list[int] = []
    pat_route: list[str] = []
    arr_blocks: list[I32] = []
    dep_blocks: list[I32] = []
    inst_trip: list[I64] = []
    inst_off: list[I64] = []
    for (_, _, _, route_id), trips in groups.items():
        first_rows = st.trip_ptr[trips]
        length = int(st.trip_ptr[trips[0] + 1] - st.trip_ptr[trips[0]])
        rows = first_rows[:, None] + np.arange(length)[None, :]
        base_a = st.arrival[rows].astype(np.int64)
        base_d = st.departure[rows].astype(np.int64)
        services = np.array([feed.trips[t].service_id for t in trips])
        trips_a = np.asarray(trips, dtype=np.int64)
        a_parts, d_parts, t_parts, o_parts = [], [], [], []
        for off, running in offsets:
            mask = np.isin(services, list(running)) & (base_a[:, -1] + off >= 0)
            if mask.any():
                a_parts.append(base_a[mask] + off)
                d_parts.append(base_d[mask] + off)
                t_parts.append(trips_a[mask])
                o_parts.append(np.full(int(mask.sum()), off, dtype=np.int64))
        if not a_parts:
            continue
        arr_m, dep_m = np.concatenate(a_parts), np.concatenate(d_parts)
        trip_m, off_m = np.concatenate(t_parts), np.concatenate(o_parts)
        order = np.lexsort(tuple(dep_m.T[::-1]))
        arr_m, dep_m, trip_m, off_m = arr_m[order], dep_m[order], trip_m[order], off_m[order]
        first = int(st.trip_ptr[trips[0]])
        for sub in _split_overtaking(arr_m, dep_m):
            pat_len.append(length)
            pat_trips.append(len(sub))
            pat_route.append(route_id)
            col_stop.append(st.stop[first : first + length])
            col_nb.append(st.no_pickup[first : first + length])
            col_na.append(st.no_dropoff[first : first + length])
            arr_blocks.append(arr_m[sub].T.ravel().astype(np.int32))
            dep_blocks.append(dep_m[sub].T.ravel().astype(np.int32))
            inst_trip.append(trip_m[sub])
            inst_off.append(off_m[sub])

    n_pat = len(pat_len)
    lens_a = np.asarray(pat_len, dtype=np.int64)
    trips_n = np.asarray(pat_trips, dtype=np.int64)
    pat_col_ptr = np.zeros(n_pat + 1, dtype=np.int64)
    np.cumsum(lens_a, out=pat_col_ptr[1:])
    pat_inst_ptr = np.zeros(n_pat + 1, dtype=np.int64)
    np.cumsum(trips_n, out=pat_inst_ptr[1:])
    n_cols = int(pat_col_ptr[-1])
    col_pat = np.repeat(np.arange(n_pat, dtype=np.int32), lens_a)
    col_pos = (np.arange(n_cols) - np.repeat(pat_col_ptr[:-1], lens_a)).astype(np.int32)
    col_trips = trips_n[col_pat]
    col_ev = np.zeros(n_cols, dtype=np.int64)
    if n_cols:
        np.cumsum(col_trips[:-1], out=col_ev[1:])

    def cat(parts: list[npt.NDArray[np.generic]], dtype: type) -> npt.NDArray[np.generic]:
        return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)

    tt = Timetable(
        feed=feed,
        base_date=first_date,
        days=days,
        n_stops=len(feed.stops),
        pat_col_ptr=pat_col_ptr,
        pat_trips=trips_n,
        pat_inst_ptr=pat_inst_ptr,
        pat_route=pat_route,
        col_stop=cat(col_stop, np.int32),  # type: ignore[arg-type]
        col_pat=col_pat,
        col_pos=col_pos,
        col_ev=col_ev,
        col_no_board=cat(col_nb, np.bool_),  # type: ignore[arg-type]
        col_no_alight=cat(col_na, np.bool_),  # type: ignore[arg-type]
        ev_arr=cat(arr_blocks, np.int32),  # type: ignore[arg-type]
        ev_dep=cat(dep_blocks, np.int32),  # type: ignore[arg-type]
        ev_key=np.zeros(0, dtype=np.int64),
        span=0,
        t_min=0,
        inst_trip=cat(inst_trip, np.int32),  # type: ignore[arg-type]
        inst_offset=cat(inst_off, np.int32),  # type: ignore[arg-type]
        change_time=np.full(len(feed.stops), min_change_seconds, dtype=np.int32),
        fp_ptr=np.zeros(0, dtype=np.int64),
        fp_from=np.zeros(0, dtype=np.int32),
        fp_to=np.zeros(0, dtype=np.int32),
        fp_dur=np.zeros(0, dtype=np.int32),
        walk_speed=walk_speed,
        walk_radius=walk_radius,
    )
    tt.served = np.zeros(tt.n_stops, dtype=bool)
    tt.served[tt.col_stop] = True
    _index_events(tt)
    _build_footpaths(tt)
    return tt


def _split_overtaking(A: I64, D: I64) -> list[I64]:
    """Split trips (sorted by departure) into chains where no trip overtakes an earlier one."""
    if len(A) < 2 or (np.all(np.diff(A, axis=0) >= 0) and np.all(np.diff(D, axis=0) >= 0)):
        return [np.arange(len(A))]
    chains: list[list[int]] = []
    last: list[int] = []
    for i in range(len(A)):
        for c, j in enumerate(last):
            if np.all(A[j] <= A[i]) and np.all(D[j] <= D[i]):
                chains[c].append(i)
                last[c] = i
                break
        else:
            chains.append([i])
            last.append(i)
    return [np.asarray(c, dtype=np.int64) for c in chains]


def _index_events(tt: Timetable) -> None:
    """Build the globally sorted (column, departure) key used to find boardable trips in one call."""
    if tt.n_events == 0:
        tt.t_min, tt.span, tt.ev_key = 0, 1, np.zeros(0, dtype=np.int64)
        return
    tt.t_min = int(tt.ev_dep.min()) - 1
    tt.span = int(tt.ev_dep.max()) - tt.t_min + 2
    ev_col = np.repeat(np.arange(len(tt.col_stop), dtype=np.int64), tt.pat_trips[tt.col_pat])
    tt.ev_key = ev_col * tt.span + (tt.ev_dep.astype(np.int64) - tt.t_min)
    tt.stop_cols = np.argsort(tt.col_stop, kind="stable").astype(np.int64)
    tt.stop_col_ptr = np.zeros(tt.n_stops + 1, dtype=np.int64)
    np.cumsum(np.bincount(tt.col_stop, minlength=tt.n_stops), out=tt.stop_col_ptr[1:])


def _index_footpaths(tt: Timetable) -> None:
    order = np.lexsort((tt.fp_to, tt.fp_from))
    tt.fp_from, tt.fp_to, tt.fp_dur = tt.fp_from[order], tt.fp_to[order], tt.fp_dur[order]
    tt.fp_ptr = np.zeros(tt.n_stops + 1, dtype=np.int64)
    np.cumsum(np.bincount(tt.fp_from, minlength=tt.n_stops), out=tt.fp_ptr[1:])


def walk_seconds(metres: float, speed: float) -> int:
    return math.ceil(metres / speed)


def nearby_pairs(
    lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64], radius: float
) -> list[tuple[int, int, float]]:
    """All (i, j, metres) with i != j closer than radius; a latitude sweep keeps it near-linear."""
    order = np.argsort(lat)
    slat = lat[order]
    dlat = math.degrees(radius / 6_371_000.0) * 1.01
    out: list[tuple[int, int, float]] = []
    his = np.searchsorted(slat, slat + dlat, side="right")
    for k in range(len(order)):
        cand = order[k + 1 : his[k]]
        if len(cand) == 0:
            continue
        i = int(order[k])
        coslat = max(math.cos(math.radians(lat[i])), 1e-6)
        near = cand[np.abs(lon[cand] - lon[i]) * coslat <= dlat]
        for j in near.tolist():
            d = haversine_m(float(lat[i]), float(lon[i]), float(lat[j]), float(lon[j]))
            if d <= radius:
                out.append((i, j, d))
                out.append((j, i, d))
    return out


def _build_footpaths(tt: Timetable) -> None:
    """Coordinate footpaths between served stops, overridden by transfers.txt; same-stop entries set change times."""
    feed = tt.feed
    served = np.flatnonzero(tt.served)
    lat = np.array([feed.stops[i].lat for i in served])
    lon = np.array([feed.stops[i].lon for i in served])
    paths: dict[tuple[int, int], int] = {}
    for i, j, d in nearby_pairs(lat, lon, tt.walk_radius):
        paths[(int(served[i]), int(served[j]))] = walk_seconds(d, tt.walk_speed)
    children = feed.children()

    def expand(stop_id: str) -> list[int]:
        kids = [k for k in children.get(stop_id, []) if tt.served[k]]
        idx = feed.stop_index[stop_id]
        return kids if kids else ([idx] if tt.served[idx] else [])

    # Parent-level rules first, so a stop-level rule for the same pair wins.
    rules = sorted(feed.transfers, key=lambda t: (t.from_stop in children) + (t.to_stop in children), reverse=True)
    for tr in rules:
        for a in expand(tr.from_stop):
            for b in expand(tr.to_stop):
                if tr.transfer_type == 3:
                    paths.pop((a, b), None)
                    continue
                if a == b:
                    if tr.min_time is not None:
                        tt.change_time[a] = tr.min_time
                    continue
                if tr.min_time is not None:
                    paths[(a, b)] = tr.min_time
                elif (a, b) not in paths:
                    sa, sb = feed.stops[a], feed.stops[b]
                    paths[(a, b)] = walk_seconds(haversine_m(sa.lat, sa.lon, sb.lat, sb.lon), tt.walk_speed)
    keys = list(paths)
    tt.fp_from = np.array([k[0] for k in keys], dtype=np.int32)
    tt.fp_to = np.array([k[1] for k in keys], dtype=np.int32)
    tt.fp_dur = np.array([paths[k] for k in keys], dtype=np.int32)
    _index_footpaths(tt)


def stop_targets(tt: Timetable, stop: int) -> dict[int, int]:
    """Served stops standing for `stop` (itself, or a station's platforms), each with 0 walk seconds."""
    feed = tt.feed
    sid = feed.stops[stop].id
    kids = [k for k in feed.children().get(sid, []) if tt.served[k]]
    out = dict.fromkeys(kids, 0)
    if tt.served[stop] or not out:
        out[stop] = 0
    return out


def coordinate_targets(tt: Timetable, lat: float, lon: float, radius: float | None = None) -> dict[int, int]:
    """Served stops within walking radius of a point, with their walking seconds."""
    r = tt.walk_radius if radius is None else radius
    out: dict[int, int] = {}
    for i in np.flatnonzero(tt.served).tolist():
        s = tt.feed.stops[i]
        d = haversine_m(lat, lon, s.lat, s.lon)
        if d <= r:
            out[i] = walk_seconds(d, tt.walk_speed)
    return out


def access_from_stop(tt: Timetable, stop: int) -> dict[int, int]:
    """Where a journey from `stop` can board, and the walk to get there (its platforms, then footpaths)."""
    base = stop_targets(tt, stop)
    out = dict(base)
    for s in base:
        for f in range(int(tt.fp_ptr[s]), int(tt.fp_ptr[s + 1])):
            q, w = int(tt.fp_to[f]), int(tt.fp_dur[f])
            if w < out.get(q, INF):
                out[q] = w
    return out


def egress_to_stop(tt: Timetable, stop: int) -> dict[int, int]:
    """Where a journey to `stop` can alight, and the walk from there."""
    base = stop_targets(tt, stop)
    out = dict(base)
    ptr, index = tt.footpaths_into()
    for s in base:
        for f in index[int(ptr[s]) : int(ptr[s + 1])].tolist():
            q, w = int(tt.fp_from[f]), int(tt.fp_dur[f])
            if w < out.get(q, INF):
                out[q] = w
    return out
