"""What an indicator is: one monthly figure a capability offers the dashboard, with the helpers that bucket
records into months. Shared vocabulary (capabilities define indicators, the dashboard shows them), so it lives
in core; the dashboard collects them through the manifests (`bitgoeul.dashboard.indicator.indicators`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from bitgoeul.core.months import Months, month_of

Values = dict[str, float | None]  # month "YYYY-MM" -> value (None: not defined that month, e.g. 0 / 0)
UNITS = ("count", "krw", "percent")
FLOWS = ("count", "krw")  # what happens during a month (a running month is compared over the same days); a
# percent is a state at the month's end (or now), compared with the month before as it ended


@dataclass(frozen=True)
class Indicator:
    """One monthly figure. `compute` returns a value for every month of the range, aggregates only."""

    code: str  # stable: URLs, exports and the API use it
    capability: str
    name_ko: str
    name_en: str
    unit: str  # one of UNITS
    description_ko: str
    description_en: str
    compute: Callable[[Session, Months], Values]
    order: int = 100


def counts(instants: Iterable[datetime | date | None], months: Months) -> Values:
    """How many instants fall in each month of the range (others, and those after a partial range's end, are
    ignored)."""
    found = Counter(month_of(i) for i in instants if i is not None and months.covers(i))
    return {label: found.get(label, 0) for label in months.labels}


def sums(pairs: Iterable[tuple[datetime | date | None, float]], months: Months) -> Values:
    """The total of the amounts whose instant falls in each month of the range."""
    totals: dict[str, float] = dict.fromkeys(months.labels, 0)
    for instant, amount in pairs:
        if instant is not None and months.covers(instant) and (label := month_of(instant)) in totals:
            totals[label] += amount
    return dict(totals)


def cumulative_share(pairs: Iterable[tuple[datetime | date, datetime | date | None]], months: Months) -> Values:
    """Per month, the share (in %) of the items that exist by the month's end and have reached their second
    instant by then. Items are (counted from, reached at or None); months with no items give None."""
    items = [(month_of(a), None if b is None else month_of(b)) for a, b in pairs]
    values: Values = {}
    for label in months.labels:
        existing = [reached for since, reached in items if since <= label]
        done = sum(1 for reached in existing if reached is not None and reached <= label)
        values[label] = round(100 * done / len(existing), 1) if existing else None
    return values


def define(capability: str, code: str, compute: Callable[[Session, Months], Values], unit: str, order: int,
           names: tuple[str, str], descriptions: tuple[str, str]) -> Indicator:
    """An indicator in one line: names and descriptions are (Korean, English)."""
    return Indicator(code=code, capability=capability, name_ko=names[0], name_en=names[1], unit=unit,
                     description_ko=descriptions[0], description_en=descriptions[1], compute=compute, order=order)
