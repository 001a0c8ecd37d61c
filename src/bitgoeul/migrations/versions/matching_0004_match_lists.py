"""match lists: similar solutions, buyers who need this and a need's ranked solutions, stored on write

Revision ID: matching_0004
Revises: matching_0003
Create Date: 2026-12-08 02:40:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'matching_0004'
down_revision: str | None = 'matching_0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('match_lists',
    sa.Column('relation', sa.String(length=20), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('top', sa.Integer(), nullable=False),
    sa.Column('docs', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('relation', 'source_id', 'top', name=op.f('pk_match_lists'))
    )


def downgrade() -> None:
    op.drop_table('match_lists')
