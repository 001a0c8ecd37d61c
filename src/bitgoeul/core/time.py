"""Time in one place: instants are stored as UTC with their offset and shown in the city's time zone.

The city's zone is `BITGOEUL_TIMEZONE` (an IANA name, default Asia/Seoul), read at each use like the other
per-process knobs, so the web app, the CLI and a test that changes the environment all follow it. Zone data
comes from the `tzdata` package where the system has none. Every stored instant goes through `UTCDateTime`,
so code never meets a naive datetime read back from the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import DateTime
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from bitgoeul.core.settings import setting

ZONE_ENV = "BITGOEUL_TIMEZONE"
DEFAULT_ZONE = "Asia/Seoul"


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone `name`; ValueError for a name the zone database does not know."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r} (use an IANA name such as Asia/Seoul)") from error


def city_zone(environ: Mapping[str, str] | None = None) -> ZoneInfo:
    """The city's time zone (ZoneInfo caches instances, so calling this per value is cheap)."""
    return zone_named(setting(ZONE_ENV, environ).strip() or DEFAULT_ZONE)


def now() -> datetime:
    """The present, aware, in UTC: what every `created_at` and every "is it past?" check uses."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """The same instant in UTC; a naive value is taken as UTC (how SQLite rows were written before the offset)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def to_local(value: datetime) -> datetime:
    """The instant on the city's clock (aware, in the city's zone)."""
    return as_utc(value).astimezone(city_zone())


def from_local(value: datetime) -> datetime:
    """For storage, in UTC: a naive value is a wall-clock time in the city (what a datetime-local field sends)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=city_zone())
    return value.astimezone(UTC)


def local_midnight(day: date) -> datetime:
    """The instant (UTC) a calendar day begins in the city: the bound to query a day or a month with."""
    return datetime.combine(day, time(), tzinfo=city_zone()).astimezone(UTC)


def local_today(at: datetime | None = None) -> date:
    """Today's date in the city (at `at`, default now): deadlines given as dates close at the city's midnight."""
    return to_local(at or now()).date()


def local_text(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """`value` on the city's clock as text ("" for None); language-neutral numeric formats only."""
    return "" if value is None else to_local(value).strftime(fmt)


def form_value(value: datetime | None) -> str:
    """The value a datetime-local input shows again: the city's wall-clock time, to the minute."""
    return local_text(value, "%Y-%m-%dT%H:%M")


def shift_days(value: datetime, days: int) -> datetime:
    """`days` calendar days later on the city's clock (the same wall time across a daylight-saving change)."""
    local = to_local(value)
    return (local.replace(tzinfo=None) + timedelta(days=days)).replace(tzinfo=local.tzinfo).astimezone(UTC)


class _SQLiteInstant(sqlite.DATETIME):
    """SQLite's DATETIME column holding ISO text with the offset, '2026-03-01 05:40:00.000000+00:00'.

    Text in one fixed format (always UTC, always microseconds) keeps SQL comparisons and ORDER BY right, and
    SQLite's own date functions read the offset. Rows written before the offset was kept are read as UTC.
    """

    def __init__(self, **kwargs: Any) -> None:  # SQLAlchemy copies types with their constructor's keywords
        super().__init__(**kwargs)  # type: ignore[no-untyped-call]  # sqlite.DATETIME.__init__ is untyped

    def bind_processor(self, dialect: Dialect) -> Any:  # noqa: ARG002 - SQLAlchemy's signature
        def process(value: datetime | None) -> str | None:
            return None if value is None else as_utc(value).isoformat(sep=" ", timespec="microseconds")
        return process

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:  # noqa: ARG002 - as above
        def process(value: str | datetime | None) -> datetime | None:
            if value is None or isinstance(value, datetime):
                return value
            return as_utc(datetime.fromisoformat(value))
        return process


class UTCDateTime(TypeDecorator[datetime]):
    """The one column type for instants: stored in UTC with its offset, always read back aware (UTC).

    PostgreSQL keeps `timestamp with time zone`; SQLite keeps ISO text with '+00:00'. A naive value is refused
    when written: whether it meant UTC or the city's clock is the caller's to say (`now()`, `from_local()`).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(_SQLiteInstant())
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError(f"an instant must be an aware datetime, not {value!r}")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        return None if value is None else as_utc(value)
