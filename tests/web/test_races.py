"""Every "only one" rule holds when the requests arrive together: 16 identical requests at the same moment,
from 16 threads on their own connections, against the real app under uvicorn on loopback, on SQLite and
PostgreSQL. Exactly one is created, the 15 others get 409 with a message, none gets a 500, and the
database holds one row."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests import factories as f
from tests.conftest import serving
from tests.talent import talent_factories as tf

from bitgoeul.core.db import utcnow
from bitgoeul.core.forms import validate
from bitgoeul.core.settings import Settings
from bitgoeul.demonstrations.models import Demonstration
from bitgoeul.dialogue import service as dialogue
from bitgoeul.dialogue.models import DialogueSupport
from bitgoeul.dialogue.schemas import CitizenVoiceIn, ModerationIn
from bitgoeul.exchange import events
from bitgoeul.exchange.models import MeetingRequest, Rsvp
from bitgoeul.exchange.schemas import EventIn
from bitgoeul.talent.models import Application, Subscription

API = "/api/v1"
TOGETHER = 16


@pytest.fixture
def server(settings: Settings) -> Iterator[str]:
    from bitgoeul.web.app import create_app

    app = create_app(settings)
    with serving(app) as base_url:
        yield base_url
    app.state.engine.dispose()


def token(base: str, email: str) -> dict[str, str]:
    answer = httpx.post(f"{base}{API}/auth/token", json={"email": email, "password": f.PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def together(base: str, path: str, headers: dict[str, str], body: dict[str, Any] | None) -> list[httpx.Response]:
    """POST the same request from TOGETHER threads released at once, each on its own connection."""
    start = threading.Barrier(TOGETHER)
    answers: list[httpx.Response] = []
    lock = threading.Lock()

    def one() -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            client.get("/healthz")  # open the connection before the start line
            start.wait()
            answer = client.post(path, json=body)
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=one) for _ in range(TOGETHER)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(answers) == TOGETHER
    return answers


def assert_exactly_one(answers: list[httpx.Response], success: int) -> None:
    statuses = Counter(a.status_code for a in answers)
    assert statuses == {success: 1, 409: TOGETHER - 1}, statuses
    for refused in (a for a in answers if a.status_code == 409):
        error = refused.json()["error"]
        assert error["code"] == "conflict" and error["message"].strip()


def count(session: Session, column: Any, *where: Any) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count(column)).where(*where)) or 0)


Case = Callable[[Session, str], tuple[str, dict[str, str], dict[str, Any] | None, Callable[[], int], int]]


def demonstration_request(session: Session, base: str) -> Any:
    firm, buyer_org = f.organisation(session, kind="ai_firm"), f.organisation(session, kind="buyer")
    buyer = f.member(session, buyer_org)
    solution, need = f.solution(session, f.member(session, firm)), f.need(session, buyer)
    session.commit()
    return (f"{API}/demonstrations", token(base, buyer.email), {"need_id": need.id, "solution_id": solution.id},
            lambda: count(session, Demonstration.id, Demonstration.need_id == need.id), 201)


def meeting_request(session: Session, base: str) -> Any:
    sender, receiver = f.organisation(session, kind="ai_firm"), f.organisation(session, kind="buyer")
    member = f.member(session, sender)
    session.commit()
    body = {"to_organisation_id": receiver.id, "message": "만나서 협력을 이야기하고 싶습니다."}
    return (f"{API}/exchange/requests", token(base, member.email), body,
            lambda: count(session, MeetingRequest.id, MeetingRequest.to_organisation_id == receiver.id), 201)


def rsvp(session: Session, base: str) -> Any:
    operator, person = f.operator(session), f.user(session)
    starts = utcnow() + timedelta(days=10)
    event = events.create_event(session, operator, validate(EventIn, {
        "title_ko": "동시 신청 행사", "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=2)).isoformat(), "capacity": 50}))
    events.move_event(session, operator, event.id, "published")
    session.commit()
    return (f"{API}/exchange/events/{event.id}/rsvp", token(base, person.email), {},
            lambda: count(session, Rsvp.id, Rsvp.event_id == event.id), 201)


def application(session: Session, base: str) -> Any:
    person = f.user(session)
    tf.profile(session, person)
    job = tf.job(session, f.member(session, f.organisation(session, kind="ai_firm")))
    session.commit()
    return (f"{API}/talent/jobs/{job.id}/applications", token(base, person.email), {},
            lambda: count(session, Application.id, Application.job_id == job.id), 201)


def support(session: Session, base: str) -> Any:
    operator, citizen, supporter = f.operator(session), f.user(session), f.user(session)
    voice = dialogue.submit_voice(session, citizen, validate(CitizenVoiceIn, {
        "theme": "transport", "quote": "막차를 늘려 주세요 부탁합니다"}))
    dialogue.moderate_voice(session, operator, voice.id, validate(ModerationIn, {"decision": "publish"}))
    session.commit()
    return (f"{API}/dialogue/voices/{voice.id}/support", token(base, supporter.email), None,
            lambda: count(session, DialogueSupport.id, DialogueSupport.voice_id == voice.id), 200)


def subscription(session: Session, base: str) -> Any:
    person = f.user(session)
    session.commit()
    return (f"{API}/talent/subscriptions", token(base, person.email), {"kind": "search", "query": "팀장"},
            lambda: count(session, Subscription.id, Subscription.user_id == person.id), 201)


@pytest.mark.parametrize("case", [demonstration_request, meeting_request, rsvp, application, support, subscription])
def test_sixteen_identical_requests_make_one_record(session: Session, server: str, case: Case) -> None:
    path, headers, body, rows, success = case(session, server)
    assert rows() == 0
    assert_exactly_one(together(server, path, headers, body), success)
    assert rows() == 1
