"""dialogue: instants kept as UTC with their offset (SQLite text gains '+00:00'; PostgreSQL unchanged)

Revision ID: dialogue_0002
Revises: dialogue_0001
Create Date: 2026-12-08 01:30:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

from bitgoeul.migrations.instants import add_utc_offsets, drop_utc_offsets

revision: str = 'dialogue_0002'
down_revision: str | None = 'dialogue_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {
    'dialogue_themes': ('created_at', 'updated_at'),
    'dialogue_sessions': ('published_at', 'created_at', 'updated_at'),
    'dialogue_voices': ('created_at', 'updated_at'),
    'dialogue_supports': ('created_at',),
    'dialogue_actions': ('status_changed_at', 'created_at', 'updated_at'),
    'dialogue_answers': ('answered_at',),
}


def upgrade() -> None:
    add_utc_offsets(COLUMNS)


def downgrade() -> None:
    drop_utc_offsets(COLUMNS)
