"""The try-and-buy pages through HTTP: both languages, forms that refuse bad input and change nothing,
CSRF, other organisations' records, invalid stage moves, list exports and the programme charts."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests import factories
from tests.factories import csrf_of, login

from bitgoeul.core.charts import Bar, Layout, bar_chart
from bitgoeul.demonstrations.models import Demonstration, Need, Solution
from bitgoeul.organisations.models import Organisation


@dataclass
class World:
    firm: Organisation
    buyer: Organisation
    other_buyer: Organisation
    firm_member: Any
    buyer_member: Any
    other_member: Any
    operator: Any
    solution: Solution
    need: Need
    demo: Demonstration


@pytest.fixture
def world(session: Session) -> World:
    firm = factories.organisation(session, kind="ai_firm", name_ko="빛가람AI", name_en="Bitgaram AI")
    buyer = factories.organisation(session, kind="buyer", name_ko="담양한돈농장", name_en="Damyang Pig Farm")
    other_buyer = factories.organisation(session, kind="buyer", name_ko="남구청", name_en="Nam-gu Office")
    firm_member = factories.member(session, firm)
    buyer_member = factories.member(session, buyer)
    other_member = factories.member(session, other_buyer)
    operator = factories.operator(session)
    solution = factories.solution(session, firm_member)
    factories.solution(session, firm_member, title_ko="학교 급식 수요 예측", title_en="School meal forecasting",
                       summary_ko="급식 잔반을 줄이는 수요 예측입니다.", domain_tags=["education"])
    need = factories.need(session, buyer_member)
    demo = factories.demonstration(session, buyer_member, need, solution)
    session.commit()
    return World(firm, buyer, other_buyer, firm_member, buyer_member, other_member, operator, solution, need, demo)


def count(session: Session, model: Any) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def pages_of(w: World) -> list[str]:
    return ["/", "/organisations", f"/organisations/{w.firm.id}", "/solutions", f"/solutions/{w.solution.id}",
            "/needs", f"/needs/{w.need.id}", "/demonstrations", f"/demonstrations/{w.demo.id}",
            "/demonstrations/board", "/programme"]


def test_every_page_renders_in_korean_then_english(client: TestClient, world: World) -> None:
    for path in pages_of(world):
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        assert '<html lang="ko">' in response.text, path
    assert "추천 솔루션" in client.get(f"/needs/{world.need.id}").text
    for path in pages_of(world):
        response = client.get(path, params={"lang": "en"})
        assert response.status_code == 200, path
        assert '<html lang="en">' in response.text, path
    assert "Ranked solutions" in client.get(f"/needs/{world.need.id}").text  # the choice is remembered


def test_accept_language_header_chooses_english(app: Any, world: World) -> None:
    with TestClient(app, headers={"Accept-Language": "en-GB,en;q=0.9,ko;q=0.5"}) as english:
        for path in pages_of(world):
            response = english.get(path)
            assert '<html lang="en">' in response.text, path
        assert "Barn video analytics" in english.get(f"/solutions/{world.solution.id}").text


def test_forms_and_review_queue_render_for_those_allowed(client: TestClient, world: World) -> None:
    login(client, world.operator.email)
    for path in ["/organisations/new", "/solutions/new", "/needs/new", f"/organisations/{world.firm.id}/edit",
                 f"/solutions/{world.solution.id}/edit", f"/needs/{world.need.id}/edit", "/review",
                 "/review?lang=en"]:
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:500])
    review = client.get("/review?lang=ko").text
    assert f'id="review-{world.demo.id}"' in review
    assert "검토 시작" in review


def test_review_queue_is_for_operators_only(client: TestClient, world: World) -> None:
    assert client.get("/review", follow_redirects=False).status_code == 303  # to the login page
    login(client, world.buyer_member.email)
    assert client.get("/review").status_code == 403


def test_edit_buttons_only_for_members(client: TestClient, world: World) -> None:
    edit = f'href="/needs/{world.need.id}/edit"'
    assert edit not in client.get(f"/needs/{world.need.id}").text
    login(client, world.other_member.email)
    assert edit not in client.get(f"/needs/{world.need.id}").text
    login(client, world.buyer_member.email)
    assert edit in client.get(f"/needs/{world.need.id}").text


def test_need_form_refuses_bad_input_beside_the_fields_and_keeps_values(
    client: TestClient, session: Session, world: World
) -> None:
    login(client, world.buyer_member.email)
    before = count(session, Need)
    response = client.post("/needs/new", data={
        "csrf_token": csrf_of(client, "/needs/new"), "title_ko": "", "title_en": "Keep this title",
        "problem_ko": "짧음", "domain": "not-a-domain", "budget_min": "abc"})
    assert response.status_code == 422
    html = response.text
    assert re.search(r'id="e-title_ko"[^>]*>필수 항목입니다', html)
    assert 'id="e-problem_ko"' in html
    assert 'id="e-domain"' in html
    assert 'id="e-budget_min"' in html
    assert 'value="Keep this title"' in html
    assert count(session, Need) == before


def test_solution_form_needs_a_domain_and_keeps_the_chosen_ones(
    client: TestClient, session: Session, world: World
) -> None:
    login(client, world.firm_member.email)
    before = count(session, Solution)
    token = csrf_of(client, "/solutions/new")
    response = client.post("/solutions/new", data={"csrf_token": token, "title_ko": "영상 분석", "summary_ko": "짧"})
    assert response.status_code == 422
    assert 'id="e-domain_tags"' in response.text
    assert 'id="e-summary_ko"' in response.text
    response = client.post("/solutions/new", data={"csrf_token": token, "title_ko": "영상 분석", "summary_ko": "짧",
                                                   "domain_tags": ["health", "energy"]})
    assert re.search(r'<option value="health"\s+selected', response.text)
    assert re.search(r'<option value="energy"\s+selected', response.text)
    assert count(session, Solution) == before
    response = client.post("/solutions/new", data={
        "csrf_token": token, "title_ko": "병동 낙상 감지", "summary_ko": "병실 영상으로 낙상을 알립니다.",
        "domain_tags": ["health", "public_safety"], "deployment": "edge", "price_model": "license",
        "references": "빛고을병원 2024\n\n남구 보건소"}, follow_redirects=False)
    assert response.status_code == 303
    created = session.get(Solution, int(response.headers["location"].rsplit("/", 1)[1]))
    assert created is not None
    assert created.domain_tags == ["health", "public_safety"]
    assert created.references == ["빛고을병원 2024", "남구 보건소"]
    assert created.organisation_id == world.firm.id


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_missing_or_forged_csrf_token_is_refused_and_changes_nothing(
    client: TestClient, session: Session, world: World, token: str | None
) -> None:
    login(client, world.buyer_member.email)
    before = count(session, Need)
    data = {"title_ko": "하수 악취 감지", "problem_ko": "여름마다 하수구 악취 민원이 많습니다.",
            "domain": "environment"}
    if token:
        data["csrf_token"] = token
    response = client.post("/needs/new", data=data)
    assert response.status_code == 403
    assert "보안 토큰" in response.text
    assert count(session, Need) == before
    move = client.post(f"/demonstrations/{world.demo.id}/move", data={"target": "withdrawn", **(
        {"csrf_token": token} if token else {})})
    assert move.status_code == 403
    session.expire_all()
    assert session.get(Demonstration, world.demo.id).stage == "proposed"  # type: ignore[union-attr]


def test_another_organisations_need_and_solution_cannot_be_edited(
    client: TestClient, session: Session, world: World
) -> None:
    login(client, world.other_member.email)
    token = csrf_of(client, "/needs/new")
    assert client.get(f"/needs/{world.need.id}/edit").status_code == 403
    response = client.post(f"/needs/{world.need.id}/edit", data={
        "csrf_token": token, "title_ko": "가로챈 제목", "problem_ko": "다른 기관의 수요를 고치려는 시도입니다.",
        "domain": "livestock"})
    assert response.status_code == 403
    assert client.get(f"/solutions/{world.solution.id}/edit").status_code == 403
    response = client.post(f"/solutions/{world.solution.id}/edit", data={
        "csrf_token": token, "title_ko": "가로챈 솔루션", "summary_ko": "다른 기관이 고친 요약입니다.",
        "domain_tags": "livestock"})
    assert response.status_code == 403
    assert client.get(f"/organisations/{world.buyer.id}/edit").status_code == 403
    session.expire_all()
    assert session.get(Need, world.need.id).title_ko == "돼지 농장 질병 조기 감지"  # type: ignore[union-attr]
    assert session.get(Solution, world.solution.id).title_ko == "축사 영상 분석 솔루션"  # type: ignore[union-attr]


def test_invalid_stage_move_is_shown_on_the_page_with_409(client: TestClient, session: Session, world: World) -> None:
    login(client, world.buyer_member.email)
    token = csrf_of(client, f"/demonstrations/{world.demo.id}")
    response = client.post(f"/demonstrations/{world.demo.id}/move", data={
        "csrf_token": token, "target": "purchased", "purchase_amount": "1000", "purchase_date": "2025-05-01"})
    assert response.status_code == 409
    assert 'class="form-error problem"' in response.text
    assert "갈 수 없습니다" in response.text
    response = client.post(f"/demonstrations/{world.demo.id}/move?lang=en", data={
        "csrf_token": token, "target": "purchased"})
    assert "Cannot move from" in response.text
    # The buyer may not agree and fund: only the operator can.
    client.post(f"/demonstrations/{world.demo.id}/move", data={"csrf_token": token, "target": "under_review"})
    response = client.post(f"/demonstrations/{world.demo.id}/move", data={
        "csrf_token": token, "target": "agreed", "funded_amount": "50000000"})
    assert response.status_code == 403
    session.expire_all()
    demo = session.get(Demonstration, world.demo.id)
    assert demo is not None
    assert demo.stage == "under_review"
    assert demo.funded_amount is None


def test_whole_lifecycle_through_the_forms(client: TestClient, session: Session, world: World) -> None:
    login(client, world.buyer_member.email)
    token = csrf_of(client, "/needs/new")
    response = client.post("/needs/new", data={
        "csrf_token": token, "title_ko": "축사 돼지 기침 소리 감지", "title_en": "Pig cough detection",
        "problem_ko": "돼지 기침 소리로 호흡기 질병을 일찍 알고 싶습니다. 축사 영상도 있습니다.",
        "domain": "livestock", "budget_min": "10000000", "budget_max": "50000000", "site_available": "true"},
        follow_redirects=False)
    assert response.status_code == 303
    need_url = response.headers["location"]
    page = client.get(need_url).text
    assert f'id="match-{world.solution.id}"' in page
    assert "추천 이유" in page
    need_id = int(need_url.rsplit("/", 1)[1])
    bad = client.post(f"/needs/{need_id}/demonstrations", data={
        "csrf_token": token, "solution_id": str(world.solution.id), "kpi_name": "감지율", "kpi_target": "많이"})
    assert bad.status_code == 422
    assert 'id="e-kpi_target-' in bad.text
    response = client.post(f"/needs/{need_id}/demonstrations", data={
        "csrf_token": token, "solution_id": str(world.solution.id), "kpi_name": "감지율", "kpi_unit": "%",
        "kpi_target": "85"}, follow_redirects=False)
    assert response.status_code == 303
    demo_url = response.headers["location"]
    demo_id = int(demo_url.rsplit("/", 1)[1])

    operator = TestClient(client.app)
    login(operator, world.operator.email)
    op_token = csrf_of(operator, "/review")
    for data in ({"target": "under_review"}, {"target": "agreed", "funded_amount": "40000000", "next": "/review"}):
        assert operator.post(f"{demo_url}/move", data={"csrf_token": op_token, **data},
                             follow_redirects=False).status_code == 303

    client.post(f"{demo_url}/move", data={"csrf_token": token, "target": "running"})
    early = client.post(f"{demo_url}/move", data={"csrf_token": token, "target": "reported"})
    assert early.status_code == 422
    assert "측정값" in early.text
    demo = session.get(Demonstration, demo_id)
    assert demo is not None
    kpi_id = demo.kpis[0].id
    wrong = client.post(f"{demo_url}/measurements", data={"csrf_token": token, f"measured_{kpi_id}": "x"})
    assert wrong.status_code == 422
    assert f'measured_{kpi_id}' in wrong.text
    client.post(f"{demo_url}/measurements", data={"csrf_token": token, f"measured_{kpi_id}": "91.5"})
    client.post(f"{demo_url}/move", data={"csrf_token": token, "target": "reported"})
    client.post(f"{demo_url}/move", data={"csrf_token": token, "target": "purchased", "purchase_amount": "120000000",
                                          "purchase_date": "2025-11-03"})
    session.expire_all()
    demo = session.get(Demonstration, demo_id)
    assert demo is not None
    assert demo.stage == "purchased"
    assert demo.funded_amount == 40_000_000
    assert demo.kpis[0].measured == 91.5
    assert demo.purchase is not None
    assert demo.purchase.amount == 120_000_000
    page = client.get(demo_url).text
    assert "구매" in page
    assert "120,000,000" in page
    assert "40,000,000" in page
    assert world.operator.display_name in page  # the history says who did it
    figures = json.loads(client.get("/programme?format=json").text)[0]
    assert figures["purchased"] == 1
    assert figures["purchase_total"] == 120_000_000


def test_list_exports_are_valid_csv_and_json_with_korean_intact(client: TestClient, world: World) -> None:
    for path, title in [("/solutions", "title_ko"), ("/needs", "title_ko"), ("/organisations", "name_ko"),
                        ("/demonstrations", "need_title_ko")]:
        response = client.get(path, params={"format": "csv"})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets then read UTF-8
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows, path
        assert all(row[title] for row in rows), path
        as_json = json.loads(client.get(path, params={"format": "json"}).text)
        assert [str(r[title]) for r in as_json] == [row[title] for row in rows], path
    solutions = json.loads(client.get("/solutions", params={"format": "json", "domain": "education"}).text)
    assert [s["title_ko"] for s in solutions] == ["학교 급식 수요 예측"]
    assert solutions[0]["domain_tags"] == ["education"]
    organisations = client.get("/organisations", params={"format": "csv", "q": "담양"}).content.decode("utf-8-sig")
    assert "담양한돈농장" in organisations
    assert "빛가람AI" not in organisations


def test_lists_search_filter_and_page(client: TestClient, session: Session, world: World) -> None:
    for n in range(25):
        factories.organisation(session, kind="university", name_ko=f"대학{n:02d}")
    session.commit()
    first = client.get("/organisations", params={"kind": "university"}).text
    assert "모두 25건" in first
    assert 'rel="next"' in first
    second = client.get("/organisations", params={"kind": "university", "page": 2}).text
    assert "대학24" in second
    assert "대학00" not in second
    found = client.get("/solutions", params={"q": "급식"}).text
    assert "학교 급식 수요 예측" in found
    assert "축사 영상 분석 솔루션" not in found


def test_programme_page_draws_charts_and_a_table(client: TestClient, world: World) -> None:
    html = client.get("/programme").text
    charts = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(charts) == 2
    for chart in charts:
        ET.fromstring(chart)  # noqa: S314 - our own SVG, parsed to prove it is well-formed XML
    assert "단계별 실증 수" in html
    assert '<th scope="row">제안</th><td>1</td>' in html
    rows = list(csv.DictReader(io.StringIO(client.get("/programme?format=csv").content.decode("utf-8-sig"))))
    assert {"metric": "per_stage", "stage": "proposed", "value": "1"} in rows


def test_bar_chart_bars_are_proportional_and_labels_escaped() -> None:
    layout = Layout(width=500, label_width=100, value_width=50)
    svg = bar_chart([Bar("제안 <a>", 4), Bar("협약", 2), Bar("없음", 0, "-")], title="단계 & 수", layout=layout)
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    widths = [float(r.get("width", "")) for r in root.iter("{http://www.w3.org/2000/svg}rect")]
    assert widths == [350.0, 175.0, 0.0]  # 500 - 100 - 50 = 350 of room for the largest
    assert "제안 <a>" in "".join(root.itertext())
    assert "단계 & 수" in "".join(root.itertext())
    assert bar_chart([], title="empty").endswith("</svg>")


def test_long_chart_labels_get_room() -> None:
    """A long Korean label widens the label column instead of running off the chart's left edge."""
    import re

    from bitgoeul.core.charts import Bar, Layout, bar_chart, text_width

    label = "여성·교육·청년 그리고 아주 긴 분야 이름"
    svg = bar_chart([Bar(label, 3), Bar("짧음", 1)], title="t", layout=Layout(width=640, label_width=150))
    x = float(re.search(r'<text x="([0-9.]+)"', svg).group(1))  # type: ignore[union-attr]
    assert x >= text_width(label)  # right-aligned at x, so the label starts at x - width >= 0
    assert float(re.search(r'<rect x="([0-9.]+)"', svg).group(1)) <= 320  # type: ignore[union-attr]
