"""notifications (the shared in-app inbox)

Revision ID: accounts_0001
Revises: 0001
Create Date: 2026-11-29 14:15:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bitgoeul.migrations.tables import bilingual, create_table

revision: str = 'accounts_0001'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = ('accounts',)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_table('notifications',
                 sa.Column('user_id', sa.Integer(), nullable=False),
                 sa.Column('kind', sa.String(length=60), nullable=False),
                 *bilingual('text', sa.Text()),
                 sa.Column('url', sa.String(length=500), nullable=False),
                 sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                 sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
                 refs={'user_id': ('users', 'CASCADE')})
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_user_unread', ['user_id', 'read_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_unread')

    op.drop_table('notifications')
