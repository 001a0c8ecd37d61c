"""Why must-meets cannot all happen: explained to the organiser instead of failing.

The scheduler always returns the best feasible timetable; these notes say which must-meet pairs are
impossible or were left out, and the reason, from the most specific cause to the most general.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bitgoeul.exchange.scheduler.model import Schedule, ScheduleInput
from bitgoeul.exchange.scheduler.problem import Problem, compile_problem


@dataclass(frozen=True)
class Diagnosis:
    """One finding. `kind`: must_refused, no_common_slot, too_many_musts, too_few_tables, must_unscheduled."""

    kind: str
    people: tuple[str, ...]
    korean: str  # the core imports no catalog: it hands over both languages, the edge shows one
    english: str

    @property
    def message(self) -> str:
        """The English text (logs, JSON output, tests)."""
        return self.english


def _must_pairs(problem: Problem) -> dict[tuple[int, int], bool]:
    """Pairs where at least one side said must -> whether the pair is allowed at all."""
    person = {pid: k for k, pid in enumerate(problem.person_ids)}
    out: dict[tuple[int, int], bool] = {}
    for pref in problem.source.preferences:
        if pref.level == "must":
            x, y = person[pref.source], person[pref.target]
            key = (min(x, y), max(x, y))
            out[key] = key in problem.pair_index
    return out


def explain_infeasibility(inp: ScheduleInput, result: Schedule | None = None) -> list[Diagnosis]:
    """Findings about must-meets; with a `result`, also each must pair it left out and why."""
    problem = compile_problem(inp)
    ids = problem.person_ids
    slot_names = problem.slot_ids
    findings: list[Diagnosis] = []
    reason: dict[tuple[int, int], str] = {}
    musts = _must_pairs(problem)
    per_person: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (a, b), allowed in sorted(musts.items()):
        names = (ids[a], ids[b])
        if not allowed:
            reason[(a, b)] = "must_refused"
            findings.append(
                Diagnosis(
                    "must_refused",
                    names,
                    f"{names[0]}-{names[1]}: 한쪽이 거절(no)하여 만날 수 없습니다",
                    f"{names[0]}-{names[1]}: one side said no-thanks, so they never meet",
                )
            )
            continue
        if not problem.pair_common[problem.pair_index[(a, b)]]:
            reason[(a, b)] = "no_common_slot"
            findings.append(
                Diagnosis(
                    "no_common_slot",
                    names,
                    f"{names[0]}-{names[1]}: 둘 다 가능한 시간대가 없습니다",
                    f"{names[0]}-{names[1]}: no slot when both are available",
                )
            )
            continue
        per_person[a].append((a, b))
        per_person[b].append((a, b))
    for person, pairs in sorted(per_person.items()):
        room = min(problem.cap, problem.available[person].bit_count())
        if len(pairs) > room:
            limit = "최대 미팅 수" if problem.cap <= problem.available[person].bit_count() else "가능 시간대 수"
            limit_en = "the meeting cap" if limit == "최대 미팅 수" else "their available slots"
            for pair in pairs:
                reason.setdefault(pair, "too_many_musts")
            findings.append(
                Diagnosis(
                    "too_many_musts",
                    (ids[person],),
                    f"{ids[person]}: 꼭 만나야 할 상대 {len(pairs)}명 > {limit} {room}",
                    f"{ids[person]}: {len(pairs)} must-meets but only {room} places ({limit_en})",
                )
            )
    placeable = sum(1 for pair, allowed in musts.items() if allowed and pair not in reason)
    capacity = problem.tables * len(slot_names)
    if placeable > capacity:
        findings.append(
            Diagnosis(
                "too_few_tables",
                (),
                f"꼭 만나야 할 쌍 {placeable}개 > 전체 자리 {capacity}개 (시간대 x 테이블)",
                f"{placeable} must-meet pairs but only {capacity} places (slots x tables)",
            )
        )
    if result is not None:
        findings += _left_out(problem, result, musts, reason)
    return findings


def _left_out(
    problem: Problem, result: Schedule, musts: dict[tuple[int, int], bool], reason: dict[tuple[int, int], str]
) -> list[Diagnosis]:
    person = {pid: k for k, pid in enumerate(problem.person_ids)}
    met = {(min(person[m.a], person[m.b]), max(person[m.a], person[m.b])) for m in result.meetings}
    explained = {
        "must_refused": ("거절", "no-thanks"),
        "no_common_slot": ("공통 시간대 없음", "no common slot"),
        "too_many_musts": ("한 사람의 꼭 만날 상대가 자리보다 많음", "one person has more must-meets than places"),
    }
    out = []
    for pair in sorted(musts):
        if pair in met:
            continue
        a, b = problem.person_ids[pair[0]], problem.person_ids[pair[1]]
        why_ko, why_en = explained.get(
            reason.get(pair, ""),
            ("테이블·시간대를 더 무거운 미팅이 차지", "tables or slots went to heavier or competing meetings"),
        )
        out.append(Diagnosis("must_unscheduled", (a, b), f"{a}-{b}: 배정되지 않음: {why_ko}",
                             f"{a}-{b}: not scheduled: {why_en}"))
    return out
