"""Mutable slot assignment with an undo log, shared by the heuristic and the organiser's edits.

Every mutation keeps the hard rules true (one meeting per person per slot, availability, tables, cap),
so a `Timetable` is feasible at every moment and a search can try a move and roll it back cheaply.
"""

from __future__ import annotations

from bitgoeul.exchange.scheduler.problem import Problem


def slot_bits(mask: int) -> list[int]:
    """Slot indices set in `mask`, lowest first."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


class Timetable:
    """Which slot each allowed pair meets in (-1: not scheduled); tables are numbered only on export."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        n, m = problem.n_people, problem.n_slots
        self.slot_of = [-1] * len(problem.pair_weight)
        self.partner_pair = [[-1] * m for _ in range(n)]  # person x slot -> pair index
        self.busy = [0] * n
        self.degree = [0] * n
        self.load = [0] * m
        self.in_slot: list[set[int]] = [set() for _ in range(m)]
        self.all_slots = (1 << m) - 1
        self.full = 0 if problem.tables > 0 else self.all_slots
        self.weight = 0
        # Per slot, how many movable meetings of each weight: the lightest one is found in a few steps.
        self.weight_count = [[0] * (max(problem.pair_weight, default=0) + 1) for _ in range(m)]
        self.fixed = [False] * len(problem.pair_weight)
        self.log: list[tuple[int, int]] = []  # (pair, slot it was in, or -1 if it was unscheduled)
        for pin in problem.pins:
            self.fixed[pin.pair] = True
            self.place(pin.pair, pin.slot)
        self.log.clear()

    def open_slots(self, pair: int) -> int:
        """Bitmask of slots where `pair` could be placed right now without moving anything."""
        p = self.problem
        a, b = p.pair_a[pair], p.pair_b[pair]
        if self.degree[a] >= p.cap or self.degree[b] >= p.cap:
            return 0
        return p.pair_common[pair] & ~self.busy[a] & ~self.busy[b] & ~self.full

    def place(self, pair: int, slot: int) -> None:
        """Schedule an unscheduled pair; the caller has checked `open_slots`."""
        p = self.problem
        a, b = p.pair_a[pair], p.pair_b[pair]
        bit = 1 << slot
        self.slot_of[pair] = slot
        self.partner_pair[a][slot] = pair
        self.partner_pair[b][slot] = pair
        self.busy[a] |= bit
        self.busy[b] |= bit
        self.degree[a] += 1
        self.degree[b] += 1
        self.load[slot] += 1
        self.in_slot[slot].add(pair)
        if not self.fixed[pair]:
            self.weight_count[slot][p.pair_weight[pair]] += 1
        if self.load[slot] >= p.tables:
            self.full |= bit
        self.weight += p.pair_weight[pair]
        self.log.append((pair, -1))

    def remove(self, pair: int) -> None:
        """Unschedule a scheduled, unpinned pair."""
        p = self.problem
        slot = self.slot_of[pair]
        a, b = p.pair_a[pair], p.pair_b[pair]
        bit = 1 << slot
        self.slot_of[pair] = -1
        self.partner_pair[a][slot] = -1
        self.partner_pair[b][slot] = -1
        self.busy[a] &= ~bit
        self.busy[b] &= ~bit
        self.degree[a] -= 1
        self.degree[b] -= 1
        self.load[slot] -= 1
        self.in_slot[slot].discard(pair)
        if not self.fixed[pair]:
            self.weight_count[slot][p.pair_weight[pair]] -= 1
        self.full &= ~bit
        self.weight -= p.pair_weight[pair]
        self.log.append((pair, slot))

    def lightest_in_slot(self, slot: int) -> int:
        """Weight of the lightest movable meeting in `slot`, or a huge number if there is none."""
        for w, count in enumerate(self.weight_count[slot]):
            if count:
                return w
        return 1 << 30

    def mark(self) -> int:
        """A point to roll back to."""
        return len(self.log)

    def undo(self, mark: int) -> None:
        """Reverse every mutation since `mark`, newest first."""
        while len(self.log) > mark:
            pair, previous = self.log.pop()
            if previous < 0:
                self.remove(pair)
            else:
                self.place(pair, previous)
            self.log.pop()  # the inverse operation just logged itself

    def meetings_of(self, person: int) -> list[int]:
        """Scheduled pairs of `person`, by slot order."""
        row = self.partner_pair[person]
        return [row[s] for s in slot_bits(self.busy[person])]
