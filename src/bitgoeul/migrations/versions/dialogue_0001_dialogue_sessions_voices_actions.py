"""dialogue sessions voices actions

Revision ID: dialogue_0001
Revises: 0001
Create Date: 2026-11-29 11:00:16.273972
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bitgoeul.migrations.tables import bilingual, create_table, stamps

revision: str = 'dialogue_0001'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = ('dialogue',)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_table('dialogue_themes',
                 sa.Column('code', sa.String(length=60), nullable=False),
                 *bilingual('label', sa.String(length=100)),
                 sa.Column('family', sa.String(length=20), nullable=False),
                 sa.Column('cues', sa.JSON(), nullable=False),
                 sa.Column('position', sa.Integer(), nullable=False),
                 sa.Column('active', sa.Boolean(), nullable=False),
                 *stamps(),
                 unique=[('code',)])
    create_table('dialogue_sessions',
                 sa.Column('number', sa.Integer(), nullable=True),
                 sa.Column('title', sa.String(length=300), nullable=False),
                 sa.Column('held_on', sa.Date(), nullable=True),
                 sa.Column('starts_at', sa.Time(), nullable=True),
                 sa.Column('place', sa.String(length=300), nullable=False),
                 sa.Column('field', sa.String(length=60), nullable=False),
                 sa.Column('field_other', sa.String(length=100), nullable=False),
                 sa.Column('topic', sa.String(length=300), nullable=False),
                 sa.Column('host', sa.String(length=100), nullable=False),
                 *bilingual('summary', sa.Text()),
                 *bilingual('minutes', sa.Text()),
                 sa.Column('photo_captions', sa.JSON(), nullable=False),
                 sa.Column('status', sa.String(length=20), nullable=False),
                 sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
                 sa.Column('article_text', sa.Text(), nullable=False),
                 sa.Column('imported_from', sa.String(length=300), nullable=False),
                 sa.Column('import_warnings', sa.JSON(), nullable=False),
                 sa.Column('created_by_id', sa.Integer(), nullable=True),
                 *stamps(),
                 keyed=True,
                 refs={'created_by_id': ('users', 'SET NULL')},
                 indexes=('field', 'held_on', 'number', 'status'))

    create_table('dialogue_participants',
                 sa.Column('session_id', sa.Integer(), nullable=False),
                 sa.Column('name', sa.String(length=100), nullable=False),
                 sa.Column('organisation_name', sa.String(length=200), nullable=False),
                 sa.Column('role', sa.String(length=100), nullable=False),
                 sa.Column('kind', sa.String(length=20), nullable=False),
                 sa.Column('user_id', sa.Integer(), nullable=True),
                 sa.Column('organisation_id', sa.Integer(), nullable=True),
                 sa.Column('listed', sa.Boolean(), nullable=False),
                 sa.Column('position', sa.Integer(), nullable=False),
                 refs={'organisation_id': ('organisations', 'SET NULL'), 'session_id': ('dialogue_sessions', 'CASCADE'), 'user_id': ('users', 'SET NULL')},
                 indexes=('session_id',))

    create_table('dialogue_sources',
                 sa.Column('session_id', sa.Integer(), nullable=False),
                 sa.Column('outlet', sa.String(length=200), nullable=False),
                 sa.Column('author', sa.String(length=200), nullable=False),
                 sa.Column('title', sa.String(length=300), nullable=False),
                 sa.Column('url', sa.String(length=1000), nullable=False),
                 sa.Column('published_on', sa.Date(), nullable=True),
                 refs={'session_id': ('dialogue_sessions', 'CASCADE')},
                 indexes=('session_id',))

    create_table('dialogue_voices',
                 sa.Column('session_id', sa.Integer(), nullable=True),
                 sa.Column('participant_id', sa.Integer(), nullable=True),
                 sa.Column('speaker_text', sa.String(length=200), nullable=False),
                 sa.Column('quote', sa.Text(), nullable=False),
                 sa.Column('verbatim', sa.Boolean(), nullable=False),
                 sa.Column('quote_start', sa.Integer(), nullable=True),
                 sa.Column('quote_end', sa.Integer(), nullable=True),
                 sa.Column('source_id', sa.Integer(), nullable=True),
                 *bilingual('summary', sa.Text()),
                 sa.Column('kind', sa.String(length=20), nullable=False),
                 sa.Column('origin', sa.String(length=20), nullable=False),
                 sa.Column('moderation', sa.String(length=20), nullable=False),
                 sa.Column('rejected_reason', sa.Text(), nullable=False),
                 sa.Column('author_id', sa.Integer(), nullable=True),
                 sa.Column('position', sa.Integer(), nullable=False),
                 *stamps(),
                 keyed=True,
                 refs={'author_id': ('users', 'SET NULL'), 'participant_id': ('dialogue_participants', 'SET NULL'), 'session_id': ('dialogue_sessions', 'SET NULL'), 'source_id': ('dialogue_sources', 'SET NULL')},
                 indexes=('author_id', 'kind', 'moderation', 'session_id'))

    create_table('dialogue_actions',
                 sa.Column('voice_id', sa.Integer(), nullable=False),
                 *bilingual('title', sa.String(length=300)),
                 *bilingual('description', sa.Text()),
                 sa.Column('owner_department', sa.String(length=200), nullable=False),
                 sa.Column('status', sa.String(length=20), nullable=False),
                 sa.Column('declined_reason', sa.Text(), nullable=False),
                 sa.Column('due_on', sa.Date(), nullable=True),
                 sa.Column('progress', sa.Integer(), nullable=False),
                 sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=False),
                 sa.Column('created_by_id', sa.Integer(), nullable=True),
                 *stamps(),
                 keyed=True,
                 refs={'created_by_id': ('users', 'SET NULL'), 'voice_id': ('dialogue_voices', 'CASCADE')},
                 indexes=('due_on', 'status', 'voice_id'))

    create_table('dialogue_supports',
                 sa.Column('voice_id', sa.Integer(), nullable=False),
                 sa.Column('user_id', sa.Integer(), nullable=False),
                 sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                 refs={'user_id': ('users', 'CASCADE'), 'voice_id': ('dialogue_voices', 'CASCADE')},
                 named_unique={'uq_dialogue_supports_voice_user': ('voice_id', 'user_id')},
                 indexes=('user_id', 'voice_id'))

    op.create_table('dialogue_voice_themes',
    sa.Column('voice_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['theme_id'], ['dialogue_themes.id'], name=op.f('fk_dialogue_voice_themes_theme_id_dialogue_themes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['voice_id'], ['dialogue_voices.id'], name=op.f('fk_dialogue_voice_themes_voice_id_dialogue_voices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('voice_id', 'theme_id', name=op.f('pk_dialogue_voice_themes'))
    )
    create_table('dialogue_action_links',
                 sa.Column('action_id', sa.Integer(), nullable=False),
                 sa.Column('kind', sa.String(length=30), nullable=False),
                 sa.Column('target_id', sa.Integer(), nullable=True),
                 sa.Column('label', sa.String(length=300), nullable=False),
                 sa.Column('url', sa.String(length=1000), nullable=False),
                 refs={'action_id': ('dialogue_actions', 'CASCADE')},
                 indexes=('action_id',))

    create_table('dialogue_action_sources',
                 sa.Column('action_id', sa.Integer(), nullable=False),
                 sa.Column('outlet', sa.String(length=200), nullable=False),
                 sa.Column('author', sa.String(length=200), nullable=False),
                 sa.Column('title', sa.String(length=300), nullable=False),
                 sa.Column('url', sa.String(length=1000), nullable=False),
                 sa.Column('published_on', sa.Date(), nullable=True),
                 refs={'action_id': ('dialogue_actions', 'CASCADE')},
                 indexes=('action_id',))

    create_table('dialogue_answers',
                 sa.Column('action_id', sa.Integer(), nullable=False),
                 *bilingual('body', sa.Text()),
                 sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
                 sa.Column('status', sa.String(length=20), nullable=False),
                 sa.Column('progress', sa.Integer(), nullable=False),
                 sa.Column('author_id', sa.Integer(), nullable=True),
                 refs={'action_id': ('dialogue_actions', 'CASCADE'), 'author_id': ('users', 'SET NULL')},
                 indexes=('action_id',))



def downgrade() -> None:
    op.drop_table('dialogue_answers')
    op.drop_table('dialogue_action_sources')
    op.drop_table('dialogue_action_links')
    op.drop_table('dialogue_voice_themes')
    op.drop_table('dialogue_supports')
    op.drop_table('dialogue_actions')
    op.drop_table('dialogue_voices')
    op.drop_table('dialogue_sources')
    op.drop_table('dialogue_participants')
    op.drop_table('dialogue_sessions')
    op.drop_table('dialogue_themes')
