"""`bitgoeul backup` / `restore`: consistent while a writer runs, portable between SQLite and PostgreSQL,
refusing (exit 2, nothing changed) a non-empty database or a bad file."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, select, text
from tests import factories as f
from typer.testing import CliRunner

from bitgoeul.accounts.models import User
from bitgoeul.cli import app
from bitgoeul.core.backup import backup
from bitgoeul.core.db import Base, make_engine, make_session_factory, session_scope
from bitgoeul.core.export import table_rows
from bitgoeul.core.registry import export_tables, load_models
from bitgoeul.organisations.models import Organisation

runner = CliRunner()
WRITER_TAG = "backup-writer"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """A SQLite database holding the demo ecosystem (most tables non-empty), built once for this module."""
    from bitgoeul.demo import load_all

    path = tmp_path_factory.mktemp("backup") / "demo.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with session_scope(make_session_factory(engine)) as session:
        load_all(session)
    engine.dispose()
    return path


@pytest.fixture
def new_postgres() -> Iterator[Any]:
    """Makes empty PostgreSQL databases (no schema) and drops them afterwards."""
    admin_url = os.environ.get("BITGOEUL_TEST_POSTGRES_URL")
    if not admin_url:
        pytest.skip("BITGOEUL_TEST_POSTGRES_URL not set: PostgreSQL tests skipped")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make() -> str:
        name = f"bitgoeul_restore_{uuid.uuid4().hex[:10]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return admin_url.rsplit("/", 1)[0] + f"/{name}"

    yield make
    with admin.connect() as connection:
        for name in made:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _value(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo:
        return value.astimezone(UTC).replace(tzinfo=None)  # SQLite reports UTC without the zone
    return bytes(value) if isinstance(value, memoryview) else value


def every_table(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order, as the engine reports it."""
    load_models()
    engine = make_engine(url)
    with engine.connect() as connection:
        out = {t.name: [tuple(_value(v) for v in row) for row in connection.execute(
            select(*t.columns).order_by(*(t.primary_key.columns or t.columns)))] for t in Base.metadata.sorted_tables}
    engine.dispose()
    return out


def _keys(rows: list[tuple[Any, ...]]) -> set[str]:
    return {json.dumps(row, sort_keys=True, default=repr) for row in rows}


def exports(url: str) -> dict[str, str]:
    """What `bitgoeul export TABLE --format json` prints, per exportable table."""
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        out = {name: json.dumps(table_rows(session, model), ensure_ascii=False, sort_keys=True)
               for name, model in export_tables().items()}
    engine.dispose()
    return out


def _restore(url: str, path: Path) -> Any:
    return runner.invoke(app, ["restore", str(path)], env={"BITGOEUL_DATABASE_URL": url, "BITGOEUL_ENV": "development"})


class Writer:
    """Keeps writing an organisation and its member in one transaction each, until stopped."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.stop = threading.Event()
        self.pairs = 0
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        factory = make_session_factory(self.engine)
        while not self.stop.is_set():
            with session_scope(factory) as session:
                org = f.organisation(session, region=WRITER_TAG)
                f.member(session, org)
            self.pairs += 1

    def __enter__(self) -> Writer:
        self.thread.start()
        while self.pairs < 3:
            self.stop.wait(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(30)
        self.engine.dispose()


def round_trip_while_writing(source: str, target: str, path: Path) -> None:
    """Back up `source` while a writer runs on it, restore into the empty `target`, check the copy."""
    before = every_table(source)
    with Writer(source) as writer:
        backup(source, path)
        written_before_end = writer.pairs
    after = every_table(source)
    result = _restore(target, path)
    assert result.exit_code == 0, result.output
    copy = every_table(target)
    changed = {name for name in before if before[name] != after[name]}  # what the writer touched (and indexed)
    assert {"organisations", "users"} <= changed
    for name, rows in copy.items():
        if name == "write_stamps":  # counters raised in place, checked against the pairs below
            continue
        if name in changed:  # a snapshot: everything from before, and some whole pairs the writer made
            assert _keys(before[name]) <= _keys(rows) <= _keys(after[name]), name
        else:
            assert rows == after[name] == before[name], name
    engine = make_engine(target)
    with make_session_factory(engine)() as session:
        orgs = set(session.scalars(select(Organisation.id).where(Organisation.region == WRITER_TAG)))
        members = set(session.scalars(select(User.organisation_id).where(User.organisation_id.in_(orgs))))
    engine.dispose()
    assert orgs == members and 0 < len(orgs) <= written_before_end + 1  # no torn pair, no later pair
    # Each pair is one transaction, raising the organisations table's write stamp by one in that same
    # transaction: the copy's stamp moved by exactly the pairs it holds, no more, no fewer.
    stamps = {when: dict(rows) for when, rows in (("before", before["write_stamps"]), ("copy", copy["write_stamps"]))}
    pairs_in_copy = len(copy["organisations"]) - len(before["organisations"])
    assert stamps["copy"]["organisations"] - stamps["before"].get("organisations", 0) == pairs_in_copy > 0


def test_sqlite_backup_while_writing_restores_a_consistent_copy(demo_db: Path, tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    shutil.copy(demo_db, source)
    round_trip_while_writing(f"sqlite:///{source}", f"sqlite:///{tmp_path}/copy.db", tmp_path / "b.gz")
    # Quiet again: a second backup restores to exactly what `bitgoeul export` shows of the source.
    backup(f"sqlite:///{source}", tmp_path / "quiet.gz")
    assert _restore(f"sqlite:///{tmp_path}/quiet.db", tmp_path / "quiet.gz").exit_code == 0
    assert exports(f"sqlite:///{tmp_path}/quiet.db") == exports(f"sqlite:///{source}")
    assert every_table(f"sqlite:///{tmp_path}/quiet.db") == every_table(f"sqlite:///{source}")


@pytest.mark.postgres
def test_sqlite_to_postgresql_and_back_while_writing(demo_db: Path, tmp_path: Path, new_postgres: Any) -> None:
    source = tmp_path / "source.db"
    shutil.copy(demo_db, source)
    on_postgres = new_postgres()
    round_trip_while_writing(f"sqlite:///{source}", on_postgres, tmp_path / "to-pg.gz")
    round_trip_while_writing(on_postgres, f"sqlite:///{tmp_path}/back.db", tmp_path / "from-pg.gz")
    # Quiet: SQLite -> PostgreSQL -> SQLite, every table's export identical at each step.
    second = new_postgres()
    backup(f"sqlite:///{source}", tmp_path / "q1.gz")
    assert _restore(second, tmp_path / "q1.gz").exit_code == 0
    assert exports(second) == exports(f"sqlite:///{source}")
    assert every_table(second) == every_table(f"sqlite:///{source}")
    backup(second, tmp_path / "q2.gz")
    assert _restore(f"sqlite:///{tmp_path}/q2.db", tmp_path / "q2.gz").exit_code == 0
    assert exports(f"sqlite:///{tmp_path}/q2.db") == exports(f"sqlite:///{source}")
    # Ids continue after the restored rows on PostgreSQL (sequences moved past them).
    engine = make_engine(second)
    with session_scope(make_session_factory(engine)) as session:
        assert f.organisation(session).id > max(r[0] for r in every_table(f"sqlite:///{source}")["organisations"])
    engine.dispose()


def _sqlite_state(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        names = sorted(inspect(connection).get_table_names())
    engine.dispose()
    return {"tables": names, "rows": every_table(f"sqlite:///{path}") if names else {}}


def test_restore_refuses_a_non_empty_database_and_changes_nothing(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "busy.db"
    shutil.copy(demo_db, target)
    backup(f"sqlite:///{demo_db}", tmp_path / "b.gz")
    before = _sqlite_state(target)
    result = _restore(f"sqlite:///{target}", tmp_path / "b.gz")
    assert result.exit_code == 2 and "not empty" in result.output
    assert _sqlite_state(target) == before


def test_restore_refuses_bad_files_and_changes_nothing(demo_db: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.gz"
    backup(f"sqlite:///{demo_db}", good)
    lines = gzip.decompress(good.read_bytes()).decode().splitlines()
    header = json.loads(lines[0])
    bad = {
        "missing.gz": None,
        "not-gzip.gz": b"organisations,users\n1,2\n",
        "truncated.gz": good.read_bytes()[: len(good.read_bytes()) // 2],
        "rows-cut.gz": gzip.compress("\n".join(lines[:-5]).encode()),
        "other-format.gz": gzip.compress(json.dumps({"format": "something-else"}).encode()),
        "unknown-table.gz": gzip.compress(f"{lines[0]}\n{json.dumps({'table': 'no_such', 'columns': []})}".encode()),
        "newer-version.gz": gzip.compress("\n".join([json.dumps({**header, "version": 99}), *lines[1:]]).encode()),
    }
    for name, content in bad.items():
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        target = tmp_path / f"empty-{name}.db"
        result = _restore(f"sqlite:///{target}", path)
        assert result.exit_code == 2 and result.output.startswith(("error: ", "오류: ")), (name, result.output)
        assert _sqlite_state(target) in ({}, {"tables": [], "rows": {}}), name  # not even migrated


def test_backup_file_is_complete_or_absent(tmp_path: Path) -> None:
    result = runner.invoke(app, ["backup", str(tmp_path / "x.gz")],
                           env={"BITGOEUL_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    assert result.exit_code == 2 and "no file written" in result.output
    assert list(tmp_path.iterdir()) == []
