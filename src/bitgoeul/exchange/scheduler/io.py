"""The JSON contract of `bitgoeul exchange schedule`: parse a decoded document, render a result."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from bitgoeul.exchange.scheduler.model import (
    Attendee,
    Level,
    Pin,
    Preference,
    Schedule,
    ScheduleInput,
    ScheduleInputError,
)

T = TypeVar("T")


def _need(doc: Mapping[str, object], key: str, kind: type[T], where: str) -> T:
    if key not in doc:
        raise ScheduleInputError(f"{where}에 '{key}' 항목이 없습니다", f"{where} is missing '{key}'")
    value = doc[key]
    if isinstance(value, bool) or not isinstance(value, kind):
        name = kind.__name__
        raise ScheduleInputError(
            f"{where}의 '{key}' 형식이 {name}이 아닙니다: {value!r}", f"{where} '{key}' must be {name}: {value!r}"
        )
    return value


def _strings(values: list[Any], where: str) -> tuple[str, ...]:
    for value in values:
        if not isinstance(value, str):
            raise ScheduleInputError(f"{where}에 문자열이 아닌 값: {value!r}", f"{where} holds a non-string: {value!r}")
    return tuple(values)


def _optional_list(doc: Mapping[str, Any], key: str) -> list[Any]:
    return _need(doc, key, list, "input") if key in doc else []


def parse_input(doc: object) -> ScheduleInput:
    """Build a `ScheduleInput` from decoded JSON; shape errors raise `ScheduleInputError` (rules are checked
    when scheduling). Accepts an optional "pins": [{"slot", "a", "b", "table"?}] beyond the contract."""
    if not isinstance(doc, Mapping):
        raise ScheduleInputError("입력은 JSON 객체여야 합니다", "the input must be a JSON object")
    slots = _strings(_need(doc, "slots", list, "input"), "slots")
    attendees = []
    for k, raw in enumerate(_need(doc, "attendees", list, "input")):
        where = f"attendees[{k}]"
        if not isinstance(raw, Mapping):
            raise ScheduleInputError(f"{where}는 객체여야 합니다", f"{where} must be an object")
        available = _strings(_need(raw, "available", list, where), f"{where}.available")
        attendees.append(Attendee(id=_need(raw, "id", str, where), available=available))
    preferences = []
    for k, raw in enumerate(_optional_list(doc, "preferences")):
        where = f"preferences[{k}]"
        if not isinstance(raw, Mapping):
            raise ScheduleInputError(f"{where}는 객체여야 합니다", f"{where} must be an object")
        level = cast(Level, _need(raw, "level", str, where))
        preferences.append(Preference(_need(raw, "from", str, where), _need(raw, "to", str, where), level))
    pins = []
    for k, raw in enumerate(_optional_list(doc, "pins")):
        where = f"pins[{k}]"
        if not isinstance(raw, Mapping):
            raise ScheduleInputError(f"{where}는 객체여야 합니다", f"{where} must be an object")
        table = _need(raw, "table", int, where) if raw.get("table") is not None else None
        slot, a, b = (_need(raw, key, str, where) for key in ("slot", "a", "b"))
        pins.append(Pin(slot, a, b, table))
    return ScheduleInput(
        slots=slots,
        tables=_need(doc, "tables", int, "input"),
        max_meetings_per_person=_need(doc, "max_meetings_per_person", int, "input"),
        attendees=tuple(attendees),
        preferences=tuple(preferences),
        pins=tuple(pins),
    )


def schedule_to_dict(result: Schedule) -> dict[str, Any]:
    """The contract's output document, exactly its four keys."""
    return {
        "meetings": [{"slot": m.slot, "table": m.table, "a": m.a, "b": m.b} for m in result.meetings],
        "total_weight": result.total_weight,
        "upper_bound": result.upper_bound,
        "seconds": round(result.seconds, 4),
    }
