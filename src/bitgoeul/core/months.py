"""Calendar months on the city's clock ("YYYY-MM"): parsing, ranges and the UTC bounds to query them with."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.core.time import from_local, local_midnight, now, to_local

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MAX_MONTHS = 120  # ten years: the programme runs 2025-2029; longer ranges are a typo, not a question


def parse_month(text: str, field: str) -> tuple[int, int]:
    """(year, month) of "YYYY-MM"; anything else is refused with a bilingual message on `field`."""
    found = MONTH.match(text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1900:
        message = Message("dashboard.months.give_month_as_yyyy_mm", text=text)
        raise ValidationFailed(message, fields={field: message})
    return int(found.group(1)), int(found.group(2))


def month_text(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def month_of(value: datetime | date) -> str:
    """The city's month of a stored instant (naive means UTC) or of a calendar date."""
    if isinstance(value, datetime):
        local = to_local(value)
        return month_text(local.year, local.month)
    return month_text(value.year, value.month)


def this_month(at: datetime | None = None) -> tuple[int, int]:
    local = to_local(at or now())
    return local.year, local.month


@dataclass(frozen=True)
class Months:
    """A closed range of months, with the instants that bound it: [start, end) in UTC."""

    labels: tuple[str, ...]
    start: datetime
    end: datetime
    first_day: date
    end_day: date  # the first day after the range

    def __contains__(self, label: object) -> bool:
        return label in self.labels

    def zeros(self) -> dict[str, float | None]:
        return dict.fromkeys(self.labels, 0)

    def covers(self, value: datetime | date) -> bool:
        """Whether an instant or a calendar date falls inside the range (a partial window ends early)."""
        if isinstance(value, datetime):
            return self.start <= value < self.end
        return self.first_day <= value < self.end_day


def _instant(year: int, month: int) -> datetime:
    return local_midnight(date(year, month, 1))


def month_range(start: str | None = None, end: str | None = None, *, span: int = 12,
                now: datetime | None = None) -> Months:
    """`start`..`end` inclusive; a missing end is this month, a missing start is `span` months before it."""
    last = parse_month(end, "to") if end else this_month(now)
    first = parse_month(start, "from") if start else shift(*last, -(max(1, span) - 1))
    count = (last[0] * 12 + last[1]) - (first[0] * 12 + first[1]) + 1
    if count < 1:
        message = Message("dashboard.months.start_month_after_end_month")
        raise ValidationFailed(message, fields={"from": message})
    if count > MAX_MONTHS:
        message = Message("dashboard.months.at_most_months_at_time", MAX_MONTHS=MAX_MONTHS)
        raise ValidationFailed(message, fields={"from": message})
    labels = tuple(month_text(*shift(*first, i)) for i in range(count))
    after = shift(*last, 1)
    return Months(labels=labels, start=_instant(*first), end=_instant(*after),
                  first_day=date(*first, 1), end_day=date(*after, 1))


@dataclass(frozen=True)
class PartialMonth:
    """The range's last month when it is still running: how far it has come (`day` of the month, on the city's
    clock) and the same stretch of the month before, to compare like with like."""

    label: str
    day: int
    before: Months  # the previous month's label, from its first instant to the same point in that month


def partial_month(months: Months, at: datetime | None = None) -> PartialMonth | None:
    """The running month at the end of `months`, or None when its last month is over (or not begun).

    The month before is cut at the same day and wall-clock time (the 8th at 10:00 compares with the 1st to the
    8th at 10:00 of the month before); when that month is shorter (the 31st after February), it is whole.
    """
    at = at or now()
    year, month = this_month(at)
    if month_text(year, month) != months.labels[-1]:
        return None
    local = to_local(at)
    before_year, before_month = shift(year, month, -1)
    first_day, this_first = date(before_year, before_month, 1), date(year, month, 1)
    if local.day > (this_first - timedelta(days=1)).day:
        end, end_day = _instant(year, month), this_first
    else:
        same = local.replace(year=before_year, month=before_month, tzinfo=None)
        end, end_day = from_local(same), date(before_year, before_month, local.day) + timedelta(days=1)
    before = Months(labels=(month_text(before_year, before_month),), start=_instant(before_year, before_month),
                    end=end, first_day=first_day, end_day=end_day)
    return PartialMonth(label=months.labels[-1], day=local.day, before=before)
