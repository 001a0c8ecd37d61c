"""Pages under load, each as a ratio to a bare FastAPI + SQLAlchemy + Jinja2 list page measured in the same run.

Run: `make bench-web`, or PYTHONPATH=src .venv/bin/python bench/web.py [--database URL] [--scale 10]
[--seconds 10] [--concurrency 10] [--workers 2] [--only NAMES]

Without --database it builds a temporary SQLite database with `bitgoeul demo-data --scale N` (default 10:
about 1,300 solutions, 860 needs, 1,160 organisations), its search index, vectors (the real model: set
BITGOEUL_EMBED_CACHE to a file kept between runs, or the first run embeds some 4,000 texts) and stored
match lists. It starts `bitgoeul serve --workers N` on it (waiting for /readyz) and the bare page of
bench/bare/app.py (20 rows of a 100k-row table, N uvicorn workers), then loads each kind of page (after
one warm-up GET of each of its paths, which must answer 200) for --seconds at --concurrency connections,
cycling through its paths (detail pages: 32 ids spread over the table; search: Korean queries with
their facets; trip plans: departures every 7 minutes of a day): with wrk where installed (a Lua request
function cycles the paths), else with the keep-alive Python load generator below (which itself needs CPU:
on a 2-core machine it lowers every figure, the bare page's too). Prints one JSON line per page:
requests/s, p50 and p99 in ms, errors (non-2xx and socket errors), ratio = its requests/s over the bare
page's, and the 1-minute load average when it ended. Rate limits are raised for the run (the load is one
address). Never asserted anywhere: figures belong in docs/benchmarks.md with the machine they were taken on.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float = 180.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            parts = urlsplit(url)
            conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=5)
            conn.request("GET", parts.path or "/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not answer 200 within {seconds:.0f} s")


def warm(base: str, paths: list[str]) -> None:
    """One GET of each path first: first-use costs (a stored match list computed once) are not steady state."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    for path in paths:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            print(f"warm-up: {path} answered {response.status}", file=sys.stderr, flush=True)
    conn.close()


def python_load(base: str, paths: list[str], seconds: float, concurrency: int) -> dict[str, Any]:
    """Keep-alive GETs from `concurrency` threads for `seconds`, cycling through `paths`."""
    parts = urlsplit(base)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def run(offset: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
        mine: list[float] = []
        bad = 0
        n = offset
        while time.monotonic() < stop:
            path = paths[n % len(paths)]
            n += concurrency
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=run, args=(i,)) for i in range(concurrency)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    latencies.sort()

    def pct(q: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(q * len(latencies)))], 1) if latencies else 0.0

    return {"requests": len(latencies), "rps": round(len(latencies) / elapsed, 1), "p50_ms": pct(0.5),
            "p99_ms": pct(0.99), "errors": errors[0], "tool": "python"}


def wrk_load(base: str, paths: list[str], seconds: float, concurrency: int) -> dict[str, Any]:
    """wrk -t2 -c`concurrency`, each thread cycling through `paths` (a Lua request function)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        listed = ", ".join(json.dumps(p) for p in paths)  # JSON strings are valid Lua strings for these paths
        script.write(f"local paths = {{{listed}}}\nlocal n = math.random(#paths)\n"
                     "request = function()\n  n = n % #paths + 1\n  return wrk.format('GET', paths[n])\nend\n")
    try:
        out = subprocess.run(["wrk", "-t2", f"-c{concurrency}", f"-d{int(seconds)}s", "--latency", "-s", script.name,
                              base], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)

    def ms(label: str) -> float:
        found = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out)
        if not found:
            return 0.0
        value, unit = float(found.group(1)), found.group(2)
        return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 1)

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(bad.group(1)) if bad else 0) + (sum(int(g) for g in sockets.groups()) if sockets else 0)
    return {"rps": float(rps.group(1)) if rps else 0.0, "p50_ms": ms("50"), "p99_ms": ms("99"),
            "errors": errors, "tool": "wrk"}


def demo_database(folder: Path, scale: int) -> str:
    """A fresh demo `scale` times the size, indexed, embedded and with its match lists stored.

    Embedding some 4,000 texts takes long on a small machine: set BITGOEUL_EMBED_CACHE to a file that
    outlives the run and only the first run pays (the texts are deterministic, so are their vectors).
    """
    url = f"sqlite:///{folder / 'demo.db'}"
    env = {**os.environ, "BITGOEUL_DATABASE_URL": url}
    for args in (["init"], ["demo-data", "--scale", str(scale)], ["match", "embed"], ["match", "lists"]):
        subprocess.run([PYTHON, "-m", "bitgoeul", *args], env=env, check=True)
    return url


def _q(path: str) -> str:
    return quote(path, safe="/?=&")


# Korean queries with the facets the search page offers for them (kind, domain, region, a second page).
SEARCHES = ["축산", "스마트팜", "영상 분석", "돌봄", "에너지 절감"]
FACETS = ["", "&kind=solution", "&kind=need", "&kind=organisation", "&domain=livestock", "&domain=health",
          "&region=광주 북구", "&page=2"]
# Trip plans between the demo feed's places, at departures spread over a day (every 7 minutes).
TRIPS = [("인천공항 제1여객터미널", "광주 인공지능사관학교"), ("서울역", "국가AI데이터센터"),
         ("김포공항", "광주송정역"), ("인천공항 제2여객터미널", "광주종합버스터미널 유스퀘어")]


def page_paths(url: str) -> dict[str, list[str]]:
    """Every kind of page and API list, with up to 32 different ids for detail pages."""
    from datetime import date, timedelta

    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from bitgoeul.core.registry import install_hooks, load_models
    from bitgoeul.demonstrations.models import Need, Solution
    from bitgoeul.dialogue.models import DialogueSession
    from bitgoeul.exchange.models import Event
    from bitgoeul.organisations.models import Organisation

    load_models()
    install_hooks()
    engine = create_engine(url)
    ids: dict[str, list[int]] = {}
    with Session(engine) as session:
        for name, model in (("solutions", Solution), ("needs", Need), ("organisations", Organisation),
                            ("events", Event), ("sessions", DialogueSession)):
            statement = select(model.id)
            if model in (Event, DialogueSession):
                statement = statement.where(model.status == "published")
            found = list(session.scalars(statement.order_by(model.id)))
            ids[name] = found[:: max(1, len(found) // 32)][:32]  # spread over the table, not its first rows
    engine.dispose()
    day = (date.today() + timedelta(days=1)).isoformat()
    lists = ["/solutions", "/needs", "/organisations", "/demonstrations", "/talent/jobs", "/exchange/partners",
             "/exchange/events", "/dialogue/sessions", "/dialogue/actions", "/dialogue/voices", "/dashboard"]
    apis = ["/api/v1/solutions", "/api/v1/needs", "/api/v1/demonstrations", "/api/v1/organisations",
            "/api/v1/talent/jobs", "/api/v1/exchange/listings", "/api/v1/exchange/events",
            "/api/v1/dialogue/sessions", "/api/v1/dialogue/voices", "/api/v1/dialogue/actions"]
    paths: dict[str, list[str]] = {"/": ["/"]}
    paths |= {p: [p] for p in lists}
    paths["/solutions?page=N"] = [f"/solutions?page={n}" for n in range(1, 65)]
    paths |= {p: [p + "?page=1"] for p in apis}
    paths |= {
        "/solutions/{id}": [f"/solutions/{i}" for i in ids["solutions"]],
        "/needs/{id}": [f"/needs/{i}" for i in ids["needs"]],
        "/organisations/{id}": [f"/organisations/{i}" for i in ids["organisations"]],
        "/exchange/events/{id}": [f"/exchange/events/{i}" for i in ids["events"]],
        "/dialogue/sessions/{id}": [f"/dialogue/sessions/{i}" for i in ids["sessions"]],
        "/search?q=축산": [_q("/search?q=축산")],
        "/search?q=… with facets": [_q(f"/search?q={q}{f}") for q in SEARCHES for f in FACETS],
        "/api/v1/transit/plan": [_q(f"/api/v1/transit/plan?from={a}&to={b}&depart={day}T{m // 60:02d}:{m % 60:02d}")
                                 for m in range(6 * 60, 22 * 60, 7) for a, b in TRIPS[(m // 7) % 4:][:1]],
    }
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--database", help="SQLAlchemy URL of a database with data (default: a fresh demo)")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scale", type=int, default=10, help="demo-data --scale for the fresh demo (default 10)")
    parser.add_argument("--only", help="comma-separated page names to run (default: all)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bitgoeul-web-bench-"))
    url = args.database or demo_database(folder, args.scale)
    load = wrk_load if shutil.which("wrk") else python_load
    processes: list[subprocess.Popen[bytes]] = []
    try:
        bare_db = folder / "bare.db"
        subprocess.run([PYTHON, str(HERE / "bare" / "app.py"), "make", str(bare_db)], check=True)
        bare_port, app_port = free_port(), free_port()
        processes.append(subprocess.Popen(
            [PYTHON, "-m", "uvicorn", "--app-dir", str(HERE / "bare"), "app:app", "--port", str(bare_port),
             "--workers", str(args.workers), "--log-level", "warning"],
            env={**os.environ, "BARE_DB": str(bare_db)}))
        env = {**os.environ, "BITGOEUL_DATABASE_URL": url, "BITGOEUL_RATE_LIMITS": "search=1000000/60",
               "BITGOEUL_RATE_LIMIT_URL": "memory", "BITGOEUL_LOG_LEVEL": "WARNING"}
        processes.append(subprocess.Popen([PYTHON, "-m", "bitgoeul", "serve", "--port", str(app_port),
                                           "--workers", str(args.workers)], env=env))
        bare, app = f"http://127.0.0.1:{bare_port}", f"http://127.0.0.1:{app_port}"
        wait_for(bare + "/items")
        wait_for(app + "/readyz", 600)
        warm(bare, ["/items?page=1"] * 20)
        anchor = load(bare, [f"/items?page={p}" for p in range(1, 5001, 37)], args.seconds, args.concurrency)
        print(json.dumps({"page": "bare list (20 of 100k rows)", **anchor, "ratio": 1.0,
                          "load": round(os.getloadavg()[0], 2)}), flush=True)
        wanted = set(args.only.split(",")) if args.only else None
        for name, paths in page_paths(url).items():
            if wanted and name not in wanted:
                continue
            warm(app, paths)
            result = load(app, paths, args.seconds, args.concurrency)
            ratio = round(result["rps"] / anchor["rps"], 3) if anchor["rps"] else None
            print(json.dumps({"page": name, **result, "ratio": ratio, "load": round(os.getloadavg()[0], 2)},
                             ensure_ascii=False), flush=True)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main()
