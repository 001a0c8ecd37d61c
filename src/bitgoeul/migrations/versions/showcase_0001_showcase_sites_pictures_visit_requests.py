"""showcase: sites, their pictures' captions, visit requests

Revision ID: showcase_0001
Revises: 0001
Create Date: 2026-12-08 04:10:15.168147
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bitgoeul.migrations.tables import bilingual, create_table, stamps

revision: str = 'showcase_0001'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = ('showcase',)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_table('showcase_sites',
                 sa.Column('slug', sa.String(length=60), nullable=False),
                 sa.Column('position', sa.Integer(), nullable=False),
                 *bilingual('name', sa.String(length=200)),
                 *bilingual('summary', sa.Text()),
                 *bilingual('compute', sa.Text()),
                 *bilingual('data', sa.Text()),
                 *bilingual('support', sa.Text()),
                 *bilingual('apply', sa.Text()),
                 *bilingual('address', sa.String(length=300)),
                 sa.Column('lat', sa.Float(), nullable=True),
                 sa.Column('lon', sa.Float(), nullable=True),
                 sa.Column('radius_m', sa.Integer(), nullable=False),
                 sa.Column('place_words', sa.JSON(), nullable=False),
                 *stamps(),
                 unique=[('slug',)])
    create_table('showcase_pictures',
                 sa.Column('site_id', sa.Integer(), nullable=False),
                 sa.Column('file', sa.String(length=120), nullable=False),
                 sa.Column('position', sa.Integer(), nullable=False),
                 *bilingual('caption', sa.String(length=300)),
                 refs={'site_id': ('showcase_sites', 'CASCADE')},
                 indexes=('site_id',))

    create_table('showcase_visit_requests',
                 sa.Column('site_id', sa.Integer(), nullable=False),
                 sa.Column('user_id', sa.Integer(), nullable=True),
                 sa.Column('group_name', sa.String(length=200), nullable=False),
                 sa.Column('group_size', sa.Integer(), nullable=False),
                 sa.Column('preferred_date', sa.Date(), nullable=False),
                 sa.Column('language', sa.String(length=5), nullable=False),
                 sa.Column('purpose', sa.Text(), nullable=False),
                 sa.Column('status', sa.String(length=20), nullable=False),
                 sa.Column('answer', sa.Text(), nullable=False),
                 sa.Column('answered_by_id', sa.Integer(), nullable=True),
                 sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
                 *stamps(),
                 refs={'answered_by_id': ('users', 'SET NULL'), 'site_id': ('showcase_sites', 'CASCADE'), 'user_id': ('users', 'SET NULL')},
                 indexes=('site_id', 'status', 'user_id'))



def downgrade() -> None:
    op.drop_table('showcase_visit_requests')
    op.drop_table('showcase_pictures')
    op.drop_table('showcase_sites')
