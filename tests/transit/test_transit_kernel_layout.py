"""The kernel's extra layouts (trip-major events, per-stop boardings) hold the same data as the columns."""

from __future__ import annotations

import pytest
from tests.transit.feeds import timetable_named

from bitgoeul.transit.router import Timetable


def tables() -> list[Timetable]:
    tt = timetable_named("sample", 2)
    return [tt, tt.mirrored()]


@pytest.mark.parametrize("which", [0, 1], ids=["forward", "mirrored"])
def test_trip_major_is_the_column_events_transposed(which: int) -> None:
    tt = tables()[which]
    tm_arr, tm_dep = tt.trip_major()
    assert len(tm_arr) == len(tm_dep) == tt.n_events
    checked = 0
    for r in range(tt.n_patterns):
        base, end = int(tt.pat_col_ptr[r]), int(tt.pat_col_ptr[r + 1])
        start = int(tt.col_ev[base])
        for t in range(int(tt.pat_trips[r])):
            for c in range(base, end):
                e = int(tt.col_ev[c]) + t  # column-major: the reference layout
                m = start + t * (end - base) + (c - base)
                assert (int(tm_arr[m]), int(tm_dep[m])) == (int(tt.ev_arr[e]), int(tt.ev_dep[e]))
                checked += 1
    assert checked == tt.n_events > 0
    assert tt.trip_major() is tt.trip_major()  # built once


@pytest.mark.parametrize("which", [0, 1], ids=["forward", "mirrored"])
def test_boardings_list_every_pickup_column_of_each_stop(which: int) -> None:
    tt = tables()[which]
    ptr, pat, pos = tt.boardings()
    for s in range(tt.n_stops):
        want = [
            (int(tt.col_pat[c]), int(tt.col_pos[c]))
            for c in range(len(tt.col_stop))
            if int(tt.col_stop[c]) == s and not tt.col_no_board[c]
        ]
        got = [(int(pat[q]), int(pos[q])) for q in range(int(ptr[s]), int(ptr[s + 1]))]
        assert got == want
    assert int(ptr[-1]) == int((~tt.col_no_board).sum()) > 0
