"""Feeds in the database (SQLite and PostgreSQL): loading, reloading, combining, broken feeds stored not
at all, stop search in Korean and English with close matches; the stored feed routes like the parsed one."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.transit.transit_fixtures import SAMPLE, city_feed, load_sample, sample_copy, with_bad_stop_time

from bitgoeul.core.errors import Conflict, PermissionDenied
from bitgoeul.transit import service
from bitgoeul.transit.models import TransitFeed, TransitFeedFile, TransitStop
from bitgoeul.transit.network import current_network
from bitgoeul.transit.router import build_timetable, itinerary_dict, load_feed, plan
from bitgoeul.transit.storage import FeedRejected, load_into_db


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_sample_loads_with_files_stops_and_label(session: Session) -> None:
    result = load_sample(session)
    feed = session.scalar(select(TransitFeed))
    assert feed is not None and feed.label == "sample" and result.problems == []
    assert feed.counts["stop_times"] == 8066 and feed.service_start is not None
    names = set(session.scalars(select(TransitFeedFile.name)))
    assert {"stops.txt", "stop_times.txt", "translations.txt"} <= names and "SOURCES.md" not in names
    seoul = session.scalar(select(TransitStop).where(TransitStop.stop_id == "seoul"))
    assert seoul is not None and (seoul.name_ko, seoul.name_en) == ("서울역", "Seoul Station")
    assert seoul.location_type == 1 and seoul.served


def test_reload_needs_replace_and_replaces_everything(session: Session) -> None:
    load_sample(session)
    stops = _count(session, TransitStop)
    with pytest.raises(Conflict):
        load_into_db(session, None, SAMPLE, name="sample", system=True)
    session.rollback()
    result = load_into_db(session, None, SAMPLE, name="sample", label="sample", replace=True, system=True)
    session.commit()
    assert result.replaced
    assert _count(session, TransitFeed) == 1 and _count(session, TransitStop) == stops


def test_only_operators_load_from_the_web(session: Session) -> None:
    with pytest.raises(PermissionDenied):
        load_into_db(session, _Person(), SAMPLE, name="x")


class _Person:
    id: int = 1
    role: str = "member"
    organisation_id: int | None = None


@pytest.mark.parametrize("drop", ["stop_times.txt", "stops.txt", "trips.txt"])
def test_missing_required_file_is_reported_and_nothing_stored(session: Session, tmp_path: Path, drop: str) -> None:
    with pytest.raises(FeedRejected) as caught:
        load_into_db(session, None, sample_copy(tmp_path, drop=(drop,)), name="broken", system=True)
    session.rollback()
    assert any(p["file"] == drop and "missing" in p["message"] for p in caught.value.problems)
    assert _count(session, TransitFeed) == 0 and _count(session, TransitFeedFile) == 0
    assert _count(session, TransitStop) == 0


def test_not_a_zip_is_refused(session: Session, tmp_path: Path) -> None:
    bogus = tmp_path / "feed.zip"
    bogus.write_bytes(b"this is not a zip archive")
    with pytest.raises(FeedRejected) as caught:
        load_into_db(session, None, bogus, system=True)
    assert caught.value.problems[0]["file"] == "feed.zip"


def test_bad_row_is_reported_by_file_and_line_and_the_rest_loads(session: Session, tmp_path: Path) -> None:
    path, line = with_bad_stop_time(tmp_path)
    result = load_into_db(session, None, path, name="patchy", system=True)
    session.commit()
    assert [(p["file"], p["line"]) for p in result.problems] == [("stop_times.txt", line)]
    stored = session.scalar(select(TransitFeed))
    assert stored is not None and stored.report == result.problems


def test_strict_refuses_any_problem_and_stores_nothing(session: Session, tmp_path: Path) -> None:
    path, line = with_bad_stop_time(tmp_path)
    with pytest.raises(FeedRejected) as caught:
        load_into_db(session, None, path, name="patchy", strict=True, system=True)
    session.rollback()
    assert caught.value.problems[0]["line"] == line and _count(session, TransitFeed) == 0


def test_zip_with_nested_folder_loads(session: Session, tmp_path: Path) -> None:
    archive = tmp_path / "kr.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for p in SAMPLE.glob("*.txt"):
            z.write(p, f"gtfs/{p.name}")
    result = load_into_db(session, None, archive, system=True)
    assert result.feed.name == "kr" and result.feed.counts["trips"] > 1000


def test_stop_search_korean_english_and_close_matches(session: Session) -> None:
    load_sample(session)
    assert service.search_stops(session, "송정")[0].id == "gwangju_songjeong"
    assert service.search_stops(session, "gwangju songjeong")[0].id == "gwangju_songjeong"
    assert service.search_stops(session, "Songjeong")[0].station
    assert service.search_stops(session, "없는역이름") == []
    assert "incheon_t1" in [h.id for h in service.close_matches(session, "인천곻항")]
    assert "gwangju_songjeong" in [h.id for h in service.close_matches(session, "Gwangju Songjong")]


def test_stored_feed_routes_exactly_like_the_parsed_one(session: Session) -> None:
    """Reference: the router on the feed read straight from disk, independent of the database path."""
    load_sample(session)
    result = service.plan_trip(session, origin="incheon_t1", destination="cheomdan_ai_dc",
                               when="2026-11-30T14:05")
    feed, _ = load_feed(SAMPLE)
    tt = build_timetable(feed, datetime(2026, 11, 30).date(), 2)
    direct = plan(tt, "incheon_t1", "cheomdan_ai_dc", datetime(2026, 11, 30, 14, 5))
    assert result.contract()["itineraries"] == [itinerary_dict(it, feed) for it in direct]


def test_feeds_combine_with_renamed_clashing_ids_and_footpaths_between_them(session: Session,
                                                                            tmp_path: Path) -> None:
    load_sample(session)
    load_into_db(session, None, city_feed(tmp_path), name="city", system=True)
    session.commit()
    network = current_network(session)
    assert network is not None and len(network.feeds) == 2
    assert {"seoul", "city:seoul", "science_park"} <= set(network.feed.stop_index)
    hits = service.search_stops(session, "서울 시내")
    assert hits[0].id == "city:seoul" and hits[0].feed == "city"
    assert service.search_stops(session, "Cheomdan Science Park")[0].id == "science_park"
    # Incheon 14:05 -> the science park: the sample's feed to the AI data center, a walk, the city bus.
    trip = service.plan_trip(session, origin="incheon_t1", destination="science_park", when="2026-11-30T14:05")
    legs = trip.contract()["itineraries"][0]["legs"]
    assert legs[-1]["route"] == "첨단01" and legs[-1]["to"]["id"] == "science_park"
    assert any(leg["mode"] == "walk" and leg["to"]["id"] == "dc_gate" for leg in legs)
