"""The one call a caller needs: input in, draft timetable out, with a proven ceiling on its quality."""

from __future__ import annotations

import time
from collections import defaultdict

from bitgoeul.exchange.scheduler.bound import combinatorial_upper_bound
from bitgoeul.exchange.scheduler.heuristic import solve_heuristic
from bitgoeul.exchange.scheduler.model import Meeting, Schedule, ScheduleInput
from bitgoeul.exchange.scheduler.problem import Problem, compile_problem
from bitgoeul.exchange.scheduler.timetable import Timetable

# Seconds of search by default: leaves room under 10 s for reading and checking a 1,000-attendee input.
DEFAULT_TIME_LIMIT = 6.0


def schedule(
    inp: ScheduleInput, *, exact: bool = False, time_limit: float | None = None, seed: int = 0, rounds: int = 4000
) -> Schedule:
    """Schedule `inp`; raises `ScheduleInputError` on bad input. The heuristic gets `time_limit` s (default 6)
    and at most `rounds` search rounds; `exact` then runs the integer program (default limit 60 s) and keeps
    the heuristic's draft if HiGHS finds nothing better in time."""
    started = time.perf_counter()
    problem = compile_problem(inp)
    tt, bound = _heuristic(
        problem, seed=seed, budget=DEFAULT_TIME_LIMIT if time_limit is None else time_limit, rounds=rounds
    )
    method, optimal = "heuristic", tt.weight >= bound
    if exact and not optimal:
        # Imported here so plain scheduling does not pay for loading scipy.
        from bitgoeul.exchange.scheduler.exact import solve_exact

        result = solve_exact(problem, time_limit=60.0 if time_limit is None else time_limit)
        if result.bound is not None:
            bound = min(bound, result.bound)
        if result.timetable is not None and result.timetable.weight >= tt.weight:
            tt, method = result.timetable, "exact"
        optimal = result.optimal or tt.weight >= bound
    return Schedule(
        meetings=export_meetings(problem, tt),
        total_weight=tt.weight,
        upper_bound=bound,
        seconds=time.perf_counter() - started,
        optimal=optimal,
        method=method,
    )


def _heuristic(problem: Problem, *, seed: int, budget: float, rounds: int) -> tuple[Timetable, int]:
    """Greedy and local search first (at most 30% of the budget); only if that misses the cheap ceiling,
    pay for the LP relaxation (at most half of what is left) to guide a second start and tighten the
    ceiling; the better start then gets the rest of the budget for ruin-and-recreate rounds."""
    deadline = time.perf_counter() + budget
    ceiling = combinatorial_upper_bound(problem)
    best = solve_heuristic(problem, seed=seed, time_limit=0.3 * budget, rounds=0, stop_at=ceiling)
    if best.weight >= ceiling:
        return best, ceiling
    from bitgoeul.exchange.scheduler.exact import lp_relaxation

    relaxation = lp_relaxation(problem, time_limit=0.5 * max(0.0, deadline - time.perf_counter()))
    if relaxation is not None:
        ceiling = min(ceiling, relaxation.bound)
        left = max(0.0, deadline - time.perf_counter())
        guided = solve_heuristic(problem, seed=seed, time_limit=left, rounds=0, stop_at=ceiling, guide=relaxation)
        if guided.weight >= best.weight:
            best = guided
    left = max(0.0, deadline - time.perf_counter())
    tt = solve_heuristic(problem, seed=seed, time_limit=left, rounds=rounds, stop_at=ceiling, start=best)
    return tt, ceiling


def export_meetings(problem: Problem, tt: Timetable) -> tuple[Meeting, ...]:
    """Meetings in slot order with table numbers: pins keep theirs, the rest fill the lowest free tables."""
    pinned_table = {pin.pair: pin.table for pin in problem.pins if pin.table is not None}
    by_slot: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for pair, slot in enumerate(tt.slot_of):
        if slot >= 0:
            x, y = problem.person_ids[problem.pair_a[pair]], problem.person_ids[problem.pair_b[pair]]
            a, b = sorted((x, y))
            by_slot[slot].append((a, b, pair))
    meetings: list[Meeting] = []
    for slot in sorted(by_slot):
        taken = {pinned_table[pair] for _, _, pair in by_slot[slot] if pair in pinned_table}
        free = (t for t in range(1, problem.tables + 1) if t not in taken)
        placed = []
        for a, b, pair in sorted(by_slot[slot]):
            table = pinned_table[pair] if pair in pinned_table else next(free)
            placed.append(Meeting(slot=problem.slot_ids[slot], table=table, a=a, b=b))
        meetings.extend(sorted(placed, key=lambda m: m.table))
    return tuple(meetings)
