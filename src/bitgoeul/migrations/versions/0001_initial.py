"""initial schema: accounts, organisations, try-and-buy

Revision ID: 0001
Revises:
Create Date: 2026-11-29 10:42:11.781909
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bitgoeul.migrations.tables import bilingual, create_table, stamps

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_table('organisations',
                 *bilingual('name', sa.String(length=200)),
                 sa.Column('kind', sa.String(length=30), nullable=False),
                 sa.Column('region', sa.String(length=100), nullable=False),
                 sa.Column('size', sa.String(length=20), nullable=False),
                 sa.Column('founded_year', sa.Integer(), nullable=True),
                 sa.Column('hq_moved_from', sa.String(length=100), nullable=True),
                 *bilingual('description', sa.Text()),
                 *stamps(),
                 keyed=True,
                 indexes=('kind', 'region'))

    create_table('needs',
                 sa.Column('organisation_id', sa.Integer(), nullable=False),
                 *bilingual('title', sa.String(length=200)),
                 *bilingual('problem', sa.Text()),
                 sa.Column('domain', sa.String(length=40), nullable=False),
                 sa.Column('budget_min', sa.BigInteger(), nullable=False),
                 sa.Column('budget_max', sa.BigInteger(), nullable=False),
                 sa.Column('deadline', sa.Date(), nullable=True),
                 sa.Column('site_available', sa.Boolean(), nullable=False),
                 sa.Column('site_description', sa.Text(), nullable=False),
                 sa.Column('data_available', sa.Text(), nullable=False),
                 *stamps(),
                 keyed=True,
                 refs={'organisation_id': ('organisations', 'CASCADE')},
                 indexes=('domain', 'organisation_id'))

    create_table('solutions',
                 sa.Column('organisation_id', sa.Integer(), nullable=False),
                 *bilingual('title', sa.String(length=200)),
                 *bilingual('summary', sa.Text()),
                 *bilingual('description', sa.Text()),
                 sa.Column('domain_tags', sa.JSON(), nullable=False),
                 sa.Column('deployment', sa.String(length=20), nullable=False),
                 sa.Column('price_model', sa.String(length=20), nullable=False),
                 sa.Column('reference_list', sa.JSON(), nullable=False),
                 *stamps(),
                 keyed=True,
                 refs={'organisation_id': ('organisations', 'CASCADE')},
                 indexes=('organisation_id',))

    create_table('users',
                 sa.Column('email', sa.String(length=254), nullable=False),
                 sa.Column('display_name', sa.String(length=100), nullable=False),
                 sa.Column('password_hash', sa.String(length=255), nullable=False),
                 sa.Column('role', sa.String(length=20), nullable=False),
                 sa.Column('organisation_id', sa.Integer(), nullable=True),
                 sa.Column('language', sa.String(length=5), nullable=False),
                 sa.Column('is_active', sa.Boolean(), nullable=False),
                 *stamps(),
                 refs={'organisation_id': ('organisations', 'SET NULL')},
                 unique=[('email',)],
                 indexes=('organisation_id',))

    create_table('demonstrations',
                 sa.Column('need_id', sa.Integer(), nullable=False),
                 sa.Column('solution_id', sa.Integer(), nullable=False),
                 sa.Column('stage', sa.String(length=20), nullable=False),
                 sa.Column('funded_amount', sa.BigInteger(), nullable=True),
                 sa.Column('not_purchased_reason', sa.Text(), nullable=True),
                 sa.Column('stage_changed_at', sa.DateTime(timezone=True), nullable=False),
                 *stamps(),
                 keyed=True,
                 refs={'need_id': ('needs', 'CASCADE'), 'solution_id': ('solutions', 'CASCADE')},
                 indexes=('need_id', 'solution_id', 'stage'))

    create_table('demonstration_events',
                 sa.Column('demonstration_id', sa.Integer(), nullable=False),
                 sa.Column('from_stage', sa.String(length=20), nullable=True),
                 sa.Column('to_stage', sa.String(length=20), nullable=False),
                 sa.Column('action', sa.String(length=40), nullable=False),
                 sa.Column('actor_id', sa.Integer(), nullable=True),
                 sa.Column('actor_side', sa.String(length=20), nullable=False),
                 sa.Column('at', sa.DateTime(timezone=True), nullable=False),
                 sa.Column('note', sa.Text(), nullable=False),
                 refs={'actor_id': ('users', 'SET NULL'), 'demonstration_id': ('demonstrations', 'CASCADE')},
                 indexes=('demonstration_id',))

    create_table('kpis',
                 sa.Column('demonstration_id', sa.Integer(), nullable=False),
                 *bilingual('name', sa.String(length=200)),
                 sa.Column('unit', sa.String(length=40), nullable=False),
                 sa.Column('target', sa.Float(), nullable=False),
                 sa.Column('measured', sa.Float(), nullable=True),
                 refs={'demonstration_id': ('demonstrations', 'CASCADE')},
                 indexes=('demonstration_id',))

    create_table('purchases',
                 sa.Column('demonstration_id', sa.Integer(), nullable=False),
                 sa.Column('amount', sa.BigInteger(), nullable=False),
                 sa.Column('purchased_on', sa.Date(), nullable=False),
                 sa.Column('recorded_by_id', sa.Integer(), nullable=True),
                 sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                 refs={'demonstration_id': ('demonstrations', 'CASCADE'), 'recorded_by_id': ('users', 'SET NULL')},
                 unique=[('demonstration_id',)])


def downgrade() -> None:
    op.drop_table('purchases')
    op.drop_table('kpis')
    op.drop_table('demonstration_events')
    op.drop_table('demonstrations')
    op.drop_table('users')
    op.drop_table('solutions')
    op.drop_table('needs')
    op.drop_table('organisations')
