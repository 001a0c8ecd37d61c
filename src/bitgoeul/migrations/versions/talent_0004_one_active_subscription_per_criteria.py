"""talent: one active alert subscription per person and criteria, held by a partial unique index

Revision ID: talent_0004
Revises: talent_0003
Create Date: 2026-12-08 01:50:00.000000

`criteria` is a fingerprint of the subscription's criteria, computed here for existing rows exactly as
talent/models.py `criteria_key` computes it for new ones (a copy: a migration must not change when the
models do); active duplicates keep the oldest, later ones are switched off.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = 'talent_0004'
down_revision: str | None = 'talent_0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CRITERIA = ("kind", "query", "seniority", "region", "work_mode", "min_score")


def criteria_key(values: dict[str, Any]) -> str:
    picked: dict[str, Any] = {name: values.get(name) for name in CRITERIA}
    picked["query"] = " ".join(str(picked["query"] or "").split()).casefold()
    picked["min_score"] = round(float(picked["min_score"] or 0.0), 4)
    picked = {name: (str(value) if name != "min_score" and value is not None else value)
              for name, value in picked.items()}
    return hashlib.sha256(json.dumps(picked, sort_keys=True).encode()).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table('talent_subscriptions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('criteria', sa.String(length=64), nullable=True))
    connection = op.get_bind()
    columns = ", ".join(CRITERIA)
    rows = connection.execute(sa.text(f"SELECT id, {columns} FROM talent_subscriptions")).mappings()  # noqa: S608
    for row in list(rows):
        connection.execute(sa.text("UPDATE talent_subscriptions SET criteria = :criteria WHERE id = :id"),
                           {"criteria": criteria_key(dict(row)), "id": row["id"]})
    op.execute(sa.text("""
        UPDATE talent_subscriptions SET active = :off
        WHERE active = :on AND EXISTS (
            SELECT 1 FROM talent_subscriptions o
            WHERE o.active = :on AND o.user_id = talent_subscriptions.user_id
              AND o.criteria = talent_subscriptions.criteria AND o.id < talent_subscriptions.id)""").bindparams(
        on=True, off=False))
    with op.batch_alter_table('talent_subscriptions', schema=None) as batch_op:
        batch_op.alter_column('criteria', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index('uq_talent_subscriptions_active_criteria', ['user_id', 'criteria'], unique=True,
                              sqlite_where=sa.text("active = 1"), postgresql_where=sa.text("active"))


def downgrade() -> None:
    with op.batch_alter_table('talent_subscriptions', schema=None) as batch_op:
        batch_op.drop_index('uq_talent_subscriptions_active_criteria')
        batch_op.drop_column('criteria')
