"""The dialogue's state machines as data: sessions, follow-up actions and citizen-voice moderation."""

from __future__ import annotations

import enum


class SessionStatus(enum.StrEnum):
    draft = "draft"
    published = "published"


class ActionStatus(enum.StrEnum):
    open = "open"
    in_progress = "in_progress"
    done = "done"
    declined = "declined"


class Moderation(enum.StrEnum):
    pending = "pending"
    published = "published"
    rejected = "rejected"


SESSION_MOVES: dict[SessionStatus, tuple[SessionStatus, ...]] = {
    SessionStatus.draft: (SessionStatus.published,),
    SessionStatus.published: (SessionStatus.draft,),  # unpublish to correct a mistake
}

# Done is final; a declined action may be reopened when circumstances change.
ACTION_MOVES: dict[ActionStatus, tuple[ActionStatus, ...]] = {
    ActionStatus.open: (ActionStatus.in_progress, ActionStatus.done, ActionStatus.declined),
    ActionStatus.in_progress: (ActionStatus.open, ActionStatus.done, ActionStatus.declined),
    ActionStatus.declined: (ActionStatus.open,),
    ActionStatus.done: (),
}
CLOSED_ACTIONS = frozenset({ActionStatus.done, ActionStatus.declined})

MODERATION_MOVES: dict[Moderation, tuple[Moderation, ...]] = {
    Moderation.pending: (Moderation.published, Moderation.rejected),
    Moderation.published: (Moderation.rejected,),  # taken down after publication
    Moderation.rejected: (Moderation.published,),  # a wrong rejection can be undone
}

VOICE_KINDS = ("request", "proposal", "complaint", "praise", "commitment", "other")
PARTICIPANT_KINDS = ("host", "official", "councillor", "firm", "expert", "civic", "student", "citizen", "other")
LINK_KINDS = ("event", "demonstration", "programme_change", "need", "solution", "job", "other")
VOICE_ORIGINS = ("article", "manual", "citizen")
