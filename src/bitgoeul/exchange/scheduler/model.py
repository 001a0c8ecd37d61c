"""Plain data for the 1:1 meeting scheduler: what the organiser and attendees give, what comes back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["must", "meet", "no"]

# The contract's weights: one direction of interest; a pair's weight sums both directions.
LEVEL_WEIGHTS: dict[str, int] = {"must": 3, "meet": 1, "no": 0}


class ScheduleInputError(ValueError):
    """Input the scheduler refuses, naming the offending item. The core imports no catalog, so it hands over
    its Korean and English words separately (`korean`, `english`); the edge shows the reader's one.
    `str()` is the English text (logs, tests)."""

    def __init__(self, korean: str, english: str) -> None:
        super().__init__(english)
        self.korean = korean
        self.english = english


@dataclass(frozen=True)
class Attendee:
    """Someone who can meet others; `available` lists the slot ids they can attend."""

    id: str
    available: tuple[str, ...]


@dataclass(frozen=True)
class Preference:
    """One direction of interest: `source` wants (or refuses) to meet `target`."""

    source: str
    target: str
    level: Level


@dataclass(frozen=True)
class Meeting:
    """A scheduled meeting; `a` sorts before `b` so one pair has one spelling. Tables count from 1."""

    slot: str
    table: int
    a: str
    b: str


@dataclass(frozen=True)
class Pin:
    """An organiser's fixed meeting; `table` None lets the scheduler pick any free table."""

    slot: str
    a: str
    b: str
    table: int | None = None


@dataclass(frozen=True)
class ScheduleInput:
    """Everything one scheduling run needs; build it with `parse_input` or `validate_input`."""

    slots: tuple[str, ...]
    tables: int
    max_meetings_per_person: int
    attendees: tuple[Attendee, ...]
    preferences: tuple[Preference, ...] = ()
    pins: tuple[Pin, ...] = ()


@dataclass(frozen=True)
class Schedule:
    """A draft timetable; `upper_bound` is a proven ceiling on `total_weight` (None if not computed)."""

    meetings: tuple[Meeting, ...]
    total_weight: int
    upper_bound: int | None
    seconds: float
    optimal: bool = False
    method: str = "heuristic"
