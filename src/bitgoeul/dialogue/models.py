"""Dialogue records: sessions with sources and participants, voices (verbatim quote kept apart from our
summary), themes, follow-up actions with their public answers, links and sources, and supports."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bitgoeul.core.db import Base, Timestamped, utcnow
from bitgoeul.core.time import UTCDateTime


class DialogueTheme(Timestamped, Base):
    """One theme of the taxonomy (the eight fields + the AI programme's themes); operators may edit it."""

    __tablename__ = "dialogue_themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    label_ko: Mapped[str] = mapped_column(String(100))
    label_en: Mapped[str] = mapped_column(String(100), default="")
    family: Mapped[str] = mapped_column(String(20), default="other")  # field | programme | other
    cues: Mapped[list[str]] = mapped_column(JSON, default=list)  # nouns that suggest the theme on import
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(default=True)


class DialogueSession(Timestamped, Base):
    """One meeting. Imported sessions start as drafts; nothing is public before an operator publishes it."""

    __tablename__ = "dialogue_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    number: Mapped[int | None] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    held_on: Mapped[date | None] = mapped_column(Date, index=True)
    starts_at: Mapped[time | None] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(300), default="")
    field: Mapped[str] = mapped_column(String(60), default="other", index=True)  # theme code of a field, or other
    field_other: Mapped[str] = mapped_column(String(100), default="")
    topic: Mapped[str] = mapped_column(String(300), default="")
    host: Mapped[str] = mapped_column(String(100), default="")
    summary_ko: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    minutes_ko: Mapped[str] = mapped_column(Text, default="")
    minutes_en: Mapped[str] = mapped_column(Text, default="")
    photo_captions: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)  # draft | published
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The cleaned article body that imported voices' positions point into (empty for manual sessions).
    article_text: Mapped[str] = mapped_column(Text, default="")
    imported_from: Mapped[str] = mapped_column(String(300), default="")
    # Plain strings from the importer, or {"key": catalog key, "params": {...}} rendered in the reader's language.
    import_warnings: Mapped[list[str | dict[str, Any]]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    sources: Mapped[list[DialogueSource]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="DialogueSource.id"
    )
    participants: Mapped[list[DialogueParticipant]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="DialogueParticipant.position"
    )
    voices: Mapped[list[DialogueVoice]] = relationship(back_populates="session", order_by="DialogueVoice.position")


class _SourceFields:
    """What identifies a press article (or another document)."""

    outlet: Mapped[str] = mapped_column(String(200), default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    url: Mapped[str] = mapped_column(String(1000), default="")
    published_on: Mapped[date | None] = mapped_column(Date)


class DialogueSource(_SourceFields, Base):
    """A press article reporting a session; imported voices point to the one they were read from."""

    __tablename__ = "dialogue_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="CASCADE"), index=True)

    session: Mapped[DialogueSession] = relationship(back_populates="sources")


class DialogueActionSource(_SourceFields, Base):
    """A document crediting an action; several when the credit is disputed."""

    __tablename__ = "dialogue_action_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("dialogue_actions.id", ondelete="CASCADE"), index=True)

    action: Mapped[DialogueAction] = relationship(back_populates="sources")


class DialogueParticipant(Base):
    """Someone who attended, as reported; linked to a platform person or organisation when one exists."""

    __tablename__ = "dialogue_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    organisation_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(20), default="citizen")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    listed: Mapped[bool] = mapped_column(default=False)  # named in the article's closing attendee list
    position: Mapped[int] = mapped_column(Integer, default=0)

    session: Mapped[DialogueSession] = relationship(back_populates="participants")


class DialogueVoiceTheme(Base):
    """Voice <-> theme (many to many), a mapped class so open-data export sees it as a table."""

    __tablename__ = "dialogue_voice_themes"

    voice_id: Mapped[int] = mapped_column(ForeignKey("dialogue_voices.id", ondelete="CASCADE"), primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("dialogue_themes.id", ondelete="CASCADE"), primary_key=True)


class DialogueVoice(Timestamped, Base):
    """What someone said. `quote` is their exact words when `verbatim`; `summary_*` are ours, never quoted.

    Citizen voices between sessions have no session at first and pass moderation (pending -> published).
    """

    __tablename__ = "dialogue_voices"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="SET NULL"), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("dialogue_participants.id", ondelete="SET NULL"))
    speaker_text: Mapped[str] = mapped_column(String(200), default="")  # a group or unlinked speaker, as written
    quote: Mapped[str] = mapped_column(Text, default="")
    verbatim: Mapped[bool] = mapped_column(default=True)
    quote_start: Mapped[int | None] = mapped_column(Integer)  # offsets into the session's article_text
    quote_end: Mapped[int | None] = mapped_column(Integer)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("dialogue_sources.id", ondelete="SET NULL"))
    summary_ko: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(20), default="other", index=True)
    origin: Mapped[str] = mapped_column(String(20), default="manual")  # article | manual | citizen
    moderation: Mapped[str] = mapped_column(String(20), default="published", index=True)  # pending|published|rejected
    rejected_reason: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    session: Mapped[DialogueSession | None] = relationship(back_populates="voices")
    participant: Mapped[DialogueParticipant | None] = relationship()
    source: Mapped[DialogueSource | None] = relationship()
    themes: Mapped[list[DialogueTheme]] = relationship(
        secondary="dialogue_voice_themes", order_by="DialogueTheme.position"
    )
    actions: Mapped[list[DialogueAction]] = relationship(back_populates="voice", order_by="DialogueAction.id")


class DialogueSupport(Base):
    """One person's support of one published voice (once per person, enforced by the database too)."""

    __tablename__ = "dialogue_supports"
    __table_args__ = (UniqueConstraint("voice_id", "user_id", name="uq_dialogue_supports_voice_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    voice_id: Mapped[int] = mapped_column(ForeignKey("dialogue_voices.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DialogueAction(Timestamped, Base):
    """What the city does about a voice: owner, status, due date, progress, answers, links and sources."""

    __tablename__ = "dialogue_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    voice_id: Mapped[int] = mapped_column(ForeignKey("dialogue_voices.id", ondelete="CASCADE"), index=True)
    title_ko: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300), default="")
    description_ko: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    owner_department: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    declined_reason: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    voice: Mapped[DialogueVoice] = relationship(back_populates="actions")
    answers: Mapped[list[DialogueAnswer]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="DialogueAnswer.answered_at"
    )
    links: Mapped[list[DialogueActionLink]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="DialogueActionLink.id"
    )
    sources: Mapped[list[DialogueActionSource]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="DialogueActionSource.id"
    )


class DialogueAnswer(Base):
    """One public answer on an action's timeline, with the status and progress it reported."""

    __tablename__ = "dialogue_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("dialogue_actions.id", ondelete="CASCADE"), index=True)
    body_ko: Mapped[str] = mapped_column(Text)
    body_en: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(20))  # the action's status when answered
    progress: Mapped[int] = mapped_column(Integer, default=0)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    action: Mapped[DialogueAction] = relationship(back_populates="answers")


class DialogueActionLink(Base):
    """A platform object an action led to: an event, a demonstration, a programme change..."""

    __tablename__ = "dialogue_action_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("dialogue_actions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[int | None] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(300), default="")
    url: Mapped[str] = mapped_column(String(1000), default="")

    action: Mapped[DialogueAction] = relationship(back_populates="links")
