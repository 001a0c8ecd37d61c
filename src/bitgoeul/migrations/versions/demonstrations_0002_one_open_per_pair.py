"""demonstrations: one open demonstration per need and solution, held by a partial unique index

Revision ID: demonstrations_0002
Revises: demonstrations_0001
Create Date: 2026-12-08 01:50:00.000000

Rows that already break the rule (two requests that raced before the index existed) keep the oldest open
one; the later ones are withdrawn, with a line in their history saying why.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = 'demonstrations_0002'
down_revision: str | None = 'demonstrations_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "stage NOT IN ('purchased', 'not_purchased', 'withdrawn')"


def upgrade() -> None:
    later = sa.text(f"""
        SELECT d.id, d.stage FROM demonstrations d
        WHERE d.{OPEN} AND EXISTS (
            SELECT 1 FROM demonstrations o
            WHERE o.need_id = d.need_id AND o.solution_id = d.solution_id AND o.{OPEN} AND o.id < d.id)""")  # noqa: S608 - constants only
    connection = op.get_bind()
    now = datetime.now(UTC)  # stored as core.time.UTCDateTime does: SQLite text in UTC with its offset
    at = now.isoformat(sep=" ", timespec="microseconds") if connection.dialect.name == "sqlite" else now
    for row_id, stage in connection.execute(later).all():
        connection.execute(sa.text("UPDATE demonstrations SET stage = 'withdrawn' WHERE id = :id"), {"id": row_id})
        connection.execute(sa.text(
            "INSERT INTO demonstration_events (demonstration_id, from_stage, to_stage, action, actor_side, at, note) "
            "VALUES (:id, :stage, 'withdrawn', 'move', 'system', :at, :note)"),
            {"id": row_id, "stage": stage, "at": at, "note": "duplicate of an earlier open demonstration of this pair"})
    op.create_index('uq_demonstrations_open_pair', 'demonstrations', ['need_id', 'solution_id'], unique=True,
                    sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))


def downgrade() -> None:
    op.drop_index('uq_demonstrations_open_pair', table_name='demonstrations')
