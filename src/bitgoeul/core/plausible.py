"""Plausible ranges for what people type: dates near now and amounts of money a programme could spend.

The database holds any year from 1 to 9999 (`core.bounds`), so a typo such as an event in the year 75 or a
funding of 999,999,999,999원 used to be stored and then shown on public pages. Schemas refuse such values
beside the field, with a message from the catalog.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, Field, WithJsonSchema

from bitgoeul.core.i18n import Message
from bitgoeul.core.time import local_today

EARLIEST = date(2000, 1, 1)
YEARS_AHEAD = 5
MAX_WON = 10**12  # 1조 원: far above any demonstration, purchase or budget in a city programme


def latest(today: date | None = None) -> date:
    """The last plausible day: five years from today (28 February when today is 29 February)."""
    today = today or local_today()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def out_of_range() -> Message:
    """The field message for a date outside the window, naming the window."""
    return Message("range.date", earliest=EARLIEST.isoformat(), latest=latest().isoformat())


def plausible_day(value: date) -> date:
    """A date from 2000-01-01 to five years from today, or ValueError(Message) beside the field."""
    if not EARLIEST <= value <= latest():
        raise ValueError(out_of_range())
    return value


def plausible_moment(value: datetime) -> datetime:
    """A date and time whose day is plausible (see `plausible_day`)."""
    day = value.astimezone(UTC).date() if value.tzinfo else value.date()
    plausible_day(day)
    return value


def plausible_won(value: int) -> int:
    """An amount of won from 0 to `MAX_WON`."""
    if not 0 <= value <= MAX_WON:
        raise ValueError(Message("range.won"))
    return value


PlausibleDay = Annotated[date, AfterValidator(plausible_day)]
PlausibleMoment = Annotated[datetime, AfterValidator(plausible_moment)]
# The bound is checked by `plausible_won` (its message names "1조 원"; a `le=` constraint would run first and
# answer with the bare number) and stated in the JSON schema, so API clients see the maximum.
Won = Annotated[int, Field(ge=0), AfterValidator(plausible_won),
                WithJsonSchema({"type": "integer", "minimum": 0, "maximum": MAX_WON})]
PositiveWon = Annotated[int, Field(gt=0), AfterValidator(plausible_won),
                        WithJsonSchema({"type": "integer", "exclusiveMinimum": 0, "maximum": MAX_WON})]
