"""The database side of matching: hooks keep the persisted index current, restarts and delete + re-add
reproduce results exactly, vectors arrive through the queue without blocking search, bad input fails clearly."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from sqlalchemy import inspect, select, update
from sqlalchemy.orm import Session
from tests import factories as f

from bitgoeul.core.errors import ValidationFailed
from bitgoeul.demonstrations import ranking
from bitgoeul.demonstrations.models import Solution
from bitgoeul.matching import memory, service, worker
from bitgoeul.matching.indexing import activate_words, reindex
from bitgoeul.matching.models import SearchDocument, SearchEmbedding

DIM = 384
World = dict[str, Any]


def bag_vector(text: str) -> npt.NDArray[np.float32]:
    """A deterministic stand-in for e5: hashed bag of words (so tests need no model and no timing)."""
    vec = np.full(DIM, 1e-3, np.float32)
    for word in re.findall(r"\w+", text.lower()):
        vec[int(hashlib.sha256(word.encode()).hexdigest(), 16) % DIM] += 1.0
    return vec / np.linalg.norm(vec)


def bag_embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    return np.stack([bag_vector(t) for t in texts]) if texts else np.zeros((0, DIM), np.float32)


@pytest.fixture
def queue() -> Iterator[None]:
    """Tasks run inline (huey immediate mode) with the stand-in embedder."""
    worker.configure("immediate", embedder=bag_embed, query_embedder=bag_vector)
    memory.forget()
    yield
    worker.configure(None)
    memory.forget()


@pytest.fixture
def no_queue(tmp_path: Any) -> Iterator[None]:
    """A real SQLite queue with no consumer: vectors never arrive unless a test runs the task."""
    worker.configure(f"sqlite:///{tmp_path}/queue.db", embedder=bag_embed, query_embedder=bag_vector)
    memory.forget()
    yield
    worker.configure(None)
    memory.forget()


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    firm = f.organisation(session, name_ko="빛고을데이터", name_en="Bitgoeul Data", region="광주 북구")
    buyer = f.organisation(session, kind="buyer", name_ko="나주한우농장", name_en="Naju Hanwoo Farm",
                           region="전남 나주시")
    firm_member, buyer_member = f.member(session, firm), f.member(session, buyer)
    solutions = [
        f.solution(session, firm_member, title_ko="돼지 기침 소리 분석", title_en="",
                   summary_ko="돈사 마이크로 호흡기 질병을 조기 경보", summary_en="", domain_tags=["livestock"]),
        f.solution(session, firm_member, title_ko="공장 설비 예지 보전", title_en="Predictive maintenance",
                   summary_ko="진동 센서로 설비 고장을 미리 알려 줍니다",
                   summary_en="Vibration sensors warn before failure",
                   domain_tags=["manufacturing"], deployment="edge"),
        f.solution(session, firm_member, title_ko="한우 발정 탐지 목걸이", title_en="Cattle heat detection collar",
                   summary_ko="소의 활동량으로 발정을 찾습니다", summary_en="", domain_tags=["livestock"]),
        f.solution(session, firm_member, title_ko="도서관 좌석 예약 챗봇", title_en="Library seat chatbot",
                   summary_ko="열람실 좌석을 대화로 예약", summary_en="", domain_tags=["education"]),
    ]
    need = f.need(session, buyer_member)
    session.commit()
    return {"firm": firm, "buyer": buyer, "firm_member": firm_member, "buyer_member": buyer_member,
            "solutions": solutions, "need": need}


def snapshot(session: Session, query: str, **kwargs: Any) -> list[tuple[Any, ...]]:
    return [(r.kind, r.id, r.score, tuple(r.reasons)) for r in service.search(session, query, top=50, **kwargs).results]


def test_records_are_searchable_after_create_update_and_gone_after_delete(
        no_queue: None, session: Session, world: World) -> None:
    pig = world["solutions"][0]
    found = service.search(session, "돼지 기침", kinds=["solution"])
    assert found.mode == "lexical" and found.results[0].id == pig.id
    assert found.results[0].title("ko") == "돼지 기침 소리 분석"
    assert found.results[0].url == f"/solutions/{pig.id}"

    pig.title_ko = "양돈 음향 모니터링"
    session.commit()
    assert pig.id not in [r.id for r in service.search(session, "기침", kinds=["solution"]).results]
    assert service.search(session, "음향 모니터링", kinds=["solution"]).results[0].id == pig.id

    session.delete(pig)
    session.commit()
    assert pig.id not in [r.id for r in service.search(session, "음향 모니터링 양돈", kinds=["solution"]).results]
    rows = session.scalars(select(SearchDocument.record_id).where(SearchDocument.kind == "solution")).all()
    assert str(pig.id) not in rows


def test_unchanged_records_are_not_rewritten(no_queue: None, session: Session, world: World) -> None:
    before = dict(session.execute(select(SearchDocument.record_id, SearchDocument.seq)
                                  .where(SearchDocument.kind == "solution")).all())
    world["solutions"][1].title_ko = world["solutions"][1].title_ko  # a no-op assignment marks it dirty
    world["solutions"][2].summary_en = "Finds heat from activity"
    session.commit()
    after = dict(session.execute(select(SearchDocument.record_id, SearchDocument.seq)
                                 .where(SearchDocument.kind == "solution")).all())
    assert after[str(world["solutions"][1].id)] == before[str(world["solutions"][1].id)]
    assert after[str(world["solutions"][2].id)] > before[str(world["solutions"][2].id)]


def test_organisation_changes_reach_its_records(no_queue: None, session: Session, world: World) -> None:
    assert {r.kind for r in service.search(session, "돼지", filters={"region": "광주 북구"}).results} == {"solution"}
    world["firm"].region = "전남 순천시"
    session.commit()
    assert service.search(session, "돼지", filters={"region": "광주 북구"}).results == []
    moved = service.search(session, "돼지", filters={"city": "전남"}).results
    assert world["solutions"][0].id in [r.id for r in moved if r.kind == "solution"]


def test_restart_gives_identical_results_from_stored_terms(queue: None, session: Session, world: World) -> None:
    queries = ["돼지 호흡기 질병", "livestock heat detection", "설비 고장 진동", "좌석"]
    before = [snapshot(session, q) for q in queries]
    assert all(before)
    memory.forget()  # what a process restart loses
    assert [snapshot(session, q) for q in queries] == before

    # The rebuilt index reads analysed terms from the table: a term only the table knows is found.
    row_id = str(world["solutions"][3].id)
    row = session.scalars(select(SearchDocument).where(SearchDocument.kind == "solution",
                                                       SearchDocument.record_id == row_id)).one()
    terms = dict(row.terms)
    terms["body"] = [*terms.get("body", []), "zzqmarker"]
    session.execute(update(SearchDocument).where(SearchDocument.id == row.id).values(terms=terms))
    session.commit()
    memory.forget()
    assert [r.id for r in service.search(session, "zzqmarker", mode="lexical").results] == [world["solutions"][3].id]


def test_delete_and_readd_gives_identical_results(queue: None, session: Session, world: World) -> None:
    queries = ["돼지 호흡기 질병", "cattle collar", "한우 발정", "예지 보전"]
    # Settle the user dictionary first: a reindex gives pending names (the fixture's organisations) to
    # Kiwi, which legitimately changes the analysis once; after that, re-analysis must change nothing.
    activate_words(session)
    session.commit()
    before = [snapshot(session, q) for q in queries]
    collar = world["solutions"][2]
    values = {a.key: getattr(collar, a.key) for a in inspect(Solution).column_attrs}
    session.delete(collar)
    session.commit()
    assert [snapshot(session, q) for q in queries] != before
    session.add(Solution(**values))
    session.commit()
    assert [snapshot(session, q) for q in queries] == before
    # And a full re-analysis of every record changes nothing either.
    reindex(session)
    session.commit()
    assert [snapshot(session, q) for q in queries] == before


def test_vectors_arrive_through_the_queue_and_search_turns_hybrid(
        no_queue: None, session: Session, world: World) -> None:
    first = service.search(session, "돼지 질병")
    assert first.mode == "lexical" and first.pending > 0
    report = worker.embed_pending(str(session.get_bind().engine.url.render_as_string(hide_password=False)))
    assert report.failed == 0 and report.remaining == 0 and report.embedded > 0
    embedded = session.scalar(select(SearchEmbedding).limit(1))
    assert embedded is not None and len(embedded.vector) == DIM * 4 and embedded.dim == DIM
    second = service.search(session, "돼지 질병")
    assert second.mode == "hybrid" and second.pending == 0
    assert any(r.kind == "semantic" for r in second.results[0].reasons)
    # Each distinct text is embedded once: a second pass finds nothing to do.
    assert worker.embed_pending(str(session.get_bind().engine.url.render_as_string(hide_password=False))).embedded == 0


def test_failed_embedding_falls_back_to_lexical_and_is_retried(no_queue: None, session: Session, world: World) -> None:
    url = session.get_bind().engine.url.render_as_string(hide_password=False)

    def broken(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if any("도서관" in t for t in texts):
            raise RuntimeError("model crashed")
        return bag_embed(texts)

    worker.configure(f"sqlite:///{session.get_bind().engine.url.database}.q", embedder=broken,
                     query_embedder=bag_vector)
    report = worker.embed_pending(url)
    assert report.failed == 1 and report.remaining == 1 and report.embedded > 0
    failed = session.scalars(select(SearchDocument).where(SearchDocument.embed_error.is_not(None))).all()
    assert [d.record_id for d in failed] == [str(world["solutions"][3].id)]
    assert "model crashed" in (failed[0].embed_error or "") and failed[0].embed_attempts == 1
    session.expire_all()
    library = service.search(session, "도서관 좌석", kinds=["solution"])
    assert library.results[0].id == world["solutions"][3].id  # still found, lexically
    assert library.pending == 1

    worker.configure(f"sqlite:///{session.get_bind().engine.url.database}.q", embedder=bag_embed,
                     query_embedder=bag_vector)
    assert worker.embed_pending(url).remaining == 0
    session.expire_all()
    assert service.search(session, "도서관 좌석").pending == 0


def test_a_failing_query_embedder_degrades_to_lexical(queue: None, session: Session, world: World) -> None:
    def boom(text: str) -> npt.NDArray[np.float32]:
        raise RuntimeError("no model")

    worker.configure("immediate", embedder=bag_embed, query_embedder=boom)
    out = service.search(session, "돼지 질병")
    assert out.mode == "lexical" and out.results


@pytest.mark.parametrize("query", ["", "   ", "가" * 100_001, "돼지\x00질병", b"bytes"])
def test_bad_queries_are_clear_errors(no_queue: None, session: Session, world: World, query: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        service.search(session, query)
    assert error.value.status == 422 and error.value.fields


def test_unknown_filters_and_kinds_are_clear_errors(no_queue: None, session: Session, world: World) -> None:
    with pytest.raises(ValidationFailed, match="unknown filter"):
        service.search(session, "돼지", filters={"colour": "red"})
    with pytest.raises(ValidationFailed, match="알 수 없는 종류입니다: spaceship"):
        service.search(session, "돼지", kinds=["spaceship"])
    with pytest.raises(ValidationFailed, match="알 수 없는 조건입니다: colour"):
        service.search_page(session, "돼지", filters={"colour": "red"})
    with pytest.raises(ValidationFailed, match="예산은 정수여야") as caught:
        service.search_page(session, "돼지", filters={"budget_at_least": "lots"})
    assert "budget_at_least" in caught.value.fields


def test_needs_and_solutions_rank_each_other(queue: None, session: Session, world: World) -> None:
    pig, _machine, collar, library = world["solutions"]
    need = world["need"]  # pig farm respiratory disease (livestock)
    ranked = ranking.rank_solutions_for_need(session, need, top=4)
    assert ranked[0].solution.id == pig.id
    assert any(r.kind == "domain" and r.code == "livestock" for r in ranked[0].reasons)
    assert {m.solution.id for m in ranked[:2]} == {pig.id, collar.id}

    similar = ranking.similar_solutions(session, collar, top=3)
    assert collar.id not in [m.solution.id for m in similar]
    assert similar[0].solution.id == pig.id

    buyers = ranking.needs_for_solution(session, pig, top=3)
    assert [m.need.id for m in buyers] == [need.id]
    assert ranking.rank_solutions(session, "도서관", top=2)[0].solution.id == library.id


def test_site_search_pages_and_facets(no_queue: None, session: Session, world: World) -> None:
    page = service.search_page(session, "돼지", per_page=1)
    assert page.total >= 2 and len(page.results) == 1 and page.pages == page.total
    assert page.facets["kind"]["solution"] >= 1 and page.facets["kind"]["need"] == 1
    assert page.facets["domain"]["livestock"] == page.total
    only_needs = service.search_page(session, "돼지", kind="need")
    assert {r.kind for r in only_needs.results} == {"need"}
    budget = service.search_page(session, "돼지", kind="need", filters={"budget_at_least": "90000000"})
    assert budget.results == []
