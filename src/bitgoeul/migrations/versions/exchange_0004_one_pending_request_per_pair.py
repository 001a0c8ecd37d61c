"""exchange: one pending meeting request per pair of organisations, held by a partial unique index

Revision ID: exchange_0004
Revises: exchange_0003
Create Date: 2026-12-08 01:50:00.000000

The pair is stored in one order (`pair_low_id` < `pair_high_id`) so the index sees A->B and B->A as the
same pair. Pending duplicates that raced in before the index existed keep the oldest; later ones are
cancelled.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'exchange_0004'
down_revision: str | None = 'exchange_0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOW = "CASE WHEN from_organisation_id < to_organisation_id THEN from_organisation_id ELSE to_organisation_id END"
HIGH = "CASE WHEN from_organisation_id < to_organisation_id THEN to_organisation_id ELSE from_organisation_id END"


def upgrade() -> None:
    with op.batch_alter_table('exchange_meeting_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pair_low_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('pair_high_id', sa.Integer(), nullable=True))
    op.execute(f"UPDATE exchange_meeting_requests SET pair_low_id = {LOW}, pair_high_id = {HIGH}")  # noqa: S608 - constants
    op.execute("""
        UPDATE exchange_meeting_requests SET status = 'cancelled'
        WHERE status = 'pending' AND EXISTS (
            SELECT 1 FROM exchange_meeting_requests o
            WHERE o.status = 'pending' AND o.pair_low_id = exchange_meeting_requests.pair_low_id
              AND o.pair_high_id = exchange_meeting_requests.pair_high_id AND o.id < exchange_meeting_requests.id)""")
    with op.batch_alter_table('exchange_meeting_requests', schema=None) as batch_op:
        batch_op.alter_column('pair_low_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('pair_high_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index('uq_exchange_meeting_requests_pending_pair', ['pair_low_id', 'pair_high_id'],
                              unique=True, sqlite_where=sa.text("status = 'pending'"),
                              postgresql_where=sa.text("status = 'pending'"))


def downgrade() -> None:
    with op.batch_alter_table('exchange_meeting_requests', schema=None) as batch_op:
        batch_op.drop_index('uq_exchange_meeting_requests_pending_pair')
        batch_op.drop_column('pair_high_id')
        batch_op.drop_column('pair_low_id')
