"""Where the test feeds are: the committed sample, and the real feeds fetched into .cache/gtfs/ (or
$BITGOEUL_GTFS_TESTDATA) from the gtfs-kit source distribution. Real-feed tests skip when absent."""

from __future__ import annotations

import os
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from bitgoeul.transit.router import Feed, Timetable, build_timetable, load_feed

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "src" / "bitgoeul" / "transit" / "data" / "sample-kr-intercity"
SAMPLE_DAY = date(2026, 11, 30)  # a Monday inside the sample calendar
REAL_DAYS = {"nyc_subway_gtfs.zip": date(2025, 1, 8), "cairns_gtfs.zip": date(2014, 6, 10)}


def real_feed_path(name: str) -> Path:
    root = os.environ.get("BITGOEUL_GTFS_TESTDATA")
    path = (Path(root) if root else REPO / ".cache" / "gtfs") / name
    if not path.exists():
        pytest.skip(f"{name} not found: run the Makefile target that fetches the gtfs-kit test feeds")
    return path


@cache
def feed_named(name: str) -> Feed:
    path = SAMPLE if name == "sample" else real_feed_path(name)
    feed, report = load_feed(path)
    assert report.problems == []
    return feed


@cache
def timetable_named(name: str, days: int = 1) -> Timetable:
    day = SAMPLE_DAY if name == "sample" else REAL_DAYS[name]
    return build_timetable(feed_named(name), day, days)
