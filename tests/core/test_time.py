"""core/time.py: one column type that keeps instants (UTC with offset) on SQLite and PostgreSQL, the city's zone
from BITGOEUL_TIMEZONE, conversions checked against zoneinfo, and the SQLite migration of older naive rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from sqlalchemy import DateTime, select, text
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session
from tests import factories as f

from bitgoeul.accounts.models import User
from bitgoeul.core.db import Base, alembic_config, make_engine, make_session_factory
from bitgoeul.core.registry import load_models
from bitgoeul.core.settings import SettingsError, load_settings
from bitgoeul.core.time import (
    UTCDateTime,
    as_utc,
    city_zone,
    form_value,
    from_local,
    local_midnight,
    local_text,
    local_today,
    shift_days,
    to_local,
)
from bitgoeul.web.rendering import TIME_FILTERS

KST = timezone(timedelta(hours=9))
TYPED = datetime(2026, 3, 1, 14, 40, tzinfo=KST)  # what the user typed in Gwangju


def test_every_stored_instant_uses_the_one_column_type() -> None:
    load_models()
    plain = [f"{t.name}.{c.name}" for t in Base.metadata.sorted_tables for c in t.columns
             if isinstance(c.type, DateTime) and not isinstance(c.type, UTCDateTime)]
    assert plain == []


def test_an_instant_comes_back_aware_and_equal_on_both_databases(session: Session) -> None:
    person = f.user(session)
    person.created_at = TYPED
    session.commit()
    session.expire_all()
    back = session.get(User, person.id)
    assert back is not None
    assert back.created_at.utcoffset() == timedelta(0) and back.created_at == TYPED
    assert (back.created_at.hour, back.created_at.minute) == (5, 40)
    # Comparisons in SQL see the instant, whatever offset the bound value carries.
    same = session.scalars(select(User.id).where(User.created_at == datetime(2026, 3, 1, 5, 40, tzinfo=UTC))).all()
    later = session.scalars(select(User.id).where(User.created_at > TYPED - timedelta(minutes=1))).all()
    assert same == [person.id] and person.id in later


def test_a_naive_instant_is_refused_when_written(session: Session) -> None:
    person = f.user(session)
    person.created_at = datetime(2026, 3, 1, 14, 40)
    with pytest.raises(StatementError, match="aware datetime"):
        session.commit()
    session.rollback()


def test_sqlite_keeps_the_offset_in_its_text_and_reads_older_naive_rows_as_utc(tmp_path: Path,
                                                                               sqlite_template: Path) -> None:
    path = tmp_path / "t.db"
    path.write_bytes(sqlite_template.read_bytes())
    engine = make_engine(f"sqlite:///{path}")
    with make_session_factory(engine)() as db:
        person = f.user(db)
        person.created_at = TYPED
        db.commit()
        stored = db.execute(text("SELECT created_at FROM users")).scalar()
        assert stored == "2026-03-01 05:40:00.000000+00:00"
        db.execute(text("UPDATE users SET created_at = '2026-03-01 05:40:00.000000'"))  # as written before
        db.commit()
        db.expire_all()
        assert db.scalars(select(User.created_at)).one() == TYPED
    engine.dispose()


def test_the_migration_adds_offsets_to_older_sqlite_rows_and_takes_them_off_again(tmp_path: Path,
                                                                                    sqlite_template: Path) -> None:
    path = tmp_path / "m.db"
    path.write_bytes(sqlite_template.read_bytes())
    url = f"sqlite:///{path}"
    config = alembic_config(url)
    command.downgrade(config, "accounts_0003")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO users (email, display_name, password_hash, role, language, is_active, created_at, "
            "updated_at) VALUES ('old@example.org', 'old', 'x', 'person', 'ko', 1, "
            "'2026-03-01 05:40:00.000000', '2026-03-01 05:40:00.000000')"))
    command.upgrade(config, "heads")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT created_at FROM users")).scalar() == "2026-03-01 05:40:00.000000+00:00"
    with make_session_factory(engine)() as db:
        assert db.scalars(select(User.created_at)).one() == TYPED
    command.downgrade(config, "accounts_0003")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT updated_at FROM users")).scalar() == "2026-03-01 05:40:00.000000"
    engine.dispose()


def test_the_city_zone_comes_from_the_environment_and_bad_names_are_refused(monkeypatch: pytest.MonkeyPatch
                                                                            ) -> None:
    monkeypatch.delenv("BITGOEUL_TIMEZONE", raising=False)
    assert city_zone().key == "Asia/Seoul"
    assert city_zone({"BITGOEUL_TIMEZONE": "Europe/Berlin"}).key == "Europe/Berlin"
    assert load_settings({"BITGOEUL_TIMEZONE": " America/New_York "}).timezone == "America/New_York"
    assert load_settings({}).timezone == "Asia/Seoul"
    for bad in ("Mars/Olympus", "../etc/passwd", "KST+9"):
        with pytest.raises(SettingsError, match="BITGOEUL_TIMEZONE"):
            load_settings({"BITGOEUL_TIMEZONE": bad})


@pytest.mark.parametrize("zone", ["Asia/Seoul", "Europe/Berlin", "America/New_York", "Asia/Kolkata"])
def test_conversions_agree_with_zoneinfo(monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    monkeypatch.setenv("BITGOEUL_TIMEZONE", zone)
    reference = ZoneInfo(zone)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for hours in range(0, 365 * 24, 37):  # every season, every hour of the day
        instant = start + timedelta(hours=hours)
        local = instant.astimezone(reference)
        assert to_local(instant) == instant and to_local(instant).utcoffset() == local.utcoffset()
        assert local_text(instant) == local.strftime("%Y-%m-%d %H:%M")
        assert form_value(instant) == local.strftime("%Y-%m-%dT%H:%M")
        assert from_local(local.replace(tzinfo=None, fold=local.fold)) == instant
        assert local_today(instant) == local.date()
    assert as_utc(datetime(2026, 3, 1, 5, 40)) == TYPED


def test_days_begin_at_the_citys_midnight_across_daylight_saving(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BITGOEUL_TIMEZONE", "Europe/Berlin")
    assert local_midnight(date(2026, 3, 1)) == datetime(2026, 2, 28, 23, tzinfo=UTC)
    assert local_midnight(date(2026, 4, 1)) == datetime(2026, 3, 31, 22, tzinfo=UTC)  # summer time began 29 March
    saturday = datetime(2026, 3, 28, 13, tzinfo=UTC)  # 14:00 in Berlin
    assert local_text(shift_days(saturday, 1)) == "2026-03-29 14:00"  # same wall time, one hour less in UTC
    monkeypatch.setenv("BITGOEUL_TIMEZONE", "Asia/Seoul")
    assert local_midnight(date(2026, 3, 1)) == datetime(2026, 2, 28, 15, tzinfo=UTC)


def test_the_time_filters_show_the_citys_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BITGOEUL_TIMEZONE", "Asia/Seoul")
    assert TIME_FILTERS["when"](TYPED) == "2026-03-01 14:40"
    assert TIME_FILTERS["day"](datetime(2026, 2, 28, 20, tzinfo=UTC)) == "2026-03-01"  # already Sunday in Korea
    assert TIME_FILTERS["clock"](TYPED) == "14:40" and TIME_FILTERS["zone"](TYPED) == "KST"
    monkeypatch.setenv("BITGOEUL_TIMEZONE", "Europe/Berlin")
    assert TIME_FILTERS["when"](TYPED) == "2026-03-01 06:40" and TIME_FILTERS["zone"](TYPED) == "CET"
    # Calendar dates and times of day are not instants: shown as they are, in any zone.
    assert TIME_FILTERS["day"](date(2026, 3, 1)) == "2026-03-01" and TIME_FILTERS["clock"](time(9, 5)) == "09:05"
    assert TIME_FILTERS["when"](None) == "" and TIME_FILTERS["day"]("") == ""
