"""Router benchmark: a generated London-sized network, the NYC feed load, and the pyraptor peer.

Prints one JSON object per result line. Usage:
    .venv/bin/python bench/transit.py [--queries 200] [--peer-python /work/peers/venv/bin/python]
The London-sized network follows the RAPTOR paper's figures (about 20k stops, 2k routes, 130k trips,
5M stop events, 45k footpaths); it is generated, not real, and the same seed gives the same network.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from bitgoeul.transit.router import build_timetable, load_feed  # noqa: E402
from bitgoeul.transit.router.gtfs import Feed, Route, Service, Stop, StopTimes, Transfer, Trip  # noqa: E402
from bitgoeul.transit.router.raptor import default_engine, pareto, run  # noqa: E402
from bitgoeul.transit.router.timetable import Timetable, access_from_stop, egress_to_stop  # noqa: E402

DAY = date(2026, 3, 2)


def emit(**row: object) -> None:
    print(json.dumps(row, ensure_ascii=False), flush=True)


def london_like(
    seed: int = 7,
    side: int = 142,
    lines: int = 1000,
    trips_per_route: int = 65,
    stops_per_route: int = 38,
    footpaths: int = 45_000,
) -> Feed:
    """A grid city: lines wander across it, each run both ways, a train every ~17 min from 05:00."""
    rng = np.random.default_rng(seed)
    n = side * side
    lat0, lon0, step = 51.30, -0.35, 0.0025
    ij = np.array([(i, j) for i in range(side) for j in range(side)])
    jitter = rng.uniform(-0.3, 0.3, size=(n, 2))
    lat = lat0 + (ij[:, 0] + jitter[:, 0]) * step
    lon = lon0 + (ij[:, 1] + jitter[:, 1]) * step * 1.6
    stops = [Stop(f"s{i}", f"Stop {i}", float(lat[i]), float(lon[i])) for i in range(n)]
    moves = [(0, 1), (1, 0), (0, -1), (-1, 0), (1, 1), (-1, -1), (1, -1), (-1, 1)]
    routes: dict[str, Route] = {}
    trips: list[Trip] = []
    seq_stops: list[np.ndarray] = []
    seq_times: list[np.ndarray] = []
    for line in range(lines):
        path: list[int] = []
        while len(path) < stops_per_route:  # a walk that boxes itself in starts again
            i, j = int(rng.integers(side)), int(rng.integers(side))
            d = int(rng.integers(8))
            path, stuck = [i * side + j], 0
            while len(path) < stops_per_route and stuck < 30:
                if rng.random() < 0.2:
                    d = (d + int(rng.choice([-1, 1]))) % 8
                di, dj = moves[d]
                ni, nj = i + di, j + dj
                if not (0 <= ni < side and 0 <= nj < side) or ni * side + nj in path:
                    d, stuck = int(rng.integers(8)), stuck + 1
                    continue
                i, j = ni, nj
                path.append(i * side + j)
        hops = rng.integers(60, 150, size=stops_per_route - 1)
        offsets = np.concatenate(([0], np.cumsum(hops + 20)))
        first = int(rng.integers(5 * 3600, 5 * 3600 + 1020))
        for direction, p in enumerate((path, path[::-1])):
            rid = f"r{line}_{direction}"
            routes[rid] = Route(rid, rid, "", 3)
            for k in range(trips_per_route):
                trips.append(Trip(f"{rid}_{k}", rid, "all"))
                seq_stops.append(np.asarray(p, dtype=np.int32))
                seq_times.append(first + k * 1020 + direction * 300 + offsets)
    stop = np.concatenate(seq_stops)
    times = np.concatenate(seq_times).astype(np.int32)
    ptr = np.zeros(len(trips) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(s) for s in seq_stops])
    dwell = 20
    arrival = times.copy()
    departure = times.copy()
    departure[:] = arrival + dwell
    st = StopTimes(ptr, stop, arrival, departure.astype(np.int32), np.zeros(len(stop), bool), np.zeros(len(stop), bool))
    # Footpaths: random near neighbours, both ways, walking time by distance.
    pyrng = random.Random(seed)
    served = sorted(set(stop.tolist()))
    is_served = np.zeros(n, dtype=bool)
    is_served[served] = True
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < footpaths // 2:
        a = pyrng.choice(served)
        ai, aj = divmod(a, side)
        bi, bj = ai + pyrng.choice([-1, 0, 1]), aj + pyrng.choice([-1, 0, 1])
        if 0 <= bi < side and 0 <= bj < side and (bi, bj) != (ai, aj) and is_served[bi * side + bj]:
            b = bi * side + bj
            pairs.add((min(a, b), max(a, b)))
    transfers = []
    for a, b in sorted(pairs):
        secs = int(np.hypot((lat[a] - lat[b]) * 111_000, (lon[a] - lon[b]) * 69_000) / 1.2) + 30
        transfers += [Transfer(f"s{a}", f"s{b}", 2, secs), Transfer(f"s{b}", f"s{a}", 2, secs)]
    services = {"all": Service(weekdays=(True,) * 7, start=date(2026, 1, 1), end=date(2026, 12, 31))}
    return Feed(stops, {s.id: i for i, s in enumerate(stops)}, routes, trips, st, services, transfers)


def cpu_note() -> dict[str, object]:
    """Wall-clock figures depend on what else runs: record the load so readers can judge."""
    import os

    return {"cpus": os.cpu_count(), "load_avg_1m": round(os.getloadavg()[0], 2)}


def bench_london(queries: int) -> tuple[Timetable, list[tuple[int, int, int]]]:
    t0 = time.perf_counter()
    feed = london_like()
    t1 = time.perf_counter()
    tt = build_timetable(feed, DAY, 1, walk_radius=0.0)
    t2 = time.perf_counter()
    tt.trip_major(), tt.boardings()  # the compiled kernel's layouts, built once per timetable
    t3 = time.perf_counter()
    emit(
        bench="transit.london_like.build",
        stops=len(feed.stops),
        routes=len(feed.routes),
        patterns=tt.n_patterns,
        trips=len(feed.trips),
        stop_events=tt.n_events,
        footpaths=len(tt.fp_dur),
        generate_s=round(t1 - t0, 2),
        build_timetable_s=round(t2 - t1, 2),
        kernel_layouts_s=round(t3 - t2, 2),
    )
    rng = random.Random(11)
    qs = [
        (rng.randrange(len(feed.stops)), rng.randrange(len(feed.stops)), rng.randrange(6 * 3600, 20 * 3600))
        for _ in range(queries)
    ]
    run(tt, access_from_stop(tt, 0), 8 * 3600, egress_to_stop(tt, 1))  # warm-up
    default = default_engine()
    for engine in [default, *(["numpy"] if default != "numpy" else [])]:
        times, cpu, sizes, rounds = [], [], [], []
        for o, d, t in qs if engine == default else qs[: max(10, queries // 5)]:
            acc, eg = access_from_stop(tt, o), egress_to_stop(tt, d)
            s, c = time.perf_counter(), time.process_time()
            labels = run(tt, acc, t, eg, engine=engine)
            front = pareto(labels)
            times.append(time.perf_counter() - s)
            cpu.append(time.process_time() - c)
            sizes.append(len(front))
            rounds.append(labels.rounds)
        emit(
            bench="transit.london_like.pareto_query",
            engine=engine,
            queries=len(times),
            mean_ms=round(1000 * statistics.mean(times), 2),
            median_ms=round(1000 * statistics.median(times), 2),
            p90_ms=round(1000 * float(np.percentile(times, 90)), 2),
            cpu_mean_ms=round(1000 * statistics.mean(cpu), 2),
            mean_pareto_size=round(statistics.mean(sizes), 2),
            mean_rounds=round(statistics.mean(rounds), 2),
            target_ms=15.0,
            paper_cpp_ms=7.3,
            **cpu_note(),
        )
    all_times = []
    for o, _, t in qs[: max(10, queries // 5)]:
        s = time.perf_counter()
        run(tt, access_from_stop(tt, o), t)
        all_times.append(time.perf_counter() - s)
    emit(
        bench="transit.london_like.one_to_all",
        queries=len(all_times),
        mean_ms=round(1000 * statistics.mean(all_times), 2),
    )
    return tt, qs


def bench_nyc_load(path: Path) -> None:
    best = []
    for _ in range(3):
        s = time.perf_counter()
        feed, _ = load_feed(path)
        mid = time.perf_counter()
        build_timetable(feed, date(2025, 1, 8))
        best.append((mid - s, time.perf_counter() - mid))
    emit(
        bench="transit.nyc.load",
        feed=path.name,
        load_s=round(min(b[0] for b in best), 3),
        build_timetable_s=round(min(b[1] for b in best), 3),
        target_s=2.0,
    )


PEER_SCRIPT = r"""
import json, sys, time
from pyraptor.dao.timetable import read_timetable
from pyraptor.query_raptor import run_raptor
tt = read_timetable(sys.argv[1])
out = []
for line in sys.stdin:
    name, secs = json.loads(line)
    s = time.perf_counter()
    run_raptor(tt, name, secs, 5)
    out.append(time.perf_counter() - s)
print(json.dumps(out))
"""


def write_peer_feed(feed: Feed, day: date, folder: Path) -> dict[str, str]:
    """The same trips in the shape pyraptor's reader expects (it was written for one Dutch feed):
    agency chosen by name, service dates in calendar_dates.txt, every stop under a parent station,
    stations keyed by unique names. Returns our station id -> the peer's station name."""
    import csv as _csv

    running = {sid for sid, svc in feed.services.items() if svc.runs_on(day)}
    st = feed.stop_times
    served = {int(x) for x in np.unique(st.stop)}
    station_of = {i: (feed.stops[i].parent_id or feed.stops[i].id) for i in served}
    names = {sid: f"{feed.stops[feed.stop_index[sid]].name} [{sid}]" for sid in set(station_of.values())}

    def write(name: str, header: list[str], rows: list[list[object]]) -> None:
        with (folder / name).open("w", newline="", encoding="utf-8") as fh:
            w = _csv.writer(fh)
            w.writerow(header)
            w.writerows(rows)

    def hms(x: int) -> str:
        return f"{x // 3600:02d}:{x % 3600 // 60:02d}:{x % 60:02d}"

    write("agency.txt", ["agency_id", "agency_name"], [["BENCH", "BENCH"]])
    write(
        "routes.txt",
        ["route_id", "agency_id", "route_short_name", "route_long_name", "route_type"],
        [[r.id, "BENCH", r.short_name or r.id, r.long_name, r.route_type] for r in feed.routes.values()],
    )
    trips = [(i, t) for i, t in enumerate(feed.trips) if t.service_id in running]
    write(
        "trips.txt",
        ["route_id", "service_id", "trip_id", "trip_short_name", "trip_long_name"],
        [[t.route_id, t.service_id, t.id, i, "bench"] for i, t in trips],
    )
    write(
        "calendar_dates.txt",
        ["service_id", "date", "exception_type"],
        [[sid, day.strftime("%Y%m%d"), 1] for sid in sorted(running)],
    )
    rows: list[list[object]] = []
    for i, t in trips:
        for k in range(int(st.trip_ptr[i]), int(st.trip_ptr[i + 1])):
            rows.append([t.id, k, feed.stops[int(st.stop[k])].id, hms(int(st.arrival[k])), hms(int(st.departure[k]))])
    write("stop_times.txt", ["trip_id", "stop_sequence", "stop_id", "arrival_time", "departure_time"], rows)
    stop_rows: list[list[object]] = [[sid, name, f"c{sid}", "", ""] for sid, name in names.items()]
    for i in served:
        s = feed.stops[i]
        if s.id in names:  # a served stop that is its own station: give it a platform child
            stop_rows.append([f"{s.id}#p", names[s.id], f"c{s.id}", s.id, "1"])
        else:
            stop_rows.append([s.id, names[station_of[i]], f"c{s.id}", station_of[i], "1"])
    write("stops.txt", ["stop_id", "stop_name", "stop_code", "parent_station", "platform_code"], stop_rows)
    # Trips calling at a stop that is its own station now call at its platform child.
    if any(feed.stops[i].id in names for i in served):
        own = {feed.stops[i].id for i in served if feed.stops[i].id in names}
        rows = [[r[0], r[1], f"{r[2]}#p" if r[2] in own else r[2], r[3], r[4]] for r in rows]
        write("stop_times.txt", ["trip_id", "stop_sequence", "stop_id", "arrival_time", "departure_time"], rows)
    return names


def bench_peer(peer_python: str, gtfs: Path, day: date, queries: int = 20) -> None:
    """pyraptor and this router, one-to-all from the same stations at the same times, same trips."""
    if not Path(peer_python).exists():
        emit(bench="transit.peer.pyraptor", feed=gtfs.name, status="skipped", reason=f"{peer_python} not found")
        return
    feed, _ = load_feed(gtfs)
    tt = build_timetable(feed, day)
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "gtfs", Path(tmp) / "out"
        src.mkdir()
        names = write_peer_feed(feed, day, src)
        prep = subprocess.run(
            [
                peer_python,
                "-m",
                "pyraptor.gtfs.timetable",
                "-i",
                str(src),
                "-o",
                str(out),
                "-d",
                day.strftime("%Y%m%d"),
                "-a",
                "BENCH",
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=1800,
        )
        if prep.returncode != 0:
            emit(
                bench="transit.peer.pyraptor",
                feed=gtfs.name,
                status="failed",
                stage="preprocess",
                error=prep.stderr[-400:],
            )
            return
        picks = [(sid, rng.randrange(7 * 3600, 19 * 3600)) for sid in rng.sample(sorted(names), queries)]
        lines = "\n".join(json.dumps([names[sid], t]) for sid, t in picks)
        res = subprocess.run(
            [peer_python, "-c", PEER_SCRIPT, str(out)],
            input=lines,
            capture_output=True,
            text=True,
            check=False,
            timeout=3600,
        )
        if res.returncode != 0:
            emit(bench="transit.peer.pyraptor", feed=gtfs.name, status="failed", stage="query", error=res.stderr[-400:])
            return
        peer = json.loads(res.stdout.strip().splitlines()[-1])
    run(tt, access_from_stop(tt, feed.stop_index[picks[0][0]]), picks[0][1], max_rounds=5)  # load the kernel
    ours = []
    for sid, t in picks:
        acc = access_from_stop(tt, feed.stop_index[sid])
        s = time.perf_counter()
        run(tt, acc, t, max_rounds=5)
        ours.append(time.perf_counter() - s)
    emit(
        bench="transit.peer.pyraptor",
        feed=gtfs.name,
        query="one-to-all, 5 rounds",
        queries=len(peer),
        peer_mean_ms=round(1000 * statistics.mean(peer), 2),
        ours_mean_ms=round(1000 * statistics.mean(ours), 2),
        ratio_peer_over_ours=round(statistics.mean(peer) / statistics.mean(ours), 1),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--gtfs-dir", default=str(REPO / ".cache" / "gtfs"))
    ap.add_argument("--peer-python", default="/work/peers/venv/bin/python")
    ap.add_argument("--skip-london", action="store_true")
    args = ap.parse_args()
    gtfs = Path(args.gtfs_dir)
    nyc = gtfs / "nyc_subway_gtfs.zip"
    if nyc.exists():
        bench_nyc_load(nyc)
    else:
        emit(bench="transit.nyc.load", status="skipped", reason=f"{nyc} not found")
    if not args.skip_london:
        bench_london(args.queries)
    for name, day in (("nyc_subway_gtfs.zip", date(2025, 1, 8)), ("cairns_gtfs.zip", date(2014, 6, 10))):
        if (gtfs / name).exists():
            bench_peer(args.peer_python, gtfs / name, day)


if __name__ == "__main__":
    main()
