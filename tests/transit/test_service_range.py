"""Departure windows ("leave between"), via journeys and English headsigns through the service.

The window is checked against a brute-force reference: the single-departure plan at every minute of the
window, answers leaving after the window dropped, then every answer another beats on departure (later),
arrival (earlier) and transfers (fewer) at once dropped. The network is small and written here.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from tests.transit.test_transit_gtfs import write_feed
from tests.transit.transit_fixtures import DAY, load_sample

from bitgoeul.core.errors import ValidationFailed
from bitgoeul.transit import service
from bitgoeul.transit.router import Leg, build_timetable, headsign, load_feed
from bitgoeul.transit.storage import load_into_db

RANGE_DAY = "2026-03-02"
Sig = tuple[str, str, int]


def _times(first: str, every: int, count: int, *offsets: int) -> list[list[str]]:
    """`count` departures from `first` every `every` minutes; each as clock times at the given offsets."""
    h, m = map(int, first.split(":"))
    out = []
    for i in range(count):
        start = h * 60 + m + i * every
        out.append([f"{(start + o) // 60:02d}:{(start + o) % 60:02d}:00" for o in offsets])
    return out


def range_network(tmp: Path) -> Path:
    """A (출발) to C (종점) by a slow bus every 25 min, by train to B and a connecting shuttle, and by two
    express runs; some options are beaten by later or faster ones, some only by fewer transfers."""
    trips = ["route_id,service_id,trip_id,trip_headsign"]
    rows = ["trip_id,arrival_time,departure_time,stop_id,stop_sequence"]
    for i, (a, c) in enumerate(_times("07:00", 25, 8, 0, 95)):
        trips.append(f"bus,d,bus{i},종점")
        rows += [f"bus{i},{a},{a},A,1", f"bus{i},{c},{c},C,2"]
    for i, (a, b) in enumerate(_times("07:10", 40, 5, 0, 20)):
        trips.append(f"train,d,train{i},환승역")
        rows += [f"train{i},{a},{a},A,1", f"train{i},{b},{b},B,2"]
    for i, (b, c) in enumerate(_times("07:35", 30, 7, 0, 25)):
        trips.append(f"shuttle,d,sh{i},중앙 광장")
        rows += [f"sh{i},{b},{b},B,1", f"sh{i},{c},{c},C,2"]
    for i, (a, b, c) in enumerate([("08:05:00", "08:25:00", "08:50:00"), ("09:15:00", "09:35:00", "10:05:00")]):
        trips.append(f"express,d,ex{i},종점")
        rows += [f"ex{i},{a},{a},A,1", f"ex{i},{b},{b},B,2", f"ex{i},{c},{c},C,3"]
    return write_feed(tmp / "range", {
        "stops.txt": "stop_id,stop_name,stop_lat,stop_lon\nA,출발,35.0,126.0\nB,환승역,35.1,126.0\n"
                     "C,종점,35.2,126.0\nP,중앙 광장,35.3,126.0\n",
        "routes.txt": "route_id,route_short_name,route_long_name,route_type\nbus,완행,완행 버스,3\n"
                      "train,열차,,2\nshuttle,셔틀,,3\nexpress,급행,,2\n",
        "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,"
                        "end_date\nd,1,1,1,1,1,1,1,20260101,20261231\n",
        "trips.txt": "\n".join(trips) + "\n",
        "stop_times.txt": "\n".join(rows) + "\n",
        "transfers.txt": "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nB,B,2,120\n",
        "translations.txt": "table_name,field_name,language,translation,record_id,field_value\n"
                            "stops,stop_name,en,Terminus,C,\nstops,stop_name,en,Junction,B,\n"
                            "trips,trip_headsign,en,Terminus (express),ex0,\n",
    })


@pytest.fixture
def ranged(session: Session, tmp_path: Path) -> Session:
    load_into_db(session, None, range_network(tmp_path), name="range", system=True)
    session.commit()
    return session


def _sig(it: dict[str, object]) -> Sig:
    return str(it["depart"]), str(it["arrive"]), int(it["transfers"])  # type: ignore[call-overload]


def _non_dominated(sigs: set[Sig]) -> set[Sig]:
    return {x for x in sigs if not any(y != x and y[0] >= x[0] and y[1] <= x[1] and y[2] <= x[2] for y in sigs)}


def _brute_force(session: Session, start: datetime, end: datetime) -> set[Sig]:
    found: set[Sig] = set()
    minute = start
    while minute <= end:
        try:
            single = service.plan_trip(session, origin="A", destination="C", when=minute)
        except service.NoRoute:
            single = None
        if single is not None:
            found |= {_sig(it) for it in single.contract()["itineraries"]}
        minute += timedelta(minutes=1)
    return _non_dominated({s for s in found if s[0] <= end.isoformat(timespec="minutes")})


@pytest.mark.parametrize(("start", "until"),
                         [("07:00", "09:30"), ("07:40", "08:30"), ("08:06", "09:15"), ("08:10", "08:20")])
def test_window_equals_brute_force_over_every_minute(ranged: Session, start: str, until: str) -> None:
    t0 = datetime.fromisoformat(f"{RANGE_DAY}T{start}")
    result = service.plan_trip(ranged, origin="A", destination="C", when=t0, until=until)
    out = result.contract()
    got = [_sig(it) for it in out["itineraries"]]
    reference = _brute_force(ranged, t0, datetime.fromisoformat(f"{RANGE_DAY}T{until}"))
    assert len(got) == len(set(got)) and set(got) == reference
    assert got == sorted(got)  # by departure
    assert out["range"] == {"depart": f"{RANGE_DAY}T{start}", "until": f"{RANGE_DAY}T{until}"}
    for it in out["itineraries"]:
        minutes = (datetime.fromisoformat(it["arrive"]) - datetime.fromisoformat(it["depart"])).seconds // 60
        assert it["duration_minutes"] == minutes


def test_window_drops_beaten_departures(ranged: Session) -> None:
    """Not trivial: some departures of the window are beaten (the 07:50 bus by the 08:05 express)."""
    t0 = datetime.fromisoformat(f"{RANGE_DAY}T07:00")
    departures = {it["depart"] for it in service.plan_trip(ranged, origin="A", destination="C", when=t0,
                                                           until="09:30").contract()["itineraries"]}
    assert f"{RANGE_DAY}T08:05" in departures and f"{RANGE_DAY}T07:50" not in departures
    assert f"{RANGE_DAY}T07:00" in departures


@pytest.mark.parametrize(("until", "arrive_by", "via", "expected"), [
    ("06:59", False, None, "after the departure"),
    ("07:00", False, None, "after the departure"),
    ("13:01", False, None, "at most 6 hours"),
    ("half past", False, None, "HH:MM"),
    ("09:00", True, None, "arrive by"),
    ("09:00", False, ["B"], "via"),
])
def test_window_errors_are_bilingual_and_on_the_until_field(ranged: Session, until: str, arrive_by: bool,
                                                           via: list[str] | None, expected: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        service.plan_trip(ranged, origin="A", destination="C", when=f"{RANGE_DAY}T07:00", until=until,
                          arrive_by=arrive_by, via=via)
    english, korean = caught.value.field_texts("en")["until"], caught.value.field_texts("ko")["until"]
    assert expected in english and english.isascii()
    assert any("\uac00" <= ch <= "\ud7a3" for ch in korean) and korean != english


def test_window_of_exactly_six_hours_is_accepted(ranged: Session) -> None:
    result = service.plan_trip(ranged, origin="A", destination="C", when=f"{RANGE_DAY}T07:00", until="13:00")
    assert result.until == datetime.fromisoformat(f"{RANGE_DAY}T13:00") and result.itineraries


def test_headsigns_in_english(ranged: Session) -> None:
    """Translation first; else the English name of the stop the headsign names; else Korean with a hint."""
    result = service.plan_trip(ranged, origin="A", destination="C", when=f"{RANGE_DAY}T07:00", until="09:30")
    legs = {leg["trip_id"]: leg for it in result.contract("en")["itineraries"] for leg in it["legs"]}
    assert legs["ex0"]["headsign"] == "Terminus (express)"  # translations.txt
    assert legs["bus0"]["headsign"] == "Terminus"  # the stop named 종점
    assert legs["train0"]["headsign"] == "Junction"  # the stop named 환승역
    shuttle = next(leg for trip, leg in legs.items() if trip.startswith("sh"))
    assert shuttle["headsign"] == "중앙 광장 (→ Terminus)"  # P has no English name; the last stop has
    korean = {leg["trip_id"]: leg for it in result.contract("ko")["itineraries"] for leg in it["legs"]}
    assert korean["ex0"]["headsign"] == "종점" and korean["bus0"]["headsign"] == "종점"


def test_headsign_without_any_english_name_stays_as_it_is(tmp_path: Path) -> None:
    feed, _ = load_feed(range_network(tmp_path))
    for s in feed.stops:
        s.names.clear()
    leg = Leg("bus", "shuttle", "B", "C", 0, 0, "sh0", "중앙 광장")
    assert headsign(feed, leg, "en") == "중앙 광장"
    assert build_timetable(feed, datetime.fromisoformat(RANGE_DAY).date()).n_stops == 4


@pytest.fixture
def sample(session: Session) -> Session:
    load_sample(session)
    return session


def test_via_a_through_train_is_one_ride(sample: Session) -> None:
    """Via Osong on a KTX that calls there: one leg passing Osong on board, as fast as the direct train."""
    when = f"{DAY}T09:00"
    direct = service.plan_trip(sample, origin="yongsan", destination="gwangju_songjeong", when=when)
    via = service.plan_trip(sample, origin="yongsan", destination="gwangju_songjeong", when=when, via=["osong"])
    fastest = direct.itineraries[0]
    trip = fastest.legs[0].trip_id
    feed = direct.network.feed
    i = feed.trip_position(trip or "")
    assert i is not None
    calls = {feed.stops[int(s)].id for s in feed.stop_times.stop[feed.stop_times.trip_ptr[i]:
                                                                 feed.stop_times.trip_ptr[i + 1]]}
    assert "osong" in calls  # so staying on board passes the via stop
    best = via.contract("en")["itineraries"][0]
    assert best["arrive"] == direct.contract()["itineraries"][0]["arrive"] and best["transfers"] == 0
    assert len(best["legs"]) == 1 and best["via"] == [{"id": "osong", "name": "Osong"}]
    assert best["legs"][0]["via"] == [{"id": "osong", "name": "Osong"}]


def test_via_journey_is_one_continuous_journey(sample: Session) -> None:
    result = service.plan_trip(sample, origin="incheon_t1", destination="gwangju_songjeong",
                               when=f"{DAY}T09:00", via=["gimpo_airport"])
    out = result.contract()["itineraries"]
    assert out
    for it in out:
        legs = it["legs"]
        assert [v["id"] for v in it["via"]] and all(v["id"].startswith("gimpo") for v in it["via"])
        assert sum(1 for leg in legs if leg["via"]) == 1
        for a, b in itertools.pairwise(legs):
            assert a["to"]["id"] == b["from"]["id"] and a["arrive"] <= b["depart"]
            assert a["trip_id"] is None or a["trip_id"] != b["trip_id"]  # one trip is one leg
        rides = [leg for leg in legs if leg["mode"] != "walk"]
        assert it["transfers"] == len(rides) - 1
