"""The RAPTOR rounds compiled with numba: the same answers as raptor.run's numpy engine, about 7x faster.

Optional: if numba is not installed, raptor.run uses its numpy engine. Both are checked against the
independent reference in tests/transit. Compiled once per machine (cache=True) on first use.
"""

from __future__ import annotations

import functools
import importlib.util
from typing import Any

import numpy as np
import numpy.typing as npt

# numba is an optional accelerator; without it raptor.run uses the numpy engine, with the same answers.
AVAILABLE = importlib.util.find_spec("numba") is not None

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def _rounds(
    n: int,
    max_rounds: int,
    inf: int,
    depart: int,
    access_stops: I64,
    access_walk: I64,
    eg_stops: I64,
    eg_walk: I64,
    pat_col_ptr: I64,
    col_stop: I32,
    col_ev: I64,
    col_no_board: BoolArray,
    col_no_alight: BoolArray,
    pat_trips: I64,
    tm_arr: I32,
    tm_dep: I32,
    change_time: I32,
    fp_ptr: I64,
    fp_to: I32,
    fp_dur: I32,
    board_ptr: I64,
    board_pat: I32,
    board_pos: I32,
    tarr: I32,
    ready: I32,
    walk_arr: I32,
    walk_from: I32,
    par_col: I32,
    par_board: I32,
    par_trip: I32,
    target: I64,
) -> int:
    """Fill the (max_rounds+1, n) label arrays in place; returns the last round computed."""
    n_pat = len(pat_trips)
    tarr_best = np.full(n, inf, dtype=np.int32)
    first_pos = np.full(n_pat, -1, dtype=np.int64)
    pats = np.empty(n_pat, dtype=np.int64)
    marked = np.zeros(n, dtype=np.bool_)
    # board_at[s]: the ready time at s if s improved in the previous round (the only useful boardings),
    # else inf; one lookup in the scan instead of a flag and a time.
    board_at = np.full(n, inf, dtype=np.int32)
    egress_of = np.full(n, -1, dtype=np.int64)  # walk from the stop to the destination, -1 if none
    for j in range(len(eg_stops)):
        if egress_of[eg_stops[j]] < 0 or eg_walk[j] < egress_of[eg_stops[j]]:
            egress_of[eg_stops[j]] = eg_walk[j]
    improved = np.empty(n, dtype=np.int64)
    marked_list = np.empty(n, dtype=np.int64)
    n_marked = 0
    best0 = inf
    for i in range(len(access_stops)):
        s = access_stops[i]
        t = depart + access_walk[i]
        if t < ready[0, s]:
            ready[0, s] = t
            walk_arr[0, s] = t
        if not marked[s]:
            marked[s] = True
            marked_list[n_marked] = s
            n_marked += 1
        for j in range(len(eg_stops)):
            if eg_stops[j] == s and t + eg_walk[j] < best0:
                best0 = t + eg_walk[j]
    target[0] = best0
    last = 0
    for k in range(1, max_rounds + 1):
        if n_marked == 0:
            break
        bound = target[k - 1]
        # Patterns through a marked stop, and the first position one can board them.
        n_pats = 0
        for m in range(n_marked):
            s = marked_list[m]
            marked[s] = False
            board_at[s] = ready[k - 1, s]
            for q in range(board_ptr[s], board_ptr[s + 1]):
                r = board_pat[q]
                p = board_pos[q]
                if first_pos[r] < 0:
                    pats[n_pats] = r
                    n_pats += 1
                    first_pos[r] = p
                elif p < first_pos[r]:
                    first_pos[r] = p
        prev = ready[k - 1]
        n_imp = 0
        for x in range(n_pats):
            r = pats[x]
            base = pat_col_ptr[r]
            end = pat_col_ptr[r + 1]
            n_trips = pat_trips[r]
            eb = col_ev[base] - base  # trip-major: trip t at column c is tm_*[eb + t * length + c]
            length = end - base
            trip = -1
            board = -1
            row = 0  # eb + trip * length, kept in step with trip
            for c in range(base + first_pos[r], end):
                s = col_stop[c]
                if trip >= 0 and not col_no_alight[c]:
                    a = tm_arr[row + c]
                    if a < tarr_best[s] and a < bound:
                        if tarr[k, s] == inf:
                            improved[n_imp] = s
                            n_imp += 1
                        tarr[k, s] = a
                        tarr_best[s] = a
                        if egress_of[s] >= 0 and a + egress_of[s] < bound:
                            bound = a + egress_of[s]  # target pruning with this round's best too
                        par_col[k, s] = c
                        par_board[k, s] = board
                        par_trip[k, s] = trip
                rt = board_at[s]
                if rt == inf or col_no_board[c] or trip == 0:
                    continue
                if trip < 0:
                    # First boarding on this pattern: the earliest trip leaving at or after rt.
                    lo = 0
                    hi = n_trips
                    while lo < hi:
                        mid = (lo + hi) // 2
                        if tm_dep[eb + mid * length + c] < rt:
                            lo = mid + 1
                        else:
                            hi = mid
                    if lo < n_trips:
                        trip = lo
                        board = c
                        row = eb + lo * length
                elif rt <= tm_dep[row - length + c]:
                    # An earlier trip is catchable here. It is usually just one or two trips back, so
                    # step back a row at a time (each probe is a cache miss); binary search if far.
                    trip -= 1
                    row -= length
                    steps = 0
                    while trip > 0 and steps < 4 and rt <= tm_dep[row - length + c]:
                        trip -= 1
                        row -= length
                        steps += 1
                    if steps == 4 and trip > 0:
                        lo = 0
                        hi = trip
                        while lo < hi:
                            mid = (lo + hi) // 2
                            if tm_dep[eb + mid * length + c] < rt:
                                lo = mid + 1
                            else:
                                hi = mid
                        trip = lo
                        row = eb + lo * length
                    board = c
            first_pos[r] = -1
        for m in range(n_marked):
            board_at[marked_list[m]] = inf
        cur = ready[k]
        cur[:] = prev
        wk = walk_arr[k]
        n_marked = 0
        for m in range(n_imp):
            s = improved[m]
            t = tarr[k, s] + change_time[s]
            if t < cur[s]:
                cur[s] = t
        for m in range(n_imp):
            s = improved[m]
            a = tarr[k, s]
            for f in range(fp_ptr[s], fp_ptr[s + 1]):
                q = fp_to[f]
                cand = a + fp_dur[f]
                if cand < cur[q] and cand < bound:
                    cur[q] = cand
                    wk[q] = cand
                    walk_from[k, q] = s
        best = bound
        for j in range(len(eg_stops)):
            v = tarr[k, eg_stops[j]]
            if v < inf and v + eg_walk[j] < best:
                best = v + eg_walk[j]
        target[k] = best
        for m in range(n_imp):
            s = improved[m]
            if cur[s] < prev[s] and not marked[s]:
                marked[s] = True
                marked_list[n_marked] = s
                n_marked += 1
            for f in range(fp_ptr[s], fp_ptr[s + 1]):
                q = fp_to[f]
                if cur[q] < prev[q] and not marked[q]:
                    marked[q] = True
                    marked_list[n_marked] = q
                    n_marked += 1
        last = k
    return last


@functools.cache
def _compile() -> Any:
    """The compiled kernel, made once."""
    from numba import njit  # optional dependency, imported only when used

    return njit(cache=True, nogil=True)(_rounds)


def rounds(*args: Any) -> int:
    """Run the compiled kernel (raises RuntimeError if numba is unavailable)."""
    if not AVAILABLE:
        raise RuntimeError("numba is not installed")
    return int(_compile()(*args))
