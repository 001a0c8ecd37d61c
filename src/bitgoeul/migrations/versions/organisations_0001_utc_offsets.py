"""organisations: instants kept as UTC with their offset (SQLite text gains '+00:00'; PostgreSQL unchanged)

Revision ID: organisations_0001
Revises: 0001
Create Date: 2026-12-08 01:30:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

from bitgoeul.migrations.instants import add_utc_offsets, drop_utc_offsets

revision: str = 'organisations_0001'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = ('organisations',)
depends_on: str | Sequence[str] | None = None

COLUMNS = {'organisations': ('created_at', 'updated_at')}


def upgrade() -> None:
    add_utc_offsets(COLUMNS)


def downgrade() -> None:
    drop_utc_offsets(COLUMNS)
