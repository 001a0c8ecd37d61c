"""matching: instants kept as UTC with their offset (SQLite text gains '+00:00'; PostgreSQL unchanged)

Revision ID: matching_0003
Revises: matching_0002
Create Date: 2026-12-08 01:30:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

from bitgoeul.migrations.instants import add_utc_offsets, drop_utc_offsets

revision: str = 'matching_0003'
down_revision: str | None = 'matching_0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {
    'search_documents': ('updated_at',),
    'search_embeddings': ('created_at',),
    'search_user_words': ('created_at',),
}


def upgrade() -> None:
    add_utc_offsets(COLUMNS)


def downgrade() -> None:
    drop_utc_offsets(COLUMNS)
