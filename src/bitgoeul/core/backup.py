"""Backup and restore in one portable format, so a backup also moves a deployment between SQLite and
PostgreSQL.

A backup is gzip-compressed JSON Lines: a header (format, version, the migration heads the data was
written at, row counts), then per table a `{"table", "columns"}` line followed by one JSON array per row,
in primary-key order. Values are plain JSON; dates and times are ISO text, binary is base64, decimals
are text; the restoring side converts them back from its own column types.

Consistency while the server writes: SQLite is first copied with its online backup API (one step, a single
read snapshot, writers wait for it), PostgreSQL is read in one REPEATABLE READ, READ ONLY transaction.
Restore checks the whole file before touching the database, refuses a database holding any row, loads
every table in one transaction (parents before children) and then migrates to this code's heads.
"""

from __future__ import annotations

import base64
import gzip
import json
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Column, Connection, Engine, Table, func, inspect, select, text
from sqlalchemy.sql import sqltypes

from bitgoeul import __version__
from bitgoeul.core.db import Base, make_engine, migration_heads, upgrade
from bitgoeul.core.registry import load_models

FORMAT = "bitgoeul-backup"
VERSION = 1
CHUNK = 1000


class BackupError(ValueError):
    """A backup file that cannot be restored, or a database it must not be restored into; nothing changed."""


@dataclass(frozen=True)
class Summary:
    tables: int
    rows: int
    heads: list[str]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        # Stored as UTC everywhere; SQLite hands back naive datetimes, PostgreSQL aware ones.
        return (value.astimezone(UTC) if value.tzinfo else value).replace(tzinfo=None).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    return value


def _tables() -> list[Table]:
    load_models()
    return list(Base.metadata.sorted_tables)


def _ordered(table: Table) -> Any:
    keys = list(table.primary_key.columns) or list(table.columns)
    return select(*table.columns).order_by(*keys)


def _write(connection: Connection, out: IO[str]) -> Summary:
    current, _ = migration_heads(connection)
    tables = _tables()
    counts = {t.name: int(connection.execute(select(func.count()).select_from(t)).scalar_one()) for t in tables}
    header = {"format": FORMAT, "version": VERSION, "app_version": __version__, "dialect": connection.dialect.name,
              "created_at": datetime.now(UTC).isoformat(timespec="seconds"), "heads": sorted(current),
              "tables": counts}
    out.write(json.dumps(header, ensure_ascii=False) + "\n")
    for table in tables:
        out.write(json.dumps({"table": table.name, "columns": [c.name for c in table.columns]}) + "\n")
        result = connection.execution_options(yield_per=CHUNK).execute(_ordered(table))
        for row in result:
            out.write(json.dumps([_plain(v) for v in row], ensure_ascii=False) + "\n")
    return Summary(tables=len(tables), rows=sum(counts.values()), heads=sorted(current))


def backup(database_url: str, path: Path) -> Summary:
    """Write a consistent snapshot of the database at `database_url` to `path` (while others write)."""
    partial = path.with_name(path.name + ".partial")
    try:
        with _snapshot(database_url) as connection, gzip.open(partial, "wt", encoding="utf-8") as out:
            summary = _write(connection, out)
        partial.replace(path)  # a backup file is complete or absent, never half-written
    finally:
        partial.unlink(missing_ok=True)
    return summary


@contextmanager
def _snapshot(database_url: str) -> Iterator[Connection]:
    """A connection that sees one consistent state of the database for as long as it is open."""
    with tempfile.TemporaryDirectory(prefix="bitgoeul-backup-") as folder:
        if database_url.startswith("sqlite"):
            target = Path(folder) / "snapshot.db"
            source = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=30)
            try:
                with sqlite3.connect(target) as destination:
                    source.backup(destination)  # all pages in one step: a single read snapshot
            finally:
                source.close()
            engine = make_engine(f"sqlite:///{target}")
        else:
            engine = make_engine(database_url)
        try:
            with engine.connect() as connection:
                if connection.dialect.name == "postgresql":
                    connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
                yield connection
                connection.rollback()
        finally:
            engine.dispose()


# ----------------------------------------------------------------------------------------------- restore


def _decoder(column: Column[Any]) -> Callable[[Any], Any] | None:
    """How to turn a backup's JSON value back into what the column takes (None: as it is)."""
    kind = getattr(column.type, "impl_instance", column.type)  # a TypeDecorator (UTCDateTime) names its impl
    if isinstance(kind, sqltypes.DateTime):
        if kind.timezone:
            return lambda v: datetime.fromisoformat(v).replace(tzinfo=UTC)
        return datetime.fromisoformat
    if isinstance(kind, sqltypes.Date):
        return date.fromisoformat
    if isinstance(kind, sqltypes.Time):
        return time.fromisoformat
    if isinstance(kind, sqltypes._Binary):
        return base64.b64decode
    if isinstance(kind, sqltypes.Numeric) and getattr(kind, "asdecimal", False):
        return Decimal
    return None


@dataclass
class _Parsed:
    header: dict[str, Any]
    tables: dict[str, tuple[list[str], list[list[Any]]]]


def _lines(path: Path) -> Iterator[Any]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise BackupError(f"{path}: line {number} is not JSON ({exc.msg})") from exc
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise BackupError(f"{path}: not a readable Bitgoeul backup ({exc})") from exc


def read_backup(path: Path) -> _Parsed:
    """The whole backup, checked against this code's tables before anything is written."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    lines = _lines(path)
    header = next(lines, None)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(f"{path}: not a Bitgoeul backup (no '{FORMAT}' header)")
    if header.get("version") != VERSION:
        raise BackupError(f"{path}: backup format version {header.get('version')}, this code reads {VERSION}")
    known = {t.name: t for t in _tables()}
    tables: dict[str, tuple[list[str], list[list[Any]]]] = {}
    current: list[list[Any]] | None = None
    for item in lines:
        if isinstance(item, dict):
            name, columns = item.get("table"), item.get("columns")
            if name not in known or not isinstance(columns, list):
                raise BackupError(f"{path}: table {name!r} is not part of this version's schema")
            missing = set(columns) - set(known[name].columns.keys())
            if missing:
                raise BackupError(f"{path}: {name} has columns this version lacks: {', '.join(sorted(missing))}")
            current = []
            tables[name] = (columns, current)
        elif isinstance(item, list) and current is not None and len(item) == len(tables[next(reversed(tables))][0]):
            current.append(item)
        else:
            raise BackupError(f"{path}: a row does not match its table's columns")
    counts = header.get("tables", {})
    for name, (_, rows) in tables.items():
        if counts.get(name) != len(rows):
            raise BackupError(f"{path}: {name} holds {len(rows)} rows, the header says {counts.get(name)} (truncated?)")
    if set(counts) != set(tables):
        raise BackupError(f"{path}: the header names tables the file lacks (truncated?)")
    return _Parsed(header=header, tables=tables)


def _nonempty(connection: Connection) -> list[str]:
    present = set(inspect(connection).get_table_names())
    return [f"{t.name} ({n} rows)" for t in _tables() if t.name in present
            and (n := int(connection.execute(select(func.count()).select_from(t)).scalar_one()))]


def restore(database_url: str, path: Path) -> Summary:
    """Load the backup at `path` into the empty database at `database_url`; BackupError and no change if the
    file is bad or the database holds any row."""
    parsed = read_backup(path)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            full = _nonempty(connection)
            present = set(inspect(connection).get_table_names())
            heads = migration_heads(connection)[0] if "alembic_version" in present else set()
        if full:
            raise BackupError(f"the database is not empty: {', '.join(full[:5])}; restore only into an empty one")
        wanted = set(parsed.header["heads"])
        if heads and heads != wanted:
            raise BackupError(f"the empty database is migrated to {sorted(heads)}, the backup was made at "
                              f"{sorted(wanted)}; restore into a new, unmigrated database")
        if not heads:
            _migrate_to(database_url, wanted, path)
        rows = _load(engine, parsed)
    finally:
        engine.dispose()
    upgrade(database_url)  # an older backup is brought up to this code's schema
    return Summary(tables=len(parsed.tables), rows=rows, heads=sorted(parsed.header["heads"]))


def _migrate_to(database_url: str, heads: set[str], path: Path) -> None:
    from alembic.script import ScriptDirectory

    from bitgoeul.core.db import alembic_config

    script = ScriptDirectory.from_config(alembic_config(database_url))
    unknown = [h for h in heads if script.get_revision(h) is None] if heads else []
    if not heads or unknown:
        raise BackupError(f"{path}: made at migration {', '.join(unknown) or 'none'}, which this version does "
                          "not know (restore it with the version that made it)")
    for head in sorted(heads):
        upgrade(database_url, head)


def _load(engine: Engine, parsed: _Parsed) -> int:
    total = 0
    with engine.begin() as connection:
        for table in _tables():
            if table.name not in parsed.tables:
                continue
            columns, rows = parsed.tables[table.name]
            decoders = [_decoder(table.columns[name]) for name in columns]
            for start in range(0, len(rows), CHUNK):
                batch = [{name: (d(v) if d is not None and v is not None else v)
                          for name, d, v in zip(columns, decoders, row, strict=True)}
                         for row in rows[start:start + CHUNK]]
                connection.execute(table.insert(), batch)
            total += len(rows)
        if connection.dialect.name == "postgresql":
            _advance_sequences(connection)
    return total


def _advance_sequences(connection: Connection) -> None:
    """Rows came with their ids: move each id sequence past them, or the next insert would collide."""
    for table in _tables():
        for column in table.primary_key.columns:
            sequence = connection.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                          {"t": table.name, "c": column.name}).scalar()
            if sequence:
                connection.execute(text(f'SELECT setval(:s, COALESCE((SELECT MAX("{column.name}") FROM '  # noqa: S608
                                        f'"{table.name}"), 0) + 1, false)'), {"s": sequence})
