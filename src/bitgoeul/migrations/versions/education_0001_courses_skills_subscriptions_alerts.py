"""education: courses, the skills they teach, course alert subscriptions and alerts

Revision ID: education_0001
Revises: 0001
Create Date: 2026-12-08 04:10:28.027784
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bitgoeul.migrations.tables import bilingual, create_table, stamps

revision: str = 'education_0001'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = ('education',)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_table('education_courses',
                 sa.Column('provider_id', sa.Integer(), nullable=False),
                 sa.Column('kind', sa.String(length=20), nullable=False),
                 *bilingual('title', sa.String(length=200)),
                 *bilingual('summary', sa.Text()),
                 sa.Column('skills', sa.JSON(), nullable=False),
                 sa.Column('level', sa.String(length=20), nullable=False),
                 sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
                 sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
                 sa.Column('apply_by', sa.Date(), nullable=True),
                 sa.Column('cost', sa.Integer(), nullable=False),
                 sa.Column('language', sa.String(length=10), nullable=False),
                 sa.Column('venue_name', sa.String(length=200), nullable=False),
                 sa.Column('venue_address', sa.String(length=300), nullable=False),
                 sa.Column('lat', sa.Float(), nullable=True),
                 sa.Column('lon', sa.Float(), nullable=True),
                 *bilingual('how_to_apply', sa.Text()),
                 sa.Column('cohort', sa.String(length=100), nullable=False),
                 *bilingual('curriculum', sa.Text()),
                 *bilingual('eligibility', sa.Text()),
                 sa.Column('status', sa.String(length=20), nullable=False),
                 sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
                 sa.Column('created_by_id', sa.Integer(), nullable=True),
                 *stamps(),
                 keyed=True,
                 refs={'created_by_id': ('users', 'SET NULL'), 'provider_id': ('organisations', 'CASCADE')},
                 indexes=('kind', 'level', 'provider_id', 'starts_at', 'status'))

    create_table('education_subscriptions',
                 sa.Column('user_id', sa.Integer(), nullable=False),
                 sa.Column('skill', sa.String(length=100), nullable=False),
                 sa.Column('active', sa.Boolean(), nullable=False),
                 *stamps(),
                 refs={'user_id': ('users', 'CASCADE')})
    with op.batch_alter_table('education_subscriptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_education_subscriptions_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_education_subscriptions_active_skill', ['user_id', 'skill'], unique=True, sqlite_where=sa.text('active = 1'), postgresql_where=sa.text('active'))

    create_table('education_alerts',
                 sa.Column('user_id', sa.Integer(), nullable=False),
                 sa.Column('course_id', sa.Integer(), nullable=False),
                 sa.Column('skill', sa.String(length=100), nullable=False),
                 sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                 refs={'course_id': ('education_courses', 'CASCADE'), 'user_id': ('users', 'CASCADE')},
                 named_unique={'uq_education_alerts_user_id_course_id': ('user_id', 'course_id')},
                 indexes=('course_id', 'user_id'))

    create_table('education_course_skills',
                 sa.Column('course_id', sa.Integer(), nullable=False),
                 sa.Column('skill', sa.String(length=100), nullable=False),
                 sa.Column('position', sa.Integer(), nullable=False),
                 refs={'course_id': ('education_courses', 'CASCADE')},
                 named_unique={'uq_education_course_skills_course_id_skill': ('course_id', 'skill')},
                 indexes=('course_id', 'skill'))



def downgrade() -> None:
    op.drop_table('education_course_skills')
    op.drop_table('education_alerts')
    with op.batch_alter_table('education_subscriptions', schema=None) as batch_op:
        batch_op.drop_index('uq_education_subscriptions_active_skill', sqlite_where=sa.text('active = 1'), postgresql_where=sa.text('active'))
        batch_op.drop_index(batch_op.f('ix_education_subscriptions_user_id'))

    op.drop_table('education_subscriptions')
    op.drop_table('education_courses')
