"""Flat, self-explaining rows for the open-data exports of the dialogue lists (pages, API and CLI share them)."""

from __future__ import annotations

from datetime import date
from typing import Any

from bitgoeul.dialogue.models import DialogueAction, DialogueSession, DialogueVoice
from bitgoeul.dialogue.service import first_answer_days, is_overdue, speaker_of


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def session_row(s: DialogueSession) -> dict[str, Any]:
    return {"id": s.id, "number": s.number, "title": s.title, "held_on": _day(s.held_on),
            "starts_at": s.starts_at.strftime("%H:%M") if s.starts_at else None, "place": s.place, "field": s.field,
            "topic": s.topic, "host": s.host, "status": s.status, "participants": len(s.participants),
            "voices": len(s.voices), "summary_ko": s.summary_ko, "summary_en": s.summary_en,
            "sources": [src.url or src.title for src in s.sources]}


def voice_row(v: DialogueVoice, supports: int) -> dict[str, Any]:
    speaker, organisation = speaker_of(v)
    return {"id": v.id, "session_id": v.session_id, "session_number": v.session.number if v.session else None,
            "speaker": speaker, "speaker_organisation": organisation, "quote": v.quote, "verbatim": v.verbatim,
            "quote_start": v.quote_start, "quote_end": v.quote_end, "summary_ko": v.summary_ko,
            "summary_en": v.summary_en, "kind": v.kind, "themes": [t.code for t in v.themes], "origin": v.origin,
            "supports": supports, "actions": [a.id for a in v.actions]}


def action_row(a: DialogueAction, today: date | None = None) -> dict[str, Any]:
    return {"id": a.id, "voice_id": a.voice_id, "session_id": a.voice.session_id, "title_ko": a.title_ko,
            "title_en": a.title_en, "owner_department": a.owner_department, "status": a.status,
            "declined_reason": a.declined_reason, "due_on": _day(a.due_on), "overdue": is_overdue(a, today),
            "progress": a.progress, "answers": len(a.answers), "days_to_first_answer": first_answer_days(a),
            "last_answer_ko": a.answers[-1].body_ko if a.answers else None,
            "last_answer_en": a.answers[-1].body_en if a.answers else None,
            "links": [link.url or link.label for link in a.links]}
