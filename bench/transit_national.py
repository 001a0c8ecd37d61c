"""Router at a nation's scale: a generated GTFS the size of Korea's bus and rail feed, beside the London-size one.

    .venv/bin/python bench/transit_national.py [--queries 200] [--feed .cache/bench/national_gtfs.zip]

Phases, each in its own process so its peak memory (ru_maxrss) is its own:
1. generate (only if the zip is absent): about 200,000 stops, 20,000 routes (both directions), 1M trips,
   30M stop times, written straight into a zip member by member, route by route (bounded memory);
2. build: `load_feed` with a progress bar (stop_times streamed and parsed in chunks), `build_timetable`
   for one weekday, `save_timetable` into .npy files under .cache/bench/timetables/<key> (key from the
   zip's sha256 and the build options); skipped when the files are there (`--rebuild` to force);
3. query: `open_timetable` (memory-mapped) and Pareto queries (RAPTOR depart-at, up to 12 rides, with
   access/egress footpaths) between random stops of one region and between random stops anywhere;
4. the same queries' procedure on the London-size network of bench/transit.py, built in memory.
Prints one JSON object per result line. The network is generated, not real; the same seed gives the
same network. Run under `nice -n 10` on a shared machine; wall-clock figures then are noisy.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from bitgoeul.transit.router import Timetable, build_timetable, load_feed  # noqa: E402
from bitgoeul.transit.router.raptor import pareto, run  # noqa: E402
from bitgoeul.transit.router.timetable import access_from_stop, egress_to_stop  # noqa: E402
from bitgoeul.transit.router.timetable_files import (  # noqa: E402
    file_digest,
    open_timetable,
    save_timetable,
    timetable_key,
)

DAY = date(2026, 3, 2)  # a Monday
CACHE = REPO / ".cache" / "bench"
LAT = (34.6, 38.3)
LON = (126.1, 129.5)


def emit(**row: object) -> None:
    print(json.dumps(row, ensure_ascii=False), flush=True)


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def load_note() -> dict[str, object]:
    return {"cpus": os.cpu_count(), "load_avg_1m": round(os.getloadavg()[0], 2)}


# ------------------------------------------------------------------------------------------ generate


class Grid:
    """Stops bucketed in ~1 km cells, to find a stop near a point without scanning all 200,000."""

    def __init__(self, lat: np.ndarray, lon: np.ndarray, cell: float = 0.01) -> None:
        self.lat, self.lon, self.cell = lat, lon, cell
        keys = self.key(lat, lon)
        order = np.argsort(keys, kind="stable")
        uniq, starts = np.unique(keys[order], return_index=True)
        ends = np.append(starts[1:], len(order))
        self.cells = {int(k): order[s:e] for k, s, e in zip(uniq, starts, ends, strict=True)}

    def key(self, lat: np.ndarray | float, lon: np.ndarray | float) -> np.ndarray:
        return (np.floor(np.asarray(lat) / self.cell).astype(np.int64) * 100_000
                + np.floor(np.asarray(lon) / self.cell).astype(np.int64))

    def near(self, lat: float, lon: float, rng: random.Random, reach: int = 3) -> int | None:
        """A stop in the point's cell, else in the nearest ring of cells holding one (up to `reach` rings)."""
        ci, cj = math.floor(lat / self.cell), math.floor(lon / self.cell)
        for r in range(reach + 1):
            found = [
                self.cells[k]
                for di in range(-r, r + 1)
                for dj in range(-r, r + 1)
                if max(abs(di), abs(dj)) == r and (k := (ci + di) * 100_000 + cj + dj) in self.cells
            ]
            if found:
                cell = rng.choice(found)
                return int(cell[rng.randrange(len(cell))])
        return None


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = (lat2 - lat1) * 111_000
    dx = (lon2 - lon1) * 111_000 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


def generate(path: Path, seed: int = 3, stops: int = 200_000, routes: int = 20_000, target_stop_times: int = 30_000_000,
             cities: int = 160, intercity_share: float = 0.1) -> dict[str, int]:
    """Write the national GTFS zip; returns its counts. Memory stays at the stops and one route's rows."""
    rng = np.random.default_rng(seed)
    prng = random.Random(seed)
    # Cities with Zipf sizes; 85 % of stops around them, the rest scattered (villages along roads).
    c_lat = rng.uniform(*LAT, size=cities)
    c_lon = rng.uniform(*LON, size=cities)
    weight = 1.0 / np.arange(1, cities + 1) ** 0.9
    weight /= weight.sum()
    n_city = int(stops * 0.85)
    home = rng.choice(cities, size=n_city, p=weight)
    spread = 0.015 + 0.25 * np.sqrt(weight[home])  # degrees: a big city spreads ~25 km
    lat = np.concatenate([c_lat[home] + rng.normal(0, 1, n_city) * spread * 0.6,
                          rng.uniform(*LAT, size=stops - n_city)])
    lon = np.concatenate([c_lon[home] + rng.normal(0, 1, n_city) * spread * 0.75,
                          rng.uniform(*LON, size=stops - n_city)])
    grid = Grid(lat, lon)
    city_of_stop = np.concatenate([home, np.full(stops - n_city, -1)])
    stops_by_city = [np.flatnonzero(city_of_stop == c) for c in range(cities)]
    ts = [f"{x // 3600:02d}:{x % 3600 // 60:02d}:{x % 60:02d}" for x in range(40 * 3600)]
    sid = [f"S{i}" for i in range(stops)]
    n_inter = int(routes * intercity_share)
    city_routes = routes - n_inter
    # City routes carry nearly all stop times: each one's trips per direction are chosen from what is left
    # of the target over the routes left, so the total lands near it whatever the paths' lengths.
    inter_share = n_inter * 2 * 8 * 8
    counts = {"stops": stops, "routes": routes, "trips": 0, "stop_times": 0}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".partial")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("agency.txt", "agency_id,agency_name,agency_url,agency_timezone\n"
                                  "nat,Generated National,https://example.org,Asia/Seoul\n")
        zf.writestr("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,"
                                    "start_date,end_date\ndaily,1,1,1,1,1,1,1,20260101,20261231\n"
                                    "weekday,1,1,1,1,1,0,0,20260101,20261231\n"
                                    "weekend,0,0,0,0,0,1,1,20260101,20261231\n")
        buf = io.StringIO()
        buf.write("stop_id,stop_name,stop_lat,stop_lon\n")
        for i in range(stops):
            buf.write(f"{sid[i]},정류장 {i},{lat[i]:.6f},{lon[i]:.6f}\n")
        zf.writestr("stops.txt", buf.getvalue())
        del buf
        route_rows = ["route_id,agency_id,route_short_name,route_long_name,route_type"]
        trip_rows = ["route_id,service_id,trip_id,direction_id"]
        with zf.open("stop_times.txt", "w", force_zip64=True) as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
            out.write("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n")
            for r in range(routes):
                intercity = r >= city_routes
                path_stops: list[int] = []
                for _ in range(20):  # a walk that boxes itself in (coast, sparse village) starts again
                    path_stops = _intercity_path(prng, grid, c_lat, c_lon, weight) if intercity \
                        else _city_path(prng, rng, grid, lat, lon, stops_by_city, home)
                    if len(path_stops) >= (3 if intercity else 10):
                        break
                if len(path_stops) < 2:
                    continue
                speed = 70 / 3.6 if intercity else 20 / 3.6
                dwell = 120 if intercity else 20
                hops = [max(30, round(_metres(lat[a], lon[a], lat[b], lon[b]) * 1.3 / speed))
                        for a, b in itertools.pairwise(path_stops)]
                rid = f"R{r}"
                route_rows.append(f"{rid},nat,{rid},,{3 if not intercity or r % 4 else 2}")
                left = max(target_stop_times - inter_share - counts["stop_times"], 0)
                per_dir = left / max(city_routes - r, 1) / (2 * len(path_stops))
                first = int(rng.integers(5 * 3600, 7 * 3600))
                last = int(rng.integers(21 * 3600, 24 * 3600 + 1800))
                n_trips = min(max(2, int(rng.poisson(8 if intercity else per_dir))), (last - first) // 240)
                headway = max(300, (last - first) // n_trips)
                for direction in (0, 1):
                    p = path_stops if direction == 0 else path_stops[::-1]
                    h = hops if direction == 0 else hops[::-1]
                    arr = [0]
                    for x in h:
                        arr.append(arr[-1] + dwell + x)
                    lines = []
                    for k in range(n_trips):
                        t0 = first + k * headway + int(rng.integers(0, 120)) + direction * 240
                        service = "daily" if k % 10 < 7 else ("weekday" if k % 10 < 9 else "weekend")
                        tid = f"{rid}_{direction}_{k}"
                        trip_rows.append(f"{rid},{service},{tid},{direction}")
                        for q, (s, a) in enumerate(zip(p, arr, strict=True)):
                            lines.append(f"{tid},{ts[t0 + a]},{ts[t0 + a + (dwell if 0 < q < len(p) - 1 else 0)]},"
                                         f"{sid[s]},{q + 1}\n")
                    out.write("".join(lines))
                    counts["trips"] += n_trips
                    counts["stop_times"] += n_trips * len(p)
            out.flush()
            out.detach()
        zf.writestr("routes.txt", "\n".join(route_rows) + "\n")
        zf.writestr("trips.txt", "\n".join(trip_rows) + "\n")
    tmp.rename(path)
    return counts


def _city_path(prng: random.Random, rng: np.random.Generator, grid: Grid, lat: np.ndarray, lon: np.ndarray,
               stops_by_city: list[np.ndarray], home: np.ndarray) -> list[int]:
    """A bus line: from a stop of a city (chosen by size), a walk of ~600 m hops with gentle turns."""
    city = int(home[prng.randrange(len(home))])
    start = int(stops_by_city[city][prng.randrange(len(stops_by_city[city]))])
    length = int(rng.integers(20, 45))
    heading = prng.uniform(0, 2 * math.pi)
    path, seen = [start], {start}
    y, x = float(lat[start]), float(lon[start])
    misses = 0
    while len(path) < length and misses < 12:
        heading += prng.gauss(0, 0.35)
        y += 0.0055 * math.sin(heading)
        x += 0.0068 * math.cos(heading)
        s = grid.near(y, x, prng, reach=1)
        if s is None or s in seen:
            misses += 1
            if misses % 4 == 0:
                heading += math.pi / 2
            continue
        path.append(s)
        seen.add(s)
        y, x = float(lat[s]), float(lon[s])
    return path


def _intercity_path(prng: random.Random, grid: Grid, c_lat: np.ndarray, c_lon: np.ndarray,
                    weight: np.ndarray) -> list[int]:
    """An express bus or train: city to city (bigger cities more often), calling at a few places between."""
    cities = list(range(len(c_lat)))
    a, b = prng.choices(cities, weights=weight.tolist(), k=2)
    if a == b:
        return []
    calls = prng.randint(2, 10)
    path: list[int] = []
    for k in range(calls + 2):
        f = k / (calls + 1)
        s = grid.near(c_lat[a] + f * (c_lat[b] - c_lat[a]), c_lon[a] + f * (c_lon[b] - c_lon[a]), prng, reach=8)
        if s is not None and s not in path:
            path.append(s)
    return path


# ------------------------------------------------------------------------------------------ build


def build(feed_path: Path, folder: Path, days: int) -> None:
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    t0 = time.perf_counter()
    with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                  transient=True) as bar:
        task = bar.add_task("stop_times.txt", total=None)

        def progress(name: str, done: int, total: int) -> None:
            bar.update(task, description=name, completed=done, total=total)

        feed, report = load_feed(feed_path, progress=progress)
    t1 = time.perf_counter()
    rss_load = peak_rss_mb()
    tt = build_timetable(feed, DAY, days)
    t2 = time.perf_counter()
    rss_build = peak_rss_mb()
    save_timetable(tt, folder)  # also builds the mirror and the kernel's layouts, and writes them
    t3 = time.perf_counter()
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    emit(bench="transit.national.build", stops=len(feed.stops), routes=len(feed.routes), trips=len(feed.trips),
         stop_times=len(feed.stop_times.stop), patterns=tt.n_patterns, stop_events=tt.n_events,
         footpaths=len(tt.fp_dur), problems=len(report.problems), load_s=round(t1 - t0, 1),
         build_timetable_s=round(t2 - t1, 1), save_with_mirror_and_layouts_s=round(t3 - t2, 1),
         peak_rss_after_load_mb=rss_load, peak_rss_after_build_mb=rss_build, peak_rss_mb=peak_rss_mb(),
         files_mb=round(size / 2**20, 1), folder=str(folder), **load_note())


# ------------------------------------------------------------------------------------------ query


def pick_queries(tt: Timetable, count: int, seed: int = 11) -> dict[str, list[tuple[int, int, int]]]:
    """Random served stop pairs: within ~25 km of each other (a regional trip), and anywhere (a national one)."""
    rng = random.Random(seed)
    served = np.flatnonzero(tt.served)
    lat = np.array([tt.feed.stops[i].lat for i in served.tolist()])
    lon = np.array([tt.feed.stops[i].lon for i in served.tolist()])
    regional: list[tuple[int, int, int]] = []
    while len(regional) < count:
        a = rng.randrange(len(served))
        near = np.flatnonzero((np.abs(lat - lat[a]) < 0.2) & (np.abs(lon - lon[a]) < 0.25))
        b = int(near[rng.randrange(len(near))])
        if b != a:
            regional.append((int(served[a]), int(served[b]), rng.randrange(6 * 3600, 20 * 3600)))
    anywhere = [(int(served[rng.randrange(len(served))]), int(served[rng.randrange(len(served))]),
                 rng.randrange(6 * 3600, 20 * 3600)) for _ in range(count)]
    return {"regional": regional, "anywhere": anywhere}


def time_queries(tt: Timetable, qs: list[tuple[int, int, int]]) -> dict[str, object]:
    times, cpu, sizes, found = [], [], [], 0
    for o, d, t in qs:
        s, c = time.perf_counter(), time.process_time()
        acc, eg = access_from_stop(tt, o), egress_to_stop(tt, d)
        front = pareto(run(tt, acc, t, eg))
        times.append(time.perf_counter() - s)
        cpu.append(time.process_time() - c)
        sizes.append(len(front))
        found += bool(front)
    ms = np.array(times) * 1000
    return {"queries": len(qs), "p50_ms": round(float(np.percentile(ms, 50)), 1),
            "p99_ms": round(float(np.percentile(ms, 99)), 1), "mean_ms": round(float(ms.mean()), 1),
            "cpu_p50_ms": round(float(np.percentile(cpu, 50)) * 1000, 1), "answered": found,
            "mean_pareto_size": round(statistics.mean(sizes), 2)}


def query(folder: Path, count: int) -> None:
    s = time.perf_counter()
    tt = open_timetable(folder)
    if tt is None:
        raise SystemExit(f"{folder}: no timetable files; run the build phase first")
    opened = time.perf_counter() - s
    qs = pick_queries(tt, count)
    o, d, t = qs["regional"][0]
    w = time.perf_counter()
    run(tt, access_from_stop(tt, o), t, egress_to_stop(tt, d))  # compiles / loads the kernel; touches pages
    first = time.perf_counter() - w
    for kind, picked in qs.items():
        emit(bench="transit.national.pareto_query", pairs=kind, **time_queries(tt, picked),
             open_mapped_s=round(opened, 2), first_query_s=round(first, 2), peak_rss_mb=peak_rss_mb(),
             target_p50_ms=50, **load_note())


def london(count: int) -> None:
    from transit import london_like  # bench/transit.py

    s = time.perf_counter()
    tt = build_timetable(london_like(), DAY, 1, walk_radius=0.0)
    tt.trip_major(), tt.boardings()
    built = time.perf_counter() - s
    qs = pick_queries(tt, count)
    o, d, t = qs["regional"][0]
    run(tt, access_from_stop(tt, o), t, egress_to_stop(tt, d))
    emit(bench="transit.london_like.pareto_query", pairs="anywhere", stops=tt.n_stops, stop_events=tt.n_events,
         generate_and_build_s=round(built, 1), **time_queries(tt, qs["anywhere"]), peak_rss_mb=peak_rss_mb(),
         **load_note())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feed", type=Path, default=CACHE / "national_gtfs.zip")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--days", type=int, default=1)
    ap.add_argument("--rebuild", action="store_true", help="build the timetable files again")
    ap.add_argument("--skip-london", action="store_true")
    ap.add_argument("--phase", choices=["generate", "build", "query", "london"], help=argparse.SUPPRESS)
    ap.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase == "generate":
        s = time.perf_counter()
        counts = generate(args.feed)
        emit(bench="transit.national.generate", **counts, seconds=round(time.perf_counter() - s, 1),
             zip_mb=round(args.feed.stat().st_size / 2**20, 1), peak_rss_mb=peak_rss_mb())
        return
    if args.phase == "build":
        build(args.feed, args.folder, args.days)
        return
    if args.phase == "query":
        query(args.folder, args.queries)
        return
    if args.phase == "london":
        london(args.queries)
        return
    me = [sys.executable, __file__, "--feed", str(args.feed), "--queries", str(args.queries), "--days", str(args.days)]
    if not args.feed.exists():
        subprocess.run([*me, "--phase", "generate"], check=True)
    key = timetable_key(file_digest(args.feed), DAY, args.days, walk_speed=1.2, walk_radius=400.0, min_change=0)
    folder = CACHE / "timetables" / key
    if args.rebuild and folder.exists():
        import shutil

        shutil.rmtree(folder)
    if not folder.exists():
        subprocess.run([*me, "--phase", "build", "--folder", str(folder)], check=True)
    subprocess.run([*me, "--phase", "query", "--folder", str(folder)], check=True)
    if not args.skip_london:
        subprocess.run([*me, "--phase", "london"], check=True)


if __name__ == "__main__":
    main()
