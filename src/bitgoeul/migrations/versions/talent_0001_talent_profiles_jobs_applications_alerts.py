"""talent profiles jobs applications alerts

Revision ID: talent_0001
Revises: 0001
Create Date: 2026-11-29 11:04:07.262478
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bitgoeul.migrations.tables import bilingual, create_table, stamps

revision: str = 'talent_0001'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = ('talent',)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_table('talent_jobs',
                 sa.Column('organisation_id', sa.Integer(), nullable=False),
                 *bilingual('title', sa.String(length=200)),
                 *bilingual('description', sa.Text()),
                 sa.Column('seniority', sa.String(length=20), nullable=False),
                 sa.Column('skills_must', sa.JSON(), nullable=False),
                 sa.Column('skills_nice', sa.JSON(), nullable=False),
                 sa.Column('languages', sa.JSON(), nullable=False),
                 sa.Column('region', sa.String(length=100), nullable=False),
                 sa.Column('work_mode', sa.String(length=20), nullable=False),
                 sa.Column('salary_min', sa.Integer(), nullable=True),
                 sa.Column('salary_max', sa.Integer(), nullable=True),
                 sa.Column('deadline', sa.Date(), nullable=True),
                 sa.Column('status', sa.String(length=20), nullable=False),
                 sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
                 sa.Column('created_by_id', sa.Integer(), nullable=True),
                 *stamps(),
                 keyed=True,
                 refs={'created_by_id': ('users', 'SET NULL'), 'organisation_id': ('organisations', 'CASCADE')},
                 indexes=('organisation_id', 'region', 'seniority', 'status'))

    create_table('talent_profiles',
                 sa.Column('user_id', sa.Integer(), nullable=False),
                 sa.Column('headline', sa.String(length=200), nullable=False),
                 sa.Column('summary', sa.Text(), nullable=False),
                 sa.Column('desired_roles', sa.Text(), nullable=False),
                 sa.Column('skills', sa.JSON(), nullable=False),
                 sa.Column('years_experience', sa.Integer(), nullable=False),
                 sa.Column('seniority', sa.String(length=20), nullable=False),
                 sa.Column('programme', sa.String(length=20), nullable=False),
                 sa.Column('cohort', sa.String(length=100), nullable=False),
                 sa.Column('home_region', sa.String(length=100), nullable=False),
                 sa.Column('wish_regions', sa.JSON(), nullable=False),
                 sa.Column('work_mode', sa.String(length=20), nullable=False),
                 sa.Column('salary_wish', sa.Integer(), nullable=True),
                 sa.Column('languages', sa.JSON(), nullable=False),
                 sa.Column('visible', sa.Boolean(), nullable=False),
                 *stamps(),
                 keyed=True,
                 refs={'user_id': ('users', 'CASCADE')},
                 unique=[('user_id',)],
                 indexes=('programme', 'seniority'))

    create_table('talent_subscriptions',
                 sa.Column('user_id', sa.Integer(), nullable=False),
                 sa.Column('kind', sa.String(length=20), nullable=False),
                 sa.Column('query', sa.String(length=300), nullable=False),
                 sa.Column('seniority', sa.String(length=20), nullable=True),
                 sa.Column('region', sa.String(length=100), nullable=True),
                 sa.Column('work_mode', sa.String(length=20), nullable=True),
                 sa.Column('min_score', sa.Float(), nullable=False),
                 sa.Column('active', sa.Boolean(), nullable=False),
                 *stamps(),
                 refs={'user_id': ('users', 'CASCADE')},
                 indexes=('user_id',))

    create_table('talent_alerts',
                 sa.Column('user_id', sa.Integer(), nullable=False),
                 sa.Column('job_id', sa.Integer(), nullable=False),
                 sa.Column('subscription_id', sa.Integer(), nullable=True),
                 sa.Column('score', sa.Float(), nullable=True),
                 sa.Column('reasons', sa.JSON(), nullable=False),
                 sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                 sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
                 sa.Column('emailed_at', sa.DateTime(timezone=True), nullable=True),
                 refs={'job_id': ('talent_jobs', 'CASCADE'), 'subscription_id': ('talent_subscriptions', 'SET NULL'), 'user_id': ('users', 'CASCADE')},
                 named_unique={'uq_talent_alerts_user_id_job_id': ('user_id', 'job_id')},
                 indexes=('job_id', 'user_id'))

    create_table('talent_applications',
                 sa.Column('job_id', sa.Integer(), nullable=False),
                 sa.Column('profile_id', sa.Integer(), nullable=False),
                 sa.Column('state', sa.String(length=20), nullable=False),
                 sa.Column('message', sa.Text(), nullable=False),
                 sa.Column('applied_at', sa.DateTime(timezone=True), nullable=False),
                 sa.Column('state_changed_at', sa.DateTime(timezone=True), nullable=False),
                 sa.Column('hired_at', sa.DateTime(timezone=True), nullable=True),
                 *stamps(),
                 refs={'job_id': ('talent_jobs', 'CASCADE'), 'profile_id': ('talent_profiles', 'CASCADE')},
                 named_unique={'uq_talent_applications_job_id_profile_id': ('job_id', 'profile_id')},
                 indexes=('job_id', 'profile_id', 'state'))

    create_table('talent_application_events',
                 sa.Column('application_id', sa.Integer(), nullable=False),
                 sa.Column('from_state', sa.String(length=20), nullable=True),
                 sa.Column('to_state', sa.String(length=20), nullable=False),
                 sa.Column('actor_id', sa.Integer(), nullable=True),
                 sa.Column('actor_side', sa.String(length=20), nullable=False),
                 sa.Column('note', sa.Text(), nullable=False),
                 sa.Column('at', sa.DateTime(timezone=True), nullable=False),
                 refs={'actor_id': ('users', 'SET NULL'), 'application_id': ('talent_applications', 'CASCADE')},
                 indexes=('application_id',))



def downgrade() -> None:
    op.drop_table('talent_application_events')
    op.drop_table('talent_applications')
    op.drop_table('talent_alerts')
    op.drop_table('talent_subscriptions')
    op.drop_table('talent_profiles')
    op.drop_table('talent_jobs')
