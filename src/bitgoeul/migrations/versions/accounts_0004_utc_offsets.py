"""accounts: instants kept as UTC with their offset (SQLite text gains '+00:00'; PostgreSQL unchanged)

Revision ID: accounts_0004
Revises: accounts_0003
Create Date: 2026-12-08 01:30:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

from bitgoeul.migrations.instants import add_utc_offsets, drop_utc_offsets

revision: str = 'accounts_0004'
down_revision: str | None = 'accounts_0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {
    'users': ('created_at', 'updated_at'),
    'notifications': ('created_at', 'read_at', 'emailed_at'),
    'auth_sessions': ('created_at', 'expires_at', 'revoked_at'),
}


def upgrade() -> None:
    add_utc_offsets(COLUMNS)


def downgrade() -> None:
    drop_utc_offsets(COLUMNS)
