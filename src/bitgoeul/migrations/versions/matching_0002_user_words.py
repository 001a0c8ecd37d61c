"""search user words

Revision ID: matching_0002
Revises: matching_0001
Create Date: 2026-11-29 11:50:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'matching_0002'
down_revision: str | None = 'matching_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('search_user_words',
    sa.Column('word', sa.String(length=100), nullable=False),
    sa.Column('tag', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('word', name=op.f('pk_search_user_words'))
    )
    with op.batch_alter_table('search_user_words', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_user_words_status'), ['status'], unique=False)


def downgrade() -> None:
    op.drop_table('search_user_words')
