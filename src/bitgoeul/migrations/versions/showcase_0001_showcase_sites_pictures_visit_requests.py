"""showcase: sites, their pictures' captions, visit requests

Revision ID: showcase_0001
Revises: 0001
Create Date: 2026-12-08 04:10:15.168147
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'showcase_0001'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = ('showcase',)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('showcase_sites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name_ko', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('summary_ko', sa.Text(), nullable=False),
    sa.Column('summary_en', sa.Text(), nullable=False),
    sa.Column('compute_ko', sa.Text(), nullable=False),
    sa.Column('compute_en', sa.Text(), nullable=False),
    sa.Column('data_ko', sa.Text(), nullable=False),
    sa.Column('data_en', sa.Text(), nullable=False),
    sa.Column('support_ko', sa.Text(), nullable=False),
    sa.Column('support_en', sa.Text(), nullable=False),
    sa.Column('apply_ko', sa.Text(), nullable=False),
    sa.Column('apply_en', sa.Text(), nullable=False),
    sa.Column('address_ko', sa.String(length=300), nullable=False),
    sa.Column('address_en', sa.String(length=300), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('radius_m', sa.Integer(), nullable=False),
    sa.Column('place_words', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_showcase_sites')),
    sa.UniqueConstraint('slug', name=op.f('uq_showcase_sites_slug'))
    )
    op.create_table('showcase_pictures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('file', sa.String(length=120), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('caption_ko', sa.String(length=300), nullable=False),
    sa.Column('caption_en', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['showcase_sites.id'], name=op.f('fk_showcase_pictures_site_id_showcase_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_showcase_pictures'))
    )
    with op.batch_alter_table('showcase_pictures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_showcase_pictures_site_id'), ['site_id'], unique=False)

    op.create_table('showcase_visit_requests',
    sa.Column('id', sa.Integer(), nullable=False),
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
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_showcase_visit_requests_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['showcase_sites.id'], name=op.f('fk_showcase_visit_requests_site_id_showcase_sites'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_showcase_visit_requests_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_showcase_visit_requests'))
    )
    with op.batch_alter_table('showcase_visit_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_showcase_visit_requests_site_id'), ['site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_showcase_visit_requests_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_showcase_visit_requests_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('showcase_visit_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_showcase_visit_requests_user_id'))
        batch_op.drop_index(batch_op.f('ix_showcase_visit_requests_status'))
        batch_op.drop_index(batch_op.f('ix_showcase_visit_requests_site_id'))

    op.drop_table('showcase_visit_requests')
    with op.batch_alter_table('showcase_pictures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_showcase_pictures_site_id'))

    op.drop_table('showcase_pictures')
    op.drop_table('showcase_sites')
