"""The pgvector backend against a real PostgreSQL with pgvector (the `pgserver` wheel): same results as the
in-memory index on the demo solutions, needs and organisations (lexical exactly; hybrid within HNSW recall)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tests.matching.pgserver_support import pgvector_server
from tests.matching.test_service import bag_embed, bag_vector

from bitgoeul.core.db import make_engine, make_session_factory, session_scope, upgrade
from bitgoeul.matching import memory, worker

QUERIES = ["돼지 호흡기 질병", "livestock disease", "영상 분석 computer vision", "에너지 절감 건물", "교차로 신호",
           "딸기 병해", "챗봇 상담", "공장 불량 검사", "광주 AI 기업", "드론 방제", "노인 돌봄 낙상", "미세먼지 예측",
           "early warning", "solar power forecast", "PoC 실증"]


@pytest.fixture(scope="module")
def pg() -> Iterator[Engine]:
    from bitgoeul.matching import pgvector_backend

    with pgvector_server() as urls:
        url = urls[""]
        engine = make_engine(url)
        upgrade(url)
        worker.configure(f"sqlite:///{urls['folder']}/queue.db", embedder=bag_embed, query_embedder=bag_vector)
        memory.forget()
        from bitgoeul.demonstrations.demo_loader import load_demo

        with session_scope(make_session_factory(engine)) as session:
            load_demo(session)
        worker.embed_pending(url)
        with engine.begin() as connection:
            pgvector_backend.enable(connection)
            pgvector_backend.sync(connection)
        yield engine
        engine.dispose()
        worker.configure(None)
        memory.forget()


def _both(engine: Engine, query: str, **kwargs: Any) -> tuple[list[Any], list[Any]]:
    from bitgoeul.matching import pgvector_search

    with Session(engine) as session:
        live = memory.live_index(session)
        mode = kwargs.pop("mode", "hybrid")
        expected, _ = live.search(query, top=10, mode=mode, **kwargs)
        got = pgvector_search.PgVectorSearch().search(session.connection(), query, top=10, mode=mode,
                                                       kinds=kwargs.get("kinds"), filters=kwargs.get("filters"),
                                                       boosts=kwargs.get("boosts"))
    return expected, got


def test_lexical_results_are_identical(pg: Engine) -> None:
    for query in QUERIES:
        expected, got = _both(pg, query, mode="lexical")
        assert [(h.kind, h.id) for h in got] == [(h.kind, h.id) for h in expected], query
        assert [h.score for h in got] == pytest.approx([h.score for h in expected], rel=1e-12, abs=0), query
        assert [h.matched_terms for h in got] == [h.matched_terms for h in expected], query


def test_filters_kinds_and_boosts_match(pg: Engine) -> None:
    cases: list[dict[str, Any]] = [{"kinds": ["solution"]}, {"kinds": ["need"], "filters": {"domain": "livestock"}},
             {"filters": {"region": "광주 북구"}}, {"kinds": ["solution"], "boosts": {"domain": {"energy": 1.5}}},
             {"kinds": ["need"], "filters": {"budget_max": {">=": 50_000_000}}},
             {"filters": {"founded_year": {"!=": 2019}, "city": ["광주", "전남"]}}]
    for kwargs in cases:
        for query in QUERIES[:6]:
            expected, got = _both(pg, query, mode="lexical", **kwargs)
            assert [(h.kind, h.id) for h in got] == [(h.kind, h.id) for h in expected], (query, kwargs)


def test_hybrid_results_match_within_recall(pg: Engine) -> None:
    overlaps = []
    for query in QUERIES:
        expected, got = _both(pg, query)
        want, have = [(h.kind, h.id) for h in expected], [(h.kind, h.id) for h in got]
        overlaps.append(len(set(want) & set(have)) / max(len(want), 1))
        if want == have:
            assert [h.score for h in got] == pytest.approx([h.score for h in expected], abs=1e-5), query
    assert sum(overlaps) / len(overlaps) >= 0.95


def test_sync_follows_updates_and_deletes(pg: Engine) -> None:
    from sqlalchemy import select

    from bitgoeul.demonstrations.models import Solution
    from bitgoeul.matching import pgvector_backend

    with session_scope(make_session_factory(pg)) as session:
        solution = session.scalars(select(Solution).order_by(Solution.id).limit(1)).one()
        solution.title_ko = "완전히 새로운 제목 zzqpg"
    with pg.begin() as connection:
        assert pgvector_backend.sync(connection) >= 1
    expected, got = _both(pg, "zzqpg", mode="lexical")
    assert [(h.kind, h.id) for h in got] == [(h.kind, h.id) for h in expected] == [("solution", solution.id)]
    with session_scope(make_session_factory(pg)) as session:
        session.delete(session.get(Solution, solution.id))
    with pg.begin() as connection:
        pgvector_backend.sync(connection)
    expected, got = _both(pg, "zzqpg", mode="lexical")
    assert got == [] and expected == []
