"""exchange: instants kept as UTC with their offset (SQLite text gains '+00:00'; PostgreSQL unchanged)

Revision ID: exchange_0003
Revises: exchange_0002
Create Date: 2026-12-08 01:30:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

from bitgoeul.migrations.instants import add_utc_offsets, drop_utc_offsets

revision: str = 'exchange_0003'
down_revision: str | None = 'exchange_0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {
    'exchange_listings': ('created_at', 'updated_at'),
    'exchange_meeting_requests': ('responded_at', 'created_at', 'updated_at'),
    'exchange_events': ('starts_at', 'ends_at', 'published_at', 'submission_deadline', 'schedule_generated_at',
                        'schedule_published_at', 'created_at', 'updated_at'),
    'exchange_rsvps': ('checked_in_at', 'created_at', 'updated_at'),
    'exchange_teams': ('created_at',),
    'exchange_submissions': ('submitted_at',),
    'exchange_meeting_slots': ('starts_at', 'ends_at'),
}


def upgrade() -> None:
    add_utc_offsets(COLUMNS)


def downgrade() -> None:
    drop_utc_offsets(COLUMNS)
