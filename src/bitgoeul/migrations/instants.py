"""What the "UTC with its offset" migrations share (one per capability branch).

PostgreSQL's `timestamp with time zone` already keeps instants in UTC, so only SQLite text changes: rows
written before `core.time.UTCDateTime` hold naive UTC text ('2026-03-01 05:40:00.000000'); they gain
'+00:00' so every row has the one format that SQL comparisons and ORDER BY rely on. Frozen here on purpose:
a migration must not follow the models as they change later.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from alembic import op

OFFSET = "+00:00"


def add_utc_offsets(columns: Mapping[str, Sequence[str]]) -> None:
    """Append '+00:00' to every naive SQLite value of `columns` ({table: (column, ...)})."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, names in columns.items():
        for name in names:
            op.execute(f"UPDATE {table} SET {name} = {name} || '{OFFSET}' "  # noqa: S608 - fixed names
                       f"WHERE {name} IS NOT NULL AND {name} NOT LIKE '%{OFFSET}'")


def drop_utc_offsets(columns: Mapping[str, Sequence[str]]) -> None:
    """Back to naive UTC text (what the code before `UTCDateTime` reads)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, names in columns.items():
        for name in names:
            op.execute(f"UPDATE {table} SET {name} = substr({name}, 1, length({name}) - {len(OFFSET)}) "  # noqa: S608
                       f"WHERE {name} LIKE '%{OFFSET}'")
