"""search index

Revision ID: matching_0001
Revises: 0001
Create Date: 2026-11-29 11:02:07.631351
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bitgoeul.migrations.tables import bilingual, create_table

revision: str = 'matching_0001'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = ('matching',)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_table('search_documents',
                 sa.Column('kind', sa.String(length=40), nullable=False),
                 sa.Column('record_id', sa.String(length=80), nullable=False),
                 sa.Column('seq', sa.BigInteger(), nullable=False),
                 sa.Column('content_hash', sa.String(length=64), nullable=False),
                 sa.Column('passage_hash', sa.String(length=32), nullable=False),
                 sa.Column('passage', sa.Text(), nullable=False),
                 *bilingual('title', sa.String(length=300)),
                 sa.Column('terms', sa.JSON(), nullable=False),
                 sa.Column('attrs', sa.JSON(), nullable=False),
                 sa.Column('embed_attempts', sa.Integer(), nullable=False),
                 sa.Column('embed_error', sa.Text(), nullable=True),
                 sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
                 named_unique={'uq_search_documents_kind_record_id': ('kind', 'record_id')},
                 indexes=('kind', 'passage_hash', 'seq'))

    op.create_table('search_embeddings',
    sa.Column('content_hash', sa.String(length=32), nullable=False),
    sa.Column('model', sa.String(length=64), nullable=False),
    sa.Column('dim', sa.Integer(), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('content_hash', name=op.f('pk_search_embeddings'))
    )


def downgrade() -> None:
    op.drop_table('search_embeddings')
    op.drop_table('search_documents')
