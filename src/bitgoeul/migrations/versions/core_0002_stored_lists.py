"""stored lists: ranked lists (job and partner matches) stored with the stamp of what they were ranked from

Revision ID: core_0002
Revises: core_0001
Create Date: 2026-12-08 05:50:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'core_0002'
down_revision: str | None = 'core_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('stored_lists',
    sa.Column('relation', sa.String(length=40), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('top', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.String(length=400), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('relation', 'source_id', 'top', name=op.f('pk_stored_lists'))
    )


def downgrade() -> None:
    op.drop_table('stored_lists')
