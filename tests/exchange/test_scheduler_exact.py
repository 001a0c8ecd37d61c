"""The scheduler against independent references: brute force checks the integer program on tiny events,
the integer program checks the heuristic (>= 97% of the optimum) on small ones, and an independent
checker checks every output."""

from __future__ import annotations

from typing import Any

import pytest
from tests.exchange.test_scheduler_reference import brute_force_optimum, random_instance, violations

from bitgoeul.exchange.scheduler import (
    combinatorial_upper_bound,
    compile_problem,
    parse_input,
    schedule,
    schedule_to_dict,
)
from bitgoeul.exchange.scheduler.exact import lp_upper_bound, solve_exact
from bitgoeul.exchange.scheduler.heuristic import solve_heuristic
from bitgoeul.exchange.scheduler.model import Schedule
from bitgoeul.exchange.scheduler.solve import export_meetings
from bitgoeul.exchange.scheduler.timetable import Timetable

TINY = [
    (seed, {"people": p, "slots": s, "tables": t, "cap": c, "wishes": w, "availability": av})
    for seed, (p, s, t, c, w, av) in enumerate(
        [(5, 2, 1, 2, 3, 0.8), (6, 3, 1, 2, 3, 0.7), (6, 2, 2, 2, 3, 1.0), (7, 3, 2, 1, 3, 0.6)] * 5
    )
]

SMALL = [
    (seed, {"people": p, "slots": s, "tables": t, "cap": c, "wishes": w, "availability": av})
    for seed, (p, s, t, c, w, av) in enumerate(
        [
            (12, 3, 2, 2, 4, 0.7),  # tables bind
            (20, 4, 3, 3, 5, 0.8),
            (30, 6, 5, 4, 6, 0.8),
            (30, 6, 12, 3, 6, 0.5),  # people and availability bind
            (50, 6, 8, 4, 8, 0.8),
            (60, 8, 30, 3, 4, 0.4),  # sparse availability, ample tables
            (80, 8, 10, 5, 8, 0.9),
        ]
        * 3,
        start=100,
    )
]


def _as_output(problem_doc: dict[str, Any], tt: Timetable) -> dict[str, Any]:
    problem = compile_problem(parse_input(problem_doc))
    meetings = export_meetings(problem, tt)
    return schedule_to_dict(Schedule(meetings=meetings, total_weight=tt.weight, upper_bound=None, seconds=0.0))


@pytest.mark.parametrize(("seed", "shape"), TINY)
def test_exact_program_matches_brute_force(seed: int, shape: dict[str, Any]) -> None:
    doc = random_instance(seed, **shape)
    problem = compile_problem(parse_input(doc))
    result = solve_exact(problem, time_limit=60)
    assert result.optimal and result.timetable is not None
    assert result.timetable.weight == brute_force_optimum(doc)
    assert violations(doc, _as_output(doc, result.timetable)) == []


@pytest.mark.parametrize(("seed", "shape"), SMALL)
def test_heuristic_reaches_97_percent_of_the_optimum(seed: int, shape: dict[str, Any]) -> None:
    doc = random_instance(seed, **shape)
    problem = compile_problem(parse_input(doc))
    exact = solve_exact(problem, time_limit=120)
    assert exact.optimal and exact.timetable is not None
    optimum = exact.timetable.weight
    # Few rounds and a generous clock: the run is reproducible, and more rounds can only do better.
    out = schedule_to_dict(schedule(parse_input(doc), time_limit=600, rounds=150))
    assert out["total_weight"] >= 0.97 * optimum
    assert violations(doc, out) == []
    assert violations(doc, _as_output(doc, exact.timetable)) == []
    assert out["upper_bound"] >= optimum
    assert combinatorial_upper_bound(problem) >= optimum
    lp = lp_upper_bound(problem, time_limit=120)
    assert lp is not None and lp >= optimum


@pytest.mark.parametrize(("seed", "shape"), SMALL[:7])
def test_unguided_search_is_feasible_and_never_worse_with_more_rounds(seed: int, shape: dict[str, Any]) -> None:
    doc = random_instance(seed, **shape)
    problem = compile_problem(parse_input(doc))
    short = solve_heuristic(problem, seed=3, time_limit=600, rounds=20, patience=20)
    longer = solve_heuristic(problem, seed=3, time_limit=600, rounds=80, patience=80)
    assert violations(doc, _as_output(doc, short)) == []
    assert violations(doc, _as_output(doc, longer)) == []
    assert longer.weight >= short.weight
