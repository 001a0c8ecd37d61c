"""transit feeds

Revision ID: transit_0001
Revises: 0001
Create Date: 2026-11-29 10:59:33.640101
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bitgoeul.migrations.tables import bilingual, create_table

revision: str = 'transit_0001'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = ('transit',)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_table('transit_feeds',
                 sa.Column('name', sa.String(length=80), nullable=False),
                 sa.Column('source', sa.String(length=500), nullable=False),
                 sa.Column('label', sa.String(length=20), nullable=False),
                 sa.Column('version', sa.String(length=64), nullable=False),
                 sa.Column('publisher', sa.String(length=300), nullable=False),
                 sa.Column('timezone', sa.String(length=60), nullable=False),
                 sa.Column('service_start', sa.Date(), nullable=True),
                 sa.Column('service_end', sa.Date(), nullable=True),
                 sa.Column('counts', sa.JSON(), nullable=False),
                 sa.Column('report', sa.JSON(), nullable=False),
                 sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
                 unique=[('name',)])
    create_table('transit_feed_files',
                 sa.Column('feed_id', sa.Integer(), nullable=False),
                 sa.Column('name', sa.String(length=120), nullable=False),
                 sa.Column('data', sa.LargeBinary(), nullable=False),
                 refs={'feed_id': ('transit_feeds', 'CASCADE')},
                 named_unique={'uq_transit_feed_files_feed_id_name': ('feed_id', 'name')},
                 indexes=('feed_id',))

    create_table('transit_stops',
                 sa.Column('feed_id', sa.Integer(), nullable=False),
                 sa.Column('stop_id', sa.String(length=200), nullable=False),
                 sa.Column('name', sa.String(length=300), nullable=False),
                 *bilingual('name', sa.String(length=300)),
                 sa.Column('search', sa.String(length=1000), nullable=False),
                 sa.Column('lat', sa.Float(), nullable=False),
                 sa.Column('lon', sa.Float(), nullable=False),
                 sa.Column('location_type', sa.Integer(), nullable=False),
                 sa.Column('parent_stop_id', sa.String(length=200), nullable=True),
                 sa.Column('served', sa.Boolean(), nullable=False),
                 refs={'feed_id': ('transit_feeds', 'CASCADE')},
                 named_unique={'uq_transit_stops_feed_id_stop_id': ('feed_id', 'stop_id')},
                 indexes=('feed_id', 'stop_id'))



def downgrade() -> None:
    op.drop_table('transit_stops')
    op.drop_table('transit_feed_files')
    op.drop_table('transit_feeds')
