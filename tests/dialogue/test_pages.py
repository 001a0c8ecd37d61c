"""Dialogue pages and API through HTTP: both languages, the import upload and review, CSRF, 403s and 404s,
scripts in imported articles shown as text only, citizen voices, actions with answers, open-data exports."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests import factories
from tests.factories import csrf_of, login

from bitgoeul.core.forms import validate
from bitgoeul.dialogue import service
from bitgoeul.dialogue.models import DialogueSession, DialogueVoice
from bitgoeul.dialogue.schemas import ActionIn, AnswerIn, ParticipantIn, SessionIn, VoiceIn

HERE = Path(__file__).resolve().parent
XSS = (HERE / "xss_article.html").read_bytes()


def count(session: Session, model: Any) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def people(session: Session) -> dict[str, Any]:
    found = {"operator": factories.operator(session), "person": factories.user(session),
             "other": factories.user(session)}
    session.commit()
    return found


@pytest.fixture
def published(session: Session, people: dict[str, Any]) -> DialogueSession:
    operator = people["operator"]
    record = service.create_session(session, operator,
                                    validate(SessionIn, {"title": "제3회 월요대화", "held_on": "2024-05-27",
                                                        "number": 3, "field": "welfare", "place": "시민홀",
                                                        "summary_ko": "돌봄 이야기", "summary_en": "About care"}))
    person = service.add_participant(session, operator, record.id,
                                     validate(ParticipantIn, {"name": "김민준", "role": "대표", "kind": "firm"}))
    voice = service.add_voice(session, operator, record.id,
                              validate(VoiceIn, {"participant_id": person.id, "quote": "버스를 늘려 주세요",
                                                              "kind": "request", "themes": ["transport"]}))
    service.add_voice(session, operator, record.id,
                      validate(VoiceIn, {"quote": "주차장이 부족하다는 말", "verbatim": False}))
    service.publish_session(session, operator, record.id)
    action = service.create_action(session, operator, voice.id,
                                   validate(ActionIn, {"title_ko": "버스 증편", "title_en": "More buses",
                                                                  "due_on": "2024-06-30"}))
    service.answer_action(session, operator, action.id,
                          validate(AnswerIn, {"body_ko": "노선을 검토합니다", "body_en": "Reviewing routes",
                                                          "status": "in_progress"}))
    session.commit()
    return record


def post(client: TestClient, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    return client.post(path, data={**(data or {}), "csrf_token": csrf_of(client, "/dialogue")},
                       follow_redirects=False, **kwargs)


def upload(client: TestClient, raw: bytes, name: str = "article.html") -> Any:
    token = csrf_of(client, "/dialogue/import")
    return client.post("/dialogue/import", data={"csrf_token": token}, files={"file": (name, raw, "text/html")},
                       follow_redirects=False)


@pytest.mark.parametrize(("lang", "words"), [("ko", ["월요대화", "상태별 후속조치", "제3회 월요대화"]),
                                             ("en", ["Monday Dialogue", "Actions by status", "Monday Dialogue no. 3"])])
def test_public_pages_in_both_languages(client: TestClient, published: DialogueSession, lang: str,
                                        words: list[str]) -> None:
    overview = client.get(f"/dialogue?lang={lang}")
    assert overview.status_code == 200 and overview.text.count("<svg") == 2  # no supports yet: no third chart
    for word in words:
        assert word in overview.text
    page = client.get(f"/dialogue/sessions/{published.id}?lang={lang}")
    assert page.status_code == 200
    assert "“버스를 늘려 주세요”" in page.text  # verbatim: in quotation marks
    assert "“주차장이 부족하다는 말”" not in page.text  # not verbatim: never in quotation marks
    assert ("원문 아님" if lang == "ko" else "Not verbatim") in page.text
    assert ("노선을 검토합니다" if lang == "ko" else "Reviewing routes") in page.text
    assert ("기한 지남" if lang == "ko" else "Overdue") in page.text
    for path in ("/dialogue/sessions", "/dialogue/voices", "/dialogue/actions", "/dialogue/themes",
                 "/dialogue/themes/transport", "/dialogue/actions?status=in_progress", "/dialogue/voices?sort=support"):
        assert client.get(f"{path}{'&' if '?' in path else '?'}lang={lang}").status_code == 200, path


def test_filtering_the_overdue_tab_keeps_it(client: TestClient, published: DialogueSession) -> None:
    """The filter form on the overdue tab carries overdue=1, so applying a filter stays on overdue actions."""
    tab = client.get("/dialogue/actions?overdue=1")
    assert '<input type="hidden" name="overdue" value="1">' in tab.text
    assert 'name="overdue"' not in client.get("/dialogue/actions").text
    filtered = client.get("/dialogue/actions?overdue=1&status=in_progress&format=json").json()
    assert filtered and all(a["overdue"] and a["status"] == "in_progress" for a in filtered)


def test_list_exports_are_open_data(client: TestClient, published: DialogueSession) -> None:
    sessions = client.get("/dialogue/sessions?format=json").json()
    assert [s["number"] for s in sessions] == [3]
    voices = list(csv.DictReader(io.StringIO(client.get("/dialogue/voices?format=csv").text.lstrip("\ufeff"))))
    assert {v["quote"] for v in voices} == {"버스를 늘려 주세요", "주차장이 부족하다는 말"}
    actions = client.get("/dialogue/actions?format=json").json()
    assert actions[0]["status"] == "in_progress" and actions[0]["overdue"] is True
    assert actions[0]["last_answer_en"] == "Reviewing routes"
    figures = client.get("/dialogue?format=json").json()
    assert {"metric": "actions_by_status", "key": "in_progress", "period": "", "value": 1} in figures


def test_drafts_and_operator_pages_are_guarded(client: TestClient, session: Session, people: dict[str, Any]
                                               ) -> None:
    draft = service.create_session(session, people["operator"],
                                   validate(SessionIn, {"title": "초안", "field": "welfare"}))
    session.commit()
    assert client.get(f"/dialogue/sessions/{draft.id}").status_code == 404
    assert client.get("/dialogue/import", follow_redirects=False).status_code == 303  # to the login page
    login(client, people["person"].email)
    assert client.get("/dialogue/import").status_code == 403
    assert client.get(f"/dialogue/sessions/{draft.id}/review").status_code == 403
    assert client.get("/dialogue/moderation").status_code == 403
    assert post(client, f"/dialogue/sessions/{draft.id}/publish").status_code == 403
    assert upload(client, XSS).status_code == 403
    assert count(session, DialogueSession) == 1


def test_csrf_is_required(client: TestClient, published: DialogueSession, people: dict[str, Any]) -> None:
    login(client, people["operator"].email)
    response = client.post(f"/dialogue/sessions/{published.id}/unpublish", data={}, follow_redirects=False)
    assert response.status_code == 403
    response = client.post(f"/dialogue/sessions/{published.id}/unpublish", data={"csrf_token": "forged"},
                           follow_redirects=False)
    assert response.status_code == 403


def test_import_review_publish_with_scripts_never_live(client: TestClient, session: Session,
                                                       people: dict[str, Any]) -> None:
    login(client, people["operator"].email)
    response = upload(client, XSS)
    assert response.status_code == 303
    review_path = response.headers["location"]
    review = client.get(review_path)
    assert review.status_code == 200 and "스크립트 2개" not in review.text  # the count is the article's
    assert re.search(r"스크립트 \d+개를 지웠습니다", review.text)
    for page in (review.text, client.get(review_path.removesuffix("/review")).text):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "__pwned" not in page and "javascript:alert" not in page
    record = session.scalars(select(DialogueSession)).one()
    publish = post(client, f"/dialogue/sessions/{record.id}/publish")
    assert publish.status_code == 303
    client.cookies.clear()
    public = client.get(f"/dialogue/sessions/{record.id}?lang=en")
    assert public.status_code == 200 and "&lt;img src=x onerror=alert(2)&gt;" in public.text


@pytest.mark.parametrize(("raw", "words"), [(b"", "빈 파일"), (b"\x00\x01\xff" * 50, "/"),
                                            ((HERE / "no_quotes_article.txt").read_bytes(), "직접 인용문")])
def test_bad_uploads_say_why_and_save_nothing(client: TestClient, session: Session, people: dict[str, Any],
                                              raw: bytes, words: str) -> None:
    login(client, people["operator"].email)
    response = upload(client, raw, "bad.txt")
    assert response.status_code == 422 and words in response.text
    assert 'id="import-error"' in response.text
    assert count(session, DialogueSession) == 0 and count(session, DialogueVoice) == 0


def test_review_corrects_a_speaker_and_refuses_bad_edits(client: TestClient, session: Session,
                                                         people: dict[str, Any]) -> None:
    login(client, people["operator"].email)
    upload(client, XSS)
    record = session.scalars(select(DialogueSession)).one()
    voice, student = record.voices[0], next(p for p in record.participants if p.name == "오채린")
    response = post(client, f"/dialogue/voices/{voice.id}/edit", {
        "participant_id": str(student.id), "quote": voice.quote, "kind": "complaint", "themes": ["transport"]})
    assert response.status_code == 303
    session.expire_all()
    assert voice.participant_id == student.id and [t.code for t in voice.themes] == ["transport"]
    refused = post(client, f"/dialogue/voices/{voice.id}/edit", {"quote": "", "kind": "complaint"})
    assert refused.status_code == 422 and 'aria-invalid="true"' in refused.text
    publish = post(client, f"/dialogue/sessions/{record.id}/edit", {"title": "", "field": "welfare"})
    assert publish.status_code == 303
    refused = post(client, f"/dialogue/sessions/{record.id}/publish")
    assert refused.status_code == 422 and "제목을 입력하세요" in refused.text


def test_citizen_voice_moderation_support(client: TestClient, session: Session, people: dict[str, Any]) -> None:
    assert client.get("/dialogue/voices/new", follow_redirects=False).status_code == 303
    login(client, people["person"].email)
    short = post(client, "/dialogue/voices/new", {"theme": "transport", "kind": "request", "quote": "짧아"})
    assert short.status_code == 422
    sent = post(client, "/dialogue/voices/new", {"theme": "transport", "kind": "request",
                                                  "quote": "<b>막차</b>를 늘려 주세요, 부탁합니다"})
    assert sent.status_code == 303
    mine = client.get(sent.headers["location"])
    assert "검토를 기다리는" in mine.text and "&lt;b&gt;막차&lt;/b&gt;" in mine.text
    voice_id = int(sent.headers["location"].rsplit("/", 1)[1])
    client.cookies.clear()
    assert client.get(f"/dialogue/voices/{voice_id}").status_code == 404
    login(client, people["operator"].email)
    assert "막차" in client.get("/dialogue/moderation").text
    assert post(client, f"/dialogue/voices/{voice_id}/moderate", {"decision": "publish",
                                                                   "next": "/dialogue/moderation"}).status_code == 303
    client.cookies.clear()
    login(client, people["other"].email)
    assert post(client, f"/dialogue/voices/{voice_id}/support").status_code == 303
    again = post(client, f"/dialogue/voices/{voice_id}/support")
    assert again.status_code == 409 and "이미 지지한" in again.text
    assert "지지 1" in client.get("/dialogue/voices?sort=support").text


def test_action_from_voice_with_answer_timeline(client: TestClient, session: Session, published: DialogueSession,
                                                people: dict[str, Any]) -> None:
    login(client, people["operator"].email)
    voice = published.voices[0]
    created = post(client, f"/dialogue/voices/{voice.id}/actions", {"title_ko": "정류장 신설", "due_on": "2030-01-01"})
    assert created.status_code == 303
    action_path = created.headers["location"]
    answered = post(client, f"{action_path}/answers", {"body_ko": "정류장 두 곳을 새로 만들었습니다",
                                                        "body_en": "Two new stops were built", "status": "done"})
    assert answered.status_code == 303
    declined = post(client, f"{action_path}/move", {"target": "declined", "reason": "x"})
    assert declined.status_code == 409 and "상태로 갈 수 없습니다" in declined.text and "Cannot go" not in declined.text
    client.cookies.clear()
    page = client.get(f"/dialogue/sessions/{published.id}?lang=en")
    assert "Two new stops were built" in page.text and "Done" in page.text
    assert "정류장 두 곳을 새로 만들었습니다" in client.get(f"{action_path}?lang=ko").text


def test_api_lists_details_and_writes(client: TestClient, published: DialogueSession, people: dict[str, Any]
                                      ) -> None:
    listed = client.get("/api/v1/dialogue/sessions").json()
    assert listed["total"] == 1 and listed["items"][0]["number"] == 3
    detail = client.get(f"/api/v1/dialogue/sessions/{published.id}").json()
    assert [v["verbatim"] for v in detail["voices"]] == [True, False]
    actions = client.get("/api/v1/dialogue/actions?status=in_progress").json()
    assert actions["items"][0]["answers"][0]["body_en"] == "Reviewing routes"
    refused = client.post("/api/v1/dialogue/sessions", json={"title": "x", "field": "welfare"})
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "login_required"
    token = client.post("/api/v1/auth/token", json={"email": people["person"].email,
                                                    "password": factories.PASSWORD})
    if token.status_code != 200:
        pytest.skip("no token endpoint")
    headers = {"authorization": f"Bearer {token.json()['access_token']}"}
    forbidden = client.post("/api/v1/dialogue/sessions", json={"title": "x", "field": "welfare"}, headers=headers)
    assert forbidden.status_code == 403
    voice = client.post("/api/v1/dialogue/voices", json={"theme": "welfare", "quote": "경로당 난방을 고쳐 주세요"},
                        headers=headers)
    assert voice.status_code == 201 and voice.json()["moderation"] == "pending"


def test_api_import_makes_a_draft(client: TestClient, people: dict[str, Any]) -> None:
    token = client.post("/api/v1/auth/token", json={"email": people["operator"].email,
                                                    "password": factories.PASSWORD})
    if token.status_code != 200:
        pytest.skip("no token endpoint")
    headers = {"authorization": f"Bearer {token.json()['access_token']}", "x-filename": "a.html"}
    made = client.post("/api/v1/dialogue/import", content=XSS, headers=headers)
    assert made.status_code == 201 and made.json()["status"] == "draft" and made.json()["number"] == 12
    empty = client.post("/api/v1/dialogue/import", content=b"", headers=headers)
    assert empty.status_code == 422 and "file" in empty.json()["error"]["fields"]
    assert json.loads(client.get("/api/v1/dialogue/sessions").text)["total"] == 0  # drafts stay private
