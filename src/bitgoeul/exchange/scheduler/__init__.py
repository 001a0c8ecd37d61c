"""Pure 1:1 meeting scheduler: plain data in, a timetable out; imports nothing from the app."""

from bitgoeul.exchange.scheduler.bound import combinatorial_upper_bound
from bitgoeul.exchange.scheduler.diagnostics import Diagnosis, explain_infeasibility
from bitgoeul.exchange.scheduler.edit import find_violations, move_meeting, swap_meetings
from bitgoeul.exchange.scheduler.io import parse_input, schedule_to_dict
from bitgoeul.exchange.scheduler.model import (
    LEVEL_WEIGHTS,
    Attendee,
    Meeting,
    Pin,
    Preference,
    Schedule,
    ScheduleInput,
    ScheduleInputError,
)
from bitgoeul.exchange.scheduler.problem import compile_problem
from bitgoeul.exchange.scheduler.solve import schedule

__all__ = [
    "LEVEL_WEIGHTS",
    "Attendee",
    "Diagnosis",
    "Meeting",
    "Pin",
    "Preference",
    "Schedule",
    "ScheduleInput",
    "ScheduleInputError",
    "combinatorial_upper_bound",
    "compile_problem",
    "explain_infeasibility",
    "find_violations",
    "move_meeting",
    "parse_input",
    "schedule",
    "schedule_to_dict",
    "swap_meetings",
]
