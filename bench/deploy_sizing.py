"""Sizing figures for docs/deploy.md: memory per web worker and requests per second per worker (about one
core each), measured on real `bitgoeul serve` processes over the demo data.

    .venv/bin/python bench/deploy_sizing.py [--workers 2] [--seconds 20] [--clients 8]

Builds a demo SQLite database in a temporary folder, starts `bitgoeul serve --workers N`, waits until
every worker is warm, then measures each worker's memory (RSS and PSS: PSS shares the pages the workers
have in common, such as the model files, fairly between them) before and after a load of mixed pages
(home, solution list, a search, a solution page, the trip planner form, an API list) from `--clients`
threads on the same machine. Prints one JSON object per figure.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["/", "/solutions", "/search?q=딸기 병해 진단", "/search?q=스마트 공장 불량", "/solutions/1",
         "/transit", "/api/v1/solutions?per_page=20", "/needs"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def memory(pid: int) -> dict[str, float]:
    """RSS and PSS of a process, in MiB."""
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    fields = {line.split(":")[0]: int(line.split()[1]) for line in rollup.splitlines()[1:] if line.split()[1:2]}
    return {"rss_mib": round(fields["Rss"] / 1024, 1), "pss_mib": round(fields["Pss"] / 1024, 1)}


def children(pid: int) -> list[int]:
    """The supervisor's worker processes (not multiprocessing's resource tracker)."""
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout.split()
    return [int(p) for p in found if b"resource_tracker" not in Path(f"/proc/{p}/cmdline").read_bytes()]


def emit(**figure: Any) -> None:
    print(json.dumps(figure, ensure_ascii=False), flush=True)


def load(base: str, seconds: float, clients: int) -> tuple[int, list[float], int]:
    done, latencies, errors = 0, [], 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(seed: int) -> None:
        nonlocal done, errors
        pick = random.Random(seed)
        with httpx.Client(base_url=base, timeout=30) as http:
            while time.monotonic() < stop:
                started = time.perf_counter()
                status = http.get(pick.choice(PAGES)).status_code
                with lock:
                    latencies.append(time.perf_counter() - started)
                    done += 1
                    errors += status >= 500

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done, latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bitgoeul-sizing-"))
    env = {**os.environ, "BITGOEUL_DATABASE_URL": f"sqlite:///{folder}/sizing.db", "BITGOEUL_LOG_LEVEL": "WARNING",
           "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "bitgoeul"]
    subprocess.run([*command, "init"], env=env, check=True, capture_output=True)
    subprocess.run([*command, "demo-data"], env=env, check=True, capture_output=True)
    subprocess.run([*command, "match", "embed"], env=env, check=True, capture_output=True)  # hybrid search
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with (folder / "serve.log").open("w") as log:
        server = subprocess.Popen([*command, "serve", "--port", str(port), "--workers", str(args.workers),
                                   "--log-level", "INFO"], env=env, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        started = time.monotonic()
        while (folder / "serve.log").read_text().count("worker warm in") < args.workers:
            time.sleep(0.2)
        emit(figure="start_to_all_workers_warm_s", value=round(time.monotonic() - started, 1), workers=args.workers)
        workers = children(server.pid) if args.workers > 1 else [server.pid]
        for pid in workers:
            emit(figure="worker_memory_after_warm_up", pid=pid, **memory(pid))
        first = time.perf_counter()
        httpx.get(f"{base}/", timeout=30)
        emit(figure="first_page_after_ready_ms", value=round((time.perf_counter() - first) * 1000, 1))
        done, latencies, errors = load(base, args.seconds, args.clients)
        latencies.sort()
        emit(figure="requests_per_second", value=round(done / args.seconds, 1), workers=args.workers,
             clients=args.clients, per_worker=round(done / args.seconds / args.workers, 1), errors_5xx=errors,
             p50_ms=round(latencies[len(latencies) // 2] * 1000, 1),
             p95_ms=round(latencies[int(len(latencies) * 0.95)] * 1000, 1), cores=os.cpu_count())
        for pid in workers:
            emit(figure="worker_memory_after_load", pid=pid, **memory(pid))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)


if __name__ == "__main__":
    main()
