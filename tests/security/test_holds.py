"""What already held when the platform was probed from outside, kept as tests: CSRF on every form and
cookie API call, XSS payloads escaped, no open redirects, invalid UTF-8 and very deep JSON refused with a
4xx, and no access across organisations."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests import factories as f
from tests.factories import csrf_of, login

from bitgoeul.core.forms import validate
from bitgoeul.core.links import is_local_path
from bitgoeul.exchange.schemas import EventIn

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
XSS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "<svg onload=alert(1)>"]


def _unsafe_routes(app: Any, api: bool) -> list[tuple[str, str]]:
    found = set()
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute) or route.path_format.startswith("/api/v1") != api:
            continue
        path = re.sub(r"\{[^}]+\}", "1", route.path_format)
        found |= {(method, path) for method in (route.methods or set()) & UNSAFE}
    return sorted(found)


def test_every_unsafe_page_and_cookie_api_call_needs_the_csrf_token(app: Any, client: TestClient,
                                                                     session: Session) -> None:
    operator = f.operator(session)
    session.commit()
    login(client, operator.email)
    pages, apis = _unsafe_routes(app, api=False), _unsafe_routes(app, api=True)
    assert len(pages) > 40 and len(apis) > 30
    for method, path in pages:
        response = client.request(method, path, data={"x": "1"}, follow_redirects=False)
        assert response.status_code == 403, (method, path, response.status_code)
        forged = client.request(method, path, data={"csrf_token": "forged"}, follow_redirects=False)
        assert forged.status_code == 403, (method, path)
    for method, path in apis:
        response = client.request(method, path, json={}, follow_redirects=False)
        assert response.status_code == 403 and response.json()["error"]["code"] == "csrf_failed", (method, path)


def test_xss_payloads_are_escaped_in_pages_exports_and_calendars(client: TestClient, session: Session) -> None:
    from datetime import UTC, datetime, timedelta

    from bitgoeul.exchange import events

    operator = f.operator(session)
    firm = f.organisation(session, name_ko=XSS[0], name_en=XSS[1], description_ko=XSS[2])
    buyer_org = f.organisation(session, kind="buyer", name_ko=XSS[1])
    supplier, buyer = f.member(session, firm), f.member(session, buyer_org)
    solution = f.solution(session, supplier, title_ko=XSS[0], summary_ko=XSS[1] + " 요약입니다")
    need = f.need(session, buyer, title_ko=XSS[2], problem_ko=XSS[0] + " 문제 설명이 충분히 깁니다.")
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=5)
    event = events.create_event(session, operator, validate(EventIn, {"kind": "meetup", "title_ko": XSS[0],
                                                                      "title_en": XSS[1],
                                                    "starts_at": start, "ends_at": start + timedelta(hours=1),
                                                    "capacity": 5, "venue_name": XSS[2]}))
    events.move_event(session, operator, event.id, "published")
    session.commit()
    pages = ["/organisations", f"/organisations/{firm.id}", "/solutions", f"/solutions/{solution.id}", "/needs",
             f"/needs/{need.id}", "/exchange/events", f"/exchange/events/{event.id}", "/programme",
             "/search?q=alert", "/organisations?lang=en"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        for payload in XSS:
            assert payload not in response.text, (path, payload)
    assert "&lt;script&gt;alert(" in client.get(f"/organisations/{firm.id}").text
    ics = client.get(f"/exchange/events/{event.id}/event.ics")  # plain text: never sniffed as HTML
    assert ics.headers["content-type"].startswith("text/calendar") and "BEGIN:VEVENT" in ics.text
    assert ics.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example", "/\\evil.example",
                                    "/\t/evil.example", "javascript:alert(1)", "\\\\evil.example",
                                    " //evil.example"])
def test_no_open_redirect_after_login_or_language_switch(client: TestClient, session: Session,
                                                         target: str) -> None:
    person = f.user(session)
    session.commit()
    form = client.get("/login", params={"next": target}).text
    assert f'value="{target}"' not in form
    switched = client.get("/lang/en", params={"next": target}, follow_redirects=False)
    assert switched.status_code == 303 and is_local_path(switched.headers["location"])
    token = csrf_of(client, "/login")
    done = client.post("/login", data={"email": person.email, "password": f.PASSWORD, "next": target,
                                       "csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/"


def test_local_paths_are_kept() -> None:
    assert all(is_local_path(p) for p in ("/", "/needs/3?x=1", "/search?q=%2F%2F"))
    assert not any(is_local_path(p) for p in ("", "needs", "//x", "/\\x", "/a\nb", "http://x/"))


def test_invalid_utf8_and_deep_json_get_a_4xx(client: TestClient) -> None:
    bad = client.post("/api/v1/auth/token", content=b'{"email": "\xff\xfe", "password": "x"}',
                      headers={"content-type": "application/json"})
    assert 400 <= bad.status_code < 500
    deep = client.post("/api/v1/auth/token", content=b"[" * 100_000 + b"]" * 100_000,
                       headers={"content-type": "application/json"})
    assert 400 <= deep.status_code < 500
    assert client.get("/api/v1/needs", params={"q": "\udcff".encode("utf-8", "surrogatepass")}).status_code < 500
    assert client.get("/needs?q=%FF%FE").status_code < 500
    form = client.post("/login", content=b"email=%FF&password=%FE", headers={
        "content-type": "application/x-www-form-urlencoded"})
    assert 400 <= form.status_code < 500


def test_no_access_across_organisations_through_the_api(app: Any, session: Session) -> None:
    mine, theirs = f.organisation(session, kind="buyer"), f.organisation(session, kind="buyer")
    me, them = f.member(session, mine), f.member(session, theirs)
    their_need = f.need(session, them)
    session.commit()
    api = TestClient(app)
    token = api.post("/api/v1/auth/token", json={"email": me.email, "password": f.PASSWORD}).json()["access_token"]
    auth = {"authorization": f"Bearer {token}"}
    body = {"title_ko": "남의 수요 바꾸기", "problem_ko": "다른 기관의 수요를 바꾸려는 시도입니다.",
            "domain": "livestock"}
    assert api.put(f"/api/v1/needs/{their_need.id}", json=body, headers=auth).status_code == 403
    assert api.put(f"/api/v1/organisations/{theirs.id}", json={"name_ko": "탈취", "kind": "buyer",
                                                                "region": "광주"}, headers=auth).status_code == 403
    session.expire_all()
    assert their_need.title_ko != body["title_ko"]
