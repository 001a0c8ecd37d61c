"""The scheduler's rules, validation, pins, organiser edits and must-meet diagnostics on hand-worked cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.exchange.test_scheduler_reference import random_instance, reference_weights, violations

from bitgoeul.exchange.scheduler import (
    Meeting,
    ScheduleInputError,
    compile_problem,
    explain_infeasibility,
    find_violations,
    move_meeting,
    parse_input,
    schedule,
    schedule_to_dict,
    swap_meetings,
)

SCHEDULER = Path(__file__).resolve().parents[2] / "src" / "bitgoeul" / "exchange" / "scheduler"


def event(**changes: Any) -> dict[str, Any]:
    """Four firms, two slots, one table; a and b want each other, c and d mildly."""
    doc: dict[str, Any] = {
        "slots": ["s1", "s2"],
        "tables": 1,
        "max_meetings_per_person": 2,
        "attendees": [{"id": x, "available": ["s1", "s2"]} for x in "abcd"],
        "preferences": [
            {"from": "a", "to": "b", "level": "must"},
            {"from": "b", "to": "a", "level": "must"},
            {"from": "c", "to": "d", "level": "meet"},
            {"from": "a", "to": "c", "level": "meet"},
            {"from": "c", "to": "a", "level": "no"},
        ],
    }
    doc.update(changes)
    return doc


def run(doc: dict[str, Any], **options: Any) -> dict[str, Any]:
    return schedule_to_dict(schedule(parse_input(doc), time_limit=600, **options))


def test_weights_follow_the_contract() -> None:
    problem = compile_problem(parse_input(event()))
    weights = {
        frozenset((problem.person_ids[a], problem.person_ids[b])): w
        for a, b, w in zip(problem.pair_a, problem.pair_b, problem.pair_weight, strict=True)
    }
    assert weights == {frozenset("ab"): 6, frozenset("cd"): 1}
    assert weights == reference_weights(event())


def test_hand_worked_schedule_uses_both_slots() -> None:
    out = run(event())
    assert sorted((m["slot"], m["table"], m["a"], m["b"]) for m in out["meetings"]) in (
        [("s1", 1, "a", "b"), ("s2", 1, "c", "d")],
        [("s1", 1, "c", "d"), ("s2", 1, "a", "b")],
    )
    assert out["total_weight"] == 7
    assert out["upper_bound"] == 7
    assert set(out) == {"meetings", "total_weight", "upper_bound", "seconds"}


def test_one_slot_keeps_the_heavier_pair_and_never_the_refused_one() -> None:
    out = run(event(slots=["s1"], attendees=[{"id": x, "available": ["s1"]} for x in "abcd"]))
    assert [(m["a"], m["b"]) for m in out["meetings"]] == [("a", "b")]
    assert out["total_weight"] == 6


def test_weight_zero_pairs_are_never_scheduled_even_with_room() -> None:
    doc = event(tables=5, max_meetings_per_person=5)
    out = run(doc)
    met = {frozenset((m["a"], m["b"])) for m in out["meetings"]}
    assert met == {frozenset("ab"), frozenset("cd")}


def test_no_thanks_is_never_violated_on_crowded_random_events() -> None:
    for seed in range(5):
        doc = random_instance(seed, people=40, slots=4, tables=20, cap=4, wishes=10, availability=0.9)
        stated = {(p["from"], p["to"]) for p in doc["preferences"]}
        doc["preferences"] += [
            {"from": p["to"], "to": p["from"], "level": "no"}
            for p in doc["preferences"][::3]
            if (p["to"], p["from"]) not in stated
        ]
        out = run(doc, rounds=40)
        assert violations(doc, out) == []
        refused = {frozenset((p["from"], p["to"])) for p in doc["preferences"] if p["level"] == "no"}
        assert not refused & {frozenset((m["a"], m["b"])) for m in out["meetings"]}


def test_same_seed_same_schedule() -> None:
    doc = random_instance(7, people=30, slots=5, tables=4, cap=3, wishes=6)
    assert run(doc, seed=1, rounds=50)["meetings"] == run(doc, seed=1, rounds=50)["meetings"]


@pytest.mark.parametrize("zero", ["tables", "max_meetings_per_person"])
def test_no_tables_or_no_cap_gives_an_empty_schedule(zero: str) -> None:
    out = run(event(**{zero: 0}))
    assert out["meetings"] == []
    assert out["total_weight"] == 0


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"tables": -1}, "tables"),
        ({"max_meetings_per_person": -2}, "max_meetings_per_person"),
        ({"tables": True}, "tables"),
        ({"tables": "3"}, "tables"),
        ({"slots": []}, "no slots"),
        ({"slots": ["s1", "s1"]}, "duplicate slot"),
        ({"attendees": [{"id": "a", "available": ["s9"]}]}, "unknown slot 's9'"),
        ({"attendees": [{"id": "a", "available": []}, {"id": "a", "available": []}]}, "duplicate attendee"),
        ({"attendees": [{"available": []}]}, "missing 'id'"),
        ({"attendees": "abcd"}, "must be list"),
        ({"preferences": [{"from": "a", "to": "zz", "level": "meet"}]}, "unknown attendee 'zz'"),
        ({"preferences": [{"from": "a", "to": "b", "level": "love"}]}, "must, meet or no"),
        ({"preferences": [{"from": "a", "to": "a", "level": "meet"}]}, "themselves"),
        (
            {"preferences": [{"from": "a", "to": "b", "level": "meet"}, {"from": "a", "to": "b", "level": "no"}]},
            "conflicting",
        ),
        ({"preferences": 3}, "must be list"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(change: dict[str, Any], words: str) -> None:
    with pytest.raises(ScheduleInputError) as caught:
        schedule(parse_input(event(**change)), time_limit=600)
    message = str(caught.value)
    assert words in message
    assert any("\uac00" <= ch <= "\ud7a3" for ch in caught.value.korean)  # both languages, the edge picks one


def test_missing_top_level_key_and_non_object_are_refused() -> None:
    doc = event()
    del doc["tables"]
    with pytest.raises(ScheduleInputError, match="missing 'tables'"):
        parse_input(doc)
    with pytest.raises(ScheduleInputError, match="JSON object"):
        parse_input(["not", "an", "object"])


def test_pins_are_kept_at_their_slot_and_table() -> None:
    doc = event(tables=2, pins=[{"slot": "s2", "a": "d", "b": "c", "table": 2}])
    out = run(doc)
    assert {"slot": "s2", "table": 2, "a": "c", "b": "d"} in out["meetings"]
    assert violations(doc, out) == []
    assert out["total_weight"] == 7


@pytest.mark.parametrize(
    ("pin", "words"),
    [
        ({"slot": "s1", "a": "a", "b": "c"}, "no-thanks"),
        ({"slot": "s1", "a": "b", "b": "d"}, "weight 0"),
        ({"slot": "s3", "a": "a", "b": "b"}, "unknown slot"),
        ({"slot": "s1", "a": "a", "b": "zz"}, "unknown attendee"),
        ({"slot": "s1", "a": "a", "b": "b", "table": 2}, "table must be in 1..1"),
    ],
)
def test_pins_that_break_a_rule_are_refused(pin: dict[str, Any], words: str) -> None:
    with pytest.raises(ScheduleInputError, match=words):
        schedule(parse_input(event(pins=[pin])))


def test_pins_that_clash_are_refused() -> None:
    twice = [{"slot": "s1", "a": "a", "b": "b"}, {"slot": "s2", "a": "b", "b": "a"}]
    with pytest.raises(ScheduleInputError, match="pinned twice"):
        schedule(parse_input(event(pins=twice)))
    crowded = [{"slot": "s1", "a": "a", "b": "b"}, {"slot": "s1", "a": "c", "b": "d"}]
    with pytest.raises(ScheduleInputError, match="more pins than tables"):
        schedule(parse_input(event(pins=crowded)))
    away = [{"id": "a", "available": ["s2"]}, *({"id": x, "available": ["s1", "s2"]} for x in "bcd")]
    with pytest.raises(ScheduleInputError, match="not both attendees are available"):
        schedule(parse_input(event(attendees=away, pins=[{"slot": "s1", "a": "a", "b": "b"}])))


def test_edits_move_and_swap_keep_the_rules() -> None:
    inp = parse_input(event(tables=2))
    drafted = schedule(inp, time_limit=600).meetings
    assert find_violations(inp, drafted) == []
    moved = move_meeting(inp, drafted, a="b", b="a", slot="s2", table=2)
    assert Meeting(slot="s2", table=2, a="a", b="b") in moved
    assert find_violations(inp, moved) == []
    swapped = swap_meetings(inp, moved, ("a", "b"), ("c", "d"))
    assert find_violations(inp, swapped) == []
    ab = next(m for m in swapped if {m.a, m.b} == {"a", "b"})
    cd_before = next(m for m in moved if {m.a, m.b} == {"c", "d"})
    assert (ab.slot, ab.table) == (cd_before.slot, cd_before.table)


def test_edits_that_break_a_rule_are_refused() -> None:
    inp = parse_input(event(tables=2))
    base = (Meeting("s1", 1, "a", "b"), Meeting("s2", 1, "c", "d"))
    with pytest.raises(ScheduleInputError, match="not allowed"):
        move_meeting(inp, base, a="a", b="c", slot="s2")
    with pytest.raises(ScheduleInputError, match="not in the timetable"):
        swap_meetings(inp, base, ("a", "b"), ("b", "d"))
    solo_table = parse_input(event(tables=1))
    with pytest.raises(ScheduleInputError, match="table 2 out of range"):
        move_meeting(solo_table, base, a="a", b="b", slot="s2")
    pinned = parse_input(event(pins=[{"slot": "s1", "a": "a", "b": "b"}]))
    with pytest.raises(ScheduleInputError, match="unpin"):
        move_meeting(pinned, base, a="a", b="b", slot="s2")
    doubled = [*base, Meeting("s1", 2, "a", "d")]
    broken = find_violations(inp, doubled)
    assert any("meetings in one slot" in line.english for line in broken)
    assert any("not allowed" in line.english for line in broken)


def test_more_must_meets_than_slots_is_explained_not_crashed() -> None:
    others = [f"f{k}" for k in range(5)]
    doc = {
        "slots": ["s1", "s2", "s3"],
        "tables": 10,
        "max_meetings_per_person": 2,
        "attendees": [{"id": x, "available": ["s1", "s2", "s3"]} for x in ["hub", *others]]
        + [{"id": "late", "available": ["s3"]}, {"id": "early", "available": ["s1"]}],
        "preferences": [{"from": "hub", "to": x, "level": "must"} for x in others]
        + [
            {"from": "late", "to": "early", "level": "must"},
            {"from": "f0", "to": "f1", "level": "must"},
            {"from": "f1", "to": "f0", "level": "no"},
        ],
    }
    inp = parse_input(doc)
    result = schedule(inp, time_limit=600)
    assert violations(doc, schedule_to_dict(result)) == []
    assert len([m for m in result.meetings if "hub" in (m.a, m.b)]) == 2
    notes = explain_infeasibility(inp, result)
    kinds = {(n.kind, n.people) for n in notes}
    assert ("too_many_musts", ("hub",)) in kinds
    assert ("no_common_slot", ("late", "early")) in kinds
    assert ("must_refused", ("f0", "f1")) in kinds
    left_out = [n for n in notes if n.kind == "must_unscheduled"]
    assert len([n for n in left_out if "hub" in n.people]) == 3
    assert all(n.korean != n.english and n.english == n.message for n in notes)


def test_too_few_tables_for_the_must_meets_is_explained() -> None:
    doc = event(slots=["s1"], attendees=[{"id": x, "available": ["s1"]} for x in "abcd"])
    doc["preferences"].append({"from": "d", "to": "c", "level": "must"})
    notes = explain_infeasibility(parse_input(doc))
    assert [n.kind for n in notes] == ["too_few_tables"]


def test_the_core_has_a_readme_naming_its_algorithm() -> None:
    text = (SCHEDULER / "README.md").read_text(encoding="utf-8")
    assert "LP relaxation" in text
    assert "HiGHS" in text
