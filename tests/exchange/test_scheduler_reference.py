"""Independent references for the scheduler tests: a feasibility checker, a brute-force optimum and an
instance generator, all on the raw JSON contract and sharing no code with `bitgoeul.exchange.scheduler`.

The tests at the bottom check the references themselves on hand-worked cases.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

POINTS = {"must": 3, "meet": 1}


def reference_weights(doc: dict[str, Any]) -> dict[frozenset[str], int]:
    """Allowed pairs and their weights, straight from the contract's wording."""
    total: Counter[frozenset[str]] = Counter()
    refused: set[frozenset[str]] = set()
    for pref in doc.get("preferences", []):
        pair = frozenset((pref["from"], pref["to"]))
        if pref["level"] == "no":
            refused.add(pair)
        else:
            total[pair] += POINTS[pref["level"]]
    return {pair: w for pair, w in total.items() if w > 0 and pair not in refused}


def violations(doc: dict[str, Any], out: dict[str, Any]) -> list[str]:
    """Every rule the output breaks; empty means feasible and its total_weight is honest."""
    found: list[str] = []
    slots = set(doc["slots"])
    available = {a["id"]: set(a["available"]) for a in doc["attendees"]}
    weights = reference_weights(doc)
    seat: Counter[tuple[str, str]] = Counter()
    table_use: Counter[tuple[str, int]] = Counter()
    per_slot: Counter[str] = Counter()
    met: Counter[frozenset[str]] = Counter()
    load: Counter[str] = Counter()
    total = 0
    for m in out["meetings"]:
        a, b, slot, table = m["a"], m["b"], m["slot"], m["table"]
        pair = frozenset((a, b))
        if slot not in slots or a not in available or b not in available or a == b:
            found.append(f"unknown or self meeting {m}")
            continue
        if pair not in weights:
            found.append(f"pair not allowed {m}")
        if slot not in available[a] or slot not in available[b]:
            found.append(f"unavailable {m}")
        if not isinstance(table, int) or not 1 <= table <= doc["tables"]:
            found.append(f"bad table {m}")
        seat.update(((a, slot), (b, slot)))
        table_use[(slot, table)] += 1
        per_slot[slot] += 1
        met[pair] += 1
        load.update((a, b))
        total += weights.get(pair, 0)
    found += [f"double booked {k}" for k, n in seat.items() if n > 1]
    found += [f"table shared {k}" for k, n in table_use.items() if n > 1]
    found += [f"slot over tables {k}" for k, n in per_slot.items() if n > doc["tables"]]
    found += [f"pair meets twice {sorted(k)}" for k, n in met.items() if n > 1]
    found += [f"over cap {k}" for k, n in load.items() if n > doc["max_meetings_per_person"]]
    if total != out["total_weight"]:
        found.append(f"total_weight {out['total_weight']} but meetings sum to {total}")
    return found


def brute_force_optimum(doc: dict[str, Any]) -> int:
    """Best total by trying every slot (or none) for every allowed pair; only for tiny instances."""
    slots = list(doc["slots"])
    available = {a["id"]: set(a["available"]) for a in doc["attendees"]}
    pairs = sorted(((sorted(p), w) for p, w in reference_weights(doc).items()), key=lambda x: -x[1])
    cap, tables = doc["max_meetings_per_person"], doc["tables"]
    busy: set[tuple[str, str]] = set()
    load: Counter[str] = Counter()
    per_slot: Counter[str] = Counter()
    best = 0
    suffix = [0] * (len(pairs) + 1)
    for k in range(len(pairs) - 1, -1, -1):
        suffix[k] = suffix[k + 1] + pairs[k][1]

    def walk(k: int, total: int) -> None:
        nonlocal best
        best = max(best, total)
        if k == len(pairs) or total + suffix[k] <= best:
            return
        (a, b), w = pairs[k]
        if load[a] < cap and load[b] < cap:
            for s in slots:
                if (
                    s in available[a]
                    and s in available[b]
                    and (a, s) not in busy
                    and (b, s) not in busy
                    and per_slot[s] < tables
                ):
                    busy.update(((a, s), (b, s)))
                    load.update((a, b))
                    per_slot[s] += 1
                    walk(k + 1, total + w)
                    busy.difference_update(((a, s), (b, s)))
                    load.subtract((a, b))
                    per_slot[s] -= 1
        walk(k + 1, total)

    walk(0, 0)
    return best


def random_instance(
    seed: int,
    *,
    people: int,
    slots: int,
    tables: int,
    cap: int,
    wishes: int,
    availability: float = 0.8,
) -> dict[str, Any]:
    """A seeded event: a few popular attendees draw most wishes; 20% must, 70% meet, 10% no."""
    rng = random.Random(seed)
    slot_ids = [f"s{k}" for k in range(slots)]
    ids = [f"p{k}" for k in range(people)]
    attendees = []
    for pid in ids:
        free = [s for s in slot_ids if rng.random() < availability] or [rng.choice(slot_ids)]
        attendees.append({"id": pid, "available": free})
    popularity = [1 / (k + 1) ** 0.7 for k in range(people)]
    preferences = []
    for k, pid in enumerate(ids):
        for t in sorted(set(rng.choices(range(people), weights=popularity, k=wishes)) - {k}):
            r = rng.random()
            level = "must" if r < 0.2 else "meet" if r < 0.9 else "no"
            preferences.append({"from": pid, "to": ids[t], "level": level})
    return {
        "slots": slot_ids,
        "tables": tables,
        "max_meetings_per_person": cap,
        "attendees": attendees,
        "preferences": preferences,
    }


def _two_by_two() -> dict[str, Any]:
    return {
        "slots": ["s1"],
        "tables": 1,
        "max_meetings_per_person": 1,
        "attendees": [{"id": x, "available": ["s1"]} for x in "abcd"],
        "preferences": [
            {"from": "a", "to": "b", "level": "must"},
            {"from": "c", "to": "d", "level": "meet"},
            {"from": "d", "to": "c", "level": "meet"},
        ],
    }


def test_reference_weights_follow_the_contract() -> None:
    doc = _two_by_two()
    doc["preferences"] += [
        {"from": "b", "to": "a", "level": "meet"},
        {"from": "a", "to": "c", "level": "must"},
        {"from": "c", "to": "a", "level": "no"},
    ]
    assert reference_weights(doc) == {frozenset("ab"): 4, frozenset("cd"): 2}


def test_brute_force_on_a_hand_worked_case() -> None:
    # One table: a-b (3) beats c-d (2); with two tables both fit (5); with two slots both fit too.
    doc = _two_by_two()
    assert brute_force_optimum(doc) == 3
    assert brute_force_optimum({**doc, "tables": 2}) == 5
    two_slots = {**doc, "slots": ["s1", "s2"], "attendees": [{"id": x, "available": ["s1", "s2"]} for x in "abcd"]}
    assert brute_force_optimum(two_slots) == 5


def test_checker_catches_each_broken_rule() -> None:
    doc = _two_by_two()
    good = {"meetings": [{"slot": "s1", "table": 1, "a": "a", "b": "b"}], "total_weight": 3}
    assert violations(doc, good) == []
    bad_outputs = [
        {"meetings": [{"slot": "s1", "table": 1, "a": "a", "b": "c"}], "total_weight": 0},  # weight 0
        {"meetings": [{"slot": "s1", "table": 2, "a": "a", "b": "b"}], "total_weight": 3},  # no table 2
        {"meetings": [{"slot": "s1", "table": 1, "a": "a", "b": "b"}], "total_weight": 4},  # dishonest total
        {"meetings": [{"slot": "s9", "table": 1, "a": "a", "b": "b"}], "total_weight": 3},  # unknown slot
    ]
    for out in bad_outputs:
        assert violations(doc, out), out
    crowded = {**doc, "tables": 1}
    both = {
        "meetings": [{"slot": "s1", "table": 1, "a": "a", "b": "b"}, {"slot": "s1", "table": 1, "a": "c", "b": "d"}],
        "total_weight": 5,
    }
    assert any("table shared" in v for v in violations(crowded, both))
    twice = {
        **doc,
        "slots": ["s1", "s2"],
        "max_meetings_per_person": 2,
        "attendees": [{"id": x, "available": ["s1", "s2"]} for x in "abcd"],
    }
    repeated = {
        "meetings": [{"slot": "s1", "table": 1, "a": "a", "b": "b"}, {"slot": "s2", "table": 1, "a": "b", "b": "a"}],
        "total_weight": 6,
    }
    assert any("twice" in v for v in violations(twice, repeated))
    refused = {**doc, "preferences": [*doc["preferences"], {"from": "b", "to": "a", "level": "no"}]}
    assert any("not allowed" in v for v in violations(refused, good))
