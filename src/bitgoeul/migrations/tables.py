"""What the capabilities' `create_table` migrations share: an integer `id` primary key, an optional unique
`key` (the demo data's stable name), Korean-first text pairs, the created/updated instants, foreign keys to
other tables' ids and single-column indexes, each named by the project's naming convention.

Frozen here on purpose, like `instants.py`: a migration must not follow the models as they change later, so
nothing here reads the models; a later migration that needs another shape spells it out with `op` directly.
Dropping a table drops its indexes too (SQLite and PostgreSQL alike), so `downgrade()` needs only
`op.drop_table`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

NO_REFS: Mapping[str, tuple[str, str]] = {}
NO_NAMES: Mapping[str, Sequence[str]] = {}


def create_table(
    name: str,
    *columns: sa.Column[Any],
    keyed: bool = False,
    refs: Mapping[str, tuple[str, str]] = NO_REFS,
    unique: Sequence[Sequence[str]] = (),
    named_unique: Mapping[str, Sequence[str]] = NO_NAMES,
    indexes: Sequence[str] = (),
) -> None:
    """Create `name` with `id` first (then `key` when `keyed`), `columns`, a foreign key per `refs`
    ({column: (table, ondelete)}, pointing at that table's id), unique constraints named after their first
    column (`unique`) or as given (`named_unique`), and an index `ix_<name>_<column>` per `indexes`."""
    key = [sa.Column("key", sa.String(length=80), nullable=True)] if keyed else []
    foreign = [
        sa.ForeignKeyConstraint(
            [column], [f"{target}.id"], name=op.f(f"fk_{name}_{column}_{target}"), ondelete=ondelete
        )
        for column, (target, ondelete) in sorted(refs.items())
    ]
    uniques = [
        sa.UniqueConstraint(*cols, name=op.f(f"uq_{name}_{cols[0]}"))
        for cols in ([("key",)] if keyed else []) + list(unique)
    ]
    uniques += [sa.UniqueConstraint(*cols, name=constraint) for constraint, cols in named_unique.items()]
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        *key,
        *columns,
        *foreign,
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        *uniques,
    )
    for column in indexes:
        op.create_index(op.f(f"ix_{name}_{column}"), name, [column], unique=False)


def bilingual(name: str, kind: sa.types.TypeEngine[Any], *, nullable: bool = False) -> list[sa.Column[Any]]:
    """`<name>_ko` then `<name>_en`: every shown text is kept in both languages, Korean first."""
    return [sa.Column(f"{name}_{language}", kind, nullable=nullable) for language in ("ko", "en")]


def stamps() -> list[sa.Column[Any]]:
    """`created_at` and `updated_at`, instants with their time zone, always set."""
    return [sa.Column(f"{name}_at", sa.DateTime(timezone=True), nullable=False) for name in ("created", "updated")]
