"""Dialogue services: state machines, permissions, verbatim tracking, supports, figures and the import's
all-or-nothing behaviour on bad input (both databases)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests import factories

from bitgoeul.core.errors import (
    Conflict,
    InvalidTransition,
    LoginRequired,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from bitgoeul.core.forms import validate
from bitgoeul.core.i18n import as_message
from bitgoeul.dialogue import importer, service
from bitgoeul.dialogue.extract import MAX_BYTES
from bitgoeul.dialogue.figures import dialogue_figures
from bitgoeul.dialogue.models import (
    DialogueAnswer,
    DialogueParticipant,
    DialogueSession,
    DialogueSource,
    DialogueVoice,
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
from bitgoeul.dialogue.states import ACTION_MOVES, ActionStatus

HERE = Path(__file__).resolve().parent
ARTICLE = HERE / "xss_article.html"


def count(session: Session, model: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def people(session: Session) -> dict[str, Any]:
    org = factories.organisation(session)
    return {"operator": factories.operator(session), "person": factories.user(session),
            "other": factories.user(session), "member": factories.member(session, org)}


def published_session(session: Session, operator: Any, **values: Any) -> DialogueSession:
    data = {"title": "제1회 월요대화", "held_on": "2024-05-27", "field": "welfare", "number": 1}
    data.update(values)
    record = service.create_session(session, operator, validate(SessionIn, data))
    participant = service.add_participant(session, operator, record.id,
                                          validate(ParticipantIn, {"name": "김민준", "role": "대표",
                                                                          "kind": "firm"}))
    service.add_voice(session, operator, record.id,
                      validate(VoiceIn, {"participant_id": participant.id, "quote": "버스를 늘려 주세요",
                                                      "kind": "request", "themes": ["transport"]}))
    return service.publish_session(session, operator, record.id)


# --- sessions --------------------------------------------------------------------------------------------


def test_only_operators_run_sessions(session: Session, people: dict[str, Any]) -> None:
    data = validate(SessionIn, {"title": "회차", "field": "welfare"})
    with pytest.raises(LoginRequired):
        service.create_session(session, None, data)
    for who in ("person", "member"):
        with pytest.raises(PermissionDenied):
            service.create_session(session, people[who], data)
    assert count(session, DialogueSession) == 0


def test_drafts_are_hidden_until_published(session: Session, people: dict[str, Any]) -> None:
    operator = people["operator"]
    draft = service.create_session(session, operator, validate(SessionIn, {"title": "초안", "field": "welfare"}))
    with pytest.raises(NotFound):
        service.get_session(session, people["person"], draft.id)
    assert service.list_sessions(session, None).total == 0
    assert service.list_sessions(session, operator).total == 1


def test_publish_needs_facts_and_a_free_number(session: Session, people: dict[str, Any]) -> None:
    operator = people["operator"]
    draft = service.create_session(session, operator, validate(SessionIn, {"field": "other", "number": 7}))
    with pytest.raises(ValidationFailed) as missing:
        service.publish_session(session, operator, draft.id)
    assert set(missing.value.fields) == {"title", "held_on"}
    published_session(session, operator, number=7)
    service.update_session(session, operator, draft.id,
                           validate(SessionIn, {"title": "둘째", "held_on": "2024-06-03", "number": 7}))
    with pytest.raises(Conflict):
        service.publish_session(session, operator, draft.id)


def test_session_machine_refuses_publishing_twice(session: Session, people: dict[str, Any]) -> None:
    record = published_session(session, people["operator"])
    with pytest.raises(InvalidTransition):
        service.publish_session(session, people["operator"], record.id)
    service.unpublish_session(session, people["operator"], record.id)
    with pytest.raises(InvalidTransition):
        service.unpublish_session(session, people["operator"], record.id)


def test_field_must_be_one_of_the_eight_or_other(session: Session, people: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed) as refused:
        service.create_session(session, people["operator"], validate(SessionIn, {"title": "x", "field": "transport"}))
    assert "field" in refused.value.fields
    assert len(service.field_codes(session)) == 9


def test_source_urls_must_be_web_addresses(session: Session, people: dict[str, Any]) -> None:
    record = published_session(session, people["operator"])
    with pytest.raises(ValidationFailed):
        service.add_source(session, people["operator"], record.id, validate(SourceIn, {"url": "javascript:alert(1)"}))
    service.add_source(session, people["operator"], record.id,
                       validate(SourceIn, {"url": "https://news.example.org/1", "outlet": "예시"}))


# --- voices ----------------------------------------------------------------------------------------------


def test_import_keeps_quotes_verbatim_with_positions(session: Session, people: dict[str, Any]) -> None:
    record = importer.import_article(session, people["operator"], ARTICLE.read_bytes(), "xss_article.html")
    assert record.status == "draft" and record.number == 12 and record.held_on == date(2024, 10, 14)
    assert any(as_message(w).render("en").find("script") >= 0 for w in record.import_warnings)
    for voice in record.voices:
        assert voice.verbatim
        assert record.article_text[voice.quote_start:voice.quote_end] == voice.quote
    assert [p.name for p in record.participants] == ["정다온", "한서준", "오채린"]
    assert record.participants[0].kind == "host"


def test_a_corrected_quote_is_no_longer_verbatim(session: Session, people: dict[str, Any]) -> None:
    operator = people["operator"]
    record = importer.import_article(session, operator, ARTICLE.read_bytes(), "a.html")
    voice = record.voices[1]
    data = {"quote": "가로등을 고쳐 달라는 요청", "kind": "request", "participant_id": voice.participant_id}
    service.update_voice(session, operator, voice.id, validate(VoiceIn, data))
    assert not voice.verbatim and voice.quote_start is None
    service.update_voice(session, operator, voice.id, validate(VoiceIn, {**data, "quote": "가로등을 LED로 바꿔 달라"}))
    assert voice.verbatim and record.article_text[voice.quote_start:voice.quote_end] == voice.quote


def test_correcting_the_speaker(session: Session, people: dict[str, Any]) -> None:
    operator = people["operator"]
    record = importer.import_article(session, operator, ARTICLE.read_bytes(), "a.html")
    student = next(p for p in record.participants if p.name == "오채린")
    voice = record.voices[0]
    service.update_voice(session, operator, voice.id,
                         validate(VoiceIn, {"quote": voice.quote, "participant_id": student.id}))
    assert service.speaker_of(voice) == ("오채린", None)
    other = published_session(session, operator)
    with pytest.raises(ValidationFailed):
        service.update_voice(session, operator, voice.id, validate(VoiceIn, {"quote": voice.quote,
                                                            "participant_id": other.participants[0].id}))


def test_unknown_theme_is_refused(session: Session, people: dict[str, Any]) -> None:
    record = published_session(session, people["operator"])
    with pytest.raises(ValidationFailed) as refused:
        service.add_voice(session, people["operator"], record.id,
                          validate(VoiceIn, {"quote": "말", "themes": ["nope"]}))
    assert "themes" in refused.value.fields


def test_citizen_voice_moderation_and_support_once(session: Session, people: dict[str, Any]) -> None:
    operator, person, other = people["operator"], people["person"], people["other"]
    with pytest.raises(LoginRequired):
        service.submit_voice(session, None,
                             validate(CitizenVoiceIn, {"theme": "transport", "quote": "막차를 늘려 주세요 부탁합니다"}))
    voice = service.submit_voice(session, person,
                                 validate(CitizenVoiceIn,
                                          {"theme": "transport", "quote": "막차를 늘려 주세요 부탁합니다"}))
    assert voice.moderation == "pending"
    with pytest.raises(NotFound):
        service.get_voice(session, other, voice.id)
    assert service.get_voice(session, person, voice.id) is voice  # the author sees their own
    with pytest.raises(InvalidTransition):
        service.support_voice(session, person, voice.id)
    with pytest.raises(PermissionDenied):
        service.moderate_voice(session, person, voice.id, validate(ModerationIn, {"decision": "publish"}))
    assert service.moderation_queue(session, operator) == [voice]
    service.moderate_voice(session, operator, voice.id, validate(ModerationIn, {"decision": "publish"}))
    assert service.support_voice(session, person, voice.id) == 1
    assert service.support_voice(session, other, voice.id) == 2
    with pytest.raises(Conflict):
        service.support_voice(session, other, voice.id)
    with pytest.raises(ValidationFailed):
        service.moderate_voice(session, operator, voice.id,
                               validate(ModerationIn, {"decision": "reject"}))  # a reason is required
    service.moderate_voice(session, operator, voice.id,
                           validate(ModerationIn, {"decision": "reject", "reason": "중복"}))
    assert service.list_voices(session).total == 0


def test_attach_only_published_citizen_voices(session: Session, people: dict[str, Any]) -> None:
    operator, person = people["operator"], people["person"]
    record = published_session(session, operator)
    voice = service.submit_voice(session, person,
                                 validate(CitizenVoiceIn,
                                          {"theme": "welfare", "quote": "경로당 난방을 고쳐 주세요 제발"}))
    with pytest.raises(InvalidTransition):
        service.attach_voice(session, operator, voice.id, record.id)
    service.moderate_voice(session, operator, voice.id, validate(ModerationIn, {"decision": "publish"}))
    with pytest.raises(PermissionDenied):
        service.attach_voice(session, person, voice.id, record.id)
    service.attach_voice(session, operator, voice.id, record.id)
    assert voice.session_id == record.id
    with pytest.raises(InvalidTransition):
        service.attach_voice(session, operator, record.voices[0].id, record.id)


def test_deleting_a_participant_keeps_the_words(session: Session, people: dict[str, Any]) -> None:
    record = published_session(session, people["operator"])
    voice = record.voices[0]
    service.delete_participant(session, people["operator"], record.participants[0].id)
    session.refresh(voice)
    assert voice.participant_id is None and voice.speaker_text == "김민준" and voice.quote == "버스를 늘려 주세요"


# --- actions ---------------------------------------------------------------------------------------------


def test_actions_only_from_public_voices_by_operators(session: Session, people: dict[str, Any]) -> None:
    operator = people["operator"]
    draft = service.create_session(session, operator, validate(SessionIn, {"title": "초안", "field": "welfare"}))
    voice = service.add_voice(session, operator, draft.id, validate(VoiceIn, {"quote": "말씀"}))
    with pytest.raises(InvalidTransition):
        service.create_action(session, operator, voice.id, validate(ActionIn, {"title_ko": "조치"}))
    record = published_session(session, operator)
    with pytest.raises(NotFound):  # a person cannot even see a draft's voice
        service.get_voice(session, people["person"], voice.id)
    with pytest.raises(PermissionDenied):
        service.create_action(session, people["person"], record.voices[0].id, validate(ActionIn, {"title_ko": "조치"}))
    action = service.create_action(session, operator, record.voices[0].id,
                                   validate(ActionIn, {"title_ko": "버스 증편"}))
    assert action.status == "open"


@pytest.mark.parametrize("source", list(ActionStatus))
def test_action_machine_matches_its_table(session: Session, people: dict[str, Any], source: ActionStatus) -> None:
    """Every (from, to) pair: allowed exactly when the table says so; declining needs a reason."""
    operator = people["operator"]
    record = published_session(session, operator)
    for target in ActionStatus:
        action = service.create_action(session, operator, record.voices[0].id, validate(ActionIn, {"title_ko": "조치"}))
        action.status = source
        data = validate(ActionMoveIn, {"target": target.value, "reason": "예산 없음"})
        if target in ACTION_MOVES[source]:
            service.move_action(session, operator, action.id, data)
            assert action.status == target
            assert action.progress == (100 if target == ActionStatus.done else 0)
        else:
            with pytest.raises(InvalidTransition):
                service.move_action(session, operator, action.id, data)


def test_declining_needs_a_reason(session: Session, people: dict[str, Any]) -> None:
    operator = people["operator"]
    record = published_session(session, operator)
    action = service.create_action(session, operator, record.voices[0].id, validate(ActionIn, {"title_ko": "조치"}))
    with pytest.raises(ValidationFailed) as refused:
        service.move_action(session, operator, action.id, validate(ActionMoveIn, {"target": "declined"}))
    assert "reason" in refused.value.fields
    with pytest.raises(PermissionDenied):
        service.move_action(session, people["person"], action.id, validate(ActionMoveIn, {"target": "in_progress"}))


def test_answers_build_a_timeline_and_may_move_status(session: Session, people: dict[str, Any]) -> None:
    operator = people["operator"]
    record = published_session(session, operator)
    action = service.create_action(session, operator, record.voices[0].id, validate(ActionIn, {"title_ko": "조치"}))
    service.answer_action(session, operator, action.id,
                          validate(AnswerIn, {"body_ko": "검토를 시작했습니다", "status": "in_progress",
                                                          "progress": 20}))
    service.answer_action(session, operator, action.id,
                          validate(AnswerIn, {"body_ko": "증편했습니다", "status": "done"}))
    assert [(a.status, a.progress) for a in action.answers] == [("in_progress", 20), ("done", 100)]
    with pytest.raises(InvalidTransition):
        service.answer_action(session, operator, action.id, validate(AnswerIn, {"body_ko": "다시", "status": "open"}))
    with pytest.raises(ValidationFailed):
        service.answer_action(session, operator, action.id, validate(AnswerIn, {"body_ko": "되돌림", "progress": 50}))
    with pytest.raises(PermissionDenied):
        service.answer_action(session, people["member"], action.id, validate(AnswerIn, {"body_ko": "제가 답합니다"}))
    assert count(session, DialogueAnswer) == 2


def test_overdue_means_past_due_and_not_closed(session: Session, people: dict[str, Any]) -> None:
    operator = people["operator"]
    record = published_session(session, operator)
    action = service.create_action(session, operator, record.voices[0].id,
                                   validate(ActionIn, {"title_ko": "조치", "due_on": "2024-06-30"}))
    assert service.is_overdue(action, date(2024, 7, 1)) and not service.is_overdue(action, date(2024, 6, 30))
    assert service.list_actions(session, overdue=True, today=date(2024, 7, 1)).total == 1
    service.move_action(session, operator, action.id, validate(ActionMoveIn, {"target": "declined", "reason": "중복"}))
    assert not service.is_overdue(action, date(2024, 7, 1))
    assert service.list_actions(session, overdue=True, today=date(2024, 7, 1)).total == 0


def test_links_and_sources_of_an_action(session: Session, people: dict[str, Any]) -> None:
    operator = people["operator"]
    record = published_session(session, operator)
    action = service.create_action(session, operator, record.voices[0].id, validate(ActionIn, {"title_ko": "조치"}))
    link = service.add_link(session, operator, action.id,
                            validate(LinkIn, {"kind": "demonstration", "target_id": 3, "label": "실증"}))
    assert link.url == "/demonstrations/3"
    with pytest.raises(ValidationFailed):
        service.add_link(session, operator, action.id,
                         validate(LinkIn, {"kind": "event", "label": "x", "url": "javascript:x"}))
    for outlet in ("가 신문", "나 방송"):  # disputed credit: several sources
        service.add_action_source(session, operator, action.id, validate(SourceIn, {"outlet": outlet}))
    assert [s.outlet for s in action.sources] == ["가 신문", "나 방송"]


def test_median_days_to_first_answer_by_hand(session: Session, people: dict[str, Any]) -> None:
    """Heard on 27 May; first answers after 3, 10 and 20 days (the second answer of one does not count)."""
    operator = people["operator"]
    record = published_session(session, operator, held_on="2024-05-27")
    voice = record.voices[0]
    for days in ((3, 40), (10,), (20,)):
        action = service.create_action(session, operator, voice.id, validate(ActionIn, {"title_ko": "조치"}))
        for offset in days:
            answer = service.answer_action(session, operator, action.id, validate(AnswerIn, {"body_ko": "답변입니다"}))
            answer.answered_at = datetime(2024, 5, 27, 12, tzinfo=UTC).replace(day=27) + _days(offset)
    service.create_action(session, operator, voice.id, validate(ActionIn, {"title_ko": "답 없음"}))
    session.flush()
    session.expire_all()
    figures = dialogue_figures(session, today=date(2024, 6, 1))
    assert figures.median_days_to_first_answer == 10
    assert figures.answered == 3 and figures.actions == 4 and figures.per_status["open"] == 4
    assert figures.periods == ["2024-H1"]
    assert [(t.code, t.total) for t in figures.themes] == [("transport", 1)]


def _days(n: int) -> Any:
    from datetime import timedelta

    return timedelta(days=n)


# --- import: nothing saved on bad input ------------------------------------------------------------------


@pytest.mark.parametrize("raw", [
    b"", b"   \n\n ", b"\x00\x01\x02PK\x03\x04" * 100, b"a" * (MAX_BYTES + 1),
    (HERE / "no_quotes_article.txt").read_bytes(),
], ids=["empty", "blank", "binary", "enormous", "no-quotes"])
def test_bad_input_saves_nothing(session: Session, people: dict[str, Any], raw: bytes) -> None:
    with pytest.raises(ValidationFailed) as refused:
        importer.import_article(session, people["operator"], raw, "bad")
    problem = refused.value.field_texts("en")["file"]
    assert problem and problem.isascii() and refused.value.field_texts("ko")["file"] != problem
    session.rollback()
    for model in (DialogueSession, DialogueParticipant, DialogueVoice, DialogueSource):
        assert count(session, model) == 0


def test_import_is_one_transaction(session: Session, people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
                                   ) -> None:
    """A failure after the session row is built leaves nothing once the caller rolls back."""
    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "list_themes", broken)
    with pytest.raises(RuntimeError):
        importer.import_article(session, people["operator"], ARTICLE.read_bytes(), "a.html")
    session.rollback()
    assert count(session, DialogueSession) == 0 and count(session, DialogueVoice) == 0


def test_import_is_for_operators(session: Session, people: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        importer.import_article(session, people["person"], ARTICLE.read_bytes(), "a.html")
    with pytest.raises(LoginRequired):
        importer.import_article(session, None, ARTICLE.read_bytes(), "a.html")


def test_themes_editable_by_operators(session: Session, people: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        service.save_theme(session, people["person"], validate(ThemeIn, {"code": "housing", "label_ko": "주거"}))
    theme = service.save_theme(session, people["operator"], validate(ThemeIn, {"code": "housing", "label_ko": "주거",
                                                             "label_en": "Housing", "cues": ["월세"]}))
    assert theme.position > 0 and service.get_theme(session, "housing") is theme
    with pytest.raises(ValidationFailed):
        service.save_theme(session, people["operator"], validate(ThemeIn, {"code": "housing", "label_ko": "중복"}))
    service.save_theme(session, people["operator"],
                       validate(ThemeIn, {"code": "ignored", "label_ko": "주거 정책", "active": False}),
                       "housing")
    assert theme.code == "housing" and theme.label_ko == "주거 정책" and not theme.active
    with pytest.raises(ValidationFailed):
        service.submit_voice(session, people["person"],
                             validate(CitizenVoiceIn, {"theme": "housing", "quote": "월세가 너무 비쌉니다 정말요"}))
