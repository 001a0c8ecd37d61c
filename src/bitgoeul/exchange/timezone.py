"""Times: stored in UTC, typed and shown in Korean time (KST, UTC+9 all year, no daylight saving)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

KST = timezone(timedelta(hours=9), "KST")


def to_utc(value: datetime) -> datetime:
    """For storage: naive input is read as Korean time (what a form's datetime-local field sends)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=KST)
    return value.astimezone(UTC)


def as_utc(value: datetime) -> datetime:
    """For comparisons: SQLite hands back naive values, which were stored as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def in_kst(value: datetime | None) -> datetime | None:
    return None if value is None else as_utc(value).astimezone(KST)


def kst_text(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    shown = in_kst(value)
    return "" if shown is None else shown.strftime(fmt)


def form_value(value: datetime | None) -> str:
    """The value a datetime-local input shows again (Korean time, minutes)."""
    return kst_text(value, "%Y-%m-%dT%H:%M")
