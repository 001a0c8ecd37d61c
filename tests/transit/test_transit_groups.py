"""Places made of several stops (a city, an airport's terminals): one multi-source, multi-target search must
give exactly the Pareto front of the single-stop searches between every pair of members (an independent
reference built from the already-tested single-stop router), and its legs must name the member used."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

import pytest
from tests.transit.feeds import REAL_DAYS, SAMPLE_DAY, timetable_named

from bitgoeul.transit.router import Itinerary, PlaceError, StopGroup, Timetable, plan, plan_arrive_by


def front(options: list[Itinerary], *, arrive_by: bool = False) -> list[tuple[int, int]]:
    """(transfers, time) Pareto front: earliest arrival (or latest departure) for each number of transfers."""
    best: dict[int, int] = {}
    for it in options:
        value = -it.depart if arrive_by else it.arrive
        best[it.transfers] = min(best.get(it.transfers, value), value)
    out: list[tuple[int, int]] = []
    record: int | None = None
    for k in sorted(best):
        if record is None or best[k] < record:
            out.append((k, best[k]))
            record = best[k]
    return out


def reference(tt: Timetable, a: StopGroup, b: StopGroup, when: datetime, *, arrive_by: bool = False) -> list[
        tuple[int, int]]:
    found: list[Itinerary] = []
    for x in a.stops:
        for y in b.stops:
            try:
                found += plan_arrive_by(tt, x, y, when) if arrive_by else plan(tt, x, y, when)
            except PlaceError:
                continue
    return front(found, arrive_by=arrive_by)


def stations(tt: Timetable) -> list[str]:
    feed = tt.feed
    return [s.id for i, s in enumerate(feed.stops) if not s.parent_id and (tt.served[i] or s.id in feed.children())]


def member_stops(tt: Timetable, group: StopGroup) -> set[str]:
    children = tt.feed.children()
    return {c for sid in group.stops for c in [sid, *[tt.feed.stops[k].id for k in children.get(sid, [])]]}


def test_airport_to_city_on_the_sample() -> None:
    tt = timetable_named("sample", 2)
    airport = StopGroup("place:icn", ("incheon_t1", "incheon_t2"))
    city = StopGroup("place:gwangju", ("gwangju_songjeong", "gwangju_airport", "usquare", "gwangju_station",
                                       "cheomdan_ai_dc", "ai_academy"))
    when = datetime.combine(SAMPLE_DAY, time(9))
    its = plan(tt, airport, city, when)
    assert front(its) == reference(tt, airport, city, when)
    assert its and 2 <= (its[0].arrive_at - when).total_seconds() / 3600 <= 6.5
    for it in its:
        assert it.legs[0].from_stop in member_stops(tt, airport), it.legs[0]
        assert it.legs[-1].to_stop in member_stops(tt, city)
        assert "place:" not in "".join(f"{leg.from_stop}{leg.to_stop}" for leg in it.legs)


@pytest.mark.parametrize(("name", "days"), [("sample", 2), ("cairns_gtfs.zip", 1), ("nyc_subway_gtfs.zip", 1)])
def test_groups_equal_the_front_of_their_pairs(name: str, days: int) -> None:
    tt = timetable_named(name, days)
    day = SAMPLE_DAY if name == "sample" else REAL_DAYS[name]
    rng = random.Random(20261208)
    pool = stations(tt)
    for _ in range(40 if name == "sample" else 25):
        picked = rng.sample(pool, 6)
        a, b = StopGroup("A", tuple(picked[:3])), StopGroup("B", tuple(picked[3:]))
        when = datetime.combine(day, time()) + timedelta(minutes=rng.randrange(5 * 60, 20 * 60))
        try:
            got = plan(tt, a, b, when)
        except PlaceError:
            continue
        assert front(got) == reference(tt, a, b, when), (picked, when)
        late = plan_arrive_by(tt, a, b, when + timedelta(hours=4))
        assert front(late, arrive_by=True) == reference(tt, a, b, when + timedelta(hours=4), arrive_by=True)
        for it in got + late:
            assert it.legs[0].from_stop != "A" and it.legs[-1].to_stop != "B"


def test_a_group_with_no_service_is_refused() -> None:
    tt = timetable_named("sample", 1)
    with pytest.raises(PlaceError):
        plan(tt, StopGroup("nowhere", ()), "seoul", datetime.combine(SAMPLE_DAY, time(9)))


def test_a_ride_through_several_stops_of_the_group_boards_at_the_last() -> None:
    # The airport bus calls at Terminal 2 (11:15), then Terminal 1 (11:35): leaving "the airport" at 09:00 one
    # boards at Terminal 1, same arrival, 20 minutes less on the bus. (Both terminals are in the group.)
    tt = timetable_named("sample", 2)
    airport = StopGroup("place:icn", ("incheon_t2", "incheon_t1"))
    its = plan(tt, airport, "usquare", datetime.combine(SAMPLE_DAY, time(9)))
    bus = next(it for it in its if it.transfers == 0)
    assert bus.legs[0].from_stop == "incheon_t1_bus" and bus.depart_at.strftime("%H:%M") == "11:35"
    assert bus.arrive_at.strftime("%H:%M") == "15:20" and bus.fare == 32_300


def test_arriving_by_a_deadline_gets_off_at_the_first_stop_of_the_group() -> None:
    # The bus from Gwangju reaches Terminal 1 (17:15) before Terminal 2 (17:35): arriving at "the airport"
    # by 18:00 one gets off at Terminal 1.
    tt = timetable_named("sample", 2)
    airport = StopGroup("place:icn", ("incheon_t2", "incheon_t1"))
    its = plan_arrive_by(tt, "usquare", airport, datetime.combine(SAMPLE_DAY, time(18)))
    bus = next(it for it in its if it.transfers == 0)
    assert bus.legs[-1].to_stop == "incheon_t1_bus" and bus.arrive_at.strftime("%H:%M") == "17:15"
    assert bus.depart_at.strftime("%H:%M") == "13:30"
