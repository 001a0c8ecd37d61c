"""Meeting planner on the sample feed: a client landing at Incheon and a CEO in Gwangju."""

from __future__ import annotations

from datetime import datetime

import pytest
from tests.transit.feeds import timetable_named

from bitgoeul.transit.router import Traveller, meet, meeting_option_dict, plan

CLIENT = Traveller("incheon_t1", datetime(2026, 11, 30, 14, 5), name="client")
CEO = Traveller("cheomdan_ai_dc", datetime(2026, 11, 30, 13, 0), name="ceo")


def test_rankings_and_itineraries_match_single_plans() -> None:
    tt = timetable_named("sample", 2)
    result = meet(tt, [CLIENT, CEO], "hubs", limit=50)
    assert result.by_latest_arrival
    for opt in result.by_latest_arrival:
        assert len(opt.itineraries) == 2
        arrivals = []
        for trav, it in zip([CLIENT, CEO], opt.itineraries, strict=True):
            assert isinstance(trav.origin, str)
            # Brute force: the earliest arrival of a plain trip plan to the same place.
            best = plan(tt, trav.origin, opt.place, trav.earliest_departure)
            want = min((i.arrive for i in best), default=None)
            if trav.origin == opt.place:
                want = it.arrive
            assert it.arrive == want
            arrivals.append(it.arrive)
        assert opt.latest_arrival == max(arrivals)
        spent = [a - s for a, s in zip(arrivals, [14 * 3600 + 300, 13 * 3600], strict=True)]
        assert opt.total_minutes == sum(spent) // 60
        assert opt.fairness_minutes == (max(spent) - min(spent)) // 60
    keys = [(o.latest_arrival, o.total_minutes) for o in result.by_latest_arrival]
    assert keys == sorted(keys)
    assert [o.fairness_minutes for o in result.by_fairness] == sorted(o.fairness_minutes for o in result.by_fairness)
    assert [o.total_minutes for o in result.by_total_time] == sorted(o.total_minutes for o in result.by_total_time)
    # Meeting where the client lands, in Gwangju, and halfway are all on the table.
    places = {o.place for o in result.by_latest_arrival}
    assert {"incheon_t1", "gwangju_songjeong"} <= places
    d = meeting_option_dict(result.by_fairness[0], tt.feed, "en")
    assert d["place"]["name"] and len(d["itineraries"]) == 2


def test_latest_return_excludes_places_too_far_to_get_home() -> None:
    tt = timetable_named("sample", 2)
    free = meet(tt, [CLIENT, CEO], ["incheon_t1", "usquare"], limit=5)
    assert {o.place for o in free.by_latest_arrival} == {"incheon_t1", "usquare"}
    ceo_home_early = Traveller(
        "cheomdan_ai_dc", datetime(2026, 11, 30, 13, 0), latest_return=datetime(2026, 11, 30, 20, 30)
    )
    tight = meet(tt, [CLIENT, ceo_home_early], ["incheon_t1", "usquare"], limit=5)
    # At Incheon the CEO arrives late in the afternoon: no way back to Gwangju by 20:30.
    assert {o.place for o in tight.by_latest_arrival} == {"usquare"}


def test_bad_candidates() -> None:
    tt = timetable_named("sample", 2)
    with pytest.raises(ValueError, match="unknown candidate"):
        meet(tt, [CLIENT], ["atlantis"])
    with pytest.raises(ValueError, match="at least one traveller"):
        meet(tt, [], "hubs")
