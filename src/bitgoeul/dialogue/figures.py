"""The dialogue's analysis: themes across sessions over time, actions by status, median days to a first
answer and the most supported voices. Public records only; computed in Python (hundreds of rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from bitgoeul.dialogue.models import DialogueAction, DialogueSession, DialogueVoice
from bitgoeul.dialogue.service import (
    first_answer_days,
    is_overdue,
    list_themes,
    public_voices,
    support_counts,
)
from bitgoeul.dialogue.states import ActionStatus, SessionStatus


@dataclass(frozen=True)
class ThemeRow:
    code: str
    label_ko: str
    label_en: str
    total: int
    per_period: list[int]


@dataclass(frozen=True)
class DialogueFigures:
    sessions: int
    voices: int
    actions: int
    per_status: dict[str, int]
    overdue: int
    answered: int
    median_days_to_first_answer: float | None
    periods: list[str]
    themes: list[ThemeRow]
    top_voices: list[tuple[DialogueVoice, int]]


def period_of(day: date) -> str:
    """Half-years: the series meets most Mondays, so a half-year holds enough sessions to compare."""
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def _heard_on(voice: DialogueVoice) -> date:
    if voice.session is not None and voice.session.held_on is not None:
        return voice.session.held_on
    return voice.created_at.date()


def dialogue_figures(session: Session, today: date | None = None, top: int = 5) -> DialogueFigures:
    voices = list(session.scalars(public_voices(select(DialogueVoice))
                                  .options(selectinload(DialogueVoice.themes), selectinload(DialogueVoice.actions)
                                           .selectinload(DialogueAction.answers))))
    sessions = session.scalar(select(func.count(DialogueSession.id))
                              .where(DialogueSession.status == SessionStatus.published)) or 0
    periods = sorted({period_of(_heard_on(v)) for v in voices})
    index = {p: i for i, p in enumerate(periods)}
    rows: list[ThemeRow] = []
    for theme in list_themes(session):
        counts = [0] * len(periods)
        for voice in voices:
            if any(t.id == theme.id for t in voice.themes):
                counts[index[period_of(_heard_on(voice))]] += 1
        rows.append(ThemeRow(theme.code, theme.label_ko, theme.label_en, sum(counts), counts))
    actions = [a for v in voices for a in v.actions]
    per_status = {s.value: 0 for s in ActionStatus}
    for action in actions:
        per_status[action.status] = per_status.get(action.status, 0) + 1
    days = [d for d in (first_answer_days(a) for a in actions) if d is not None]
    supports = support_counts(session, [v.id for v in voices])
    ranked = sorted((v for v in voices if supports.get(v.id)), key=lambda v: (-supports[v.id], v.id))[:top]
    return DialogueFigures(
        sessions=int(sessions), voices=len(voices), actions=len(actions), per_status=per_status,
        overdue=sum(1 for a in actions if is_overdue(a, today)), answered=len(days),
        median_days_to_first_answer=float(median(days)) if days else None, periods=periods,
        themes=[r for r in rows if r.total], top_voices=[(v, supports[v.id]) for v in ranked])


def figure_rows(figures: DialogueFigures) -> list[dict[str, Any]]:
    """The figures as flat (metric, key, period, value) rows: one shape for CSV and JSON."""
    rows: list[dict[str, Any]] = [
        {"metric": name, "key": "", "period": "", "value": getattr(figures, name)}
        for name in ("sessions", "voices", "actions", "overdue", "answered", "median_days_to_first_answer")]
    rows += [{"metric": "actions_by_status", "key": s, "period": "", "value": n} for s, n in figures.per_status.items()]
    for theme in figures.themes:
        rows += [{"metric": "voices_by_theme", "key": theme.code, "period": p, "value": n}
                 for p, n in zip(figures.periods, theme.per_period, strict=True)]
    rows += [{"metric": "supports", "key": str(v.id), "period": "", "value": n} for v, n in figures.top_voices]
    return rows
