"""Independent reference for the router: a layered connection scan, written without the router's timetable.

Layer k holds the best times with at most k trips. Within a layer boarding only depends on layer k-1,
so each trip's connections can be scanned on their own, in stop order; many queries run at once as
columns of one array. It reads the raw Feed (not the router's patterns, search keys or footpath index),
so a bug in those shows up as a disagreement.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from bitgoeul.transit.router.gtfs import Feed

INF = 2**30
I64 = npt.NDArray[np.int64]


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6_371_000.0 * math.asin(min(1.0, math.sqrt(h)))


@dataclass
class RefTrip:
    stops: I64
    arr: I64
    dep: I64
    can_board: npt.NDArray[np.bool_]
    can_alight: npt.NDArray[np.bool_]
    loops: bool  # visits a stop twice: needs an unbuffered minimum


def _reduce_into(target: npt.NDArray[np.int64], index: I64, values: npt.NDArray[np.int64], op: np.ufunc) -> None:
    """target[index] = op(target[index], values) with repeated indices (sorted reduceat, not ufunc.at)."""
    if len(index) == 0:
        return
    order = np.argsort(index, kind="stable")
    idx, vals = index[order], values[order]
    starts = np.flatnonzero(np.r_[True, idx[1:] != idx[:-1]])
    red = op.reduceat(vals, starts, axis=0)
    target[idx[starts]] = op(target[idx[starts]], red)


class Reference:
    """Trips instantiated for the service days, footpaths by brute force, change times from transfers.txt."""

    def __init__(
        self,
        feed: Feed,
        base: date,
        days: int = 1,
        walk_speed: float = 1.2,
        walk_radius: float = 400.0,
        min_change: int = 0,
    ) -> None:
        self.feed = feed
        self.n = len(feed.stops)
        st = feed.stop_times
        self.trips: list[RefTrip] = []
        served: set[int] = set()
        for d in range(-1, days):
            day = base + timedelta(days=d)
            for t, trip in enumerate(feed.trips):
                svc = feed.services.get(trip.service_id)
                if svc is None or not svc.runs_on(day):
                    continue
                lo, hi = int(st.trip_ptr[t]), int(st.trip_ptr[t + 1])
                if hi - lo < 2 or (st.arrival[lo:hi] < 0).any():
                    continue
                off = d * 86_400
                arr = st.arrival[lo:hi].astype(np.int64) + off
                if arr[-1] < 0:
                    continue
                stops = st.stop[lo:hi].astype(np.int64)
                dep = st.departure[lo:hi].astype(np.int64) + off
                loops = len(set(stops.tolist())) < len(stops)
                self.trips.append(RefTrip(stops, arr, dep, ~st.no_pickup[lo:hi], ~st.no_dropoff[lo:hi], loops))
                served.update(st.stop[lo:hi].tolist())
        self.served = served
        self.change = np.full(self.n, min_change, dtype=np.int64)
        paths: dict[tuple[int, int], int] = {}
        ids = sorted(served)
        for i in ids:
            si = feed.stops[i]
            for j in ids:
                if i == j:
                    continue
                sj = feed.stops[j]
                dist = _metres(si.lat, si.lon, sj.lat, sj.lon)
                if dist <= walk_radius:
                    paths[(i, j)] = math.ceil(dist / walk_speed)
        kids: dict[str, list[int]] = {}
        for i, s in enumerate(feed.stops):
            if s.parent_id and i in served:
                kids.setdefault(s.parent_id, []).append(i)

        def members(stop_id: str) -> list[int]:
            if stop_id in kids:
                return kids[stop_id]
            i = feed.stop_index[stop_id]
            return [i] if i in served else []

        # Station-wide rules first, then stop-specific ones override them.
        ordered = [t for t in feed.transfers if t.from_stop in kids or t.to_stop in kids]
        ordered += [t for t in feed.transfers if not (t.from_stop in kids or t.to_stop in kids)]
        for tr in ordered:
            for a in members(tr.from_stop):
                for b in members(tr.to_stop):
                    if tr.transfer_type == 3:
                        paths.pop((a, b), None)
                    elif a == b:
                        if tr.min_time is not None:
                            self.change[a] = tr.min_time
                    elif tr.min_time is not None:
                        paths[(a, b)] = tr.min_time
                    elif (a, b) not in paths:
                        sa, sb = feed.stops[a], feed.stops[b]
                        paths[(a, b)] = math.ceil(_metres(sa.lat, sa.lon, sb.lat, sb.lon) / walk_speed)
        self.paths = paths
        self.fp_from = np.array([k[0] for k in paths], dtype=np.int64)
        self.fp_to = np.array([k[1] for k in paths], dtype=np.int64)
        self.fp_dur = np.array(list(paths.values()), dtype=np.int64)
        self.kids = kids

    # ------------------------------------------------------------ query endpoints

    def platforms(self, stop: int) -> list[int]:
        sid = self.feed.stops[stop].id
        out = list(self.kids.get(sid, []))
        if stop in self.served or not out:
            out.append(stop)
        return out

    def access(self, stop: int) -> dict[int, int]:
        out = dict.fromkeys(self.platforms(stop), 0)
        for p in list(out):
            for (a, b), w in self.paths.items():
                if a == p and w < out.get(b, INF):
                    out[b] = w
        return out

    def egress(self, stop: int) -> dict[int, int]:
        out = dict.fromkeys(self.platforms(stop), 0)
        for p in list(out):
            for (a, b), w in self.paths.items():
                if b == p and w < out.get(a, INF):
                    out[a] = w
        return out

    # ------------------------------------------------------------ searches

    def earliest(self, queries: list[tuple[dict[int, int], int, dict[int, int]]], max_k: int = 12) -> list[list[int]]:
        """Per query (access, depart, egress): best arrival with at most k trips, for k = 0..max_k."""
        q = len(queries)
        ready = np.full((self.n, q), INF, dtype=np.int64)
        best = np.full(q, INF, dtype=np.int64)
        for j, (acc, dep, eg) in enumerate(queries):
            for s, w in acc.items():
                ready[s, j] = min(ready[s, j], dep + w)
                if s in eg:
                    best[j] = min(best[j], dep + w + eg[s])
        out = [best.copy()]
        for _k in range(max_k):
            tarr = np.full((self.n, q), INF, dtype=np.int64)
            for tr in self.trips:
                board = (ready[tr.stops] <= tr.dep[:, None]) & tr.can_board[:, None]
                on = np.logical_or.accumulate(board, axis=0)
                onb = np.zeros_like(on)
                onb[1:] = on[:-1]
                cand = np.where(onb & tr.can_alight[:, None], tr.arr[:, None], INF)
                if tr.loops:
                    np.minimum.at(tarr, tr.stops, cand)
                else:
                    tarr[tr.stops] = np.minimum(tarr[tr.stops], cand)
            new = np.minimum(ready, tarr + self.change[:, None])
            if len(self.fp_dur):
                _reduce_into(new, self.fp_to, tarr[self.fp_from] + self.fp_dur[:, None], np.minimum)
            for j, (_, _, eg) in enumerate(queries):
                for s, e in eg.items():
                    best[j] = min(best[j], tarr[s, j] + e)
            out.append(best.copy())
            if (new == ready).all():
                break
            ready = new
        return [[int(x) for x in col] for col in np.array(out).T]

    def latest(self, queries: list[tuple[dict[int, int], int, dict[int, int]]], max_k: int = 12) -> list[list[int]]:
        """Per query (access, arrive_by, egress): latest departure with at most k trips (-INF if none)."""
        q = len(queries)
        need = np.full((self.n, q), -INF, dtype=np.int64)  # latest time to be at p, ready to go on
        best = np.full(q, -INF, dtype=np.int64)
        for j, (acc, by, eg) in enumerate(queries):
            for s, e in eg.items():
                need[s, j] = max(need[s, j], by - e)
                if s in acc:
                    best[j] = max(best[j], by - e - acc[s])
        out = [best.copy()]
        for _k in range(max_k):
            tdep = np.full((self.n, q), -INF, dtype=np.int64)
            for tr in self.trips:
                alight = (tr.arr[:, None] <= need[tr.stops]) & tr.can_alight[:, None]
                later = np.logical_or.accumulate(alight[::-1], axis=0)[::-1]
                after = np.zeros_like(later)
                after[:-1] = later[1:]
                cand = np.where(after & tr.can_board[:, None], tr.dep[:, None], -INF)
                if tr.loops:
                    np.maximum.at(tdep, tr.stops, cand)
                else:
                    tdep[tr.stops] = np.maximum(tdep[tr.stops], cand)
            new = np.maximum(need, tdep - self.change[:, None])
            if len(self.fp_dur):
                _reduce_into(new, self.fp_from, tdep[self.fp_to] - self.fp_dur[:, None], np.maximum)
            for j, (acc, _, _) in enumerate(queries):
                for s, a in acc.items():
                    best[j] = max(best[j], tdep[s, j] - a)
            out.append(best.copy())
            if (new == need).all():
                break
            need = new
        return [[int(x) for x in col] for col in np.array(out).T]


def pareto_of(layers: list[int], worse: int = INF, later_is_better: bool = False) -> list[tuple[int, int]]:
    """Strict improvements along the layers: the (trips, time) Pareto set."""
    out: list[tuple[int, int]] = []
    best = -worse if later_is_better else worse
    for k, t in enumerate(layers):
        if (t > best) if later_is_better else (t < best):
            out.append((k, t))
            best = t
    return out
