"""write stamps: a version per table, raised by every committed ORM write (cache keys for figures)

Revision ID: core_0001
Revises: 0001
Create Date: 2026-12-08 04:30:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'core_0001'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('write_stamps',
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_write_stamps'))
    )


def downgrade() -> None:
    op.drop_table('write_stamps')
