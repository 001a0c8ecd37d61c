"""Dialogue use cases: one function per action over a session; access and state checks live here.

Operators run sessions, actions, themes and moderation; any logged-in person submits and supports
voices. Drafts, pending and rejected voices are visible to operators only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from bitgoeul.core.auth import Actor, is_operator, require_login, require_operator
from bitgoeul.core.bounds import check_year
from bitgoeul.core.db import flush_unique, require_row, text_matches, utcnow
from bitgoeul.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.core.pagination import Page, paginate
from bitgoeul.core.time import local_today
from bitgoeul.dialogue.models import (
    DialogueAction,
    DialogueActionLink,
    DialogueActionSource,
    DialogueAnswer,
    DialogueParticipant,
    DialogueSession,
    DialogueSource,
    DialogueSupport,
    DialogueTheme,
    DialogueVoice,
    DialogueVoiceTheme,
)
from bitgoeul.dialogue.schemas import (
    ActionIn,
    ActionMoveIn,
    AnswerIn,
    CitizenVoiceIn,
    LinkIn,
    ModerationIn,
    ParticipantIn,
    SessionIn,
    SourceIn,
    ThemeIn,
    VoiceIn,
)
from bitgoeul.dialogue.states import (
    ACTION_MOVES,
    CLOSED_ACTIONS,
    MODERATION_MOVES,
    SESSION_MOVES,
    ActionStatus,
    Moderation,
    SessionStatus,
)

# --- themes ----------------------------------------------------------------------------------------------


def ensure_themes(session: Session) -> None:
    """Seed the default taxonomy (the eight fields + the programme's themes) into an empty theme table."""
    if session.scalar(select(func.count(DialogueTheme.id))):
        return
    from bitgoeul.dialogue.extract.themes import DEFAULT_THEMES

    for index, theme in enumerate(DEFAULT_THEMES):
        session.add(DialogueTheme(code=theme.code, label_ko=theme.ko, label_en=theme.en, family=theme.family,
                                  cues=list(theme.cues), position=index * 10))
    session.flush()


def list_themes(session: Session, *, active_only: bool = False) -> list[DialogueTheme]:
    ensure_themes(session)
    statement = select(DialogueTheme).order_by(DialogueTheme.position, DialogueTheme.id)
    if active_only:
        statement = statement.where(DialogueTheme.active.is_(True))
    return list(session.scalars(statement))


def field_codes(session: Session) -> list[str]:
    """The session fields: the themes of the `field` family (the eight), then `other`."""
    return [t.code for t in list_themes(session) if t.family == "field"] + ["other"]


def get_theme(session: Session, code: str) -> DialogueTheme:
    ensure_themes(session)
    theme = session.scalar(select(DialogueTheme).where(DialogueTheme.code == code))
    if theme is None:
        raise NotFound("dialogue.service.theme_not_found")
    return theme


def require_editor(actor: Actor | None) -> Actor:
    """The dialogue record (sessions, voices, actions, themes) is kept by the city's operators."""
    return require_operator(actor)


def save_theme(session: Session, actor: Actor | None, values: ThemeIn, code: str | None = None
               ) -> DialogueTheme:
    """Create a theme, or edit the one named `code` (its code stays: URLs and exports use it)."""
    require_operator(actor)
    if code is None:
        ensure_themes(session)
        if session.scalar(select(DialogueTheme.id).where(DialogueTheme.code == values.code)) is not None:
            raise ValidationFailed("dialogue.service.code_exists_already",
                                   fields={"code": Message("dialogue.service.code_exists_already")})
        last = session.scalar(select(func.max(DialogueTheme.position))) or 0
        theme = DialogueTheme(code=values.code, position=last + 10)
        session.add(theme)
    else:
        theme = get_theme(session, code)
    for name in ("label_ko", "label_en", "family", "cues", "active"):
        setattr(theme, name, getattr(values, name))
    session.flush()
    return theme


def _themes_by_code(session: Session, codes: Sequence[str]) -> list[DialogueTheme]:
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        return []
    ensure_themes(session)
    found = {t.code: t for t in session.scalars(select(DialogueTheme).where(DialogueTheme.code.in_(wanted)))}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        message = Message("dialogue.service.unknown_theme", names=', '.join(unknown))
        raise ValidationFailed(message, fields={"themes": message})
    return [found[code] for code in wanted]


# --- sessions --------------------------------------------------------------------------------------------


def get_session(session: Session, actor: Actor | None, session_id: int) -> DialogueSession:
    """A session; drafts exist only for operators (others get 404, not a hint that a draft exists)."""
    # The page lists every voice with its speaker, themes, actions and answers: loaded in a few
    # statements for all voices, not a handful per voice.
    voices = selectinload(DialogueSession.voices)
    found = session.get(DialogueSession, session_id, options=[
        voices.selectinload(DialogueVoice.participant), voices.selectinload(DialogueVoice.themes),
        voices.selectinload(DialogueVoice.source),
        voices.selectinload(DialogueVoice.actions).selectinload(DialogueAction.answers)])
    if found is None or (found.status != SessionStatus.published and not is_operator(actor)):
        raise NotFound("dialogue.service.dialogue_session_not_found")
    return found


def list_sessions(
    session: Session, actor: Actor | None, *, q: str = "", field: str | None = None, year: int | None = None,
    status: str | None = None, page: int = 1, per_page: int = 20,
) -> Page[DialogueSession]:
    # The list shows each session's number of voices: loaded for the whole page at once, not per row.
    statement = (select(DialogueSession).options(selectinload(DialogueSession.voices))
                 .order_by(DialogueSession.held_on.desc().nulls_last(), DialogueSession.id.desc()))
    if not is_operator(actor):
        statement = statement.where(DialogueSession.status == SessionStatus.published)
    elif status:
        statement = statement.where(DialogueSession.status == status)
    if q.strip():
        statement = statement.where(text_matches(q, DialogueSession.title, DialogueSession.topic, DialogueSession.place,
                                                 DialogueSession.summary_ko, DialogueSession.summary_en))
    if field:
        statement = statement.where(DialogueSession.field == field)
    check_year(year)
    if year:
        statement = statement.where(DialogueSession.held_on >= date(year, 1, 1),
                                    DialogueSession.held_on <= date(year, 12, 31))
    return paginate(session, statement, page, per_page)


def _check_field(session: Session, field: str) -> None:
    if field not in field_codes(session):
        message = Message("dialogue.service.choose_one_eight_fields_or")
        raise ValidationFailed(message, fields={"field": message})


def create_session(session: Session, actor: Actor | None, values: SessionIn) -> DialogueSession:
    """An operator records a session by hand; it starts as a draft like an imported one."""
    user = require_operator(actor)
    _check_field(session, values.field)
    record = DialogueSession(**values.model_dump(), status=SessionStatus.draft, created_by_id=user.id)
    session.add(record)
    session.flush()
    return record


def update_session(session: Session, actor: Actor | None, session_id: int, values: SessionIn
                   ) -> DialogueSession:
    require_operator(actor)
    record = get_session(session, actor, session_id)
    _check_field(session, values.field)
    for name, value in values.model_dump().items():
        setattr(record, name, value)
    session.flush()
    return record


def publish_session(session: Session, actor: Actor | None, session_id: int) -> DialogueSession:
    """Draft -> published, once the facts a reader needs are there and the number is not taken."""
    require_operator(actor)
    record = get_session(session, actor, session_id)
    _move_session(record, SessionStatus.published)
    fields: dict[str, str | Message] = {}
    if not record.title.strip():
        fields["title"] = Message("dialogue.service.enter_title")
    if record.held_on is None:
        fields["held_on"] = Message("dialogue.service.enter_session_date")
    if fields:
        raise ValidationFailed("dialogue.service.some_facts_missing_before_publishing",
                               fields=fields)
    if record.number is not None:
        taken = session.scalar(select(DialogueSession.id).where(
            DialogueSession.number == record.number, DialogueSession.status == SessionStatus.published,
            DialogueSession.id != record.id))
        if taken is not None:
            raise Conflict("dialogue.service.session_already_published", record_number=record.number, taken=taken,
                           fields={"number": Message("dialogue.service.already_published")})
    record.status = SessionStatus.published
    record.published_at = utcnow()
    session.flush()
    return record


def unpublish_session(session: Session, actor: Actor | None, session_id: int) -> DialogueSession:
    require_operator(actor)
    record = get_session(session, actor, session_id)
    _move_session(record, SessionStatus.draft)
    record.status = SessionStatus.draft
    session.flush()
    return record


def _move_session(record: DialogueSession, target: SessionStatus) -> None:
    current = SessionStatus(record.status)
    if target not in SESSION_MOVES[current]:
        raise InvalidTransition("dialogue.service.cannot_go_from", current=current, target=target)


def add_source(session: Session, actor: Actor | None, session_id: int, values: SourceIn) -> DialogueSource:
    require_operator(actor)
    record = get_session(session, actor, session_id)
    source = DialogueSource(**values.model_dump())
    record.sources.append(source)
    session.flush()
    return source


# --- participants ----------------------------------------------------------------------------------------


def _participant(session: Session, participant_id: int) -> DialogueParticipant:
    return require_row(session, DialogueParticipant, participant_id,
                       "dialogue.service.participant_not_found")


def _check_links(session: Session, values: ParticipantIn) -> None:
    from bitgoeul.accounts.models import User
    from bitgoeul.organisations.models import Organisation

    fields = {}
    if values.user_id is not None and session.get(User, values.user_id) is None:
        fields["user_id"] = Message("dialogue.service.no_such_person")
    if values.organisation_id is not None and session.get(Organisation, values.organisation_id) is None:
        fields["organisation_id"] = Message("dialogue.service.no_such_organisation")
    if not (values.name or values.organisation_name):
        fields["name"] = Message("dialogue.service.enter_name_or_organisation")
    if fields:
        raise ValidationFailed("dialogue.service.check_participant", fields=fields)


def add_participant(session: Session, actor: Actor | None, session_id: int, values: ParticipantIn
                    ) -> DialogueParticipant:
    require_operator(actor)
    record = get_session(session, actor, session_id)
    _check_links(session, values)
    last = max((p.position for p in record.participants), default=0)
    participant = DialogueParticipant(**values.model_dump(), position=last + 1)
    record.participants.append(participant)
    session.flush()
    return participant


def update_participant(session: Session, actor: Actor | None, participant_id: int, values: ParticipantIn
                       ) -> DialogueParticipant:
    require_operator(actor)
    participant = _participant(session, participant_id)
    _check_links(session, values)
    for name, value in values.model_dump().items():
        setattr(participant, name, value)
    session.flush()
    return participant


def delete_participant(session: Session, actor: Actor | None, participant_id: int) -> int:
    """Remove a participant; their voices keep the words and fall back to the name as speaker text."""
    require_operator(actor)
    participant = _participant(session, participant_id)
    for voice in session.scalars(select(DialogueVoice).where(DialogueVoice.participant_id == participant.id)):
        voice.participant_id = None
        voice.speaker_text = voice.speaker_text or participant.name
    session_id = participant.session_id
    session.delete(participant)
    session.flush()
    return session_id


# --- voices ----------------------------------------------------------------------------------------------


def voice_is_public(voice: DialogueVoice) -> bool:
    if voice.moderation != Moderation.published:
        return False
    return voice.session is None or voice.session.status == SessionStatus.published


def get_voice(session: Session, actor: Actor | None, voice_id: int) -> DialogueVoice:
    voice = session.get(DialogueVoice, voice_id)
    if voice is None or not (voice_is_public(voice) or is_operator(actor)
                             or (actor is not None and voice.author_id == actor.id)):
        raise NotFound("dialogue.service.voice_not_found")
    return voice


def speaker_of(voice: DialogueVoice) -> tuple[str | None, str | None]:
    """(speaker, their organisation) as shown: the linked participant, else the text as written."""
    if voice.participant is not None:
        return voice.participant.name or None, voice.participant.organisation_name or None
    return voice.speaker_text or None, None


def _place_quote(record: DialogueSession | None, voice: DialogueVoice) -> None:
    """An imported quote is verbatim while it still reads exactly so in the article it came from."""
    text = record.article_text if record else ""
    if voice.origin != "article" or not text:
        return
    start = voice.quote_start
    if start is not None and text[start:start + len(voice.quote)] == voice.quote:
        voice.quote_end = start + len(voice.quote)
        voice.verbatim = True
        return
    found = text.find(voice.quote)
    voice.verbatim = found >= 0
    voice.quote_start, voice.quote_end = (found, found + len(voice.quote)) if found >= 0 else (None, None)


def _apply_voice(session: Session, record: DialogueSession, voice: DialogueVoice, values: VoiceIn) -> None:
    participant = None
    if values.participant_id is not None:
        participant = _participant(session, values.participant_id)
        if participant.session_id != record.id:
            raise ValidationFailed("dialogue.service.not_participant_session",
                                   fields={"participant_id": Message("dialogue.service.not_in_session")})
    voice.participant = participant
    voice.speaker_text = values.speaker_text
    voice.quote = values.quote
    voice.summary_ko = values.summary_ko
    voice.summary_en = values.summary_en
    voice.kind = values.kind
    voice.themes = _themes_by_code(session, values.themes)
    if voice.origin == "article":
        _place_quote(record, voice)
    else:
        voice.verbatim = values.verbatim


def add_voice(session: Session, actor: Actor | None, session_id: int, values: VoiceIn) -> DialogueVoice:
    require_operator(actor)
    record = get_session(session, actor, session_id)
    last = max((v.position for v in record.voices), default=0)
    voice = DialogueVoice(session=record, origin="manual", moderation=Moderation.published, position=last + 1)
    session.add(voice)
    with session.no_autoflush:  # the voice is complete only after its speaker and themes are set
        _apply_voice(session, record, voice, values)
    session.flush()
    return voice


def update_voice(session: Session, actor: Actor | None, voice_id: int, values: VoiceIn) -> DialogueVoice:
    """Correct a session voice (speaker, words, kind, themes, our summary)."""
    require_operator(actor)
    voice = get_voice(session, actor, voice_id)
    if voice.session is None:
        raise InvalidTransition("dialogue.service.only_session_voices_edited_here")
    _apply_voice(session, voice.session, voice, values)
    session.flush()
    return voice


def delete_voice(session: Session, actor: Actor | None, voice_id: int) -> int | None:
    """Drop a wrongly read quote from a session; voices with follow-up actions stay (their history is public)."""
    require_operator(actor)
    voice = get_voice(session, actor, voice_id)
    if voice.actions:
        raise Conflict("dialogue.service.voice_with_follow_up_actions")
    session_id = voice.session_id
    session.delete(voice)
    session.flush()
    return session_id


def public_voices(statement: Select[Any]) -> Select[Any]:
    """Restrict a voice query to what anyone may see: published, and not in a draft session."""
    return (statement.outerjoin(DialogueSession, DialogueVoice.session_id == DialogueSession.id)
            .where(DialogueVoice.moderation == Moderation.published,
                   or_(DialogueVoice.session_id.is_(None), DialogueSession.status == SessionStatus.published)))


def _support_count() -> Any:
    return (select(func.count(DialogueSupport.id)).where(DialogueSupport.voice_id == DialogueVoice.id)
            .correlate(DialogueVoice).scalar_subquery())


def list_voices(
    session: Session, *, q: str = "", theme: str | None = None, kind: str | None = None,
    origin: str | None = None, session_id: int | None = None, sort: str = "recent", page: int = 1,
    per_page: int = 20,
) -> Page[DialogueVoice]:
    """Public voices only: published citizen voices and the voices of published sessions."""
    # What a listed voice shows (speaker, themes, session, actions and their answers), for the whole page at once.
    statement = public_voices(select(DialogueVoice)).options(
        selectinload(DialogueVoice.participant), selectinload(DialogueVoice.themes),
        selectinload(DialogueVoice.session), selectinload(DialogueVoice.source),
        selectinload(DialogueVoice.actions).selectinload(DialogueAction.answers))
    if q.strip():
        statement = statement.where(text_matches(q, DialogueVoice.quote, DialogueVoice.summary_ko,
                                                 DialogueVoice.summary_en, DialogueVoice.speaker_text))
    if theme:
        statement = statement.where(DialogueVoice.id.in_(
            select(DialogueVoiceTheme.voice_id).join(DialogueTheme).where(DialogueTheme.code == theme)))
    if kind:
        statement = statement.where(DialogueVoice.kind == kind)
    if origin:
        statement = statement.where(DialogueVoice.origin == origin)
    if session_id:
        statement = statement.where(DialogueVoice.session_id == session_id)
    if sort == "support":
        statement = statement.order_by(_support_count().desc(), DialogueVoice.id.desc())
    else:
        statement = statement.order_by(DialogueVoice.created_at.desc(), DialogueVoice.id.desc())
    return paginate(session, statement, page, per_page)


def support_counts(session: Session, voice_ids: Sequence[int]) -> dict[int, int]:
    if not voice_ids:
        return {}
    rows = session.execute(select(DialogueSupport.voice_id, func.count(DialogueSupport.id))
                           .where(DialogueSupport.voice_id.in_(list(voice_ids))).group_by(DialogueSupport.voice_id))
    return {int(voice_id): int(n) for voice_id, n in rows}


def supported_by(session: Session, actor: Actor | None, voice_ids: Sequence[int]) -> set[int]:
    if actor is None or not voice_ids:
        return set()
    return set(session.scalars(select(DialogueSupport.voice_id).where(
        DialogueSupport.user_id == actor.id, DialogueSupport.voice_id.in_(list(voice_ids)))))


def submit_voice(session: Session, actor: Actor | None, values: CitizenVoiceIn) -> DialogueVoice:
    """A logged-in person says something on a theme between sessions; it waits for moderation."""
    user = require_login(actor)
    themes = _themes_by_code(session, [values.theme])
    if not themes[0].active:
        raise ValidationFailed("dialogue.service.theme_closed",
                               fields={"theme": Message("dialogue.service.theme_closed")})
    voice = DialogueVoice(quote=values.quote, kind=values.kind, origin="citizen", verbatim=True,
                          moderation=Moderation.pending, author_id=user.id, themes=themes)
    session.add(voice)
    session.flush()
    return voice


def moderation_queue(session: Session, actor: Actor | None) -> list[DialogueVoice]:
    require_operator(actor)
    return list(session.scalars(select(DialogueVoice).where(DialogueVoice.moderation == Moderation.pending)
                                .order_by(DialogueVoice.created_at, DialogueVoice.id)))


def moderate_voice(session: Session, actor: Actor | None, voice_id: int, values: ModerationIn) -> DialogueVoice:
    require_operator(actor)
    voice = get_voice(session, actor, voice_id)
    target = Moderation.published if values.decision == "publish" else Moderation.rejected
    current = Moderation(voice.moderation)
    if target not in MODERATION_MOVES[current]:
        raise InvalidTransition("dialogue.service.voice_cannot_become", current=current, target=target)
    if target == Moderation.rejected and not values.reason:
        raise ValidationFailed("dialogue.service.give_reason",
                               fields={"reason": Message("dialogue.service.give_reason")})
    voice.moderation = target
    voice.rejected_reason = values.reason if target == Moderation.rejected else ""
    session.flush()
    return voice


def support_voice(session: Session, actor: Actor | None, voice_id: int) -> int:
    """Support a public voice, once per person; returns the new number of supports."""
    user = require_login(actor)
    voice = get_voice(session, actor, voice_id)
    if not voice_is_public(voice):
        raise InvalidTransition("dialogue.service.only_published_voices_can_supported")
    existing = session.scalar(select(DialogueSupport.id).where(DialogueSupport.voice_id == voice.id,
                                                               DialogueSupport.user_id == user.id))
    already = Conflict("dialogue.refusal.supported")
    if existing is not None:
        raise already
    session.add(DialogueSupport(voice_id=voice.id, user_id=user.id))
    flush_unique(session, already)  # (voice, person) is unique: the second of two at once is refused here
    return support_counts(session, [voice.id]).get(voice.id, 0)


def attach_voice(session: Session, actor: Actor | None, voice_id: int, session_id: int) -> DialogueVoice:
    """An operator brings a published citizen voice to a session (where it is discussed)."""
    require_operator(actor)
    voice = get_voice(session, actor, voice_id)
    record = get_session(session, actor, session_id)
    if voice.origin != "citizen":
        raise InvalidTransition("dialogue.service.only_citizen_voices_attached_sessions")
    if voice.moderation != Moderation.published:
        raise InvalidTransition("dialogue.service.publish_voice_before_attaching_it")
    voice.session = record
    voice.position = max((v.position for v in record.voices if v is not voice), default=0) + 1
    session.flush()
    return voice


# --- follow-up actions -----------------------------------------------------------------------------------


def is_overdue(action: DialogueAction, today: date | None = None) -> bool:
    """Past its due date and still open or in progress."""
    return (action.due_on is not None and action.status not in CLOSED_ACTIONS
            and action.due_on < (today or local_today()))


def get_action(session: Session, actor: Actor | None, action_id: int) -> DialogueAction:
    action = session.get(DialogueAction, action_id)
    if action is None or not (is_operator(actor) or voice_is_public(action.voice)):
        raise NotFound("dialogue.service.follow_up_action_not_found")
    return action


def list_actions(
    session: Session, *, q: str = "", status: str | None = None, theme: str | None = None,
    session_id: int | None = None, overdue: bool = False, today: date | None = None, page: int = 1,
    per_page: int = 20,
) -> Page[DialogueAction]:
    """Public actions (their voice is public), soonest due first."""
    public = public_voices(select(DialogueVoice.id))
    statement = (select(DialogueAction).where(DialogueAction.voice_id.in_(public))
                 .options(selectinload(DialogueAction.voice).selectinload(DialogueVoice.session),
                          selectinload(DialogueAction.answers), selectinload(DialogueAction.links),
                          selectinload(DialogueAction.sources))
                 .order_by(DialogueAction.due_on.asc().nulls_last(), DialogueAction.id))
    if q.strip():
        statement = statement.where(text_matches(q, DialogueAction.title_ko, DialogueAction.title_en,
                                                 DialogueAction.owner_department))
    if status:
        statement = statement.where(DialogueAction.status == status)
    if theme:
        statement = statement.where(DialogueAction.voice_id.in_(
            select(DialogueVoiceTheme.voice_id).join(DialogueTheme).where(DialogueTheme.code == theme)))
    if session_id:
        statement = statement.where(DialogueAction.voice_id.in_(
            select(DialogueVoice.id).where(DialogueVoice.session_id == session_id)))
    if overdue:
        statement = statement.where(DialogueAction.due_on < (today or local_today()),
                                    DialogueAction.status.in_([ActionStatus.open, ActionStatus.in_progress]))
    return paginate(session, statement, page, per_page)


def create_action(session: Session, actor: Actor | None, voice_id: int, values: ActionIn) -> DialogueAction:
    """Turn a public voice into a follow-up action (open)."""
    user = require_operator(actor)
    voice = get_voice(session, actor, voice_id)
    if not voice_is_public(voice):
        raise InvalidTransition("dialogue.service.actions_made_from_public_voices")
    action = DialogueAction(**values.model_dump(), voice=voice, status=ActionStatus.open, created_by_id=user.id)
    session.add(action)
    session.flush()
    return action


def update_action(session: Session, actor: Actor | None, action_id: int, values: ActionIn) -> DialogueAction:
    require_operator(actor)
    action = get_action(session, actor, action_id)
    for name, value in values.model_dump().items():
        setattr(action, name, value)
    session.flush()
    return action


def allowed_moves(action: DialogueAction) -> list[str]:
    return [s.value for s in ACTION_MOVES[ActionStatus(action.status)]]


def _move_action(action: DialogueAction, target: str, reason: str) -> None:
    current = ActionStatus(action.status)
    wanted = ActionStatus(target)
    if wanted not in ACTION_MOVES[current]:
        allowed = ", ".join(ACTION_MOVES[current]) or "-"
        raise InvalidTransition("dialogue.service.cannot_go_from_allowed", current=current, wanted=wanted,
                                allowed=allowed)
    if wanted == ActionStatus.declined and not reason.strip():
        raise ValidationFailed("dialogue.service.give_reason_for_declining",
                               fields={"reason": Message("dialogue.service.give_reason_2")})
    action.status = wanted
    action.declined_reason = reason.strip() if wanted == ActionStatus.declined else ""
    if wanted == ActionStatus.done:
        action.progress = 100
    action.status_changed_at = utcnow()


def move_action(session: Session, actor: Actor | None, action_id: int, values: ActionMoveIn) -> DialogueAction:
    require_operator(actor)
    action = get_action(session, actor, action_id)
    _move_action(action, values.target, values.reason)
    session.flush()
    return action


def answer_action(session: Session, actor: Actor | None, action_id: int, values: AnswerIn) -> DialogueAnswer:
    """Publish an answer on the action's timeline; it may report progress and move the status."""
    user = require_operator(actor)
    action = get_action(session, actor, action_id)
    if values.status and values.status != action.status:
        _move_action(action, values.status, values.reason)
    if values.progress is not None:
        if action.status == ActionStatus.done and values.progress < 100:
            raise ValidationFailed("dialogue.service.done_action_100_complete",
                                   fields={"progress": Message("dialogue.service.done_100")})
        action.progress = values.progress
    answer = DialogueAnswer(body_ko=values.body_ko, body_en=values.body_en, status=action.status,
                            progress=action.progress, author_id=user.id, answered_at=utcnow())
    action.answers.append(answer)
    session.flush()
    return answer


def add_link(session: Session, actor: Actor | None, action_id: int, values: LinkIn) -> DialogueActionLink:
    require_operator(actor)
    action = get_action(session, actor, action_id)
    url = values.url or _platform_url(values.kind, values.target_id)
    link = DialogueActionLink(kind=values.kind, target_id=values.target_id, label=values.label, url=url)
    action.links.append(link)
    session.flush()
    return link


def _platform_url(kind: str, target_id: int | None) -> str:
    """Where a link to a platform object points when no address is given."""
    paths = {"demonstration": "/demonstrations", "need": "/needs", "solution": "/solutions", "event": "/events",
             "job": "/jobs"}
    if target_id is None or kind not in paths:
        return ""
    return f"{paths[kind]}/{target_id}"


def add_action_source(session: Session, actor: Actor | None, action_id: int, values: SourceIn
                      ) -> DialogueActionSource:
    require_operator(actor)
    action = get_action(session, actor, action_id)
    source = DialogueActionSource(**values.model_dump())
    action.sources.append(source)
    session.flush()
    return source


def first_answer_days(action: DialogueAction) -> int | None:
    """Days from when the voice was heard (session date, or a citizen's submission) to the first answer."""
    if not action.answers:
        return None
    voice = action.voice
    heard = voice.session.held_on if voice.session and voice.session.held_on else voice.created_at.date()
    first = min(a.answered_at for a in action.answers).date()
    return max(0, (first - heard).days)
