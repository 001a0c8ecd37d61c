"""Helpers the transit service, CLI and page tests share: the committed sample feed, broken copies of it,
and a small second feed to combine with it (all written here, nothing downloaded)."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy.orm import Session

from bitgoeul.transit.storage import LoadResult, load_into_db

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "src" / "bitgoeul" / "transit" / "data" / "sample-kr-intercity"
DAY = "2026-11-30"  # a Monday inside the sample calendar


def load_sample(session: Session, name: str = "sample") -> LoadResult:
    result = load_into_db(session, None, SAMPLE, name=name, label="sample", system=True)
    session.commit()
    return result


def sample_copy(tmp: Path, *, drop: tuple[str, ...] = (), edit: dict[str, str] | None = None) -> Path:
    """A copy of the sample feed with some files removed or rewritten."""
    target = tmp / "feed"
    shutil.copytree(SAMPLE, target)
    for name in drop:
        (target / name).unlink()
    for name, text in (edit or {}).items():
        (target / name).write_text(text, encoding="utf-8")
    return target


def with_bad_stop_time(tmp: Path) -> tuple[Path, int]:
    """The sample with one stop_times row given an impossible time; returns the feed and that line number."""
    text = (SAMPLE / "stop_times.txt").read_text(encoding="utf-8").splitlines()
    line = 5
    cells = text[line - 1].split(",")
    cells[1] = cells[2] = "25:61:00"
    text[line - 1] = ",".join(cells)
    return sample_copy(tmp, edit={"stop_times.txt": "\n".join(text) + "\n"}), line


def city_feed(tmp: Path) -> Path:
    """A tiny city bus feed: it reuses the id 'seoul' (to test id collisions) and runs a shuttle from a stop
    beside the AI data center stop of the sample (so only a footpath links the two feeds)."""
    folder = tmp / "city"
    folder.mkdir()
    files = {
        "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\ncity,City Bus,https://example.org,Asia/Seoul\n",
        "stops.txt": "stop_id,stop_name,stop_lat,stop_lon\n"
                     "seoul,서울 시내 정류장,37.5600,126.9800\n"
                     "dc_gate,첨단 데이터센터 정문,35.22750,126.84850\n"
                     "science_park,첨단과학산업단지,35.23500,126.86000\n",
        "routes.txt": "route_id,agency_id,route_short_name,route_long_name,route_type\n"
                      "c1,city,첨단01,첨단 순환,3\n",
        "trips.txt": "route_id,service_id,trip_id\nc1,wk,c1_a\nc1,wk,c1_b\n",
        "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                          "c1_a,18:40:00,18:40:00,dc_gate,1\nc1_a,18:50:00,18:50:00,science_park,2\n"
                          "c1_b,20:40:00,20:40:00,dc_gate,1\nc1_b,20:50:00,20:50:00,science_park,2\n",
        "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
                        "wk,1,1,1,1,1,0,0,20260101,20271231\n",
        "translations.txt": "table_name,field_name,language,translation,record_id\n"
                            "stops,stop_name,en,Cheomdan Science Park,science_park\n"
                            "stops,stop_name,en,Data Center Gate,dc_gate\n",
        "feed_info.txt": "feed_publisher_name,feed_publisher_url,feed_lang\nCity,https://example.org,ko\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
