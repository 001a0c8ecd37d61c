"""A timetable written to files and memory-mapped back answers every query exactly like the one built in memory."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from tests.transit.feeds import SAMPLE_DAY, feed_named

from bitgoeul.transit.router import Timetable, build_timetable, plan, plan_arrive_by, plan_range, raptor
from bitgoeul.transit.router.gtfs import Feed, Route, Service, Stop, StopTimes, Trip
from bitgoeul.transit.router.timetable_files import (
    file_digest,
    mapped_timetable,
    open_timetable,
    save_timetable,
    timetable_key,
)

GEN_DAY = date(2026, 3, 2)


def generated_feed(seed: int) -> Feed:
    """A small random network: lines over a 12x12 grid, two calendars, trips that overtake, night trips."""
    rng = np.random.default_rng(seed)
    side = 12
    stops = [
        Stop(f"g{i}", f"G{i}", 35.0 + (i // side) * 0.002 + rng.uniform(-4e-4, 4e-4), 126.8 + (i % side) * 0.003)
        for i in range(side * side)
    ]
    routes: dict[str, Route] = {}
    trips: list[Trip] = []
    seq_stops: list[np.ndarray] = []
    seq_times: list[np.ndarray] = []
    for line in range(25):
        path = rng.choice(side * side, size=int(rng.integers(3, 9)), replace=False).astype(np.int32)
        rid = f"L{line}"
        routes[rid] = Route(rid, rid, "", int(rng.choice([2, 3])))
        for k in range(int(rng.integers(3, 12))):
            hops = rng.integers(60, 600, size=len(path) - 1)
            start = int(rng.integers(4 * 3600, 26 * 3600))  # some run past midnight
            trips.append(Trip(f"{rid}_{k}", rid, "wk" if rng.random() < 0.7 else "we"))
            seq_stops.append(path)
            seq_times.append(start + np.concatenate(([0], np.cumsum(hops))))
    ptr = np.zeros(len(trips) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(s) for s in seq_stops])
    times = np.concatenate(seq_times).astype(np.int32)
    n = len(times)
    st = StopTimes(ptr, np.concatenate(seq_stops), times, (times + 30).astype(np.int32), rng.random(n) < 0.05,
                   rng.random(n) < 0.05)
    services = {
        "wk": Service(weekdays=(True,) * 5 + (False,) * 2, start=date(2026, 1, 1), end=date(2026, 12, 31)),
        "we": Service(weekdays=(False,) * 5 + (True,) * 2, start=date(2026, 1, 1), end=date(2026, 12, 31)),
    }
    return Feed(stops, {s.id: i for i, s in enumerate(stops)}, routes, trips, st, services)


def cases() -> Iterator[tuple[str, Timetable]]:
    yield "sample", build_timetable(feed_named("sample"), SAMPLE_DAY, 2)
    for seed in (1, 2):
        yield f"generated{seed}", build_timetable(generated_feed(seed), GEN_DAY, 2, walk_radius=300.0)


def queries(tt: Timetable, rng: random.Random, count: int) -> list[tuple[str, str, int]]:
    served = [tt.feed.stops[i].id for i in np.flatnonzero(tt.served).tolist()]
    return [(rng.choice(served), rng.choice(served), rng.randrange(5 * 3600, 27 * 3600)) for _ in range(count)]


@pytest.mark.parametrize("engine", ["numpy", "auto"])
def test_mapped_timetable_answers_like_the_built_one(tmp_path: Path, engine: str) -> None:
    before = raptor.default_engine()
    raptor.set_default_engine(engine)
    try:
        for name, built in cases():
            save_timetable(built, tmp_path / name)
            mapped = open_timetable(tmp_path / name)
            assert mapped is not None
            assert isinstance(mapped.ev_dep.base, np.memmap) or isinstance(mapped.ev_dep, np.memmap)
            assert not mapped.ev_dep.flags.writeable  # mapped read-only, shared between processes
            compared = 0
            for o, d, t in queries(built, random.Random(name), 60):
                if o == d:
                    continue
                assert plan(mapped, o, d, t) == plan(built, o, d, t)
                assert plan_arrive_by(mapped, o, d, t) == plan_arrive_by(built, o, d, t)
                compared += len(plan(built, o, d, t))
            for o, d, t in queries(built, random.Random(name + "range"), 8):
                if o != d:
                    assert plan_range(mapped, o, d, t, t + 3600) == plan_range(built, o, d, t, t + 3600)
            assert compared > 20, name  # the queries found journeys, so the equalities above mean something
    finally:
        raptor.set_default_engine(before)


def test_mapped_arrays_equal_the_built_arrays(tmp_path: Path) -> None:
    built = build_timetable(generated_feed(3), GEN_DAY, 2, walk_radius=300.0)
    save_timetable(built, tmp_path / "tt")
    mapped = open_timetable(tmp_path / "tt")
    assert mapped is not None
    for a, b in ((built, mapped), (built.mirrored(), mapped.mirrored())):
        for name in ("col_stop", "ev_arr", "ev_dep", "ev_key", "fp_ptr", "fp_to", "fp_dur", "inst_trip", "served"):
            np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
        for x, y in zip((*a.trip_major(), *a.boardings()), (*b.trip_major(), *b.boardings()), strict=True):
            np.testing.assert_array_equal(x, y)
        assert (a.span, a.t_min, a.pat_route, a.reversed) == (b.span, b.t_min, b.pat_route, b.reversed)
    assert [s.id for s in mapped.feed.stops] == [s.id for s in built.feed.stops]
    np.testing.assert_array_equal(mapped.feed.stop_times.arrival, built.feed.stop_times.arrival)


def test_mapped_timetable_builds_once_then_maps(tmp_path: Path) -> None:
    calls: list[int] = []

    def build() -> Timetable:
        calls.append(1)
        return build_timetable(generated_feed(4), GEN_DAY, 1)

    folder = tmp_path / timetable_key("abc", GEN_DAY, 1, walk_radius=400.0)
    first = mapped_timetable(folder, build)
    second = mapped_timetable(folder, build)
    assert len(calls) == 1
    np.testing.assert_array_equal(first.ev_dep, second.ev_dep)


def test_keys_change_with_what_the_timetable_depends_on(tmp_path: Path) -> None:
    base = timetable_key("abc", GEN_DAY, 2, walk_radius=400.0)
    assert timetable_key("abc", GEN_DAY, 2, walk_radius=400.0) == base
    others = {
        timetable_key("abd", GEN_DAY, 2, walk_radius=400.0),
        timetable_key("abc", date(2026, 3, 3), 2, walk_radius=400.0),
        timetable_key("abc", GEN_DAY, 1, walk_radius=400.0),
        timetable_key("abc", GEN_DAY, 2, walk_radius=300.0),
    }
    assert base not in others and len(others) == 4
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    first = file_digest(tmp_path)
    (tmp_path / "a.txt").write_text("y", encoding="utf-8")
    assert file_digest(tmp_path) != first


def test_missing_or_foreign_folders_are_not_read(tmp_path: Path) -> None:
    assert open_timetable(tmp_path / "absent") is None
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "meta.json").write_text('{"format": 0}', encoding="utf-8")
    assert open_timetable(tmp_path / "old") is None
