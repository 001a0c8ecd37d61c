"""Exact schedule as an integer program solved by HiGHS (through `scipy.optimize.milp`).

One binary x[pair, slot] per allowed pair and common slot. Tables are interchangeable, so they are not
variables: a slot only needs `sum x <= tables`; table numbers are handed out afterwards. The same model
with the integrality dropped gives the LP upper bound.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from bitgoeul.exchange.scheduler.problem import Problem
from bitgoeul.exchange.scheduler.timetable import Timetable, slot_bits

# HiGHS stops at a relative gap of 1e-4 by default; objectives here reach 10^4, so ask for less.
_MIP_REL_GAP = 1e-7


@dataclass(frozen=True)
class ExactResult:
    """`timetable` is None when HiGHS found no solution in time; `bound` is its proven ceiling."""

    timetable: Timetable | None
    optimal: bool
    bound: int | None


@dataclass(frozen=True)
class Relaxation:
    """The LP relaxation's answer: a ceiling, and per pair its fractional value and favourite slot (-1: none).

    The heuristic schedules pairs the LP values most first, where the LP put them: the LP is nearly
    integral on these instances, so this start is usually within a meeting or two of the optimum."""

    bound: int
    value: tuple[float, ...]
    slot: tuple[int, ...]


@dataclass(frozen=True)
class _Model:
    var_pair: np.ndarray
    var_slot: np.ndarray
    objective: np.ndarray
    constraint: LinearConstraint | None
    lower: np.ndarray


def _build(problem: Problem) -> _Model:
    var_pair: list[int] = []
    var_slot: list[int] = []
    for pair, common in enumerate(problem.pair_common):
        for s in slot_bits(common):
            var_pair.append(pair)
            var_slot.append(s)
    n_vars = len(var_pair)
    vp = np.asarray(var_pair, dtype=np.int64)
    vs = np.asarray(var_slot, dtype=np.int64)
    cols = np.arange(n_vars, dtype=np.int64)
    pa = np.asarray(problem.pair_a, dtype=np.int64)[vp] if n_vars else vp
    pb = np.asarray(problem.pair_b, dtype=np.int64)[vp] if n_vars else vp
    n, m, n_pairs = problem.n_people, problem.n_slots, len(problem.pair_weight)
    # Row blocks: pair at most once | person once per slot | person cap | tables per slot.
    person_slot_row = n_pairs + np.concatenate([pa * m + vs, pb * m + vs])
    cap_row = n_pairs + n * m + np.concatenate([pa, pb])
    rows = np.concatenate([vp, person_slot_row, cap_row, n_pairs + n * m + n + vs])
    columns = np.concatenate([cols, cols, cols, cols, cols, cols])
    n_rows = n_pairs + n * m + n + m
    upper = np.concatenate([np.ones(n_pairs + n * m), np.full(n, problem.cap), np.full(m, problem.tables)])
    matrix = coo_array((np.ones(len(rows)), (rows, columns)), shape=(n_rows, n_vars)).tocsr()
    lower = np.zeros(n_vars)
    pinned = {(pin.pair, pin.slot) for pin in problem.pins}
    for k, (pair, s) in enumerate(zip(var_pair, var_slot, strict=True)):
        if (pair, s) in pinned:
            lower[k] = 1.0
    objective = -np.asarray(problem.pair_weight, dtype=float)[vp] if n_vars else np.zeros(0)
    constraint = LinearConstraint(matrix, -np.inf, upper) if n_vars else None
    return _Model(vp, vs, objective, constraint, lower)


def _run(model: _Model, *, integral: bool, time_limit: float) -> tuple[np.ndarray | None, bool, float | None]:
    """Solve; return (x, proven optimal, dual bound on the maximum)."""
    if len(model.objective) == 0:
        return np.zeros(0), True, 0.0
    result = milp(
        model.objective,
        integrality=np.ones_like(model.objective) if integral else np.zeros_like(model.objective),
        bounds=Bounds(model.lower, np.ones_like(model.objective)),
        constraints=model.constraint,
        options={"time_limit": time_limit, "mip_rel_gap": _MIP_REL_GAP, "disp": False},
    )
    x = None if result.x is None else np.asarray(result.x)
    optimal = result.status == 0
    dual = getattr(result, "mip_dual_bound", None)
    if integral and dual is not None and np.isfinite(dual):
        bound: float | None = -float(dual)
    elif optimal and result.fun is not None:
        bound = -float(result.fun)
    else:
        bound = None
    return x, optimal, bound


def _floor(value: float | None) -> int | None:
    # Weights are integers, so any proven real ceiling rounds down; the epsilon absorbs solver tolerance.
    return None if value is None else int(np.floor(value + 1e-6))


def solve_exact(problem: Problem, *, time_limit: float = 60.0) -> ExactResult:
    """Optimal timetable if HiGHS proves it within `time_limit` s, else its best one and dual bound."""
    model = _build(problem)
    x, optimal, bound = _run(model, integral=True, time_limit=time_limit)
    if x is None:
        return ExactResult(None, False, _floor(bound))
    tt = Timetable(problem)
    pinned = {pin.pair for pin in problem.pins}
    for k in np.flatnonzero(x > 0.5):
        pair = int(model.var_pair[k])
        if pair not in pinned:
            tt.place(pair, int(model.var_slot[k]))
    tt.log.clear()
    return ExactResult(tt, optimal, _floor(bound if bound is not None else float(tt.weight)))


def lp_relaxation(problem: Problem, *, time_limit: float = 60.0) -> Relaxation | None:
    """Solve the LP relaxation, or None if HiGHS did not finish within `time_limit` s."""
    model = _build(problem)
    x, optimal, bound = _run(model, integral=False, time_limit=time_limit)
    ceiling = _floor(bound)
    if x is None or not optimal or ceiling is None:
        return None
    n_pairs = len(problem.pair_weight)
    value = np.zeros(n_pairs)
    np.add.at(value, model.var_pair, x)
    slot = np.full(n_pairs, -1, dtype=np.int64)
    best = np.full(n_pairs, 1e-6)
    for k in np.flatnonzero(x > 1e-6):  # only the LP's support: a small share of the variables
        pair = model.var_pair[k]
        if x[k] > best[pair]:
            best[pair], slot[pair] = x[k], model.var_slot[k]
    return Relaxation(bound=ceiling, value=tuple(value.tolist()), slot=tuple(slot.tolist()))


def lp_upper_bound(problem: Problem, *, time_limit: float = 60.0) -> int | None:
    """Ceiling from the LP relaxation (floor of its optimum), or None if HiGHS did not finish."""
    relaxation = lp_relaxation(problem, time_limit=time_limit)
    return None if relaxation is None else relaxation.bound
