"""Cheap proven ceilings on the total weight, so a draft can say how far from optimal it can be.

Two relaxations, each dropping some rules: (1) only the tables count, so at most slots x tables meetings,
at best the heaviest ones; (2) only the people count, so each person joins at most min(cap, slots they
can attend, pairs they share a slot with) meetings, at best their heaviest, and each meeting is counted
by both its people. The smaller of the two is returned; it is exact whenever one resource is the bottleneck.
"""

from __future__ import annotations

import heapq

from bitgoeul.exchange.scheduler.problem import Problem


def combinatorial_upper_bound(problem: Problem) -> int:
    """A ceiling on any feasible schedule's total weight, in O(pairs log pairs)."""
    weights = [w for w, common in zip(problem.pair_weight, problem.pair_common, strict=True) if common]
    by_tables = sum(heapq.nlargest(problem.n_slots * problem.tables, weights))
    incident: list[list[int]] = [[] for _ in range(problem.n_people)]
    for a, b, w, common in zip(problem.pair_a, problem.pair_b, problem.pair_weight, problem.pair_common, strict=True):
        if common:
            incident[a].append(w)
            incident[b].append(w)
    by_people = 0
    for person, ws in enumerate(incident):
        room = min(problem.cap, problem.available[person].bit_count())
        by_people += sum(heapq.nlargest(room, ws))
    return min(by_tables, by_people // 2)
