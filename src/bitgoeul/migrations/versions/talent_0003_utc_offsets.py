"""talent: instants kept as UTC with their offset (SQLite text gains '+00:00'; PostgreSQL unchanged)

Revision ID: talent_0003
Revises: talent_0002
Create Date: 2026-12-08 01:30:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

from bitgoeul.migrations.instants import add_utc_offsets, drop_utc_offsets

revision: str = 'talent_0003'
down_revision: str | None = 'talent_0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {
    'talent_profiles': ('created_at', 'updated_at'),
    'talent_jobs': ('published_at', 'created_at', 'updated_at'),
    'talent_applications': ('applied_at', 'state_changed_at', 'hired_at', 'created_at', 'updated_at'),
    'talent_application_events': ('at',),
    'talent_subscriptions': ('created_at', 'updated_at'),
    'talent_alerts': ('created_at', 'read_at', 'emailed_at'),
}


def upgrade() -> None:
    add_utc_offsets(COLUMNS)


def downgrade() -> None:
    drop_utc_offsets(COLUMNS)
