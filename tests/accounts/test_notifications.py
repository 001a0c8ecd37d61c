"""The shared notification inbox: only one's own notifications are seen, counted and marked (403 for anyone
else's), links stay on the site, newest first with paging, the page in Korean and English with the unread
count in the navigation and a CSRF-protected "mark all read", and the JSON API's list shape."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests import factories as f
from tests.factories import csrf_of, login

from bitgoeul.accounts import notifications as n
from bitgoeul.accounts.models import Notification, User
from bitgoeul.core.errors import LoginRequired, NotFound, PermissionDenied, ValidationFailed

API = "/api/v1"


def send(session: Session, who: User, k: int) -> Notification:
    return n.notify(session, who.id, "test.kind", f"알림 {k}번: 행사 자리 확정", f"Notice {k}: your place is confirmed",
                    f"/exchange/events/{k}")


def unread_ids(session: Session, who: User) -> set[int]:
    return set(session.scalars(select(Notification.id).where(Notification.user_id == who.id,
                                                              Notification.read_at.is_(None))))


def test_inbox_is_ones_own_newest_first_and_paged(session: Session) -> None:
    alice, bob = f.user(session), f.user(session)
    sent = [send(session, alice, k) for k in range(1, 26)]
    send(session, bob, 99)
    first, second = n.inbox(session, alice, 1, 20), n.inbox(session, alice, 2, 20)
    assert first.total == 25 and len(first.items) == 20 and len(second.items) == 5
    expected = [x.id for x in sorted(sent, key=lambda x: (x.created_at, x.id), reverse=True)]
    assert [x.id for x in first.items + second.items] == expected
    assert all(x.user_id == alice.id for x in first.items + second.items)
    assert [x.text_en for x in n.inbox(session, bob).items] == ["Notice 99: your place is confirmed"]
    assert n.unread_count(session, alice) == 25 and n.unread_count(session, bob) == 1
    with pytest.raises(LoginRequired):
        n.inbox(session, None)
    with pytest.raises(ValidationFailed):
        n.inbox(session, alice, 0)


def test_nobody_reads_or_marks_someone_elses_notifications(session: Session) -> None:
    alice, bob = f.user(session), f.user(session)
    mine = send(session, alice, 1)
    theirs = send(session, bob, 2)
    assert n.get_notification(session, alice, mine.id).id == mine.id
    with pytest.raises(PermissionDenied):
        n.get_notification(session, alice, theirs.id)
    with pytest.raises(PermissionDenied):
        n.mark_read(session, alice, [theirs.id])
    with pytest.raises(PermissionDenied):  # one foreign id refuses the whole request: nothing is marked
        n.mark_read(session, alice, [mine.id, theirs.id])
    assert unread_ids(session, alice) == {mine.id} and unread_ids(session, bob) == {theirs.id}
    with pytest.raises(NotFound):
        n.mark_read(session, alice, [theirs.id + 1000])
    assert n.mark_read(session, alice, "all") == 1
    assert unread_ids(session, alice) == set() and unread_ids(session, bob) == {theirs.id}  # "all" = all of mine
    assert n.mark_read(session, alice, [mine.id]) == 0  # already read: nothing new
    with pytest.raises(LoginRequired):
        n.mark_read(session, None, "all")


def test_marking_some_read_leaves_the_rest_unread(session: Session) -> None:
    alice = f.user(session)
    a, b, c = (send(session, alice, k) for k in range(3))
    assert n.mark_read(session, alice, [a.id, c.id]) == 2
    assert unread_ids(session, alice) == {b.id} and n.unread_count(session, alice) == 1


@pytest.mark.parametrize("url", ["https://evil.example/x", "//evil.example", "javascript:alert(1)", "/\\evil"])
def test_links_must_stay_on_the_site(session: Session, url: str) -> None:
    alice = f.user(session)
    with pytest.raises(ValidationFailed) as refused:
        n.notify(session, alice.id, "test.kind", "한국어", "English", url)
    assert "url" in refused.value.fields


def test_both_texts_are_required(session: Session) -> None:
    alice = f.user(session)
    with pytest.raises(ValidationFailed) as refused:
        n.notify(session, alice.id, "test.kind", "한국어만", " ", "/")
    assert set(refused.value.fields) == {"text_en"}


def test_a_rolled_back_unit_of_work_leaves_no_notification(session: Session) -> None:
    alice = f.user(session)
    session.commit()
    send(session, alice, 1)
    session.rollback()
    assert session.scalar(select(Notification.id)) is None


# --- pages and API ---------------------------------------------------------------------------------------


@pytest.fixture
def people(session: Session) -> tuple[User, User]:
    alice, bob = f.user(session), f.user(session)
    for k in range(1, 4):
        send(session, alice, k)
    send(session, bob, 7)
    session.commit()
    return alice, bob


@pytest.mark.parametrize(("lang", "shown", "hidden"), [
    ("ko", ["알림", "알림 3번: 행사 자리 확정", "읽지 않은 알림 3건", "모두 읽음으로 표시", "새 알림"], ["Notice 3"]),
    ("en", ["Notifications", "Notice 3: your place is confirmed", "3 unread", "Mark all as read"], ["알림 3번"]),
])
def test_inbox_page_in_both_languages(client: TestClient, people: tuple[User, User], lang: str, shown: list[str],
                                      hidden: list[str]) -> None:
    alice, _bob = people
    login(client, alice.email)
    page = client.get(f"/notifications?lang={lang}")
    assert page.status_code == 200
    for text in shown:
        assert text in page.text
    for text in [*hidden, "Notice 7", "알림 7번"]:  # nor anybody else's
        assert text not in page.text
    badge = re.search(r'id="nav-notifications"[^>]*>[^<]*<span class="badge"[^>]*>(\d+)</span>', page.text)
    assert badge and badge.group(1) == "3"
    assert page.text.index("Notice 3" if lang == "en" else "알림 3번") < page.text.index(
        "Notice 1" if lang == "en" else "알림 1번")  # newest first


def test_page_needs_login(client: TestClient) -> None:
    response = client.get("/notifications", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_mark_all_read_form_needs_csrf_and_marks_only_mine(client: TestClient, session: Session,
                                                           people: tuple[User, User]) -> None:
    alice, bob = people
    login(client, alice.email)
    assert client.post("/notifications/read", data={"all": "1"}).status_code == 403  # no CSRF token
    assert n.unread_count(session, alice) == 3
    token = csrf_of(client, "/notifications")
    response = client.post("/notifications/read", data={"all": "1", "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/notifications"
    session.expire_all()
    assert n.unread_count(session, alice) == 0 and n.unread_count(session, bob) == 1
    page = client.get("/notifications")
    assert 'class="badge"' not in page.text and "읽지 않은 알림 0건" in page.text
    bobs = session.scalar(select(Notification.id).where(Notification.user_id == bob.id))
    refused = client.post("/notifications/read", data={"id": str(bobs), "csrf_token": token})
    assert refused.status_code == 403
    session.expire_all()
    assert n.unread_count(session, bob) == 1


def token(client: TestClient, email: str) -> dict[str, str]:
    response = client.post(f"{API}/auth/token", json={"email": email, "password": f.PASSWORD})
    assert response.status_code == 200
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_api_lists_and_marks_with_the_list_shape(client: TestClient, session: Session,
                                                 people: tuple[User, User]) -> None:
    alice, bob = people
    headers = token(client, alice.email)
    body: dict[str, Any] = client.get(f"{API}/notifications?per_page=2", headers=headers).json()
    assert set(body) == {"items", "total", "page", "per_page"}
    assert (body["total"], body["page"], body["per_page"], len(body["items"])) == (3, 1, 2, 2)
    assert set(body["items"][0]) == {"id", "kind", "text_ko", "text_en", "url", "created_at", "read_at"}
    assert body["items"][0]["text_ko"] == "알림 3번: 행사 자리 확정" and body["items"][0]["read_at"] is None
    assert body["items"][0]["created_at"].endswith(("Z", "+00:00"))
    first = body["items"][0]["id"]
    marked = client.post(f"{API}/notifications/read", json={"ids": [first]}, headers=headers)
    assert marked.status_code == 200 and marked.json() == {"marked": 1, "unread": 2}
    listed = client.get(f"{API}/notifications", headers=headers).json()["items"]
    assert [x["read_at"] is not None for x in listed] == [True, False, False]
    bobs = session.scalar(select(Notification.id).where(Notification.user_id == bob.id))
    refused = client.post(f"{API}/notifications/read", json={"ids": [bobs]}, headers=headers)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert client.post(f"{API}/notifications/read", json={}, headers=headers).status_code == 422
    assert client.post(f"{API}/notifications/read", json={"all": True}, headers=headers).json() == {
        "marked": 2, "unread": 0}
    assert client.get(f"{API}/notifications").status_code == 401
    assert client.get(f"{API}/notifications", headers=token(client, bob.email)).json()["total"] == 1
