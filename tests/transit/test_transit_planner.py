"""Trip plans on the sample feed and a hand-worked network: legs, arrive-by, windows, via, fares, errors."""

from __future__ import annotations

import itertools
import random
from datetime import date, datetime
from pathlib import Path

import pytest
from tests.transit.feeds import SAMPLE_DAY, feed_named, timetable_named
from tests.transit.test_transit_gtfs import write_feed

from bitgoeul.transit.router import (
    Itinerary,
    PlaceError,
    build_timetable,
    itinerary_dict,
    load_feed,
    plan,
    plan_arrive_by,
    plan_range,
)

DAY = datetime(2026, 11, 30)


def at(h: int, m: int = 0, day: datetime = DAY) -> datetime:
    return day.replace(hour=h, minute=m)


def check_legs(it: Itinerary) -> None:
    """Legs follow each other in time and place; each ride matches its trip in the feed."""
    for a, b in itertools.pairwise(it.legs):
        assert a.to_stop == b.from_stop
        assert a.arrive <= b.depart
    assert it.depart == it.legs[0].depart and it.arrive == it.legs[-1].arrive
    rides = [leg for leg in it.legs if leg.mode != "walk"]
    assert it.transfers == max(len(rides) - 1, 0)
    for a, b in itertools.pairwise(rides):
        assert a.trip_id != b.trip_id  # consecutive stops of one trip are one leg (through a via stop too)


def test_headline_incheon_to_ai_data_center() -> None:
    tt = timetable_named("sample", 2)
    its = plan(tt, "incheon_t1", "cheomdan_ai_dc", at(14, 5))
    assert its
    fastest = its[0]
    hours = (fastest.arrive_at - at(14, 5)).total_seconds() / 3600
    assert 3.5 <= hours <= 5.0  # "four hours", as the firms say
    modes = [leg.mode for leg in fastest.legs]
    assert "rail" in modes and modes[-1] in {"bus", "walk"}
    for it in its:
        check_legs(it)
    assert [it.arrive for it in its] == sorted(it.arrive for it in its)
    assert [it.transfers for it in its] == sorted((it.transfers for it in its), reverse=True)
    data = itinerary_dict(fastest, tt.feed, "en")
    assert data["legs"][0]["from"]["name"].startswith("Incheon Airport Terminal 1")
    assert data["depart"].startswith("2026-11-30T14:")
    ko = itinerary_dict(fastest, tt.feed, "ko")
    assert ko["legs"][0]["from"]["name"].startswith("인천공항")


def test_fares_are_summed_per_ride() -> None:
    tt = timetable_named("sample", 2)
    its = plan(tt, "incheon_t2", "seoul", at(10))
    it = next(i for i in its if i.transfers == 0)
    assert it.fare in {9_500.0, 4_750.0} and it.currency == "KRW"
    trip = plan(tt, "yongsan", "gwangju_songjeong", at(9))[0]
    assert trip.fare == 46_800.0
    # The flight has no published fare: the total is unknown, not wrong.
    air = plan(tt, "gimpo_air", "gwangju_air", at(7))
    assert air[0].legs[0].mode == "air" and air[0].fare is None


def test_arrive_by_leaves_as_late_as_possible() -> None:
    tt = timetable_named("sample", 2)
    its = plan_arrive_by(tt, "incheon_t1", "cheomdan_ai_dc", at(20))
    assert its
    for it in its:
        check_legs(it)
        assert it.arrive <= 20 * 3600
    latest = its[0]
    # Leaving any later than the latest departure arrives after the deadline.
    later = plan(tt, "incheon_t1", "cheomdan_ai_dc", latest.depart + 60)
    assert min(i.arrive for i in later) > 20 * 3600


def test_range_query_is_non_dominated_and_complete() -> None:
    tt = timetable_named("sample", 2)
    its = plan_range(tt, "yongsan", "gwangju_songjeong", at(8), at(12))
    assert len(its) >= 4
    for a in its:
        for b in its:
            if a is not b:
                assert not (b.depart >= a.depart and b.arrive <= a.arrive and b.transfers <= a.transfers)
    # Every departure-time answer inside the window is matched or beaten by a listed option.
    for minute in range(8 * 60, 12 * 60, 17):
        for it in plan(tt, "yongsan", "gwangju_songjeong", minute * 60):
            if it.depart <= 12 * 3600:
                assert any(o.depart >= it.depart and o.arrive <= it.arrive and o.transfers <= it.transfers for o in its)


def test_via_stop_is_visited() -> None:
    tt = timetable_named("sample", 2)
    its = plan(tt, "incheon_t1", "gwangju_songjeong", at(9), via=["gimpo_airport"])
    assert its
    feed = tt.feed
    for it in its:
        check_legs(it)  # a trip running on through the via stop is one leg, not two
        marked = [leg for leg in it.legs if leg.via]
        assert len(marked) == 1 and all(v.startswith("gimpo") for v in marked[0].via)
        leg = marked[0]
        if leg.to_stop not in leg.via:  # passed on board: the trip calls there between the leg's ends
            i = feed.trip_position(leg.trip_id or "")
            assert i is not None
            calls = [feed.stops[int(x)].id for x in feed.stop_times.stop[feed.stop_times.trip_ptr[i]:
                                                                       feed.stop_times.trip_ptr[i + 1]]]
            assert calls.index(leg.from_stop) < calls.index(leg.via[0]) < calls.index(leg.to_stop)


def test_coordinates_and_walking() -> None:
    tt = timetable_named("sample", 2)
    feed = tt.feed
    dc = feed.stops[feed.stop_index["cheomdan_ai_dc"]]
    its = plan(tt, "gwangju_songjeong", (dc.lat + 0.001, dc.lon), at(9))
    assert its and its[0].legs[-1].mode == "walk" and its[0].legs[-1].to_stop.startswith("35.22")
    near = plan(tt, (dc.lat, dc.lon), (dc.lat + 0.002, dc.lon), at(9))
    assert near[0].legs[0].mode == "walk" and near[0].transfers == 0


def test_midnight_and_next_day_service() -> None:
    tt = timetable_named("sample", 2)
    its = plan(tt, "yongsan", "gwangju_songjeong", at(23, 30))
    assert its and its[0].depart_at.date() == date(2026, 12, 1)  # the first train tomorrow


def test_bad_places_and_times() -> None:
    tt = timetable_named("sample", 2)
    with pytest.raises(PlaceError, match="unknown stop"):
        plan(tt, "nowhere", "seoul", at(9))
    with pytest.raises(PlaceError, match="no stop within"):
        plan(tt, (0.0, 0.0), "seoul", at(9))
    with pytest.raises(ValueError, match="outside the loaded service days"):
        plan(tt, "yongsan", "seoul", datetime(2030, 1, 1, 9))
    # Nothing leaves after the last day loaded: an empty answer, not an error.
    assert plan(tt, "yongsan", "gwangju_songjeong", at(23, 59).replace(day=1, month=12)) == []


NET_STOPS = (
    "stop_id,stop_name,stop_lat,stop_lon\nA,A,35.0,126.0\nB,B,35.1,126.0\nC,C,35.2,126.0\nD,D,35.3,126.0\n"
    "B2,B2,35.1005,126.0\n"
)


def hand_network(tmp_path: Path) -> Path:
    """A-B by r1 arriving 08:10; B-C by r2 at 08:12 (tight) or 08:30; B2 is 56 m from B; r3 overtakes."""
    return write_feed(
        tmp_path / "net",
        {
            "stops.txt": NET_STOPS,
            "routes.txt": "route_id,route_short_name,route_long_name,route_type\nr1,1,,3\nr2,2,,3\nr3,3,,2\n",
            "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,"
            "end_date\nd,1,1,1,1,1,1,1,20260101,20261231\n",
            "trips.txt": "route_id,service_id,trip_id\nr1,d,a\nr2,d,fast\nr2,d,slow\nr3,d,x1\nr3,d,x2\nr2,d,w\n",
            "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n"
            "a,08:00:00,08:00:00,A,1,0,0\na,08:10:00,08:10:00,B,2,0,0\n"
            "fast,08:12:00,08:12:00,B,1,0,0\nfast,08:20:00,08:20:00,C,2,0,0\n"
            "slow,08:30:00,08:30:00,B,1,0,0\nslow,08:40:00,08:40:00,C,2,0,0\n"
            # x2 leaves C after x1 but reaches D first: the router must keep both.
            "x1,08:41:00,08:41:00,C,1,0,0\nx1,09:30:00,09:30:00,D,2,0,0\n"
            "x2,08:45:00,08:45:00,C,1,0,0\nx2,09:00:00,09:00:00,D,2,0,0\n"
            # w calls at B2 but lets nobody off there.
            "w,08:11:00,08:11:00,A,1,0,0\nw,08:14:00,08:14:00,B2,2,0,1\nw,08:16:00,08:16:00,C,3,0,0\n",
            "transfers.txt": "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nB,B,2,180\n",
        },
    )


def test_hand_worked_network(tmp_path: Path) -> None:
    feed, report = load_feed(hand_network(tmp_path))
    assert report.problems == []
    tt = build_timetable(feed, date(2026, 3, 2))
    # 08:10 at B + 3 min change misses the 08:12; w (08:11 from A) is the better one-ride answer.
    its = plan(tt, "A", "C", 8 * 3600)
    assert [(i.transfers, i.arrive) for i in its] == [(0, 8 * 3600 + 16 * 60)]
    # From C at 08:40, the overtaking x2 (08:45 -> 09:00) beats x1.
    assert plan(tt, "C", "D", 8 * 3600 + 40 * 60)[0].arrive == 9 * 3600
    # Nobody gets off w at B2, so reaching B2 means r1 to B and a 56 m walk.
    its = plan(tt, "A", "B2", 8 * 3600)
    assert its[0].legs[0].trip_id == "a" and its[0].legs[-1].mode == "walk"
    # Arrive by 08:41 at C: leave A on "a" 08:00 to catch "slow"? No: w at 08:11 is later and direct.
    back = plan_arrive_by(tt, "A", "C", 8 * 3600 + 41 * 60)
    assert back[0].depart == 8 * 3600 + 11 * 60 and back[0].transfers == 0


def test_random_itineraries_are_consistent_on_nyc() -> None:
    feed = feed_named("nyc_subway_gtfs.zip")
    tt = timetable_named("nyc_subway_gtfs.zip", 1)
    rng = random.Random(4)
    stations = [s.id for s in feed.stops if s.location_type == 1]
    checked = 0
    for _ in range(60):
        o, d = rng.sample(stations, 2)
        t = rng.randrange(5 * 3600, 22 * 3600)
        for it in plan(tt, o, d, t) + plan_arrive_by(tt, o, d, t + 3 * 3600):
            check_legs(it)
            checked += 1
            for leg in it.legs:
                if leg.trip_id:
                    ti = next(k for k, x in enumerate(feed.trips) if x.id == leg.trip_id)
                    lo, hi = int(feed.stop_times.trip_ptr[ti]), int(feed.stop_times.trip_ptr[ti + 1])
                    ids = [feed.stops[int(s)].id for s in feed.stop_times.stop[lo:hi]]
                    assert ids.index(leg.from_stop) < ids.index(leg.to_stop)
    assert checked > 60


def test_sample_day_constant_matches_calendar() -> None:
    assert feed_named("sample").services["daily"].runs_on(SAMPLE_DAY)
