"""RAPTOR against the independent layered connection scan: Pareto sets of (trips, time), both ways."""

from __future__ import annotations

import random

import pytest
from tests.transit.feeds import REAL_DAYS, SAMPLE_DAY, feed_named, timetable_named
from tests.transit.reference import Reference, pareto_of

from bitgoeul.transit.router import kernel, plan, plan_arrive_by
from bitgoeul.transit.router.raptor import pareto, run
from bitgoeul.transit.router.timetable import access_from_stop, egress_to_stop

QUERIES = 1000
ENGINES = ["numpy", "numba"] if kernel.AVAILABLE else ["numpy"]  # both must agree with the reference
CASES = [("nyc_subway_gtfs.zip", 1), ("cairns_gtfs.zip", 1), ("sample", 2)]


@pytest.mark.parametrize(("name", "days"), CASES)
def test_raptor_matches_reference(name: str, days: int) -> None:
    feed = feed_named(name)
    tt = timetable_named(name, days)
    base = SAMPLE_DAY if name == "sample" else REAL_DAYS[name]
    ref = Reference(feed, base, days)
    rng = random.Random(f"{name}-{days}")
    # Stops that trains call at, plus stations (queries at a station mean any of its platforms).
    places = sorted(ref.served | {feed.stop_index[p] for p in ref.kids})
    queries = []
    for _ in range(QUERIES):
        o, d = rng.sample(places, 2)
        queries.append((o, d, rng.randrange(-2 * 3600, days * 86_400 + 2 * 3600)))
    ref_q = [(ref.access(o), t, ref.egress(d)) for o, d, t in queries]
    forward = ref.earliest(ref_q)
    backward = ref.latest(ref_q)
    mirror = tt.mirrored()
    mismatches = []
    reachable = 0
    for n, ((o, d, t), (r_acc, _, r_eg), lay_f, lay_b) in enumerate(
        zip(queries, ref_q, forward, backward, strict=True)
    ):
        acc, eg = access_from_stop(tt, o), egress_to_stop(tt, d)
        assert (acc, eg) == (r_acc, r_eg), "walking access/egress differ"
        want_f, want_b = pareto_of(lay_f), pareto_of(lay_b, later_is_better=True)
        reachable += bool(want_f)
        for engine in ENGINES:
            got_f = pareto(run(tt, acc, t, eg, engine=engine))
            got_b = [(k, -x) for k, x in pareto(run(mirror, eg, -t, acc, engine=engine))]
            if got_f != want_f or got_b != want_b:
                mismatches.append((engine, feed.stops[o].id, feed.stops[d].id, t, got_f, want_f, got_b, want_b))
        if n % 10 == 0:  # the itineraries rebuilt from the labels carry the same numbers
            oid, did = feed.stops[o].id, feed.stops[d].id
            assert sorted((it.trips, it.arrive) for it in plan(tt, oid, did, t)) == want_f
            assert sorted((it.trips, it.depart) for it in plan_arrive_by(tt, oid, did, t)) == want_b
    assert mismatches == []
    assert reachable > QUERIES // 2  # the comparison is not vacuous
