"""Fast schedule: greedy by weight, then insertion local search that ejects, relocates or drops meetings.

Greedy fills the most valued pairs first; the local search then tries every unscheduled pair in every
common slot, moving the meetings in its way to another slot when it can and dropping them only when the
pair is worth more than what it displaces. Each accepted move strictly raises the total, so it ends.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bitgoeul.exchange.scheduler.problem import Problem
from bitgoeul.exchange.scheduler.timetable import Timetable, slot_bits

if TYPE_CHECKING:  # only the type: the heuristic itself never loads scipy
    from bitgoeul.exchange.scheduler.exact import Relaxation


def solve_heuristic(
    problem: Problem,
    *,
    seed: int = 0,
    time_limit: float = 5.0,
    rounds: int = 4000,
    patience: int = 1000,
    stop_at: int | None = None,
    guide: Relaxation | None = None,
    start: Timetable | None = None,
) -> Timetable:
    """Best timetable found; stops at `stop_at` (a proven ceiling), after `patience` rounds without gain,
    after `rounds`, or at `time_limit` seconds. Same seed, same result unless the clock cuts in first.
    With a `guide` (the LP relaxation) the search starts from the LP's choices instead of plain greedy;
    with a `start` (a previous result, changed in place) it carries on from there."""
    deadline = time.perf_counter() + time_limit
    goal = (1 << 62) if stop_at is None else stop_at
    rng = random.Random(seed)
    order = _greedy_order(problem, rng)
    tt = Timetable(problem) if start is None else start
    moves = _Moves(tt, order)
    if start is None and guide is None:
        _greedy(moves, order)
    elif start is None and guide is not None:
        _guided_greedy(moves, order, guide)
    _local_search(moves, order, deadline, goal)
    tt.log.clear()
    if tt.weight < goal:
        _iterated_search(moves, order, rng, _Budget(deadline, rounds, patience, goal))
    return tt


def _guided_greedy(moves: _Moves, order: list[int], guide: Relaxation) -> None:
    """Greedy in order of LP value (then weight), each pair in its LP slot when that slot is open."""
    tt = moves.tt
    rank = {pair: k for k, pair in enumerate(order)}
    for pair in sorted(order, key=lambda q: (-round(guide.value[q], 6), rank[q])):
        open_mask = tt.open_slots(pair)
        if open_mask:
            slot = guide.slot[pair]
            tt.place(pair, slot if slot >= 0 and open_mask >> slot & 1 else moves.least_damaging_slot(pair, open_mask))


@dataclass(frozen=True)
class _Budget:
    deadline: float
    rounds: int
    patience: int
    goal: int


def _iterated_search(moves: _Moves, order: list[int], rng: random.Random, budget: _Budget) -> None:
    """Ruin and recreate: drop a few meetings, refill around the people touched, keep unless the total fell.

    Only pairs of the touched people are retried, so a round costs little even with 10^4 pairs;
    accepting equal totals lets the search walk across plateaus that single moves cannot leave.
    """
    tt = moves.tt
    rank = {pair: k for k, pair in enumerate(order)}
    last_gain = 0
    waiting: list[int] = []
    for round_no in range(budget.rounds):
        if time.perf_counter() > budget.deadline or round_no - last_gain > budget.patience or tt.weight >= budget.goal:
            return
        before = tt.weight
        mark = tt.mark()
        if round_no % 50 == 0:  # refreshed now and then: exactness does not matter, cost does
            waiting = [q for q in order if tt.slot_of[q] < 0]
        touched = _ruin(tt, rng, waiting)
        candidates = sorted({pair for person in touched for pair in moves.incident[person]}, key=rank.__getitem__)
        _greedy(moves, candidates)
        _local_search(moves, candidates, budget.deadline, budget.goal)
        if tt.weight < before:
            tt.undo(mark)
        elif tt.weight > before:
            last_gain = round_no
        tt.log.clear()


def _ruin(tt: Timetable, rng: random.Random, waiting: list[int]) -> set[int]:
    """Unschedule around a waiting pair (both people's meetings, so they can be rearranged around it),
    around a few random people, or a few random meetings; return the people touched."""
    problem = tt.problem
    victims: list[int] = []
    draw = rng.random()
    if draw < 0.5 and waiting:
        pair = waiting[min(int(rng.expovariate(1.0) * len(waiting) / 8), len(waiting) - 1)]  # heavier more often
        for person in (problem.pair_a[pair], problem.pair_b[pair]):
            victims.extend(tt.meetings_of(person))
    elif draw < 0.75:
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


def _greedy(moves: _Moves, order: list[int]) -> None:
    tt = moves.tt
    for pair in order:
        if tt.slot_of[pair] < 0:
            open_mask = tt.open_slots(pair)
            if open_mask:
                tt.place(pair, moves.least_damaging_slot(pair, open_mask))


def _local_search(moves: _Moves, order: list[int], deadline: float, goal: int) -> None:
    tt = moves.tt
    improved = True
    while improved and tt.weight < goal:
        improved = False
        for pair in order:
            if tt.slot_of[pair] >= 0:
                continue
            if time.perf_counter() > deadline or tt.weight >= goal:
                return
            for slot in slot_bits(tt.problem.pair_common[pair]):
                if moves.try_insert(pair, slot):
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


class _Moves:
    """Insertion moves with repair: after a pair displaces meetings, the people those meetings freed
    get their best waiting pair. That completes short alternating paths (add a-b, drop b-c, add c-d),
    the step a plain insertion misses when the per-person cap is what binds."""

    def __init__(self, tt: Timetable, order: list[int]) -> None:
        self.tt = tt
        p = tt.problem
        self.incident: list[list[int]] = [[] for _ in range(p.n_people)]
        for pair in order:  # heaviest first, so a refill scans from the best pair down
            self.incident[p.pair_a[pair]].append(pair)
            self.incident[p.pair_b[pair]].append(pair)

    def best_waiting(self, person: int) -> int:
        """Weight of the heaviest unscheduled pair of `person` (an optimistic refill value)."""
        tt = self.tt
        for q in self.incident[person]:
            if tt.slot_of[q] < 0:
                return tt.problem.pair_weight[q]
        return 0

    def least_damaging_slot(self, pair: int, open_mask: int) -> int:
        """The open slot that the two people's other waiting pairs need least (each waiting pair spreads
        its weight over the slots still open to it); ties go to the least loaded slot. Picking slots this
        way leaves room for later pairs when availability is sparse, where least-loaded alone loses ~1%."""
        tt = self.tt
        if open_mask & (open_mask - 1) == 0:
            return open_mask.bit_length() - 1
        p = tt.problem
        need = dict.fromkeys(slot_bits(open_mask), 0.0)
        for person in (p.pair_a[pair], p.pair_b[pair]):
            for q in self.incident[person]:
                if q == pair or tt.slot_of[q] >= 0:
                    continue
                free = tt.open_slots(q)
                shared = free & open_mask
                if shared:
                    share = p.pair_weight[q] / free.bit_count()
                    for s in slot_bits(shared):
                        need[s] += share
        return min(need, key=lambda s: (need[s], tt.load[s]))

    def refill(self, person: int) -> int:
        """Schedule the heaviest waiting pair of `person` that fits as things stand; return its weight."""
        tt = self.tt
        if tt.degree[person] >= tt.problem.cap:
            return 0
        for q in self.incident[person]:
            if tt.slot_of[q] < 0:
                open_mask = tt.open_slots(q)
                if open_mask:
                    tt.place(q, _pick_slot(tt, open_mask))
                    return tt.problem.pair_weight[q]
        return 0

    def estimate(self, pair: int, slot: int) -> int:
        """Optimistic net gain of inserting `pair` at `slot`, read off the state without changing it;
        it lets the search skip most hopeless tries before paying for apply-and-undo."""
        tt = self.tt
        p = tt.problem
        gain = p.pair_weight[pair]
        clear = True
        away = ~(1 << slot)
        for person in (p.pair_a[pair], p.pair_b[pair]):
            there = tt.partner_pair[person][slot]
            if there >= 0:
                clear = False
                if tt.fixed[there]:
                    return -1
                other = p.pair_a[there] + p.pair_b[there] - person
                movable = p.pair_common[there] & ~tt.busy[person] & ~tt.busy[other] & ~tt.full & away
                if tt.degree[person] >= p.cap or not movable:  # at the cap it cannot stay elsewhere
                    gain -= p.pair_weight[there] - self.best_waiting(other)
            elif tt.degree[person] >= p.cap:
                q = _cheapest(tt, tt.meetings_of(person))
                if q < 0:
                    return -1
                gain -= p.pair_weight[q] - self.best_waiting(p.pair_a[q] + p.pair_b[q] - person)
        if clear and tt.full == tt.all_slots and tt.load[slot] >= p.tables:
            gain -= tt.lightest_in_slot(slot)
        return gain

    def free_a_table(self, slot: int, freed: list[int]) -> int:
        """Make a table free in a full `slot`: move a meeting elsewhere (cost 0) or drop the lightest one."""
        tt = self.tt
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
        if q < 0:
            return 1 << 30
        tt.remove(q)
        freed += (p.pair_a[q], p.pair_b[q])
        return p.pair_weight[q]

    def try_insert(self, pair: int, slot: int) -> bool:
        """Insert `pair` at `slot` if the net weight rises; otherwise leave the timetable as it was."""
        if self.estimate(pair, slot) <= 0:
            return False
        tt = self.tt
        p = tt.problem
        before = tt.weight
        mark = tt.mark()
        a, b = p.pair_a[pair], p.pair_b[pair]
        ejected = [q for q in {tt.partner_pair[a][slot], tt.partner_pair[b][slot]} if q >= 0]
        freed: list[int] = []  # people whose meeting was dropped: they may take another pair
        for q in ejected:
            tt.remove(q)
        for person in (a, b):
            if tt.degree[person] >= p.cap:
                q = _cheapest(tt, tt.meetings_of(person))
                if q < 0:  # every meeting of this person is pinned
                    tt.undo(mark)
                    return False
                tt.remove(q)
                freed.append(p.pair_a[q] + p.pair_b[q] - person)
        if tt.load[slot] >= p.tables and self.free_a_table(slot, freed) >= 1 << 30:
            tt.undo(mark)
            return False
        tt.place(pair, slot)
        for q in ejected:
            elsewhere = tt.open_slots(q)
            if elsewhere:
                tt.place(q, _pick_slot(tt, elsewhere))
            else:
                freed.append(p.pair_a[q] + p.pair_b[q] - (a if a in (p.pair_a[q], p.pair_b[q]) else b))
        for person in freed:
            self.refill(person)
        if tt.weight <= before:
            tt.undo(mark)
            return False
        return True
