"""The dashboard's services: one indicator's monthly series, every indicator's card, the long-format rows of
the open data export. Plain functions over a session; aggregates only, so anyone may call them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bitgoeul.core.charts import number_text
from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.core.indicators import FLOWS, Indicator
from bitgoeul.core.months import Months, month_range, partial_month
from bitgoeul.core.time import now as current_time
from bitgoeul.core.write_stamps import cached
from bitgoeul.dashboard.indicator import indicators

SPANS = (12, 24)  # the period selector's choices, in months
EXPORT_FIELDS = ["indicator", "month", "value", "unit"]


@dataclass(frozen=True)
class Series:
    indicator: Indicator
    months: tuple[str, ...]
    values: tuple[float | None, ...]
    partial_day: int | None = None  # the last month is still running: its day today, on the city's clock
    same_days_before: float | None = None  # then, for a flow: the month before over the same days

    @property
    def latest(self) -> float | None:
        return self.values[-1] if self.values else None

    @property
    def previous(self) -> float | None:
        """What `latest` is compared with: the month before, or its same days while this month runs (a flow)."""
        if self.partial_day is not None and self.indicator.unit in FLOWS:
            return self.same_days_before
        return self.values[-2] if len(self.values) > 1 else None

    @property
    def change(self) -> float | None:
        """Latest minus previous; None when either is undefined."""
        if self.latest is None or self.previous is None:
            return None
        return round(self.latest - self.previous, 1)

    def points(self) -> list[tuple[str, float | None]]:
        return list(zip(self.months, self.values, strict=True))


def get_indicator(code: str) -> Indicator:
    for indicator in indicators():
        if indicator.code == code:
            return indicator
    known = ", ".join(i.code for i in indicators())
    short = Message("dashboard.service.unknown_indicator", code=code)
    raise ValidationFailed("dashboard.service.known_indicators", short=short, known=known, fields={"indicator": short})


def _computed(session: Session, indicator: Indicator, months: Months, now: datetime | None = None) -> Series:
    values = indicator.compute(session, months)
    running = partial_month(months, now)
    before = None
    if running is not None and indicator.unit in FLOWS:
        before = indicator.compute(session, running.before).get(running.before.labels[0])
    return Series(indicator, months.labels, tuple(values.get(label) for label in months.labels),
                  running.day if running else None, before)


def series(session: Session, indicator: str, start: str | None = None, end: str | None = None, *,
           span: int = 12, now: datetime | None = None) -> Series:
    """One indicator month by month from `start` to `end` ("YYYY-MM", inclusive; default the last `span`)."""
    found = get_indicator(indicator)
    return _computed(session, found, month_range(start, end, span=span, now=now), now)


def overview(session: Session, start: str | None = None, end: str | None = None, *, span: int = 12,
             now: datetime | None = None) -> list[Series]:
    """Every indicator over the same months, in display order.

    Computed once per write anywhere (indicators read tables of every capability) and per minute (the
    running month is compared with the month before cut at the same wall-clock time): the page reads it
    back with one small query.
    """
    months = month_range(start, end, span=span, now=now)
    minute = now or current_time().replace(second=0, microsecond=0)
    return cached(session, ("dashboard.overview", months.labels, minute), None,
                  lambda: [_computed(session, indicator, months, now) for indicator in indicators()])


def export_rows(all_series: list[Series]) -> list[dict[str, Any]]:
    """Long format: one row per (indicator, month); an undefined value (a rate of 0 / 0) is left empty."""
    return [{"indicator": s.indicator.code, "month": month, "value": value, "unit": s.indicator.unit}
            for s in all_series for month, value in s.points()]


def series_out(s: Series) -> dict[str, Any]:
    """The API's and the CLI's JSON shape of one series."""
    i = s.indicator
    return {"code": i.code, "capability": i.capability, "name_ko": i.name_ko, "name_en": i.name_en, "unit": i.unit,
            "description_ko": i.description_ko, "description_en": i.description_en, "latest": s.latest,
            "previous": s.previous, "change": s.change, "partial_day": s.partial_day,
            "series": [{"month": month, "value": value} for month, value in s.points()]}


def value_text(value: float | None, unit: str, language: str, *, signed: bool = False) -> str:
    """A value as people read it: separators, the unit where it helps, '-' when undefined."""
    if value is None:
        return "-"
    sign = ("+" if value > 0 else "−" if value < 0 else "±") if signed else ("−" if value < 0 else "")
    text = sign + number_text(abs(value))
    if unit == "percent":
        return text + ("%p" if signed else "%")
    if unit == "krw":  # 52,950원 / KRW 52,950, as each language writes money
        return f"{sign}KRW {number_text(abs(value))}" if language == "en" else text + "원"
    return text
