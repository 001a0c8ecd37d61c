"""Memory per web worker for 1, 2 and 4 workers, and each kind of request's first answer after a start beside
its steady-state p50 (issue 13, "warm and shared").

    PYTHONPATH=src .venv/bin/python bench/workers_memory.py [--database URL] [--workers 1,2,4] [--starts 3]
        [--seconds 10] [-- --no-preload]

Without --database it builds a demo SQLite database in a temporary folder (`init`, `demo-data`, `match embed`,
`match lists`; pass `--scale 10` to load `demo-data --scale 10` where that option exists). For each worker
count it starts `bitgoeul serve --workers N`, waits until every worker has logged that it is warm and
/readyz answers 200, then:

1. sends the first request of each kind (one GET each, a new connection, in the order `kinds` lists) and
   times it: the first answer a visitor gets after a start (`--starts` times, a fresh server each time:
   one sample per start, the median is reported);
2. sends `--repeat` more requests of each kind one at a time (varied ids, queries and departures) and takes
   their p50: the steady state the first request is compared with (ratio first / p50; the bar is 2x);
3. loads every kind together from `--clients` threads for `--seconds` (the pages a warm worker touches in
   use, so memory is measured as in service, not just after start-up);
4. reads /proc/<pid>/smaps_rollup of the supervisor and of each worker: RSS, PSS (shared pages divided
   between the processes sharing them) and USS (pages this process alone holds). The sum of every PSS is
   the memory the whole server takes; the marginal cost of workers k+1..n is the difference of those sums.

Prints one JSON line per figure and a summary line per worker count. Figures are never asserted: they go
into docs/benchmarks.md with the machine and its load at the time.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
# The first search asks 축산; every later one asks a query this server has not seen (no cached embedding).
WORDS = ["딸기", "병해", "스마트", "공장", "불량", "의료", "영상", "에너지", "수요", "자율주행", "드론", "상담",
         "문서", "요약"]
QUERIES = ["축산", *(f"{a} {b}" for i, a in enumerate(WORDS) for b in WORDS[i + 1:])]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def emit(**figure: Any) -> None:
    print(json.dumps(figure, ensure_ascii=False), flush=True)


def smaps(pid: int) -> dict[str, float]:
    """RSS, PSS and USS (private clean + private dirty) of a process, in MiB."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            fields[parts[0].rstrip(":")] = int(parts[1])
    return {"rss_mib": round(fields["Rss"] / 1024, 1), "pss_mib": round(fields["Pss"] / 1024, 1),
            "uss_mib": round((fields["Private_Clean"] + fields["Private_Dirty"]) / 1024, 1)}


def descendants(pid: int) -> list[int]:
    """Every process under `pid` (workers, and multiprocessing's helper where there is one)."""
    found: list[int] = []
    for child in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True,
                                check=False).stdout.split():
        found += [int(child), *descendants(int(child))]
    return found


def is_worker(pid: int) -> bool:
    try:
        return b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def kinds(url: str) -> dict[str, list[str]]:
    """Each kind of request with the paths that vary it (ids, queries, departures)."""
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from bitgoeul.core.registry import install_hooks, load_models
    from bitgoeul.demonstrations.models import Need, Solution
    from bitgoeul.organisations.models import Organisation

    load_models()
    install_hooks()
    engine = create_engine(url)
    with Session(engine) as session:
        ids = {name: list(session.scalars(select(model.id).order_by(model.id).limit(40)))
               for name, model in (("solutions", Solution), ("needs", Need), ("organisations", Organisation))}
    engine.dispose()
    departures = [f"2026-12-09T{h:02d}:{m:02d}" for h in range(6, 20) for m in (5, 35)]
    plan = "/api/v1/transit/plan?from=incheon_t1&to=ai_academy&depart="
    return {
        "home": ["/"],
        "solution list": ["/solutions", "/solutions?page=2"],
        "need list": ["/needs"],
        "organisation list": ["/organisations"],
        "job list": ["/talent/jobs"],
        "event list": ["/exchange/events"],
        "dialogue list": ["/dialogue/sessions"],
        "API solution list": ["/api/v1/solutions?page=1", "/api/v1/solutions?page=2"],
        "API need list": ["/api/v1/needs?page=1"],
        "solution page": [f"/solutions/{i}" for i in ids["solutions"]],
        "need page": [f"/needs/{i}" for i in ids["needs"]],
        "organisation page": [f"/organisations/{i}" for i in ids["organisations"]],
        "search (Korean query)": [f"/search?q={quote(q)}" for q in QUERIES],
        "trip plan API": [plan + d for d in departures],
        "trip planner page": [f"/transit?from={quote('인천공항')}&to={quote('광주 인공지능사관학교')}&depart={d}"
                              for d in departures],
    }


def get(base: str, path: str) -> tuple[int, float]:
    """One GET on a new connection: (status, seconds)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=120)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Accept-Language": "ko"})
    response = connection.getresponse()
    response.read()
    seconds = time.perf_counter() - started
    connection.close()
    return response.status, seconds


def demo_database(folder: Path, scale: int) -> str:
    url = f"sqlite:///{folder / 'demo.db'}"
    env = {**os.environ, "BITGOEUL_DATABASE_URL": url}
    demo = ["demo-data"] + (["--scale", str(scale)] if scale > 1 else [])
    for args in (["init"], demo, ["match", "embed"], ["match", "lists"]):
        subprocess.run([PYTHON, "-m", "bitgoeul", *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return url


def load(base: str, paths: list[str], seconds: float, clients: int) -> tuple[int, int]:
    """Every path in turn from `clients` threads for `seconds`: (requests, errors)."""
    counts = [0, 0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def run(offset: int) -> None:
        n = offset
        while time.monotonic() < stop:
            status, _ = get(base, paths[n % len(paths)])
            n += clients
            with lock:
                counts[0] += 1
                counts[1] += status >= 400

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts[0], counts[1]


def start(url: str, workers: int, args: argparse.Namespace, log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`bitgoeul serve --workers N`, once every worker has logged that it is warm and /readyz answers 200."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "BITGOEUL_DATABASE_URL": url, "BITGOEUL_RATE_LIMITS": "search=1000000/60",
           "BITGOEUL_RATE_LIMIT_URL": "memory", "PYTHONPATH": str(ROOT / "src")}
    command = [PYTHON, "-m", "bitgoeul", "serve", "--port", str(port), "--workers", str(workers),
               "--log-level", "INFO", *args.serve_args]
    with log_path.open("w") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    started = time.monotonic()
    not_ready = 0
    while True:
        if server.poll() is not None:
            raise SystemExit(f"serve exited: see {log_path}")
        try:
            status, _ = get(base, "/readyz")
        except OSError:
            status = 0
        not_ready += status == 503
        if status == 200 and log_path.read_text().count("worker warm in") >= workers:
            break
        if time.monotonic() - started > 600:
            stop(server)
            raise SystemExit(f"not ready after 600 s: see {log_path}")
        time.sleep(0.2)
    emit(workers=workers, figure="start_to_ready_s", value=round(time.monotonic() - started, 1),
         readyz_503_seen=not_ready)
    return server, base


def stop(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(60)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def first_requests(base: str, paths: dict[str, list[str]], workers: int) -> dict[str, float]:
    """The first request of each kind after a start, in seconds."""
    first: dict[str, float] = {}
    for name, variants in paths.items():
        status, seconds = get(base, variants[0])
        first[name] = seconds
        if status != 200:
            emit(workers=workers, figure="first_request_status", kind=name, status=status)
    return first


def run_one(url: str, workers: int, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    paths = kinds(url)
    firsts: list[dict[str, float]] = []
    for run in range(args.starts):  # the first request is one sample per start: take the median of several
        server, base = start(url, workers, args, folder / f"serve-{workers}-{run}.log")
        try:
            firsts.append(first_requests(base, paths, workers))
        finally:
            if run < args.starts - 1:
                stop(server)
    try:
        ratios: dict[str, float] = {}
        for name, variants in paths.items():
            times = sorted(get(base, variants[(i + 1) % len(variants)])[1] for i in range(args.repeat))
            p50 = times[len(times) // 2]
            first = statistics.median(f[name] for f in firsts)
            ratios[name] = round(first / p50, 2)
            emit(workers=workers, figure="first_vs_steady", kind=name, first_ms=round(first * 1000, 1),
                 first_each_start_ms=[round(f[name] * 1000, 1) for f in firsts],
                 steady_p50_ms=round(p50 * 1000, 1), ratio=ratios[name])
        mixed = [p for variants in paths.values() for p in variants[:8]]
        done, errors = load(base, mixed, args.seconds, args.clients)
        emit(workers=workers, figure="mixed_load", requests=done, errors=errors, seconds=args.seconds,
             clients=args.clients)
        supervisor = smaps(server.pid)
        pids = [p for p in descendants(server.pid) if is_worker(p)] if workers > 1 else []
        helpers = [p for p in descendants(server.pid) if not is_worker(p)]
        per_worker = [{"pid": p, **smaps(p)} for p in pids]
        for figures in per_worker:
            emit(workers=workers, figure="worker_memory", **figures)
        emit(workers=workers, figure="supervisor_memory", pid=server.pid, **supervisor)
        total = supervisor["pss_mib"] + sum(w["pss_mib"] for w in per_worker) + sum(
            smaps(p)["pss_mib"] for p in helpers)
        summary = {"workers": workers, "figure": "summary", "total_pss_mib": round(total, 1),
                   "worst_first_over_p50": max(ratios.values()),
                   "worst_kind": max(ratios, key=lambda k: ratios[k])}
        emit(**summary)
        return summary
    finally:
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database", help="SQLAlchemy URL of a database with data (default: a fresh demo)")
    parser.add_argument("--scale", type=int, default=1, help="demo-data --scale for the fresh demo")
    parser.add_argument("--workers", default="1,2,4", help="worker counts to start, comma-separated")
    parser.add_argument("--repeat", type=int, default=30, help="requests per kind for the steady p50")
    parser.add_argument("--seconds", type=float, default=10.0, help="mixed load before memory is read")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--starts", type=int, default=3, help="starts per worker count; first requests: median")
    parser.add_argument("serve_args", nargs="*", help="extra `bitgoeul serve` options, after --")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bitgoeul-workers-memory-"))
    url = args.database or demo_database(folder, args.scale)
    totals: dict[int, float] = {}
    for workers in (int(n) for n in args.workers.split(",")):
        totals[workers] = run_one(url, workers, args, folder)["total_pss_mib"]
    counts = sorted(totals)
    for low, high in itertools.pairwise(counts):
        emit(figure="marginal_pss_per_added_worker", workers=f"{low}->{high}",
             mib=round((totals[high] - totals[low]) / (high - low), 1))
    if 1 in totals:
        emit(figure="first_worker_pss", mib=totals[1])


if __name__ == "__main__":
    main()
