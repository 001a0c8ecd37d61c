"""JSON API of the dialogue: sessions, voices, actions and themes (lists, details, and operator writes)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import Session

from bitgoeul.core.api import ListOut
from bitgoeul.core.auth import Actor, is_operator
from bitgoeul.core.pagination import Page
from bitgoeul.dialogue import service
from bitgoeul.dialogue.extract import MAX_BYTES
from bitgoeul.dialogue.figures import dialogue_figures, figure_rows
from bitgoeul.dialogue.importer import import_article
from bitgoeul.dialogue.models import DialogueAction, DialogueSession, DialogueVoice
from bitgoeul.dialogue.schemas import (
    ActionIn,
    ActionMoveIn,
    ActionOut,
    AnswerIn,
    AnswerOut,
    CitizenVoiceIn,
    LinkIn,
    LinkOut,
    ModerationIn,
    ParticipantIn,
    ParticipantOut,
    SessionBriefOut,
    SessionIn,
    SessionOut,
    SourceOut,
    ThemeOut,
    VoiceIn,
    VoiceOut,
)
from bitgoeul.web.deps import CurrentUser, SessionDep, rate_limited

router = APIRouter(prefix="/dialogue", tags=["dialogue"])


def voice_out(session: Session, voice: DialogueVoice, supports: int | None = None) -> VoiceOut:
    speaker, organisation = service.speaker_of(voice)
    count = supports if supports is not None else service.support_counts(session, [voice.id]).get(voice.id, 0)
    return VoiceOut(id=voice.id, session_id=voice.session_id, speaker=speaker, speaker_organisation=organisation,
                    participant_id=voice.participant_id, quote=voice.quote, verbatim=voice.verbatim,
                    quote_start=voice.quote_start, quote_end=voice.quote_end, summary_ko=voice.summary_ko,
                    summary_en=voice.summary_en, kind=voice.kind, themes=[t.code for t in voice.themes],
                    origin=voice.origin, moderation=voice.moderation, supports=count,
                    action_ids=[a.id for a in voice.actions])


def action_out(action: DialogueAction) -> ActionOut:
    return ActionOut(
        id=action.id, voice_id=action.voice_id, session_id=action.voice.session_id, title_ko=action.title_ko,
        title_en=action.title_en, description_ko=action.description_ko, description_en=action.description_en,
        owner_department=action.owner_department, status=action.status, declined_reason=action.declined_reason,
        due_on=action.due_on, overdue=service.is_overdue(action), progress=action.progress,
        answers=[AnswerOut.model_validate(a) for a in action.answers],
        links=[LinkOut.model_validate(link) for link in action.links],
        sources=[SourceOut.model_validate(s) for s in action.sources])


def session_out(session: Session, record: DialogueSession, user: Actor | None) -> SessionOut:
    voices = [v for v in record.voices if service.voice_is_public(v) or is_operator(user)]
    counts = service.support_counts(session, [v.id for v in voices])
    return SessionOut(
        id=record.id, number=record.number, title=record.title, held_on=record.held_on, starts_at=record.starts_at,
        place=record.place, field=record.field, topic=record.topic, host=record.host, summary_ko=record.summary_ko,
        summary_en=record.summary_en, minutes_ko=record.minutes_ko, minutes_en=record.minutes_en,
        photo_captions=list(record.photo_captions), status=record.status,
        sources=[SourceOut.model_validate(s) for s in record.sources],
        participants=[ParticipantOut.model_validate(p) for p in record.participants],
        voices=[voice_out(session, v, counts.get(v.id, 0)) for v in voices])


def _listed(page: Page[Any], items: list[Any]) -> dict[str, Any]:
    return {"items": items, "total": page.total, "page": page.page, "per_page": page.per_page}


# --- sessions --------------------------------------------------------------------------------------------


@router.get("/sessions", response_model=ListOut[SessionBriefOut])
def list_sessions(session: SessionDep, user: CurrentUser, q: str = "", field: str | None = None,
                  year: int | None = None, status: str | None = None, page: int = 1, per_page: int = 20
                  ) -> dict[str, Any]:
    found = service.list_sessions(session, user, q=q, field=field, year=year, status=status, page=page,
                                  per_page=per_page)
    return _listed(found, [SessionBriefOut.model_validate(s) for s in found.items])


@router.get("/sessions/{session_id}", response_model=SessionOut)
def get_session(session: SessionDep, user: CurrentUser, session_id: int) -> SessionOut:
    return session_out(session, service.get_session(session, user, session_id), user)


@router.post("/sessions", response_model=SessionOut, status_code=201)
def create_session(session: SessionDep, user: CurrentUser, body: SessionIn) -> SessionOut:
    return session_out(session, service.create_session(session, user, body), user)


@router.put("/sessions/{session_id}", response_model=SessionOut)
def update_session(session: SessionDep, user: CurrentUser, session_id: int, body: SessionIn) -> SessionOut:
    return session_out(session, service.update_session(session, user, session_id, body), user)


@router.post("/sessions/{session_id}/publish", response_model=SessionOut)
def publish_session(session: SessionDep, user: CurrentUser, session_id: int) -> SessionOut:
    return session_out(session, service.publish_session(session, user, session_id), user)


@router.post("/sessions/{session_id}/participants", response_model=ParticipantOut, status_code=201)
def add_participant(session: SessionDep, user: CurrentUser, session_id: int, body: ParticipantIn) -> Any:
    return service.add_participant(session, user, session_id, body)


@router.post("/sessions/{session_id}/voices", response_model=VoiceOut, status_code=201)
def add_voice(session: SessionDep, user: CurrentUser, session_id: int, body: VoiceIn) -> VoiceOut:
    return voice_out(session, service.add_voice(session, user, session_id, body))


@router.post("/import", response_model=SessionOut, status_code=201, dependencies=[Depends(rate_limited("import"))])
async def import_session(request: Request, session: SessionDep, user: CurrentUser) -> SessionOut:
    """The request body is the article itself (text or HTML); the result is a draft for review."""
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BYTES:
            break
    name = request.headers.get("x-filename", "api-upload")
    return session_out(session, import_article(session, user, raw, name), user)


# --- voices ----------------------------------------------------------------------------------------------


@router.get("/voices", response_model=ListOut[VoiceOut])
def list_voices(session: SessionDep, q: str = "", theme: str | None = None, kind: str | None = None,
                origin: str | None = None, session_id: int | None = None, sort: str = "recent", page: int = 1,
                per_page: int = 20) -> dict[str, Any]:
    found = service.list_voices(session, q=q, theme=theme, kind=kind, origin=origin, session_id=session_id,
                                sort=sort, page=page, per_page=per_page)
    counts = service.support_counts(session, [v.id for v in found.items])
    return _listed(found, [voice_out(session, v, counts.get(v.id, 0)) for v in found.items])


@router.get("/voices/{voice_id}", response_model=VoiceOut)
def get_voice(session: SessionDep, user: CurrentUser, voice_id: int) -> VoiceOut:
    return voice_out(session, service.get_voice(session, user, voice_id))


@router.put("/voices/{voice_id}", response_model=VoiceOut)
def update_voice(session: SessionDep, user: CurrentUser, voice_id: int, body: VoiceIn) -> VoiceOut:
    return voice_out(session, service.update_voice(session, user, voice_id, body))


@router.post("/voices", response_model=VoiceOut, status_code=201)
def submit_voice(session: SessionDep, user: CurrentUser, body: CitizenVoiceIn) -> VoiceOut:
    """A logged-in person's voice between sessions; it waits for moderation."""
    return voice_out(session, service.submit_voice(session, user, body))


@router.post("/voices/{voice_id}/support", response_model=VoiceOut)
def support_voice(session: SessionDep, user: CurrentUser, voice_id: int) -> VoiceOut:
    service.support_voice(session, user, voice_id)
    return voice_out(session, service.get_voice(session, user, voice_id))


@router.post("/voices/{voice_id}/moderation", response_model=VoiceOut)
def moderate_voice(session: SessionDep, user: CurrentUser, voice_id: int, body: ModerationIn) -> VoiceOut:
    return voice_out(session, service.moderate_voice(session, user, voice_id, body))


@router.get("/moderation-queue", response_model=list[VoiceOut])
def moderation_queue(session: SessionDep, user: CurrentUser) -> list[VoiceOut]:
    return [voice_out(session, v) for v in service.moderation_queue(session, user)]


@router.post("/voices/{voice_id}/actions", response_model=ActionOut, status_code=201)
def create_action(session: SessionDep, user: CurrentUser, voice_id: int, body: ActionIn) -> ActionOut:
    return action_out(service.create_action(session, user, voice_id, body))


# --- actions ---------------------------------------------------------------------------------------------


@router.get("/actions", response_model=ListOut[ActionOut])
def list_actions(session: SessionDep, q: str = "", status: str | None = None, theme: str | None = None,
                 session_id: int | None = None, overdue: bool = False, page: int = 1, per_page: int = 20
                 ) -> dict[str, Any]:
    found = service.list_actions(session, q=q, status=status, theme=theme, session_id=session_id, overdue=overdue,
                                 page=page, per_page=per_page)
    return _listed(found, [action_out(a) for a in found.items])


@router.get("/actions/{action_id}", response_model=ActionOut)
def get_action(session: SessionDep, user: CurrentUser, action_id: int) -> ActionOut:
    return action_out(service.get_action(session, user, action_id))


@router.put("/actions/{action_id}", response_model=ActionOut)
def update_action(session: SessionDep, user: CurrentUser, action_id: int, body: ActionIn) -> ActionOut:
    return action_out(service.update_action(session, user, action_id, body))


@router.post("/actions/{action_id}/moves", response_model=ActionOut)
def move_action(session: SessionDep, user: CurrentUser, action_id: int, body: ActionMoveIn) -> ActionOut:
    """Change the status; invalid moves answer 409 naming the allowed ones."""
    return action_out(service.move_action(session, user, action_id, body))


@router.post("/actions/{action_id}/answers", response_model=AnswerOut, status_code=201)
def answer_action(session: SessionDep, user: CurrentUser, action_id: int, body: AnswerIn) -> Any:
    return service.answer_action(session, user, action_id, body)


@router.post("/actions/{action_id}/links", response_model=ActionOut, status_code=201)
def add_link(session: SessionDep, user: CurrentUser, action_id: int, body: LinkIn) -> ActionOut:
    service.add_link(session, user, action_id, body)
    return action_out(service.get_action(session, user, action_id))


# --- themes and figures ----------------------------------------------------------------------------------


@router.get("/themes", response_model=list[ThemeOut])
def list_themes(session: SessionDep) -> list[Any]:
    return list(service.list_themes(session))


@router.get("/figures")
def figures(session: SessionDep) -> list[dict[str, Any]]:
    """The overview's figures as (metric, key, period, value) rows."""
    return figure_rows(dialogue_figures(session))
