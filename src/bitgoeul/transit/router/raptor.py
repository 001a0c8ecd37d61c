"""Round-based public transit routing (RAPTOR), with every route scan of a round done as array operations."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from . import kernel
from .timetable import INF, Timetable

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]

MAX_ROUNDS = 12  # trips per journey; beyond this no real itinerary is wanted
# "numba" (compiled rounds, when installed) or "numpy" (array rounds); same answers, see kernel.py.
# The app passes its BITGOEUL_ROUTER_ENGINE setting through `set_default_engine`; the router reads no settings.
ENGINES = ("auto", "numba", "numpy")
_default = {"engine": "numba" if kernel.AVAILABLE else "numpy"}  # set_default_engine changes it


def default_engine() -> str:
    """The engine `run` uses when not told."""
    return _default["engine"]


def set_default_engine(name: str) -> None:
    """The engine `run` uses when not told: "numba", "numpy" or "auto" (numba when installed)."""
    if name not in ENGINES:
        raise ValueError(f"router engine must be one of {', '.join(ENGINES)}, not {name!r}")
    _default["engine"] = ("numba" if kernel.AVAILABLE else "numpy") if name == "auto" else name


@dataclass
class Labels:
    """Everything one search learned, per round k (= number of trips ridden).

    tarr[k, p]: arrival at p by a trip, recorded only when round k improved it;
    ready[k, p]: earliest time one can board at p with at most k trips (after change time or a walk);
    walk_arr / walk_from: the footpath that improved ready[k, p], if any (walk_from == -1: none).
    """

    tt: Timetable
    depart: int
    access: dict[int, int]
    tarr: I32
    ready: I32
    walk_arr: I32
    walk_from: I32
    par_col: I32  # alighting column of tarr[k, p]
    par_board: I32  # boarding column
    par_trip: I32  # trip index within the pattern
    target: list[int]  # best arrival at the egress set with at most k trips (INF if none)

    @property
    def rounds(self) -> int:
        return len(self.tarr) - 1

    def best_trip_arrival(self) -> I32:
        return np.asarray(self.tarr.min(axis=0), dtype=np.int32)


def _gather_ranges(ptr: I64, idx: I64) -> I64:
    """Concatenate ranges ptr[i]:ptr[i+1] for i in idx without a Python loop."""
    starts = ptr[idx]
    lens = ptr[idx + 1] - starts
    total = int(lens.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    shift = np.repeat(starts - np.concatenate(([0], np.cumsum(lens)[:-1])), lens)
    return np.arange(total, dtype=np.int64) + shift


def run(
    tt: Timetable,
    access: dict[int, int],
    depart: int,
    egress: dict[int, int] | None = None,
    max_rounds: int = MAX_ROUNDS,
    engine: str | None = None,
) -> Labels:
    """RAPTOR from `access` (stop -> walk seconds) leaving at `depart`; prunes against `egress` if given."""
    if (engine or default_engine()) == "numba" and kernel.AVAILABLE:
        return _run_compiled(tt, access, depart, egress, max_rounds)
    return _run_arrays(tt, access, depart, egress, max_rounds)


def _run_compiled(
    tt: Timetable, access: dict[int, int], depart: int, egress: dict[int, int] | None, max_rounds: int
) -> Labels:
    n = tt.n_stops
    shape = (max_rounds + 1, n)
    tarr = np.full(shape, INF, dtype=np.int32)
    ready = np.full(shape, INF, dtype=np.int32)
    walk = np.full(shape, INF, dtype=np.int32)
    wfrom = np.full(shape, -1, dtype=np.int32)
    pcol = np.full(shape, -1, dtype=np.int32)
    pboard = np.full(shape, -1, dtype=np.int32)
    ptrip = np.full(shape, -1, dtype=np.int32)
    target = np.full(max_rounds + 1, INF, dtype=np.int64)
    eg = egress or {}
    tm_arr, tm_dep = tt.trip_major()
    last = kernel.rounds(
        n, max_rounds, INF, depart,
        np.fromiter(access.keys(), dtype=np.int64, count=len(access)),
        np.fromiter(access.values(), dtype=np.int64, count=len(access)),
        np.fromiter(eg.keys(), dtype=np.int64, count=len(eg)),
        np.fromiter(eg.values(), dtype=np.int64, count=len(eg)),
        tt.pat_col_ptr, tt.col_stop, tt.col_ev, tt.col_no_board, tt.col_no_alight,
        tt.pat_trips, tm_arr, tm_dep, tt.change_time, tt.fp_ptr, tt.fp_to, tt.fp_dur,
        *tt.boardings(), tarr, ready, walk, wfrom, pcol, pboard, ptrip, target,
    )  # fmt: skip
    k = last + 1
    return Labels(
        tt=tt,
        depart=depart,
        access=dict(access),
        tarr=tarr[:k],
        ready=ready[:k],
        walk_arr=walk[:k],
        walk_from=wfrom[:k],
        par_col=pcol[:k],
        par_board=pboard[:k],
        par_trip=ptrip[:k],
        target=[int(x) for x in target[:k]],
    )


def _run_arrays(
    tt: Timetable, access: dict[int, int], depart: int, egress: dict[int, int] | None, max_rounds: int
) -> Labels:
    """The numpy engine: each round's route scans as whole-array operations (no compiler needed)."""
    n = tt.n_stops
    n_cols = len(tt.col_stop)
    pat_len = np.diff(tt.pat_col_ptr)
    lmax = int(pat_len.max()) + 1 if len(pat_len) else 1
    none_key = (int(tt.pat_trips.max()) + 1) * lmax if len(pat_len) else 1
    big = none_key + 1
    seg_off = tt.col_pat.astype(np.int64) * big
    eg_stops = np.fromiter(egress.keys(), dtype=np.int64) if egress else np.zeros(0, dtype=np.int64)
    eg_walk = np.fromiter(egress.values(), dtype=np.int64) if egress else np.zeros(0, dtype=np.int64)

    ready0 = np.full(n, INF, dtype=np.int32)
    walk0 = np.full(n, INF, dtype=np.int32)
    for s, w in access.items():
        ready0[s] = min(int(ready0[s]), depart + w)
    walk0[:] = ready0
    best0 = INF
    if egress:
        for s, e in egress.items():
            if s in access:
                best0 = min(best0, depart + access[s] + e)
    tarr_l = [np.full(n, INF, dtype=np.int32)]
    ready_l = [ready0]
    walk_l = [walk0]
    wfrom_l = [np.full(n, -1, dtype=np.int32)]
    pcol_l = [np.full(n, -1, dtype=np.int32)]
    pboard_l = [np.full(n, -1, dtype=np.int32)]
    ptrip_l = [np.full(n, -1, dtype=np.int32)]
    target = [best0]
    tarr_best = np.full(n, INF, dtype=np.int32)
    marked = ready0 < INF

    for _k in range(1, max_rounds + 1):
        prev_ready = ready_l[-1]
        bound = target[-1]
        col_mk = marked[tt.col_stop] & ~tt.col_no_board
        if n_cols == 0 or not col_mk.any():
            break
        pat_mk = np.logical_or.reduceat(col_mk, tt.pat_col_ptr[:-1])
        sel = np.flatnonzero(np.repeat(pat_mk, pat_len))
        mk = col_mk[sel]
        bc = sel[mk]
        # Earliest boardable trip at every marked column: one search over the global (column, time) key.
        t_rel = np.minimum(prev_ready[tt.col_stop[bc]].astype(np.int64) - tt.t_min, tt.span - 1)
        t_rel = np.maximum(t_rel, 0)
        pos = np.searchsorted(tt.ev_key, bc * tt.span + t_rel)
        tidx = pos - tt.col_ev[bc]
        ntrips = tt.pat_trips[tt.col_pat[bc]]
        key = np.full(len(sel), none_key, dtype=np.int64)
        key[mk] = np.where(tidx < ntrips, tidx * lmax + tt.col_pos[bc], none_key)
        # Along each pattern the trip in hand at position j is the earliest boarded at any i < j:
        # a cumulative minimum, kept inside its pattern by a per-pattern offset.
        off = seg_off[sel]
        cm = np.minimum.accumulate(key - off)
        before = np.empty_like(cm)
        before[1:] = cm[:-1]
        starts = tt.col_pos[sel] == 0
        before[0] = none_key - off[0]
        before[starts] = none_key - off[starts]
        kb = before + off
        valid = (kb < none_key) & ~tt.col_no_alight[sel]
        cols_v = sel[valid]
        trip_v = kb[valid] // lmax
        bpos_v = kb[valid] % lmax
        arr_v = tt.ev_arr[tt.col_ev[cols_v] + trip_v]
        stop_v = tt.col_stop[cols_v]
        imp = (arr_v < tarr_best[stop_v]) & (arr_v < bound)
        stop_v, arr_v, cols_v, trip_v, bpos_v = stop_v[imp], arr_v[imp], cols_v[imp], trip_v[imp], bpos_v[imp]
        tarr = np.full(n, INF, dtype=np.int32)
        np.minimum.at(tarr, stop_v, arr_v)
        win = arr_v == tarr[stop_v]
        pcol = np.full(n, -1, dtype=np.int32)
        pboard = np.full(n, -1, dtype=np.int32)
        ptrip = np.full(n, -1, dtype=np.int32)
        ws = stop_v[win]
        pcol[ws] = cols_v[win]
        pboard[ws] = tt.pat_col_ptr[tt.col_pat[cols_v[win]]] + bpos_v[win]
        ptrip[ws] = trip_v[win]
        np.minimum(tarr_best, tarr, out=tarr_best)

        improved = np.flatnonzero(tarr < INF)
        ready = prev_ready.copy()
        np.minimum.at(ready, improved, tarr[improved] + tt.change_time[improved])
        walk = np.full(n, INF, dtype=np.int32)
        wfrom = np.full(n, -1, dtype=np.int32)
        fp = _gather_ranges(tt.fp_ptr, improved.astype(np.int64))
        if len(fp):
            src = tt.fp_from[fp]
            dst = tt.fp_to[fp]
            cand = tarr[src] + tt.fp_dur[fp]
            keep = cand < np.minimum(ready[dst], bound)
            src, dst, cand = src[keep], dst[keep], cand[keep]
            np.minimum.at(walk, dst, cand)
            w = cand == walk[dst]
            wfrom[dst[w]] = src[w]
            np.minimum(ready, walk, out=ready)
        marked = ready < prev_ready
        best = bound
        if len(eg_stops):
            best = min(best, int((tarr[eg_stops].astype(np.int64) + eg_walk).min()))
        target.append(best)
        tarr_l.append(tarr)
        ready_l.append(ready)
        walk_l.append(walk)
        wfrom_l.append(wfrom)
        pcol_l.append(pcol)
        pboard_l.append(pboard)
        ptrip_l.append(ptrip)
        if not marked.any():
            break

    return Labels(
        tt=tt,
        depart=depart,
        access=dict(access),
        tarr=np.stack(tarr_l),
        ready=np.stack(ready_l),
        walk_arr=np.stack(walk_l),
        walk_from=np.stack(wfrom_l),
        par_col=np.stack(pcol_l),
        par_board=np.stack(pboard_l),
        par_trip=np.stack(ptrip_l),
        target=target,
    )


def pareto(labels: Labels) -> list[tuple[int, int]]:
    """(trips, arrival) pairs where one more trip bought a strictly earlier arrival."""
    out: list[tuple[int, int]] = []
    best = INF
    for k, t in enumerate(labels.target):
        if t < best:
            out.append((k, t))
            best = t
    return out
