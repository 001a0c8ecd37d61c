"""Citizen dialogues in site-wide search: published sessions and published voices, never drafts.

The matching registry imports this module and calls `register()` (see bitgoeul.matching.kinds).
A voice is searchable only while anyone may read it: published, and not in a draft session.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from bitgoeul.dialogue.models import DialogueSession, DialogueTheme, DialogueVoice
from bitgoeul.dialogue.states import Moderation, SessionStatus
from bitgoeul.matching.engine import Document
from bitgoeul.matching.kinds import register_kind


def _join(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _theme_names(record: DialogueSession) -> tuple[str, str]:
    if record.field == "other":
        return (record.field_other, record.field_other)
    db = object_session(record)
    theme = db.scalar(select(DialogueTheme).where(DialogueTheme.code == record.field)) if db else None
    return (theme.label_ko, theme.label_en or theme.label_ko) if theme else (record.field, record.field)


def session_title(record: DialogueSession) -> tuple[str, str]:
    """Korean title as written; in English "Monday Dialogue #N" and the topic's theme."""
    english = f"Monday Dialogue #{record.number}" if record.number else "Monday Dialogue"
    theme_en = _theme_names(record)[1]
    return (record.title or english, f"{english}: {theme_en}" if theme_en else english)


def session_document(record: DialogueSession) -> Document:
    theme_ko, theme_en = _theme_names(record)
    attrs: dict[str, object] = {"field": record.field, "language": ["ko", "en"] if record.summary_en else ["ko"]}
    if record.held_on is not None:
        attrs["held_on"] = record.held_on
    if record.number is not None:
        attrs["number"] = int(record.number)
    return Document(
        kind="dialogue_session", id=record.id,
        fields={"title": _join(record.title, record.topic),
                "tags": _join(theme_ko, theme_en, record.place, record.host),
                "summary": _join(record.summary_ko, record.summary_en),
                "body": _join(record.minutes_ko, record.minutes_en)},
        attrs=attrs,
    )


def voice_visible(voice: DialogueVoice) -> bool:
    """Published, and either on its own (a citizen's) or in a published session."""
    if voice.moderation != Moderation.published:
        return False
    return voice.session is None or voice.session.status == SessionStatus.published


def voice_title(voice: DialogueVoice) -> tuple[str, str]:
    korean = voice.summary_ko or voice.quote[:80]
    return (korean, voice.summary_en or korean)


def voice_document(voice: DialogueVoice) -> Document:
    attrs: dict[str, object] = {"voice_kind": voice.kind, "origin": voice.origin,
                                "theme": [t.code for t in voice.themes],
                                "language": ["ko", "en"] if voice.summary_en else ["ko"]}
    if voice.session is not None and voice.session.held_on is not None:
        attrs["held_on"] = voice.session.held_on
    return Document(
        kind="voice", id=voice.id,
        fields={"title": _join(voice.summary_ko, voice.summary_en),
                "tags": _join(*(f"{t.label_ko} {t.label_en}" for t in voice.themes)),
                "summary": voice.quote,
                "body": voice.session.title if voice.session is not None else ""},
        attrs=attrs,
    )


def _session_related(db: Session, record: DialogueSession) -> list[Any]:
    """Publishing a session makes its voices visible (and a draft hides them again)."""
    return list(db.scalars(select(DialogueVoice).where(DialogueVoice.session_id == record.id)))


def register() -> None:
    """Published sessions and voices, for everyone."""
    register_kind("dialogue_session", DialogueSession, session_document, session_title,
                  label=("시민 대화", "Dialogue"), path="/dialogue/sessions/{id}", order=60,
                  include=lambda s: s.status == SessionStatus.published, related=_session_related,
                  user_words=lambda s: [s.place],
                  attributes=("field", "held_on", "number", "language"))
    register_kind("voice", DialogueVoice, voice_document, voice_title,
                  label=("시민 의견", "Voice"), path="/dialogue/voices/{id}", order=65, include=voice_visible,
                  attributes=("voice_kind", "origin", "theme", "held_on", "language"))
