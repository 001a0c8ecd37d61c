"""Import a news article into a DRAFT session for review: the extract core reads it, this saves it.

Everything is checked before anything is added, so a refused article leaves no trace; the caller's
transaction (one per request or CLI command) covers the rest.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.core.auth import Actor, require_operator
from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.i18n import Message, as_message
from bitgoeul.dialogue.extract import MAX_BYTES, ArticleError, DraftSession, extract_draft
from bitgoeul.dialogue.models import DialogueParticipant, DialogueSession, DialogueSource, DialogueVoice
from bitgoeul.dialogue.service import field_codes, get_session, list_themes
from bitgoeul.dialogue.states import Moderation, SessionStatus

_SCRIPT = re.compile(rb"<\s*script\b", re.IGNORECASE)
_HOST_ROLES = ("시장", "군수", "구청장", "도지사", "지사")
_STUDENT = ("학생", "교육생", "훈련생", "수료생", "졸업생", "재학생")
_EXPERT = ("교수", "연구원", "박사", "센터장", "사업단장", "단장", "소장", "연구위원")
_OFFICIAL = ("국장", "실장", "과장", "팀장", "주무관", "본부장", "부시장")
_CIVIC = ("연대", "협회", "연합", "단체", "모임", "협의회", "노조", "노동조합", "복지관", "네트워크")


def refuse(message: str | Message) -> ValidationFailed:
    text = as_message(message)
    return ValidationFailed(text, fields={"file": text})


def read_draft(raw: bytes) -> DraftSession:
    """The extractor's draft, or a bilingual refusal for input that is no article or has no quotes."""
    if len(raw) > MAX_BYTES:
        raise refuse(Message("dialogue.importer.file_too_large_at_most", value=MAX_BYTES // 1048576))
    if not raw.strip():
        raise refuse("dialogue.importer.file_empty")
    try:
        draft = extract_draft(raw)
    except ArticleError as exc:
        raise refuse(Message(exc.key, **exc.params)) from exc
    if not draft.voices:
        raise refuse("dialogue.importer.article_has_no_direct_quotes")
    return draft


def warning_data(key: str, draft: DraftSession) -> dict[str, Any]:
    """An extractor warning as stored: {"key": catalog key, "params": {...}}, worded for each reader."""
    if key == "dialogue.extract.unattributed":
        return {"key": key, "params": {"n": sum(1 for voice in draft.voices if voice.speaker is None)}}
    return {"key": key, "params": {}}


def participant_kind(role: str, organisation: str) -> str:
    """A first guess of the participant's kind from the role and organisation as written (operators fix it)."""
    if any(role.endswith(title) for title in _HOST_ROLES) and "부" not in role[:1]:
        return "host"
    if "의원" in role:
        return "councillor"
    if any(word in role for word in _STUDENT):
        return "student"
    if any(word in role for word in _EXPERT):
        return "expert"
    if any(word in role for word in _OFFICIAL) and organisation.endswith(("시", "청", "군", "구", "도")):
        return "official"
    if any(organisation.endswith(word) for word in _CIVIC):
        return "civic"
    if role in {"대표", "대표이사", "이사", "CEO", "사장", "부사장", "이사장"} or "대표" in role:
        return "firm"
    return "citizen"


def import_article(session: Session, actor: Actor | None, raw: bytes, filename: str) -> DialogueSession:
    """Operator only: read the article and save it as a draft session with participants and voices."""
    user = require_operator(actor)
    draft = read_draft(raw)
    facts = draft.session
    warnings: list[str | dict[str, Any]] = [warning_data(w, draft) for w in draft.warnings]
    scripts = len(_SCRIPT.findall(raw))
    if scripts:
        warnings.append({"key": "dialogue.importer.script_element_removed_never_run", "params": {"scripts": scripts}})
    if facts.number is not None:
        taken = session.scalar(select(DialogueSession.id).where(DialogueSession.number == facts.number))
        if taken is not None:
            warnings.append({"key": "dialogue.importer.session_exists_already",
                             "params": {"facts_number": facts.number, "taken": taken}})
    fields = field_codes(session)
    record = DialogueSession(
        number=facts.number, title=facts.title[:300], held_on=_day(facts.date), place=(facts.place or "")[:300],
        field=facts.field if facts.field in fields else "other", topic=(facts.topic or "")[:300],
        host=(facts.host or "")[:100], status=SessionStatus.draft, article_text=draft.text,
        imported_from=filename[:300], import_warnings=warnings, created_by_id=user.id)
    source = DialogueSource(title=facts.title[:300], published_on=_day(facts.published))
    record.sources.append(source)
    by_name: dict[str, DialogueParticipant] = {}
    for index, person in enumerate(draft.participants, start=1):
        participant = DialogueParticipant(
            name=(person.name or "")[:100], organisation_name=(person.organisation or "")[:200],
            role=(person.role or "")[:100], kind=participant_kind(person.role or "", person.organisation or ""),
            listed=person.listed, position=index)
        record.participants.append(participant)
        if person.name:
            by_name.setdefault(person.name, participant)
    themes = {t.code: t for t in list_themes(session)}
    for index, said in enumerate(draft.voices, start=1):
        speaker = by_name.get(said.speaker or "")
        start, end = said.position
        quote = draft.text[start:end] if draft.text[start:end].strip() == said.quote else said.quote
        record.voices.append(DialogueVoice(
            participant=speaker, speaker_text="" if speaker else (said.speaker or "")[:200], quote=quote.strip(),
            verbatim=True, quote_start=start + (len(quote) - len(quote.lstrip())), quote_end=None,
            source=source, kind=said.kind, origin="article", moderation=Moderation.published, position=index,
            themes=[themes[code] for code in said.themes if code in themes]))
    for voice in record.voices:
        voice.quote_end = (voice.quote_start or 0) + len(voice.quote)
    session.add(record)
    session.flush()
    return record


def merge_article(session: Session, actor: Actor | None, session_id: int, raw: bytes,
                  filename: str) -> DialogueSession:
    """Operator only: another outlet's article about the same draft session joins it.

    It adds its source, the people and the quotes the draft does not have yet (each new quote keeps this
    source), and appends its cleaned text so quote positions stay true. A session date or number that
    differs from the draft's is never overwritten: it is flagged in the warnings for the operator.
    """
    require_operator(actor)
    record = get_session(session, actor, session_id)
    if record.status != SessionStatus.draft:
        raise refuse(Message("dialogue.merge_not_draft"))
    draft = read_draft(raw)
    facts = draft.session
    source = DialogueSource(title=facts.title[:300], published_on=_day(facts.published))
    record.sources.append(source)
    warnings: list[str | dict[str, Any]] = list(record.import_warnings or [])
    label = (facts.title or filename)[:80]
    if facts.date and record.held_on and facts.date != record.held_on.isoformat():
        warnings.append({"key": "dialogue.merge_date_disagrees",
                         "params": {"draft": record.held_on.isoformat(), "other": facts.date, "source": label}})
    elif facts.date and record.held_on is None:
        record.held_on = _day(facts.date)
    if facts.number is not None and record.number is not None and facts.number != record.number:
        warnings.append({"key": "dialogue.merge_number_disagrees",
                         "params": {"draft": record.number, "other": facts.number, "source": label}})
    elif facts.number is not None and record.number is None:
        record.number = facts.number
    offset = len(record.article_text or "") + 2 if record.article_text else 0
    record.article_text = (record.article_text + "\n\n" if record.article_text else "") + draft.text
    by_name = {p.name: p for p in record.participants if p.name}
    for person in draft.participants:
        if person.name and person.name not in by_name:
            participant = DialogueParticipant(
                name=person.name[:100], organisation_name=(person.organisation or "")[:200],
                role=(person.role or "")[:100], kind=participant_kind(person.role or "", person.organisation or ""),
                listed=person.listed, position=len(record.participants) + 1)
            record.participants.append(participant)
            by_name[person.name] = participant
    heard = {_plain(voice.quote) for voice in record.voices}
    themes = {t.code: t for t in list_themes(session)}
    added = 0
    for said in draft.voices:
        if _plain(said.quote) in heard:
            continue  # the same words from the other outlet: one voice, first source kept
        heard.add(_plain(said.quote))
        start, end = said.position
        start += len(draft.text[start:end]) - len(draft.text[start:end].lstrip())
        speaker = by_name.get(said.speaker or "")
        added += 1
        record.voices.append(DialogueVoice(
            participant=speaker, speaker_text="" if speaker else (said.speaker or "")[:200], quote=said.quote,
            verbatim=True, quote_start=offset + start, quote_end=offset + start + len(said.quote), source=source,
            kind=said.kind, origin="article", moderation=Moderation.published,
            position=len(record.voices) + 1, themes=[themes[code] for code in said.themes if code in themes]))
    warnings.append({"key": "dialogue.merge_added", "params": {"source": label, "n": added}})
    record.import_warnings = warnings
    session.flush()
    return record


def _plain(quote: str) -> str:
    return re.sub(r"\s+", "", quote).rstrip(".!?…")


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
