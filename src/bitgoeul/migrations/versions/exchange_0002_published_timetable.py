"""exchange: the meetings of the last published timetable (to tell only the people whose meetings changed)

Revision ID: exchange_0002
Revises: exchange_0001
Create Date: 2026-11-29 14:15:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'exchange_0002'
down_revision: str | None = 'exchange_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('exchange_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('schedule_published_meetings', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('exchange_events', schema=None) as batch_op:
        batch_op.drop_column('schedule_published_meetings')
