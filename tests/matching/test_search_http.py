"""`/api/v1/search` and the `/search` page: contract shape, facets, Korean and English, clear errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session
from tests import factories as f
from tests.matching.test_service import bag_embed, bag_vector

from bitgoeul.matching import memory, worker


@pytest.fixture
def world(session: Session) -> Iterator[dict[str, Any]]:
    worker.configure("immediate", embedder=bag_embed, query_embedder=bag_vector)
    memory.forget()
    firm = f.organisation(session, name_ko="빛고을비전", name_en="Bitgoeul Vision", region="광주 북구")
    buyer = f.organisation(session, kind="buyer", name_ko="담양딸기농원", name_en="Damyang Berry Farm",
                           region="전남 담양군")
    firm_member, buyer_member = f.member(session, firm), f.member(session, buyer)
    pig = f.solution(session, firm_member, title_ko="돼지 기침 소리 분석", title_en="Pig cough analysis",
                     summary_ko="돈사 호흡기 질병 조기 경보", domain_tags=["livestock"])
    berry = f.solution(session, firm_member, title_ko="딸기 병해 영상 진단", title_en="Strawberry disease imaging",
                       summary_ko="잎 사진으로 병해를 찾습니다", domain_tags=["agriculture"])
    need = f.need(session, buyer_member, title_ko="딸기 잿빛곰팡이병 조기 발견", title_en="",
                  problem_ko="병해로 수확이 줄어", problem_en="", domain="agriculture")
    session.commit()
    yield {"pig": pig, "berry": berry, "need": need}
    worker.configure(None)
    memory.forget()


def test_api_answers_the_contract_with_facets(client: Any, world: dict[str, Any]) -> None:
    body = client.get("/api/v1/search", params={"q": "딸기 병해"}).json()
    assert body["results"][0]["kind"] in {"solution", "need"}
    assert set(body["results"][0]) == {"kind", "id", "title", "score", "reasons", "evidence", "url"}
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)
    assert body["facets"]["kind"]["solution"] >= 1 and body["facets"]["kind"]["need"] == 1
    assert body["facets"]["domain"]["agriculture"] == 2
    assert body["facets"]["region"]["전남 담양군"] >= 1
    assert body["mode"] == "hybrid" and body["pending"] == 0

    needs_only = client.get("/api/v1/search", params={"q": "딸기", "kind": "need"}).json()
    assert [(r["kind"], r["id"]) for r in needs_only["results"]] == [("need", world["need"].id)]
    region = client.get("/api/v1/search", params={"q": "딸기", "region": "광주 북구"}).json()
    assert {r["kind"] for r in region["results"]} <= {"solution", "organisation"}
    english = client.get("/api/v1/search", params={"q": "pig cough", "lang": "en"}).json()
    assert english["results"][0]["title"] == "Pig cough analysis"


@pytest.mark.parametrize("params", [{"q": ""}, {"q": "돼지\x01"}, {"q": "돼지", "colour": "red"},
                                    {"q": "돼지", "kind": "spaceship"}, {"q": "돼지", "page": "0"},
                                    {"q": "돼지", "per_page": "1000"}, {"q": "돼지", "mode": "magic"},
                                    {"q": "돼지", "deadline_after": "tomorrow"}])
def test_api_bad_input_is_a_clear_422(client: Any, world: dict[str, Any], params: dict[str, str]) -> None:
    response = client.get("/api/v1/search", params=params)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_failed"


def test_long_queries_go_by_post_and_huge_ones_are_refused(client: Any, world: dict[str, Any]) -> None:
    long = client.post("/api/v1/search", json={"q": "딸기 병해 " * 5000, "filters": {"region": "전남 담양군"}})
    assert long.status_code == 200 and long.json()["results"][0]["id"] == world["need"].id
    huge = client.post("/api/v1/search", json={"q": "가" * 100_001})
    assert huge.status_code == 422 and "너무 깁니다" in huge.json()["error"]["message"]
    english = client.post("/api/v1/search", json={"q": "가" * 100_001}, headers={"accept-language": "en"})
    assert "too long" in english.json()["error"]["message"]
    unknown = client.post("/api/v1/search", json={"q": "딸기", "filters": {"colour": "red"}})
    assert unknown.status_code == 422


def test_similar_solutions_and_buyers_who_need_this(client: Any, world: dict[str, Any]) -> None:
    similar = client.get(f"/api/v1/search/solutions/{world['berry'].id}/similar").json()["results"]
    assert world["berry"].id not in [r["id"] for r in similar]
    buyers = client.get(f"/api/v1/search/solutions/{world['berry'].id}/needs", params={"top": 3}).json()["results"]
    assert buyers[0]["id"] == world["need"].id and buyers[0]["kind"] == "need"
    assert client.get("/api/v1/search/solutions/999999/similar").status_code == 404
    assert client.get(f"/api/v1/search/solutions/{world['berry'].id}/needs", params={"top": 0}).status_code == 422


def test_search_page_in_korean_and_english(client: Any, world: dict[str, Any]) -> None:
    page = client.get("/search", params={"q": "딸기 병해"})
    assert page.status_code == 200
    assert "통합 검색" in page.text and "좁혀 보기" in page.text and "딸기 병해 영상 진단" in page.text
    # Reasons are sentences with whole words, the words quoted from the record marked as user content.
    assert """제목과 요약에 '<span class="user-content" lang="ko">딸기 병해</span>'가 있습니다""" in page.text
    english = client.get("/search", params={"q": "strawberry disease", "lang": "en"})
    assert "Search everything" in english.text and "Narrow down" in english.text
    assert "Strawberry disease imaging" in english.text
    assert client.get("/search").status_code == 200
    bad = client.get("/search", params={"q": "돼지", "colour": "red"})
    assert bad.status_code == 422 and "colour" in bad.text
    binary = client.get("/search", params={"q": "\x00\x01"})
    assert binary.status_code == 422
