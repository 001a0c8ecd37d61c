"""talent match cards

Revision ID: talent_0002
Revises: talent_0001
Create Date: 2026-12-01 10:00:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bitgoeul.migrations.tables import create_table

revision: str = 'talent_0002'
down_revision: str | None = 'talent_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_table('talent_match_cards',
                 sa.Column('kind', sa.String(length=10), nullable=False),
                 sa.Column('record_id', sa.Integer(), nullable=False),
                 sa.Column('seq', sa.BigInteger(), nullable=False),
                 sa.Column('content_hash', sa.String(length=64), nullable=False),
                 sa.Column('text', sa.Text(), nullable=False),
                 sa.Column('card', sa.JSON(), nullable=False),
                 sa.Column('terms', sa.JSON(), nullable=False),
                 named_unique={'uq_talent_match_cards_kind_record_id': ('kind', 'record_id')},
                 indexes=('seq',))


def downgrade() -> None:
    op.drop_table('talent_match_cards')
