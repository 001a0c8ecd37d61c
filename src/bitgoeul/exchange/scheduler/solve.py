"""The one call a caller needs: input in, draft timetable out, with a proven ceiling on its quality."""

from __future__ import annotations

import time
from collections import defaultdict

from bitgoeul.exchange.scheduler.bound import combinatorial_upper_bound
from bitgoeul.exchange.scheduler.heuristic import solve_heuristic
from bitgoeul.exchange.scheduler.model import Meeting, Schedule, ScheduleInput
from bitgoeul.exchange.scheduler.problem import Problem, compile_problem
from bitgoeul.exchange.scheduler.timetable import Timetable


def schedule(inp: ScheduleInput, *, exact: bool = False, time_limit: float | None = None, seed: int = 0) -> Schedule:
    """Schedule `inp`; raises `ScheduleInputError` on bad input. `exact` runs the integer program
    (default limit 60 s) and falls back to the heuristic's draft if HiGHS finds nothing better in time."""
    started = time.perf_counter()
    problem = compile_problem(inp)
    ceiling = combinatorial_upper_bound(problem)
    tt = solve_heuristic(problem, seed=seed, time_limit=5.0 if time_limit is None else time_limit, stop_at=ceiling)
    method, optimal, bound = "heuristic", tt.weight >= ceiling, ceiling
    if exact:
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
