"""The organiser's hand edits to a draft: check a timetable, move a meeting, swap two meetings.

Edits return a new tuple of meetings and refuse (with `ScheduleInputError`) anything that breaks a rule,
so a published timetable can never hold a forbidden pair, a double booking or an over-full slot.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from bitgoeul.exchange.scheduler.model import Meeting, ScheduleInput, ScheduleInputError
from bitgoeul.exchange.scheduler.problem import compile_problem


class Violation(NamedTuple):
    """One broken rule, in Korean and English (the edge shows the reader's language)."""

    korean: str
    english: str


def find_violations(inp: ScheduleInput, meetings: Iterable[Meeting]) -> list[Violation]:
    """Every broken rule in `meetings`, one line each; empty means the timetable is valid."""
    problem = compile_problem(inp)
    person = {pid: k for k, pid in enumerate(problem.person_ids)}
    slot_pos = {sid: k for k, sid in enumerate(problem.slot_ids)}
    problems: list[Violation] = []
    seats: Counter[tuple[str, str]] = Counter()
    tables: Counter[tuple[str, int]] = Counter()
    pairs: Counter[tuple[int, int]] = Counter()
    degree: Counter[str] = Counter()
    for m in meetings:
        label = f"{m.a}-{m.b} @ {m.slot}"
        if m.a not in person or m.b not in person or m.slot not in slot_pos:
            problems.append(Violation(f"{label}: 없는 참석자나 시간대", f"{label}: unknown attendee or slot"))
            continue
        key = (min(person[m.a], person[m.b]), max(person[m.a], person[m.b]))
        pair = problem.pair_index.get(key)
        if pair is None:
            problems.append(Violation(f"{label}: 허용되지 않은 쌍 (거절 또는 관심 0)",
                                      f"{label}: pair not allowed (no-thanks or weight 0)"))
        elif not problem.pair_common[pair] >> slot_pos[m.slot] & 1:
            problems.append(Violation(f"{label}: 참석 불가 시간대", f"{label}: an attendee is not available"))
        if not 1 <= m.table <= problem.tables:
            problems.append(Violation(f"{label}: 테이블 {m.table} 범위 밖", f"{label}: table {m.table} out of range"))
        seats.update(((m.a, m.slot), (m.b, m.slot)))
        tables[(m.slot, m.table)] += 1
        pairs[key] += 1
        degree.update((m.a, m.b))
    problems += [
        Violation(f"{who} @ {slot}: 같은 시간대 미팅 {n}개", f"{who} @ {slot}: {n} meetings in one slot")
        for (who, slot), n in seats.items()
        if n > 1
    ]
    problems += [
        Violation(f"{slot} 테이블 {table}: {n}팀 배정", f"{slot}: table {table} used {n} times")
        for (slot, table), n in tables.items()
        if n > 1
    ]
    problems += [
        Violation(f"{problem.person_ids[a]}-{problem.person_ids[b]}: {n}번 만남",
                  f"{problem.person_ids[a]}-{problem.person_ids[b]}: meets {n} times")
        for (a, b), n in pairs.items()
        if n > 1
    ]
    problems += [
        Violation(f"{who}: 미팅 {n}개 > 최대 {problem.cap}", f"{who}: {n} meetings > cap {problem.cap}")
        for who, n in degree.items()
        if n > problem.cap
    ]
    return problems


def _checked(inp: ScheduleInput, meetings: list[Meeting]) -> tuple[Meeting, ...]:
    broken = find_violations(inp, meetings)
    if broken:
        raise ScheduleInputError("; ".join(v.korean for v in broken), "; ".join(v.english for v in broken))
    return tuple(meetings)


def _index_of(meetings: list[Meeting], a: str, b: str) -> int:
    for k, m in enumerate(meetings):
        if {m.a, m.b} == {a, b}:
            return k
    return -1


def _refuse_pinned(inp: ScheduleInput, a: str, b: str) -> None:
    if any({pin.a, pin.b} == {a, b} for pin in inp.pins):
        raise ScheduleInputError(f"{a}-{b}: 고정된 미팅은 먼저 고정을 풀어야 합니다",
                                 f"{a}-{b}: unpin it before moving it")


def move_meeting(
    inp: ScheduleInput, meetings: Iterable[Meeting], *, a: str, b: str, slot: str, table: int | None = None
) -> tuple[Meeting, ...]:
    """Put pair a-b at `slot` (adding it if unscheduled); `table` None takes the lowest free table."""
    _refuse_pinned(inp, a, b)
    current = list(meetings)
    k = _index_of(current, a, b)
    if k >= 0:
        current.pop(k)
    if table is None:
        used = {m.table for m in current if m.slot == slot}
        table = next((t for t in range(1, inp.tables + 1) if t not in used), inp.tables + 1)
    first, second = sorted((a, b))
    current.append(Meeting(slot=slot, table=table, a=first, b=second))
    return _checked(inp, current)


def swap_meetings(
    inp: ScheduleInput, meetings: Iterable[Meeting], first: tuple[str, str], second: tuple[str, str]
) -> tuple[Meeting, ...]:
    """Exchange the slots and tables of two scheduled meetings."""
    current = list(meetings)
    ks = [_index_of(current, *pair) for pair in (first, second)]
    for pair, k in zip((first, second), ks, strict=True):
        _refuse_pinned(inp, *pair)
        if k < 0:
            raise ScheduleInputError(f"{pair[0]}-{pair[1]}: 일정에 없는 미팅",
                                     f"{pair[0]}-{pair[1]}: not in the timetable")
    x, y = current[ks[0]], current[ks[1]]
    current[ks[0]] = Meeting(slot=y.slot, table=y.table, a=x.a, b=x.b)
    current[ks[1]] = Meeting(slot=x.slot, table=x.table, a=y.a, b=y.b)
    return _checked(inp, current)
