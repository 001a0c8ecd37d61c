"""The JSON API through HTTP: list shape and paging, error shape, tokens, CSRF on cookie sessions,
permissions (403 on another organisation's objects) and the whole stage journey."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests import factories as f

from bitgoeul.demonstrations.models import Demonstration, Need, Solution

API = "/api/v1"


def token(client: Any, email: str) -> dict[str, str]:
    response = client.post(f"{API}/auth/token", json={"email": email, "password": f.PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def people(session: Session) -> dict[str, Any]:
    firm = f.organisation(session, kind="ai_firm", name_ko="영상분석기업")
    buyer_org = f.organisation(session, kind="buyer", name_ko="북구청")
    other = f.organisation(session, kind="buyer", name_ko="남구청")
    world = {"firm": firm, "buyer_org": buyer_org, "other": other,
             "supplier": f.member(session, firm), "buyer": f.member(session, buyer_org),
             "stranger": f.member(session, other), "operator": f.operator(session)}
    world["solution"] = f.solution(session, world["supplier"])
    world["need"] = f.need(session, world["buyer"])
    session.commit()
    return world


def test_lists_page_and_search(client: Any, session: Session, people: dict[str, Any]) -> None:
    for n in range(25):
        f.solution(session, people["supplier"], title_ko=f"스마트팜 생육 예측 {n}", domain_tags=["agriculture"])
    session.commit()
    first = client.get(f"{API}/solutions", params={"per_page": 10}).json()
    assert first["total"] == 26 and first["page"] == 1 and len(first["items"]) == 10
    last = client.get(f"{API}/solutions", params={"per_page": 10, "page": 3}).json()
    assert len(last["items"]) == 6
    ids = {i["id"] for p in (1, 2, 3) for i in client.get(f"{API}/solutions",
                                                            params={"per_page": 10, "page": p}).json()["items"]}
    assert len(ids) == 26
    found = client.get(f"{API}/solutions", params={"q": "생육 예측 7"}).json()
    assert [i["title_ko"] for i in found["items"]] == ["스마트팜 생육 예측 7"]
    by_domain = client.get(f"{API}/solutions", params={"domain": "livestock"}).json()
    assert by_domain["total"] == 1


def test_bad_paging_and_unknown_ids_answer_the_error_shape(client: Any, people: dict[str, Any]) -> None:
    response = client.get(f"{API}/solutions", params={"page": 0})
    assert response.status_code == 422
    assert set(response.json()["error"]) == {"code", "message", "fields", "request_id"}
    assert "page" in response.json()["error"]["fields"]
    missing = client.get(f"{API}/needs/999999")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_invalid_payload_gets_field_errors_and_writes_nothing(client: Any, session: Session,
                                                              people: dict[str, Any]) -> None:
    headers = token(client, people["buyer"].email)
    before = session.scalar(select(func.count(Need.id)))
    response = client.post(f"{API}/needs", headers=headers, json={
        "title_ko": "x", "problem_ko": "짧음", "domain": "astrology", "budget_min": 10, "budget_max": 5})
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert {"title_ko", "problem_ko", "domain"} <= set(fields)
    session.expire_all()
    assert session.scalar(select(func.count(Need.id))) == before


def test_budget_order_is_checked(client: Any, people: dict[str, Any]) -> None:
    headers = token(client, people["buyer"].email)
    response = client.post(f"{API}/needs", headers=headers, json={
        "title_ko": "민원 자동 분류", "problem_ko": "민원이 너무 많아 분류에 시간이 오래 걸립니다.",
        "domain": "public_safety",
        "budget_min": 10, "budget_max": 5})
    assert response.status_code == 422
    assert "budget" in response.json()["error"]["message"] + str(response.json()["error"]["fields"])


def test_another_organisations_objects_are_forbidden(client: Any, session: Session,
                                                     people: dict[str, Any]) -> None:
    headers = token(client, people["stranger"].email)
    need = people["need"]
    body = {"title_ko": "가로챈 수요", "problem_ko": "다른 기관의 수요를 고치려는 시도입니다.", "domain": "livestock"}
    response = client.put(f"{API}/needs/{need.id}", headers=headers, json=body)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    solution_body = {"title_ko": "가로챈 솔루션", "summary_ko": "남의 솔루션입니다.", "domain_tags": ["health"]}
    assert client.put(f"{API}/solutions/{people['solution'].id}", headers=headers,
                      json=solution_body).status_code == 403
    session.expire_all()
    assert session.get(Need, need.id).title_ko == "돼지 농장 질병 조기 감지"  # type: ignore[union-attr]
    assert session.get(Solution, people["solution"].id).title_ko == "축사 영상 분석 솔루션"  # type: ignore[union-attr]


def test_anonymous_writes_need_a_login(client: Any, people: dict[str, Any]) -> None:
    response = client.post(f"{API}/demonstrations", json={"need_id": people["need"].id,
                                                          "solution_id": people["solution"].id})
    assert response.status_code == 401


def test_cookie_sessions_need_the_csrf_header(client: Any, session: Session, people: dict[str, Any]) -> None:
    f.login(client, people["buyer"].email)
    body = {"need_id": people["need"].id, "solution_id": people["solution"].id}
    refused = client.post(f"{API}/demonstrations", json=body)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"
    forged = client.post(f"{API}/demonstrations", json=body, headers={"X-CSRF-Token": "forged"})
    assert forged.status_code == 403
    session.expire_all()
    assert session.scalar(select(func.count(Demonstration.id))) == 0
    accepted = client.post(f"{API}/demonstrations", json=body, headers={"X-CSRF-Token": f.csrf_of(client)})
    assert accepted.status_code == 201, accepted.text


def test_matches_are_ranked_with_reasons(client: Any, session: Session, people: dict[str, Any]) -> None:
    f.solution(session, people["supplier"], title_ko="학교 급식 잔반 측정", summary_ko="급식 잔반을 카메라로 잽니다.",
               domain_tags=["education"])
    session.commit()
    matches = client.get(f"{API}/needs/{people['need'].id}/matches").json()
    assert matches[0]["solution"]["id"] == people["solution"].id
    assert matches[0]["reasons"]
    assert all(a["score"] >= b["score"] for a, b in itertools.pairwise(matches))


def test_stage_journey_over_the_api(client: Any, people: dict[str, Any]) -> None:
    buyer, operator = token(client, people["buyer"].email), token(client, people["operator"].email)
    created = client.post(f"{API}/demonstrations", headers=buyer, json={
        "need_id": people["need"].id, "solution_id": people["solution"].id,
        "kpis": [{"name_ko": "조기 감지율", "unit": "%", "target": 90}]})
    assert created.status_code == 201, created.text
    demo = created.json()
    assert demo["stage"] == "proposed" and demo["allowed_moves"] == ["under_review", "withdrawn"]
    url = f"{API}/demonstrations/{demo['id']}"
    assert client.post(f"{url}/moves", headers=buyer, json={"target": "under_review"}).status_code == 200
    refused = client.post(f"{url}/moves", headers=buyer, json={"target": "agreed", "funded_amount": 10})
    assert refused.status_code == 403
    invalid = client.post(f"{url}/moves", headers=operator, json={"target": "purchased"})
    assert invalid.status_code == 409
    assert invalid.json()["error"]["code"] == "invalid_transition"
    unknown = client.post(f"{url}/moves", headers=operator, json={"target": "teleported"})
    assert unknown.status_code == 422 and "target" in unknown.json()["error"]["fields"]
    assert client.post(f"{url}/moves", headers=operator,
                       json={"target": "agreed", "funded_amount": 70_000_000}).status_code == 200
    assert client.post(f"{url}/moves", headers=buyer, json={"target": "running"}).status_code == 200
    kpi_id = demo["kpis"][0]["id"]
    measured = client.put(f"{url}/measurements", headers=buyer, json={"measured": {str(kpi_id): 94}})
    assert measured.status_code == 200 and measured.json()["kpis"][0]["measured"] == 94
    assert client.post(f"{url}/moves", headers=buyer, json={"target": "reported"}).status_code == 200
    done = client.post(f"{url}/moves", headers=buyer, json={
        "target": "purchased", "purchase_amount": 150_000_000, "purchase_date": "2026-05-01"})
    assert done.status_code == 200 and done.json()["purchase"]["amount"] == 150_000_000
    figures = client.get(f"{API}/programme").json()
    assert figures["purchased"] == 1 and figures["conversion_rate"] == 1.0
    assert figures["purchase_per_funded_won"] == pytest.approx(150 / 70)
    assert [e["to_stage"] for e in client.get(url).json()["events"] if e["action"] != "measured"] == [
        "proposed", "under_review", "agreed", "running", "reported", "purchased"]


def test_review_queue_is_for_operators(client: Any, people: dict[str, Any]) -> None:
    assert client.get(f"{API}/review-queue", headers=token(client, people["buyer"].email)).status_code == 403
    assert client.get(f"{API}/review-queue", headers=token(client, people["operator"].email)).status_code == 200


def test_openapi_describes_the_api(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/v1/solutions", "/api/v1/needs", "/api/v1/demonstrations/{demonstration_id}/moves",
                 "/api/v1/organisations", "/api/v1/programme"):
        assert path in spec["paths"]


def test_forged_bearer_tokens_are_ignored(client: Any, people: dict[str, Any]) -> None:
    response = client.get(f"{API}/me", headers={"Authorization": "Bearer not-a-real-token"})
    assert response.status_code == 401
