"""Place search timing: what one lookup of typed words costs (docs/transit.md, "Finding places").

Loads the sample feed (and the NYC subway and Cairns feeds when found in .cache/gtfs/ or
$BITGOEUL_GTFS_TESTDATA) into a scratch SQLite database, then times `find_place` on a few queries.
Prints one JSON object per query. Usage:
    .venv/bin/python bench/place_search.py [--repeat 5] [--sample-only]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

QUERIES = ["인천공항", "Incheon Airport", "광주", "Gwangju", "광쥬", "광주 KTX", "KTX", "Times Sq", "인천항"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sample-only", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BITGOEUL_DATABASE_URL"] = f"sqlite:///{tmp}/bench.db"
        from bitgoeul.cli_support import open_session
        from bitgoeul.core.db import upgrade
        from bitgoeul.transit.demo_loader import SAMPLE
        from bitgoeul.transit.place_search import PlaceProblem, find_place
        from bitgoeul.transit.storage import load_into_db

        upgrade(os.environ["BITGOEUL_DATABASE_URL"])
        feeds = [("sample", SAMPLE)]
        real = Path(os.environ.get("BITGOEUL_GTFS_TESTDATA") or REPO / ".cache" / "gtfs")
        if not args.sample_only:
            found = [(n, real / f"{n}_gtfs.zip") for n in ("nyc_subway", "cairns")]
            feeds += [(n, p) for n, p in found if p.exists()]
        with open_session() as session:
            for name, path in feeds:
                load_into_db(session, None, path, name=name.replace("_", "-"), system=True)
            session.commit()
            find_place(session, "from", "인천공항")  # Kiwi and the served stops, once
            for query in QUERIES:
                times = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    try:
                        place = find_place(session, "to", query)
                        answer = f"{place.kind}: {place.name('en')}"
                    except PlaceProblem as exc:
                        answer = f"{exc.code}: {len(exc.choices)} choice(s)"
                    times.append(time.perf_counter() - start)
                print(json.dumps({"feeds": [n for n, _ in feeds], "query": query, "answer": answer,
                                  "median_ms": round(statistics.median(times) * 1000, 1),
                                  "max_ms": round(max(times) * 1000, 1)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
