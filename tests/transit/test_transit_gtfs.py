"""GTFS loading: encodings, frequencies, blank times, times past midnight, and the problem report."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from tests.transit.feeds import SAMPLE

from bitgoeul.transit.router import FeedError, load_feed
from bitgoeul.transit.router.gtfs import parse_time

STOPS = (
    "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\n"
    "st,광주역,35.1652,126.9092,1,\nA,광주역 1번,35.1652,126.9092,0,st\nB,첨단,35.2270,126.8480,0,\n"
    "C,동구,35.1490,126.9170,0,\n"
)
ROUTES = "route_id,route_short_name,route_long_name,route_type\nr1,1,시내,3\n"
CAL = (
    "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
    "d,1,1,1,1,1,1,1,20260101,20261231\n"
)


def write_feed(folder: Path, files: dict[str, str], encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_bytes(text.encode(encoding))
    return folder


def base_files() -> dict[str, str]:
    return {
        "stops.txt": STOPS,
        "routes.txt": ROUTES,
        "calendar.txt": CAL,
        "trips.txt": "route_id,service_id,trip_id\nr1,d,t1\nr1,d,t2\n",
        "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
        "t1,23:50:00,23:50:00,A,1\nt1,,,C,2\nt1,24:30:00,24:30:00,B,3\n"
        "t2,08:00:00,08:00:00,A,1\nt2,08:20:00,08:20:00,B,2\n",
    }


def test_sample_feed_loads_cleanly_with_translations() -> None:
    feed, report = load_feed(SAMPLE)
    assert report.problems == []
    t1 = feed.stops[feed.stop_index["incheon_t1"]]
    assert t1.name.startswith("인천공항") and t1.names["en"] == "Incheon Airport Terminal 1"
    assert "SAMPLE" in feed.feed_info["feed_version"]
    assert feed.fares and feed.fare_rules


def test_times_past_midnight_and_interpolation(tmp_path: Path) -> None:
    feed, report = load_feed(write_feed(tmp_path / "f", base_files()))
    assert report.problems == []
    st = feed.stop_times
    lo = int(st.trip_ptr[0])
    assert st.arrival[lo + 2] == 24 * 3600 + 30 * 60
    # The blank middle time falls between its neighbours, in proportion to distance.
    assert st.arrival[lo] < st.arrival[lo + 1] < st.arrival[lo + 2]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp949", "euc-kr"])
def test_korean_legacy_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    feed, report = load_feed(write_feed(tmp_path / encoding, base_files(), encoding))
    assert feed.stops[feed.stop_index["B"]].name == "첨단"
    assert report.encodings["stops.txt"] in {encoding, "cp949"}


def test_frequencies_expand_to_trips(tmp_path: Path) -> None:
    files = base_files()
    files["frequencies.txt"] = "trip_id,start_time,end_time,headway_secs\nt2,07:00:00,08:00:00,600\n"
    feed, report = load_feed(write_feed(tmp_path / "f", files))
    assert report.problems == []
    made = [t.id for t in feed.trips if t.id.startswith("t2@")]
    assert len(made) == 6
    i = next(k for k, t in enumerate(feed.trips) if t.id == "t2@07:10:00")
    lo = int(feed.stop_times.trip_ptr[i])
    assert feed.stop_times.departure[lo] == 7 * 3600 + 600
    assert feed.stop_times.arrival[lo + 1] == 7 * 3600 + 600 + 20 * 60


def test_broken_rows_are_reported_and_the_rest_loads(tmp_path: Path) -> None:
    files = base_files()
    files["stop_times.txt"] += "t2,8:xx:00,08:30:00,C,3\nghost,09:00:00,09:00:00,A,1\nt1,01:00:00,01:00:00,NOPE,4\n"
    files["stops.txt"] += "D,no coords,,,0,\n"
    feed, report = load_feed(write_feed(tmp_path / "f", files))
    where = {(p.file, p.line) for p in report.problems}
    assert ("stop_times.txt", 7) in where and ("stop_times.txt", 8) in where and ("stop_times.txt", 9) in where
    assert ("stops.txt", 6) in where
    assert len(feed.stop_times.stop) == 5  # the five good rows
    assert all(str(p).startswith(p.file) for p in report.problems)


def test_missing_files_and_bad_archives(tmp_path: Path) -> None:
    files = base_files()
    del files["stop_times.txt"]
    _, report = load_feed(write_feed(tmp_path / "f", files))
    assert any(p.file == "stop_times.txt" and "missing" in p.message for p in report.problems)
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(FeedError):
        load_feed(bad)


def test_zip_with_nested_folder(tmp_path: Path) -> None:
    z = tmp_path / "feed.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for name, text in base_files().items():
            zf.writestr(f"inner/{name}", text)
    feed, report = load_feed(z)
    assert report.problems == [] and len(feed.trips) == 2


def test_parse_time() -> None:
    assert parse_time(" 25:01:02 ") == 25 * 3600 + 62
    assert parse_time("") is None
    with pytest.raises(ValueError, match="H:MM:SS"):
        parse_time("12:00")
