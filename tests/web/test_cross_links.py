"""Pages link capabilities together: similar solutions and buyers who need a solution on its page, and
"how to get here" on an organisation's page."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote_plus

from sqlalchemy.orm import Session
from tests import factories as f


def test_solution_page_shows_similar_solutions_and_needs(client: Any, session: Session) -> None:
    firm = f.organisation(session, kind="ai_firm")
    buyer_org = f.organisation(session, kind="buyer")
    supplier, buyer = f.member(session, firm), f.member(session, buyer_org)
    barn = f.solution(session, supplier)
    twin = f.solution(session, supplier, title_ko="돼지 축사 영상 분석", title_en="Pig barn video analytics",
                      summary_ko="축사 CCTV 영상으로 돼지의 이상 행동을 알려 줍니다.")
    unrelated = f.solution(session, supplier, title_ko="도서관 좌석 예약 챗봇", title_en="Library seat chatbot",
                           summary_ko="도서관 좌석 예약을 대화로 처리합니다.", domain_tags=["education"])
    need = f.need(session, buyer)
    session.commit()
    page = client.get(f"/solutions/{barn.id}").text
    assert "비슷한 솔루션" in page and f"/solutions/{twin.id}" in page
    assert f"/solutions/{unrelated.id}\"" not in page.split("비슷한 솔루션")[1].split("</ul>")[0]
    assert "이 솔루션이 필요한 수요기관" in page and f"/needs/{need.id}" in page
    english = client.get(f"/solutions/{barn.id}?lang=en").text
    assert "Similar solutions" in english and "Buyers who need this" in english


def test_organisation_page_links_to_the_trip_planner(client: Any, session: Session) -> None:
    org = f.organisation(session, kind="buyer", region="광주 북구")
    session.commit()
    page = client.get(f"/organisations/{org.id}").text
    assert f"/transit?to={quote_plus(org.name_ko)}" in page  # pre-fills the planner with the name
