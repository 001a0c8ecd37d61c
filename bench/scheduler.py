"""Benchmark: the 1:1 meeting scheduler's heuristic against the exact integer program (HiGHS), side by side.

Seeded events from 20 to 1,000 attendees in two families: "tables" (popular attendees, many wishes, the
table count binds) and "people" (sparse availability and a low cap bind). Prints one JSON object per
instance, then a summary line. Run: .venv/bin/python bench/scheduler.py [--exact-limit 120] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import time
from typing import Any

from bitgoeul.exchange.scheduler import compile_problem, parse_input, schedule
from bitgoeul.exchange.scheduler.exact import solve_exact

# (family, people, slots, tables, cap, wishes per attendee, availability)
SHAPES: list[tuple[str, int, int, int, int, int, float]] = [
    ("tables", 20, 4, 3, 3, 5, 0.8),
    ("people", 30, 6, 12, 3, 6, 0.5),
    ("tables", 50, 6, 8, 4, 8, 0.8),
    ("people", 60, 8, 30, 3, 4, 0.4),
    ("tables", 100, 8, 15, 5, 10, 0.8),
    ("people", 150, 8, 60, 4, 6, 0.5),
    ("tables", 200, 10, 30, 6, 10, 0.8),
    ("people", 300, 10, 120, 4, 6, 0.5),
    ("tables", 400, 12, 60, 8, 12, 0.8),
    ("people", 600, 12, 150, 5, 6, 0.5),
    ("tables", 1000, 12, 150, 8, 15, 0.8),
    ("people", 1000, 12, 150, 6, 6, 0.5),
]


def generate(
    seed: int, people: int, slots: int, tables: int, cap: int, wishes: int, availability: float
) -> dict[str, Any]:
    """A seeded event in the CLI's JSON shape: popularity is skewed; 20% must, 70% meet, 10% no-thanks."""
    rng = random.Random(seed)
    slot_ids = [f"{9 + k // 2:02d}:{30 * (k % 2):02d}" for k in range(slots)]
    ids = [f"org{k:04d}" for k in range(people)]
    attendees = [
        {"id": pid, "available": [s for s in slot_ids if rng.random() < availability] or [rng.choice(slot_ids)]}
        for pid in ids
    ]
    popularity = [1 / (k + 1) ** 0.7 for k in range(people)]
    preferences = []
    for k, pid in enumerate(ids):
        for target in sorted(set(rng.choices(range(people), weights=popularity, k=wishes)) - {k}):
            draw = rng.random()
            level = "must" if draw < 0.2 else "meet" if draw < 0.9 else "no"
            preferences.append({"from": pid, "to": ids[target], "level": level})
    return {
        "slots": slot_ids,
        "tables": tables,
        "max_meetings_per_person": cap,
        "attendees": attendees,
        "preferences": preferences,
    }


def run_one(shape: tuple[str, int, int, int, int, int, float], seed: int, exact_limit: float) -> dict[str, Any]:
    family, people, slots, tables, cap, wishes, availability = shape
    doc = generate(seed, people, slots, tables, cap, wishes, availability)
    started = time.perf_counter()
    result = schedule(parse_input(doc))  # the default settings the CLI uses (5 s search budget)
    heuristic_seconds = time.perf_counter() - started
    row: dict[str, Any] = {
        "bench": "scheduler",
        "family": family,
        "seed": seed,
        "people": people,
        "slots": slots,
        "tables": tables,
        "cap": cap,
        "pairs": len(compile_problem(parse_input(doc)).pair_weight),
        "meetings": len(result.meetings),
        "heuristic_weight": result.total_weight,
        "heuristic_seconds": round(heuristic_seconds, 3),
        "heuristic_upper_bound": result.upper_bound,
        "heuristic_proven_optimal": result.optimal,
    }
    if exact_limit > 0:
        started = time.perf_counter()
        exact = solve_exact(compile_problem(parse_input(doc)), time_limit=exact_limit)
        exact_seconds = time.perf_counter() - started
        exact_weight = None if exact.timetable is None else exact.timetable.weight
        row |= {
            "exact_weight": exact_weight,
            "exact_finished": exact.optimal,
            "exact_bound": exact.bound,
            "exact_seconds": round(exact_seconds, 3),
        }
        if exact.optimal and exact_weight:
            row["ratio_to_optimum"] = round(result.total_weight / exact_weight, 4)
            row["gap_pct"] = round(100 * (exact_weight - result.total_weight) / exact_weight, 2)
            row["speedup_exact_over_heuristic"] = round(exact_seconds / heuristic_seconds, 2)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--exact-limit", type=float, default=120.0, help="seconds for HiGHS per instance (0: skip)")
    parser.add_argument("--seeds", type=int, default=2, help="seeds per shape")
    parser.add_argument("--quick", action="store_true", help="only events up to 200 attendees")
    args = parser.parse_args()
    rows = []
    for shape in SHAPES:
        if args.quick and shape[1] > 200:
            continue
        for seed in range(args.seeds):
            row = run_one(shape, seed, args.exact_limit)
            rows.append(row)
            print(json.dumps(row), flush=True)
    finished = [r for r in rows if "ratio_to_optimum" in r]
    big = [r for r in rows if r["people"] >= 1000]
    print(
        json.dumps(
            {
                "bench": "scheduler",
                "summary": True,
                "instances": len(rows),
                "exact_finished": len(finished),
                "min_ratio_to_optimum": min((r["ratio_to_optimum"] for r in finished), default=None),
                "mean_ratio_to_optimum": round(sum(r["ratio_to_optimum"] for r in finished) / len(finished), 4)
                if finished
                else None,
                "max_heuristic_seconds_1000": max((r["heuristic_seconds"] for r in big), default=None),
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
            }
        )
    )


if __name__ == "__main__":
    main()
