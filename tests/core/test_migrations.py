"""Migrations build exactly the schema the models describe, on SQLite and PostgreSQL, and go down again."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from bitgoeul.core.db import Base, alembic_config, make_engine
from bitgoeul.core.registry import load_models


def test_schema_matches_models(db_url: str) -> None:
    load_models()
    engine = make_engine(db_url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def test_downgrade_to_base_and_back(db_url: str) -> None:
    config = alembic_config(db_url)
    command.downgrade(config, "base")
    engine = make_engine(db_url)
    assert "solutions" not in inspect(engine).get_table_names()
    engine.dispose()
    command.upgrade(config, "heads")
    engine = make_engine(db_url)
    assert {"solutions", "demonstrations", "users"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: object) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/wal.db")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def _insert(connection: sqlite3.Connection, table: str, **values: object) -> None:
    """A row with `values`, every other NOT NULL column without a default filled with a plain value."""
    for _, name, kind, notnull, default, primary in connection.execute(f'PRAGMA table_info("{table}")'):
        if notnull and default is None and not primary and name not in values:
            kind = kind.upper()
            values[name] = (0 if kind in {"INTEGER", "BIGINT", "BOOLEAN", "FLOAT"} else
                            "2026-01-01 00:00:00.000000+00:00" if kind.startswith(("DATETIME", "DATE")) else
                            "[]" if kind == "JSON" else "x")
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    connection.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(values.values()))  # noqa: S608


def test_only_one_rules_retire_the_duplicates_that_raced_in_before(tmp_path: Path) -> None:
    """Rows that broke a rule before its index existed: the oldest open one stays, later ones are closed."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    config = alembic_config(url)
    command.upgrade(config, "heads")
    for revision in ("demonstrations@-1", "exchange@-1", "talent_0003"):
        command.downgrade(config, revision)
    with closing(sqlite3.connect(tmp_path / "old.db")) as connection:
        for row in (5, 7):
            _insert(connection, "organisations", id=row, name_ko=f"기관{row}", kind="buyer")
        for row in (1, 2):
            _insert(connection, "users", id=row, email=f"u{row}@example.org", role="person")
        _insert(connection, "solutions", id=1, organisation_id=5, title_ko="솔루션")
        _insert(connection, "needs", id=1, organisation_id=7, title_ko="수요", domain="health")
        for row, stage in ((1, "proposed"), (2, "under_review"), (3, "withdrawn")):
            _insert(connection, "demonstrations", id=row, need_id=1, solution_id=1, stage=stage)
        for row, (sender, receiver, status) in enumerate([(5, 7, "pending"), (7, 5, "pending"), (5, 7, "declined")], 1):
            _insert(connection, "exchange_meeting_requests", id=row, from_organisation_id=sender,
                    to_organisation_id=receiver, status=status)
        for row, (user, query) in enumerate([(1, "팀장"), (1, "  팀장 "), (2, "팀장")], 1):
            _insert(connection, "talent_subscriptions", id=row, user_id=user, kind="search", query=query, active=1,
                    min_score=0.5)
        connection.commit()
    command.upgrade(config, "heads")
    with closing(sqlite3.connect(tmp_path / "old.db")) as connection:
        assert connection.execute("SELECT id, stage FROM demonstrations ORDER BY id").fetchall() == [
            (1, "proposed"), (2, "withdrawn"), (3, "withdrawn")]
        assert connection.execute("SELECT demonstration_id, from_stage, to_stage FROM demonstration_events"
                                  ).fetchall() == [(2, "under_review", "withdrawn")]
        assert connection.execute("SELECT id, status, pair_low_id, pair_high_id FROM exchange_meeting_requests "
                                  "ORDER BY id").fetchall() == [(1, "pending", 5, 7), (2, "cancelled", 5, 7),
                                                                (3, "declined", 5, 7)]
        assert connection.execute("SELECT id, active, min_score FROM talent_subscriptions ORDER BY id"
                                  ).fetchall() == [(1, 1, 50), (2, 0, 50), (3, 1, 50)]  # 0-1 became 0-100
