"""Validated, index-based form of a `ScheduleInput` that every solver shares.

Slots become bit positions and people become integers, so feasibility tests are a few bit operations.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from bitgoeul.exchange.scheduler.model import LEVEL_WEIGHTS, Pin, ScheduleInput, ScheduleInputError


@dataclass(frozen=True)
class PinnedMeeting:
    """A pin resolved to indices; `table` is 1-based or None."""

    pair: int
    slot: int
    table: int | None


@dataclass(frozen=True)
class Problem:
    """Indices and pair weights of a valid input; pairs are only those allowed to meet (weight > 0)."""

    source: ScheduleInput
    slot_ids: tuple[str, ...]
    person_ids: tuple[str, ...]
    available: tuple[int, ...]  # per person: bitmask of slots
    pair_a: tuple[int, ...]  # a < b by person index
    pair_b: tuple[int, ...]
    pair_weight: tuple[int, ...]
    pair_common: tuple[int, ...]  # bitmask of slots both can attend
    pair_index: dict[tuple[int, int], int]
    forbidden: frozenset[tuple[int, int]]
    pins: tuple[PinnedMeeting, ...]
    tables: int
    cap: int

    @property
    def n_slots(self) -> int:
        return len(self.slot_ids)

    @property
    def n_people(self) -> int:
        return len(self.person_ids)


def _fail(korean: str, english: str) -> ScheduleInputError:
    return ScheduleInputError(korean, english)


def _check_counts(inp: ScheduleInput) -> None:
    if not inp.slots:
        raise _fail("시간대가 하나도 없습니다", "no slots given")
    for name, value in (("tables", inp.tables), ("max_meetings_per_person", inp.max_meetings_per_person)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _fail(
                f"{name} 값은 0 이상의 정수여야 합니다: {value!r}", f"{name} must be a non-negative integer: {value!r}"
            )
    for slot, count in Counter(inp.slots).items():
        if not isinstance(slot, str) or not slot:
            raise _fail(f"시간대 id가 잘못되었습니다: {slot!r}", f"bad slot id: {slot!r}")
        if count > 1:
            raise _fail(f"시간대가 중복되었습니다: {slot}", f"duplicate slot: {slot}")


def _index_people(inp: ScheduleInput, slot_pos: dict[str, int]) -> tuple[dict[str, int], list[int]]:
    person_pos: dict[str, int] = {}
    available: list[int] = []
    for attendee in inp.attendees:
        if not isinstance(attendee.id, str) or not attendee.id:
            raise _fail(f"참석자 id가 잘못되었습니다: {attendee.id!r}", f"bad attendee id: {attendee.id!r}")
        if attendee.id in person_pos:
            raise _fail(f"참석자가 중복되었습니다: {attendee.id}", f"duplicate attendee: {attendee.id}")
        mask = 0
        for slot in attendee.available:
            if slot not in slot_pos:
                raise _fail(
                    f"참석자 {attendee.id}의 가능 시간대 {slot!r}가 없는 시간대입니다",
                    f"attendee {attendee.id} is available in unknown slot {slot!r}",
                )
            mask |= 1 << slot_pos[slot]
        person_pos[attendee.id] = len(available)
        available.append(mask)
    return person_pos, available


def _interest(inp: ScheduleInput, person_pos: dict[str, int]) -> tuple[Counter[tuple[int, int]], set[tuple[int, int]]]:
    """Sum both directions of interest per unordered pair; a "no" either way forbids the pair."""
    stated: dict[tuple[int, int], str] = {}
    for pref in inp.preferences:
        for role, who in (("from", pref.source), ("to", pref.target)):
            if who not in person_pos:
                raise _fail(
                    f"선호도의 {role} 참석자 {who!r}를 찾을 수 없습니다", f"preference {role} unknown attendee {who!r}"
                )
        if pref.level not in LEVEL_WEIGHTS:
            raise _fail(
                f"선호도 수준은 must, meet, no 중 하나여야 합니다: {pref.level!r}",
                f"preference level must be must, meet or no: {pref.level!r}",
            )
        if pref.source == pref.target:
            raise _fail(
                f"자기 자신에 대한 선호도는 쓸 수 없습니다: {pref.source}",
                f"preference from an attendee to themselves: {pref.source}",
            )
        key = (person_pos[pref.source], person_pos[pref.target])
        previous = stated.setdefault(key, pref.level)
        if previous != pref.level:
            raise _fail(
                f"{pref.source} → {pref.target} 선호도가 서로 다릅니다 ({previous}, {pref.level})",
                f"conflicting preferences {pref.source} -> {pref.target} ({previous}, {pref.level})",
            )
    weight: Counter[tuple[int, int]] = Counter()
    forbidden: set[tuple[int, int]] = set()
    for (src, dst), level in stated.items():
        pair = (min(src, dst), max(src, dst))
        if level == "no":
            forbidden.add(pair)
        weight[pair] += LEVEL_WEIGHTS[level]
    return weight, forbidden


def compile_problem(inp: ScheduleInput) -> Problem:
    """Validate `inp` and index it; raises `ScheduleInputError` with a bilingual message naming the culprit."""
    _check_counts(inp)
    slot_pos = {slot: k for k, slot in enumerate(inp.slots)}
    person_pos, available = _index_people(inp, slot_pos)
    weight, forbidden = _interest(inp, person_pos)
    pairs = sorted(p for p, w in weight.items() if w > 0 and p not in forbidden)
    pair_index = {p: k for k, p in enumerate(pairs)}
    problem = Problem(
        source=inp,
        slot_ids=tuple(inp.slots),
        person_ids=tuple(a.id for a in inp.attendees),
        available=tuple(available),
        pair_a=tuple(a for a, _ in pairs),
        pair_b=tuple(b for _, b in pairs),
        pair_weight=tuple(weight[p] for p in pairs),
        pair_common=tuple(available[a] & available[b] for a, b in pairs),
        pair_index=pair_index,
        forbidden=frozenset(forbidden),
        pins=(),
        tables=inp.tables,
        cap=inp.max_meetings_per_person,
    )
    return _with_pins(problem, person_pos, slot_pos)


def _resolve_pin(problem: Problem, pin: Pin, person_pos: dict[str, int], slot_pos: dict[str, int]) -> PinnedMeeting:
    """Check one pin on its own: known ids, an allowed pair, both available, a real table."""
    label = f"{pin.a}-{pin.b} @ {pin.slot}"
    for who in (pin.a, pin.b):
        if who not in person_pos:
            raise _fail(
                f"고정 미팅 {label}: 참석자 {who!r}를 찾을 수 없습니다", f"pin {label}: unknown attendee {who!r}"
            )
    if pin.slot not in slot_pos:
        raise _fail(f"고정 미팅 {label}: 없는 시간대입니다", f"pin {label}: unknown slot")
    a, b = sorted((person_pos[pin.a], person_pos[pin.b]))
    slot = slot_pos[pin.slot]
    pair = problem.pair_index.get((a, b))
    if pair is None:
        if (a, b) in problem.forbidden:
            raise _fail(f"고정 미팅 {label}: 거절(no)된 쌍입니다", f"pin {label}: the pair is forbidden (no-thanks)")
        raise _fail(f"고정 미팅 {label}: 관심도가 0인 쌍입니다", f"pin {label}: the pair has weight 0 (nobody asked)")
    if not problem.pair_common[pair] >> slot & 1:
        raise _fail(
            f"고정 미팅 {label}: 두 사람이 모두 가능한 시간대가 아닙니다",
            f"pin {label}: not both attendees are available in that slot",
        )
    table = pin.table
    bad_table = isinstance(table, bool) or not isinstance(table, int) or not 1 <= table <= problem.tables
    if table is not None and bad_table:
        raise _fail(
            f"고정 미팅 {label}: 테이블 번호는 1..{problem.tables} 이어야 합니다: {table!r}",
            f"pin {label}: table must be in 1..{problem.tables}: {table!r}",
        )
    return PinnedMeeting(pair=pair, slot=slot, table=table)


def _with_pins(problem: Problem, person_pos: dict[str, int], slot_pos: dict[str, int]) -> Problem:
    """Resolve pins and refuse any that break a rule: pins obey the same constraints as the solver."""
    pins = [_resolve_pin(problem, pin, person_pos, slot_pos) for pin in problem.source.pins]
    given = problem.source.pins
    checks = (
        (Counter(tuple(sorted((p.a, p.b))) for p in given), 1, "같은 쌍이 두 번 고정되었습니다", "pair pinned twice"),
        (
            Counter((who, p.slot) for p in given for who in (p.a, p.b)),
            1,
            "한 사람이 같은 시간대에 두 번 고정되었습니다",
            "an attendee is pinned twice in one slot",
        ),
        (
            Counter((p.slot, p.table) for p in given if p.table is not None),
            1,
            "같은 테이블이 두 번 고정되었습니다",
            "a table is pinned twice in one slot",
        ),
        (
            Counter(p.slot for p in given),
            problem.tables,
            "테이블 수보다 고정 미팅이 많습니다",
            "more pins than tables in a slot",
        ),
        (
            Counter(who for p in given for who in (p.a, p.b)),
            problem.cap,
            "1인 최대 미팅 수를 넘는 고정입니다",
            "pins exceed max meetings per person",
        ),
    )
    for counts, limit, korean, english in checks:
        for key, count in counts.items():
            if count > limit:
                raise _fail(f"고정 미팅: {korean} ({key!r})", f"pins: {english} ({key!r})")
    return replace(problem, pins=tuple(pins))
