"""Fast schedule: greedy by weight, then insertion local search that ejects, relocates or drops meetings.

Greedy fills the most valued pairs first; the local search then tries every unscheduled pair in every
common slot, moving the meetings in its way to another slot when it can and dropping them only when the
pair is worth more than what it displaces. Each accepted move strictly raises the total, so it ends.
"""

from __future__ import annotations

import random
import time

from bitgoeul.exchange.scheduler.problem import Problem
from bitgoeul.exchange.scheduler.timetable import Timetable, slot_bits


def solve_heuristic(problem: Problem, *, seed: int = 0, time_limit: float = 5.0) -> Timetable:
    """Best timetable found within `time_limit` seconds (soft); deterministic for a seed if the search ends first."""
    deadline = time.perf_counter() + time_limit
    rng = random.Random(seed)
    tt = Timetable(problem)
    order = _greedy_order(problem, rng)
    _greedy(tt, order)
    _local_search(tt, order, deadline)
    tt.log.clear()
    return tt


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


def _lower_cost(tt: Timetable, pair: int, slot: int) -> int:
    """A cheap lower bound on the weight an insertion at `slot` must drop, to skip hopeless tries."""
    p = tt.problem
    cost = 0
    clear = True
    for person in (p.pair_a[pair], p.pair_b[pair]):
        there = tt.partner_pair[person][slot]
        if there >= 0:
            clear = False
            if tt.fixed[there]:
                return 1 << 30
            if tt.degree[person] >= p.cap:
                cost += p.pair_weight[there]  # it cannot move: its person stays at the cap
        elif tt.degree[person] >= p.cap:
            q = _cheapest(tt, tt.meetings_of(person))
            if q < 0:
                return 1 << 30
            cost += p.pair_weight[q]
    all_full = tt.full == (1 << p.n_slots) - 1
    if clear and all_full and tt.load[slot] >= p.tables:
        q = _cheapest(tt, tt.in_slot[slot])
        cost += p.pair_weight[q] if q >= 0 else 1 << 30
    return cost


def _free_a_table(tt: Timetable, slot: int, budget: int) -> int:
    """Make a table free in a full `slot`: move a meeting elsewhere (cost 0) or drop the lightest one."""
    p = tt.problem
    if tt.full != (1 << p.n_slots) - 1:
        away = ~(1 << slot)
        for q in list(tt.in_slot[slot]):
            if tt.fixed[q]:
                continue
            tt.remove(q)
            elsewhere = tt.open_slots(q) & away
            if elsewhere:
                tt.place(q, _pick_slot(tt, elsewhere))
                return 0
            tt.place(q, slot)
    q = _cheapest(tt, tt.in_slot[slot])
    if q < 0 or p.pair_weight[q] >= budget:
        return 1 << 30
    tt.remove(q)
    return p.pair_weight[q]


def _try_insert(tt: Timetable, pair: int, slot: int) -> bool:
    """Insert `pair` at `slot` if the net weight rises; otherwise leave the timetable as it was."""
    p = tt.problem
    gain = p.pair_weight[pair]
    if _lower_cost(tt, pair, slot) >= gain:
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
