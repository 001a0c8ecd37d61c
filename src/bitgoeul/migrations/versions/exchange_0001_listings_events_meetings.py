"""exchange listings requests events rsvps competitions meetings

Revision ID: exchange_0001
Revises: 0001
Create Date: 2026-11-29 11:24:24.734795
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bitgoeul.migrations.tables import bilingual, create_table, stamps

revision: str = 'exchange_0001'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = ('exchange',)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_table('exchange_events',
                 sa.Column('kind', sa.String(length=20), nullable=False),
                 sa.Column('status', sa.String(length=20), nullable=False),
                 *bilingual('title', sa.String(length=200)),
                 *bilingual('description', sa.Text()),
                 sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
                 sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
                 sa.Column('venue_name', sa.String(length=200), nullable=False),
                 sa.Column('venue_address', sa.String(length=300), nullable=False),
                 sa.Column('lat', sa.Float(), nullable=True),
                 sa.Column('lon', sa.Float(), nullable=True),
                 sa.Column('capacity', sa.Integer(), nullable=True),
                 sa.Column('waitlist_capacity', sa.Integer(), nullable=True),
                 sa.Column('organisation_id', sa.Integer(), nullable=True),
                 sa.Column('created_by_id', sa.Integer(), nullable=True),
                 sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
                 sa.Column('submission_deadline', sa.DateTime(timezone=True), nullable=True),
                 sa.Column('results_published', sa.Boolean(), nullable=False),
                 sa.Column('meetings_enabled', sa.Boolean(), nullable=False),
                 sa.Column('meeting_tables', sa.Integer(), nullable=False),
                 sa.Column('max_meetings_per_person', sa.Integer(), nullable=False),
                 sa.Column('schedule_state', sa.String(length=20), nullable=False),
                 sa.Column('schedule_total_weight', sa.Integer(), nullable=True),
                 sa.Column('schedule_upper_bound', sa.Integer(), nullable=True),
                 sa.Column('schedule_notes', sa.JSON(), nullable=False),
                 sa.Column('schedule_generated_at', sa.DateTime(timezone=True), nullable=True),
                 sa.Column('schedule_published_at', sa.DateTime(timezone=True), nullable=True),
                 *stamps(),
                 keyed=True,
                 refs={'created_by_id': ('users', 'SET NULL'), 'organisation_id': ('organisations', 'SET NULL')},
                 indexes=('kind', 'organisation_id', 'starts_at', 'status'))

    create_table('exchange_listings',
                 sa.Column('organisation_id', sa.Integer(), nullable=False),
                 sa.Column('side', sa.String(length=10), nullable=False),
                 sa.Column('intent', sa.String(length=30), nullable=False),
                 sa.Column('domain', sa.String(length=40), nullable=False),
                 sa.Column('region', sa.String(length=100), nullable=False),
                 *bilingual('title', sa.String(length=200)),
                 *bilingual('text', sa.Text()),
                 sa.Column('active', sa.Boolean(), nullable=False),
                 sa.Column('created_by_id', sa.Integer(), nullable=True),
                 *stamps(),
                 keyed=True,
                 refs={'created_by_id': ('users', 'SET NULL'), 'organisation_id': ('organisations', 'CASCADE')},
                 indexes=('domain', 'intent', 'organisation_id', 'side'))

    create_table('exchange_meeting_preferences',
                 sa.Column('event_id', sa.Integer(), nullable=False),
                 sa.Column('from_user_id', sa.Integer(), nullable=False),
                 sa.Column('to_user_id', sa.Integer(), nullable=False),
                 sa.Column('level', sa.String(length=10), nullable=False),
                 refs={'event_id': ('exchange_events', 'CASCADE'), 'from_user_id': ('users', 'CASCADE'), 'to_user_id': ('users', 'CASCADE')},
                 unique=[('event_id', 'from_user_id', 'to_user_id')],
                 indexes=('event_id', 'from_user_id', 'to_user_id'))

    create_table('exchange_meeting_requests',
                 sa.Column('from_organisation_id', sa.Integer(), nullable=False),
                 sa.Column('to_organisation_id', sa.Integer(), nullable=False),
                 sa.Column('listing_id', sa.Integer(), nullable=True),
                 sa.Column('message', sa.Text(), nullable=False),
                 sa.Column('status', sa.String(length=20), nullable=False),
                 sa.Column('sender_id', sa.Integer(), nullable=True),
                 sa.Column('responder_id', sa.Integer(), nullable=True),
                 sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
                 sa.Column('response_note', sa.Text(), nullable=False),
                 *stamps(),
                 refs={'from_organisation_id': ('organisations', 'CASCADE'), 'listing_id': ('exchange_listings', 'SET NULL'), 'responder_id': ('users', 'SET NULL'), 'sender_id': ('users', 'SET NULL'), 'to_organisation_id': ('organisations', 'CASCADE')},
                 indexes=('from_organisation_id', 'status', 'to_organisation_id'))

    create_table('exchange_meeting_slots',
                 sa.Column('event_id', sa.Integer(), nullable=False),
                 sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
                 sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
                 refs={'event_id': ('exchange_events', 'CASCADE')},
                 indexes=('event_id',))

    create_table('exchange_rsvps',
                 sa.Column('event_id', sa.Integer(), nullable=False),
                 sa.Column('user_id', sa.Integer(), nullable=False),
                 sa.Column('status', sa.String(length=20), nullable=False),
                 sa.Column('position', sa.Integer(), nullable=False),
                 sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True),
                 sa.Column('available_slot_ids', sa.JSON(), nullable=True),
                 *stamps(),
                 refs={'event_id': ('exchange_events', 'CASCADE'), 'user_id': ('users', 'CASCADE')},
                 unique=[('event_id', 'user_id')],
                 indexes=('event_id', 'status', 'user_id'))

    create_table('exchange_tracks',
                 sa.Column('event_id', sa.Integer(), nullable=False),
                 *bilingual('name', sa.String(length=200)),
                 *bilingual('description', sa.Text()),
                 refs={'event_id': ('exchange_events', 'CASCADE')},
                 indexes=('event_id',))

    create_table('exchange_scheduled_meetings',
                 sa.Column('event_id', sa.Integer(), nullable=False),
                 sa.Column('slot_id', sa.Integer(), nullable=False),
                 sa.Column('table_no', sa.Integer(), nullable=False),
                 sa.Column('a_user_id', sa.Integer(), nullable=False),
                 sa.Column('b_user_id', sa.Integer(), nullable=False),
                 sa.Column('pinned', sa.Boolean(), nullable=False),
                 refs={'a_user_id': ('users', 'CASCADE'), 'b_user_id': ('users', 'CASCADE'), 'event_id': ('exchange_events', 'CASCADE'), 'slot_id': ('exchange_meeting_slots', 'CASCADE')},
                 unique=[('event_id', 'a_user_id', 'b_user_id')],
                 indexes=('a_user_id', 'b_user_id', 'event_id', 'slot_id'))

    create_table('exchange_teams',
                 sa.Column('event_id', sa.Integer(), nullable=False),
                 sa.Column('track_id', sa.Integer(), nullable=False),
                 sa.Column('name', sa.String(length=120), nullable=False),
                 sa.Column('leader_id', sa.Integer(), nullable=True),
                 sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                 refs={'event_id': ('exchange_events', 'CASCADE'), 'leader_id': ('users', 'SET NULL'), 'track_id': ('exchange_tracks', 'CASCADE')},
                 unique=[('event_id', 'name')],
                 indexes=('event_id', 'track_id'))

    create_table('exchange_submissions',
                 sa.Column('team_id', sa.Integer(), nullable=False),
                 sa.Column('title', sa.String(length=200), nullable=False),
                 sa.Column('summary', sa.Text(), nullable=False),
                 sa.Column('url', sa.String(length=500), nullable=False),
                 sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
                 sa.Column('score', sa.Float(), nullable=True),
                 sa.Column('rank', sa.Integer(), nullable=True),
                 *bilingual('award', sa.String(length=200)),
                 refs={'team_id': ('exchange_teams', 'CASCADE')},
                 unique=[('team_id',)])
    create_table('exchange_team_members',
                 sa.Column('event_id', sa.Integer(), nullable=False),
                 sa.Column('team_id', sa.Integer(), nullable=False),
                 sa.Column('user_id', sa.Integer(), nullable=False),
                 refs={'event_id': ('exchange_events', 'CASCADE'), 'team_id': ('exchange_teams', 'CASCADE'), 'user_id': ('users', 'CASCADE')},
                 unique=[('event_id', 'user_id')],
                 indexes=('event_id', 'team_id', 'user_id'))



def downgrade() -> None:
    op.drop_table('exchange_team_members')
    op.drop_table('exchange_submissions')
    op.drop_table('exchange_teams')
    op.drop_table('exchange_scheduled_meetings')
    op.drop_table('exchange_tracks')
    op.drop_table('exchange_rsvps')
    op.drop_table('exchange_meeting_slots')
    op.drop_table('exchange_meeting_requests')
    op.drop_table('exchange_meeting_preferences')
    op.drop_table('exchange_listings')
    op.drop_table('exchange_events')
