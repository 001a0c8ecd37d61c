"""A GTFS zip bomb against `bitgoeul transit load`, beside a two-stop feed: exit code, seconds, peak memory.

Run: PYTHONPATH=src .venv/bin/python bench/zip_bomb.py [WORKDIR]
Prints one JSON object per line. Each load runs as its own `bitgoeul` process on a fresh SQLite database;
peak memory is the child's maximum resident set size. The bomb (a 1 GiB stop_times.txt of one repeated
row, about 3 MB zipped) is built once in WORKDIR (default: a temporary folder).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

TWO_STOPS = {
    "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\na,A,https://example.org,Asia/Seoul\n",
    "stops.txt": "stop_id,stop_name,stop_lat,stop_lon\ns1,One,35.10,126.80\ns2,Two,35.20,126.90\n",
    "routes.txt": "route_id,agency_id,route_short_name,route_type\nr,a,1,3\n",
    "trips.txt": "route_id,service_id,trip_id\nr,all,t\n",
    "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                      "t,08:00:00,08:00:00,s1,1\nt,08:10:00,08:10:00,s2,2\n",
    "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
                    "all,1,1,1,1,1,1,1,20260101,20271231\n",
}


def build(work: Path) -> tuple[Path, Path]:
    small = work / "two-stops.zip"
    with zipfile.ZipFile(small, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in TWO_STOPS.items():
            archive.writestr(name, text)
    bomb = work / "bomb.zip"
    if not bomb.exists():
        row = b"t,08:00:00,08:00:00,s1,1\n"
        chunk = (row * (2**20 // len(row) + 1))[: 2**20]
        with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for name, text in TWO_STOPS.items():
                if name != "stop_times.txt":
                    archive.writestr(name, text)
            with archive.open("stop_times.txt", "w", force_zip64=True) as member:
                member.write(TWO_STOPS["stop_times.txt"].encode())
                for _ in range(1024):
                    member.write(chunk)
    return small, bomb


def load(feed: Path, work: Path) -> dict[str, object]:
    database = work / f"{feed.stem}.db"
    database.unlink(missing_ok=True)
    env = {**os.environ, "BITGOEUL_DATABASE_URL": f"sqlite:///{database}"}
    command = [str(Path(sys.executable).parent / "bitgoeul")]
    subprocess.run([*command, "init"], env=env, check=True, capture_output=True)
    started = time.perf_counter()
    run = subprocess.run(["/usr/bin/time", "-f", "%M", *command, "transit", "load", str(feed), "--name", "f"],
                         env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    lines = run.stderr.strip().splitlines()
    peak_kib, message = int(lines[-1]), lines[0] if len(lines) > 1 else ""
    return {"feed": feed.name, "zip_bytes": feed.stat().st_size, "rc": run.returncode, "seconds": round(seconds, 2),
            "peak_mb": round(peak_kib / 1024), "message": message[:160]}


def main() -> None:
    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="bitgoeul-bomb-"))
    work.mkdir(parents=True, exist_ok=True)
    small, bomb = build(work)
    results = [load(small, work), load(bomb, work)]
    for result in results:
        print(json.dumps(result, ensure_ascii=False))
    print(json.dumps({"bomb_extra_mb": results[1]["peak_mb"] - results[0]["peak_mb"]}))  # type: ignore[operator]


if __name__ == "__main__":
    main()
