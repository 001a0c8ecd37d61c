"""Visit requests and the operators' editor through HTTP: a person asks, operators hear of it, list, search,
export and answer it, and the answer reaches the requester's inbox with an e-mail queued; nobody else may see,
list or answer it. Operators rewrite the words and captions; nobody else can."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests import factories
from tests.factories import csrf_of, login
from tests.showcase import factories as showcase_factories

from bitgoeul.accounts.models import Notification
from bitgoeul.core.time import local_today
from bitgoeul.showcase.models import ShowcaseSite, VisitRequest


def as_user(client: TestClient, email: str) -> None:
    client.cookies.clear()
    login(client, email)


def waiting_on_home(client: TestClient) -> str:
    """The operator's home figure of visit requests waiting for an answer."""
    found = re.search(r'data-figure="home.fig.visits_waiting"><div class="value">([^<]*)</div>', client.get("/").text)
    assert found
    return found.group(1)


def ask(client: TestClient, **changes: str) -> object:
    form = {"site": "ai-data-center", "group_name": "리옹 AI 방문단", "group_size": "9",
            "preferred_date": (local_today() + timedelta(days=14)).isoformat(), "language": "en",
            "purpose": "데이터센터 견학과 기업 미팅", "csrf_token": csrf_of(client, "/showcase")}
    form.update(changes)
    return client.post("/showcase/visits", data=form, follow_redirects=False)


def test_a_request_is_answered_and_the_answer_reaches_the_requester(client: TestClient, session: Session) -> None:
    showcase_factories.site(session)
    person, stranger, operator = factories.user(session), factories.user(session), factories.operator(session)
    session.commit()

    as_user(client, person.email)
    response = ask(client)
    assert response.status_code == 303  # type: ignore[attr-defined]
    url = response.headers["location"]  # type: ignore[attr-defined]
    page = client.get(url)
    assert "방문 신청을 보냈습니다" in page.text and "답변 대기" in page.text
    visit = session.scalars(select(VisitRequest)).one()
    told = session.scalars(select(Notification).where(Notification.user_id == operator.id)).all()
    assert [n.kind for n in told] == ["showcase.visit_requested"] and "리옹 AI 방문단" in told[0].text_ko
    assert client.get("/showcase/visits").status_code == 403
    refused = client.post(f"/showcase/visits/{visit.id}/answer", data={
        "status": "accepted", "answer": "오세요", "csrf_token": csrf_of(client, url)}, follow_redirects=False)
    assert refused.status_code == 403

    as_user(client, stranger.email)
    assert client.get(url).status_code == 403

    as_user(client, operator.email)
    assert waiting_on_home(client) == "1"
    listed = client.get("/showcase/visits?q=리옹&status=pending")
    assert listed.status_code == 200 and f'href="/showcase/visits/{visit.id}"' in listed.text
    assert f'href="/showcase/visits/{visit.id}"' not in client.get("/showcase/visits?status=accepted").text
    assert f'href="/showcase/visits/{visit.id}"' not in client.get("/showcase/visits?q=nobody-like-this").text
    exported = client.get("/showcase/visits?format=csv&q=리옹")
    assert exported.text.startswith("\ufeff") and "리옹 AI 방문단" in exported.text
    answer = "Welcome: 10:00 at the main entrance on the day you asked."
    done = client.post(f"/showcase/visits/{visit.id}/answer", data={
        "status": "accepted", "answer": answer, "csrf_token": csrf_of(client, url)}, follow_redirects=False)
    assert done.status_code == 303
    assert "답변을 보냈습니다" in client.get(done.headers["location"]).text
    assert waiting_on_home(client) == "0"
    again = client.post(f"/showcase/visits/{visit.id}/answer", data={
        "status": "declined", "answer": "아니요", "csrf_token": csrf_of(client, url)}, follow_redirects=False)
    assert again.status_code == 409

    session.expire_all()
    assert (visit.status, visit.answer, visit.answered_by_id) == ("accepted", answer, operator.id)
    inbox = session.scalars(select(Notification).where(Notification.user_id == person.id)).all()
    assert [(n.kind, n.email, n.url) for n in inbox] == [("showcase.visit_answered", True, url)]
    assert "accepted" in inbox[0].text_en and "수락" in inbox[0].text_ko

    as_user(client, person.email)
    mine = client.get(url + "?lang=en")
    assert answer in mine.text and "Accepted" in mine.text


def test_a_bad_request_is_refused_beside_its_fields_and_saves_nothing(client: TestClient, session: Session) -> None:
    showcase_factories.site(session)
    person = factories.user(session)
    session.commit()
    anonymous = client.post("/showcase/visits", follow_redirects=False,
                            data={"site": "ai-data-center", "csrf_token": csrf_of(client, "/login")})
    assert anonymous.status_code == 401  # who may ask is checked before what was asked
    as_user(client, person.email)
    response = ask(client, preferred_date=(local_today() - timedelta(days=1)).isoformat(), group_size="0")
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert 'id="e-preferred_date"' in response.text and 'id="e-group_size"' in response.text  # type: ignore[attr-defined]
    assert 'value="리옹 AI 방문단"' in response.text  # type: ignore[attr-defined]
    assert session.scalars(select(VisitRequest)).all() == []


def test_only_operators_rewrite_the_words_and_captions(client: TestClient, session: Session) -> None:
    site = showcase_factories.site(session)
    picture = site.pictures[0]
    person, operator = factories.user(session), factories.operator(session)
    session.commit()
    form = {"name_ko": "국가AI데이터센터", "name_en": "National AI Data Center", "summary_ko": "새 소개",
            "summary_en": "A new introduction", "radius_m": "600", "place_words": "국가AI데이터센터, AI DC",
            f"caption_ko_{picture.id}": "새 건물 사진", f"caption_en_{picture.id}": "The new building"}

    as_user(client, person.email)
    assert client.get(f"/showcase/{site.slug}/edit").status_code == 403
    assert client.post(f"/showcase/{site.slug}/edit", data={**form, "csrf_token": csrf_of(client, "/showcase")},
                       follow_redirects=False).status_code == 403
    assert "showcase/ai-data-center/edit" not in client.get("/showcase").text

    as_user(client, operator.email)
    assert f'href="/showcase/{site.slug}/edit"' in client.get("/showcase").text
    saved = client.post(f"/showcase/{site.slug}/edit", data={**form, "csrf_token": csrf_of(client, "/showcase")},
                        follow_redirects=False)
    assert saved.status_code == 303
    english = client.get("/showcase?lang=en").text
    assert "A new introduction" in english and "The new building" in english
    assert "새 소개" in client.get("/showcase?lang=ko").text
    session.expire_all()
    assert session.get(ShowcaseSite, site.id).place_words == ["국가AI데이터센터", "AI DC"]  # type: ignore[union-attr]

    bad = client.post(f"/showcase/{site.slug}/edit", data={**form, "name_ko": "", "place_words": "x",
                                                          "csrf_token": csrf_of(client, "/showcase")})
    assert bad.status_code == 422 and 'id="e-name_ko"' in bad.text and 'id="e-place_words"' in bad.text
    long_caption = client.post(f"/showcase/{site.slug}/edit", data={
        **form, f"caption_en_{picture.id}": "x" * 301, "csrf_token": csrf_of(client, "/showcase")})
    assert long_caption.status_code == 422 and f'id="e-caption_en_{picture.id}"' in long_caption.text
