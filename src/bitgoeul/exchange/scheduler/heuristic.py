"""Fast schedule: greedy by weight, then insertion local search that ejects, relocates or drops meetings.

Greedy fills the most valued pairs first; the local search then tries every unscheduled pair in every
common slot, moving the meetings in its way to another slot when it can and dropping them only when the
pair is worth more than what it displaces. Each accepted move strictly raises the total, so it ends.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from bitgoeul.exchange.scheduler.problem import Problem
from bitgoeul.exchange.scheduler.timetable import Timetable, slot_bits


def solve_heuristic(
    problem: Problem,
    *,
    seed: int = 0,
    time_limit: float = 5.0,
    rounds: int = 4000,
    patience: int = 1000,
    stop_at: int | None = None,
) -> Timetable:
    """Best timetable found; stops at `stop_at` (a proven ceiling), after `patience` rounds without gain,
    after `rounds`, or at `time_limit` seconds. Same seed, same result unless the clock cuts in first."""
    deadline = time.perf_counter() + time_limit
    rng = random.Random(seed)
    tt = Timetable(problem)
    order = _greedy_order(problem, rng)
    _greedy(tt, order)
    _local_search(tt, order, deadline)
    tt.log.clear()
    budget = _Budget(deadline, rounds, patience, (1 << 62) if stop_at is None else stop_at)
    if tt.weight < budget.goal:
        _iterated_search(tt, order, rng, budget)
    return tt


@dataclass(frozen=True)
class _Budget:
    deadline: float
    rounds: int
    patience: int
    goal: int


def _iterated_search(tt: Timetable, order: list[int], rng: random.Random, budget: _Budget) -> None:
    """Ruin and recreate: drop a few meetings, refill around the people touched, keep unless the total fell.

    Only pairs of the touched people are retried, so a round costs little even with 10^4 pairs;
    accepting equal totals lets the search walk across plateaus that single moves cannot leave.
    """
    problem = tt.problem
    rank = {pair: k for k, pair in enumerate(order)}
    incident: list[list[int]] = [[] for _ in range(problem.n_people)]
    for pair in order:
        incident[problem.pair_a[pair]].append(pair)
        incident[problem.pair_b[pair]].append(pair)
    last_gain = 0
    for round_no in range(budget.rounds):
        if time.perf_counter() > budget.deadline or round_no - last_gain > budget.patience or tt.weight >= budget.goal:
            return
        before = tt.weight
        mark = tt.mark()
        touched = _ruin(tt, rng)
        candidates = sorted({pair for person in touched for pair in incident[person]}, key=rank.__getitem__)
        _greedy(tt, candidates)
        _local_search(tt, candidates, budget.deadline)
        if tt.weight < before:
            tt.undo(mark)
        elif tt.weight > before:
            last_gain = round_no
        tt.log.clear()


def _ruin(tt: Timetable, rng: random.Random) -> set[int]:
    """Unschedule every meeting of a few people, or a few random meetings; return the people touched."""
    problem = tt.problem
    victims: list[int] = []
    if rng.random() < 0.5:
        for person in rng.sample(range(problem.n_people), min(problem.n_people, 3)):
            victims.extend(tt.meetings_of(person))
    else:
        scheduled = [q for q, s in enumerate(tt.slot_of) if s >= 0]
        victims = rng.sample(scheduled, min(len(scheduled), rng.randint(2, 8)))
    touched: set[int] = set()
    for q in set(victims):
        if not tt.fixed[q]:
            tt.remove(q)
            touched.update((problem.pair_a[q], problem.pair_b[q]))
    return touched


def _greedy_order(problem: Problem, rng: random.Random) -> list[int]:
    """Heavier pairs first; among equals, pairs with fewer common slots first (they have fewer chances)."""
    keys = [
        (-w, common.bit_count(), rng.random(), pair)
        for pair, (w, common) in enumerate(zip(problem.pair_weight, problem.pair_common, strict=True))
        if common
    ]
    keys.sort()
    return [k[3] for k in keys]


def _pick_slot(tt: Timetable, open_mask: int) -> int:
    """The least loaded open slot, to keep tables free everywhere for later pairs."""
    best, best_load = -1, 1 << 30
    for s in slot_bits(open_mask):
        if tt.load[s] < best_load:
            best, best_load = s, tt.load[s]
    return best


def _greedy(tt: Timetable, order: list[int]) -> None:
    for pair in order:
        if tt.slot_of[pair] < 0:
            open_mask = tt.open_slots(pair)
            if open_mask:
                tt.place(pair, _pick_slot(tt, open_mask))


def _local_search(tt: Timetable, order: list[int], deadline: float) -> None:
    improved = True
    while improved:
        improved = False
        for pair in order:
            if tt.slot_of[pair] >= 0:
                continue
            if time.perf_counter() > deadline:
                return
            for slot in slot_bits(tt.problem.pair_common[pair]):
                if _try_insert(tt, pair, slot):
                    improved = True
                    break


def _cheapest(tt: Timetable, pairs: list[int] | set[int]) -> int:
    """The lightest unpinned scheduled pair among `pairs`, or -1."""
    weight = tt.problem.pair_weight
    best, best_w = -1, 1 << 30
    for q in pairs:
        if not tt.fixed[q] and weight[q] < best_w:
            best, best_w = q, weight[q]
    return best


def _estimated_cost(tt: Timetable, pair: int, slot: int) -> int:
    """Weight an insertion at `slot` would likely drop, read off the current state without mutating it.

    It lets the search skip the vast majority of hopeless tries before paying for apply-and-undo.
    """
    p = tt.problem
    cost = 0
    clear = True
    away = ~(1 << slot)
    for person in (p.pair_a[pair], p.pair_b[pair]):
        there = tt.partner_pair[person][slot]
        if there >= 0:
            clear = False
            if tt.fixed[there]:
                return 1 << 30
            other = p.pair_a[there] + p.pair_b[there] - person
            movable = p.pair_common[there] & ~tt.busy[person] & ~tt.busy[other] & ~tt.full & away
            if tt.degree[person] >= p.cap or not movable:
                cost += p.pair_weight[there]  # at the cap it cannot stay scheduled elsewhere
        elif tt.degree[person] >= p.cap:
            q = _cheapest(tt, tt.meetings_of(person))
            if q < 0:
                return 1 << 30
            cost += p.pair_weight[q]
    if clear and tt.full == tt.all_slots and tt.load[slot] >= p.tables:
        cost += tt.lightest_in_slot(slot)
    return cost


def _free_a_table(tt: Timetable, slot: int, budget: int) -> int:
    """Make a table free in a full `slot`: move a meeting elsewhere (cost 0) or drop the lightest one."""
    p = tt.problem
    if tt.full != tt.all_slots:
        for q in tt.in_slot[slot]:
            if tt.fixed[q]:
                continue
            x, y = p.pair_a[q], p.pair_b[q]
            elsewhere = p.pair_common[q] & ~tt.busy[x] & ~tt.busy[y] & ~tt.full
            if elsewhere:
                tt.remove(q)
                tt.place(q, _pick_slot(tt, elsewhere))
                return 0
    q = _cheapest(tt, tt.in_slot[slot])
    if q < 0 or p.pair_weight[q] >= budget:
        return 1 << 30
    tt.remove(q)
    return p.pair_weight[q]


def _try_insert(tt: Timetable, pair: int, slot: int) -> bool:
    """Insert `pair` at `slot` if the net weight rises; otherwise leave the timetable as it was."""
    p = tt.problem
    gain = p.pair_weight[pair]
    if _estimated_cost(tt, pair, slot) >= gain:
        return False
    mark = tt.mark()
    a, b = p.pair_a[pair], p.pair_b[pair]
    ejected = [q for q in {tt.partner_pair[a][slot], tt.partner_pair[b][slot]} if q >= 0]
    for q in ejected:
        tt.remove(q)
    for person in (a, b):
        if tt.degree[person] >= p.cap:
            q = _cheapest(tt, tt.meetings_of(person))
            if q < 0:  # every meeting of this person is pinned
                tt.undo(mark)
                return False
            gain -= p.pair_weight[q]
            tt.remove(q)
    if gain > 0 and tt.load[slot] >= p.tables:
        gain -= _free_a_table(tt, slot, gain)
    if gain <= 0:
        tt.undo(mark)
        return False
    tt.place(pair, slot)
    for q in ejected:
        elsewhere = tt.open_slots(q)
        if elsewhere:
            tt.place(q, _pick_slot(tt, elsewhere))
        else:
            gain -= p.pair_weight[q]
    if gain <= 0:
        tt.undo(mark)
        return False
    return True
