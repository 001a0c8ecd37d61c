"""Dialogue indicators for the dashboard: voices heard, follow-up actions opened and answered, and the share
answered. Only public records count: published voices outside draft sessions, and their actions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from bitgoeul.core.indicators import Indicator, Values, counts, cumulative_share, define
from bitgoeul.core.months import Months
from bitgoeul.dialogue.models import DialogueAction, DialogueAnswer, DialogueSession, DialogueVoice
from bitgoeul.dialogue.service import public_voices

C = "dialogue"


def _heard(held_on: date | None, created_at: datetime) -> date | datetime:
    """When a voice was heard: its session's date, or when a citizen sent it (as dialogue figures count)."""
    return held_on if held_on is not None else created_at


def voices_received(session: Session, months: Months) -> Values:
    statement = cast("Select[Any]", select(DialogueVoice.created_at, DialogueSession.held_on))
    rows = session.execute(public_voices(statement)).all()
    return counts((_heard(row.held_on, row.created_at) for row in rows), months)


def _public_actions(session: Session) -> list[tuple[datetime, datetime | None]]:
    """(opened, first answered or None) of every action on a public voice."""
    first = (select(DialogueAnswer.action_id, func.min(DialogueAnswer.answered_at).label("at"))
             .group_by(DialogueAnswer.action_id).subquery())
    public = public_voices(select(DialogueVoice.id)).subquery()
    statement = (select(DialogueAction.created_at, first.c.at)
                 .outerjoin(first, first.c.action_id == DialogueAction.id)
                 .where(DialogueAction.voice_id.in_(select(public.c.id))))
    return [(row.created_at, row.at) for row in session.execute(statement)]


def actions_opened(session: Session, months: Months) -> Values:
    return counts((opened for opened, _answered in _public_actions(session)), months)


def actions_answered(session: Session, months: Months) -> Values:
    return counts((answered for _opened, answered in _public_actions(session)), months)


def share_answered(session: Session, months: Months) -> Values:
    return cumulative_share(_public_actions(session), months)


def indicators() -> list[Indicator]:
    return [
        define(C, "voices_received", voices_received, "count", 40, ("접수된 의견", "Voices received"),
               ("그 달에 나온 공개 의견 수 (회차 날짜, 회차 밖 시민 의견은 보낸 날 기준; 검토 전·반려 의견과 "
                "비공개 회차 제외)", "Public voices heard in the month (by session date, or the day a citizen sent "
                "it; voices awaiting moderation or rejected, and draft sessions, left out)")),
        define(C, "actions_opened", actions_opened, "count", 41, ("만들어진 후속조치", "Follow-up actions opened"),
               ("그 달에 공개 의견에 대해 만들어진 후속조치 수",
                "Follow-up actions opened on public voices in the month")),
        define(C, "actions_answered", actions_answered, "count", 42, ("첫 답변이 나간 후속조치", "Actions answered"),
               ("그 달에 첫 공개 답변을 받은 후속조치 수",
                "Follow-up actions that got their first public answer in the month")),
        define(C, "share_answered", share_answered, "percent", 43, ("답변 비율", "Share answered"),
               ("그 달 말까지 만들어진 후속조치 가운데 그때까지 답변을 받은 비율 (누적)",
                "Of the follow-up actions opened by the month's end, the share answered by then (cumulative)")),
    ]
