"""`BITGOEUL_SEARCH_BACKEND`: the service gives the same answers on the in-memory index and on PostgreSQL +
pgvector (a real server from the `pgserver` wheel), with records written through the real services; asking
for pgvector where it cannot run is a clear bilingual error, at start-up and at first use."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session
from tests import factories as f
from tests.matching.pgserver_support import pgvector_server
from tests.matching.test_service import bag_embed, bag_vector
from tests.talent import talent_factories as tf
from typer.testing import CliRunner

from bitgoeul.accounts.models import User
from bitgoeul.core.db import make_engine, make_session_factory, session_scope, upgrade
from bitgoeul.core.settings import Settings, SettingsError, load_settings
from bitgoeul.demonstrations import ranking
from bitgoeul.matching import memory, pgvector_backend, pgvector_search, service, worker
from bitgoeul.matching.backend import BackendUnavailable
from bitgoeul.matching.cli import app as match_cli

runner = CliRunner()
HANGUL = re.compile(r"[가-힣]")
QUERIES = ["돼지 호흡기 질병", "영상 분석", "React 개발자", "livestock disease", "에너지 절감", "광주 AI 기업",
           "챗봇 상담", "딸기"]
SOON = (dt.date.today() + dt.timedelta(days=20)).isoformat()
LATER = (dt.date.today() + dt.timedelta(days=90)).isoformat()
CASES: list[dict[str, Any]] = [
    {},
    {"audience": "public"},
    {"kinds": ["solution"], "mode": "lexical"},
    {"kinds": ["solution", "need"], "mode": "dense", "floor": None},
    {"floor": None},
    {"filters": {"region": "광주 북구"}},
    {"filters": {"domain": ["livestock", "energy"], "language": "en"}},
    {"kinds": ["need"], "filters": service.filters_from_params({"budget_at_least": "50000000"})},
    {"filters": service.filters_from_params({"deadline_after": (dt.date.today() + dt.timedelta(days=45)).isoformat()})},
    {"filters": {"site_available": True}},
    {"filters": {"founded_year": {"!=": 2019}, "city": ["광주", "전남"]}},
    {"filters": {"organisation_id": [1, 3]}},
    {"boosts": {"domain": {"energy": 1.5}, "budget_max": {80_000_000: 2.0}}},
]


@pytest.fixture(scope="module")
def pg_urls() -> Iterator[dict[str, str]]:
    with pgvector_server("fresh") as urls:
        yield urls


@pytest.fixture(scope="module")
def pg(pg_urls: dict[str, str]) -> Iterator[Engine]:
    url = pg_urls[""]
    upgrade(url)
    worker.configure(f"sqlite:///{pg_urls['folder']}/queue.db", embedder=bag_embed, query_embedder=bag_vector)
    memory.forget()
    pgvector_search.forget()
    engine = make_engine(url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            _records(session)
        worker.embed_pending(url)
        result = runner.invoke(match_cli, ["pg-enable", "--json"], env={"BITGOEUL_DATABASE_URL": url})
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["copied"] > 0
        yield engine
    finally:
        engine.dispose()
        worker.configure(None)
        memory.forget()
        pgvector_search.forget()


def _records(session: Session) -> None:
    """A small ecosystem (so HNSW is exact): firms, buyers, solutions, needs, jobs and people's profiles."""
    firm = f.organisation(session, name_ko="빛고을비전", name_en="Bitgoeul Vision", region="광주 북구",
                          founded_year=2019)
    other = f.organisation(session, name_ko="순천에너지랩", name_en="Suncheon Energy Lab", region="전남 순천시")
    buyer = f.organisation(session, kind="buyer", name_ko="나주한우농장", name_en="", region="전남 나주시")
    city = f.organisation(session, kind="public_institution", name_ko="광주광역시청", name_en="Gwangju City Hall",
                          region="광주 서구")
    firm_member, other_member = f.member(session, firm), f.member(session, other)
    buyer_member, city_member = f.member(session, buyer), f.member(session, city)
    f.solution(session, firm_member)  # barn video analytics (livestock)
    f.solution(session, firm_member, title_ko="돼지 기침 소리 분석", title_en="Pig cough audio analysis",
               summary_ko="돈사 마이크로 호흡기 질병을 조기 경보", domain_tags=["livestock"])
    f.solution(session, firm_member, title_ko="민원 상담 챗봇", title_en="Civil service chatbot",
               summary_ko="시민 문의에 한국어로 답합니다", domain_tags=["public_safety"], deployment="cloud")
    f.solution(session, other_member, title_ko="건물 에너지 절감 AI", title_en="Building energy saving",
               summary_ko="냉난방 부하를 예측해 전력을 줄입니다", summary_en="Forecasts HVAC load to cut power",
               domain_tags=["energy"], deployment="on_premise")
    f.solution(session, other_member, title_ko="태양광 발전량 예측", title_en="Solar output forecast",
               summary_ko="날씨로 발전량을 예측", domain_tags=["energy"])
    f.need(session, buyer_member, deadline=SOON, site_available=True)  # pig farm disease (livestock)
    f.need(session, buyer_member, title_ko="딸기 병해 영상 진단", title_en="",
           problem_ko="딸기 잎 병해를 사진으로 찾고 싶습니다", domain="agriculture", budget_min=10_000_000,
           budget_max=30_000_000, deadline=LATER)
    f.need(session, city_member, title_ko="청사 에너지 절감", title_en="Energy saving in city buildings",
           problem_ko="청사 전력 사용을 줄여야 합니다", problem_en="City buildings must use less power",
           domain="energy", budget_min=50_000_000, budget_max=120_000_000)
    tf.job(session, firm_member)  # web front-end (React)
    tf.job(session, other_member, title_ko="에너지 데이터 분석가", title_en="Energy data analyst",
           description_ko="전력 데이터를 분석합니다.", skills_must=["Python"], skills_nice=[], deadline=LATER)
    tf.profile(session, f.user(session))  # AI사관학교 React developer
    tf.profile(session, f.user(session), headline="영상 분석 AI 개발자", desired_roles="컴퓨터 비전",
               skills=["Python", "PyTorch"], seniority="mid", years_experience=4)


def _search(session: Session, monkeypatch: pytest.MonkeyPatch, backend: str, query: str,
            **kwargs: Any) -> service.SearchOutcome:
    monkeypatch.setenv("BITGOEUL_SEARCH_BACKEND", backend)
    return service.search(session, query, top=20, **kwargs)


def _assert_same(session: Session, monkeypatch: pytest.MonkeyPatch, query: str, **kwargs: Any) -> int:
    expected = _search(session, monkeypatch, "memory", query, **kwargs)
    got = _search(session, monkeypatch, "pgvector", query, **kwargs)
    where = (query, kwargs)
    assert [(r.kind, r.id) for r in got.results] == [(r.kind, r.id) for r in expected.results], where
    assert [r.score for r in got.results] == pytest.approx([r.score for r in expected.results], abs=1e-4), where
    assert [r.reasons for r in got.results] == [r.reasons for r in expected.results], where
    assert [(r.title_ko, r.title_en, r.url, dict(r.attrs)) for r in got.results] == \
           [(r.title_ko, r.title_en, r.url, dict(r.attrs)) for r in expected.results], where
    assert (got.mode, got.pending, got.facets) == (expected.mode, expected.pending, expected.facets), where
    return len(expected.results)


def test_every_case_gives_the_same_results_on_both_backends(pg: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    with Session(pg) as session:
        for kwargs in CASES:
            found = sum(_assert_same(session, monkeypatch, query, **kwargs) for query in QUERIES)
            assert found > 0, kwargs  # every case finds something, so the comparison is not empty


def test_audience_filters_and_floor_really_narrow(pg: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cases above are not vacuous: each narrowing removes something, on the pgvector backend."""
    with Session(pg) as session:
        members = _search(session, monkeypatch, "pgvector", "React 개발자")
        public = _search(session, monkeypatch, "pgvector", "React 개발자", audience="public")
        assert "profile" in {r.kind for r in members.results}
        assert "profile" not in {r.kind for r in public.results} and public.results
        assert {(r.kind, r.id) for r in public.results} <= {(r.kind, r.id) for r in members.results}

        unfloored = _search(session, monkeypatch, "pgvector", "돼지 호흡기 질병", floor=None)
        floored = _search(session, monkeypatch, "pgvector", "돼지 호흡기 질병")
        assert floored.mode == "hybrid" and 0 < len(floored.results) < len(unfloored.results)

        needs = _search(session, monkeypatch, "pgvector", "에너지 절감 딸기 돼지", kinds=["need"])
        budget = service.filters_from_params({"budget_at_least": "50000000"})
        rich = _search(session, monkeypatch, "pgvector", "에너지 절감 딸기 돼지", kinds=["need"], filters=budget)
        assert 0 < len(rich.results) < len(needs.results)
        assert all(r.attrs["budget_max"] >= 50_000_000 for r in rich.results)  # type: ignore[operator]
        assert all(not any(reason.kind == "filter" for reason in r.reasons) for r in rich.results)  # not a reason


def test_record_to_record_matches_are_the_same(pg: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from bitgoeul.demonstrations.models import Need, Solution

    with Session(pg) as session:
        outcomes = []
        for backend in ("memory", "pgvector"):
            monkeypatch.setenv("BITGOEUL_SEARCH_BACKEND", backend)
            rows: list[Any] = []
            for need in session.scalars(select(Need).order_by(Need.id)):
                rows += [(m.solution.id, m.score, m.reasons) for m in ranking.rank_solutions_for_need(session, need)]
            for solution in session.scalars(select(Solution).order_by(Solution.id)):
                rows += [(m.solution.id, m.score, m.reasons) for m in ranking.similar_solutions(session, solution)]
                rows += [(m.need.id, m.score, m.reasons) for m in ranking.needs_for_solution(session, solution)]
            rows += [(m.solution.id, m.score, m.reasons)
                     for m in ranking.rank_solutions(session, "에너지 예측", domain="energy")]
            outcomes.append(rows)
        assert outcomes[0] and outcomes[1] == outcomes[0]


def _assert_tables_exact(connection: Any) -> None:
    """The state row (kept by difference) equals a full recount, and search_pg mirrors search_documents."""
    state = pgvector_backend.read_state(connection)
    docs, vectors = connection.execute(text("SELECT count(*), count(embedding) FROM search_pg")).one()
    lens = dict(connection.execute(text(
        "SELECT key, sum(value::int) FROM search_pg, jsonb_each_text(lens) GROUP BY key")).all())
    assert (state.docs, state.vectors) == (docs, vectors)
    assert {k: v for k, v in state.lens.items() if v} == {k: int(v) for k, v in lens.items() if v}
    mirror = "SELECT kind, record_id, seq FROM {} ORDER BY kind, record_id"
    assert connection.execute(text(mirror.format("search_pg"))).all() == \
           connection.execute(text(mirror.format("search_documents"))).all()


def test_writes_pending_vectors_and_rollbacks_stay_level(pg: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from bitgoeul.demonstrations.models import Solution

    url = pg.url.render_as_string(hide_password=False)
    with Session(pg) as session:
        member = session.scalars(select(User).where(User.role == "member").order_by(User.id)).first()
        assert member is not None
        # This transaction's own write is searchable on pgvector before it commits, and gone after a rollback.
        own = f.solution(session, member, title_ko="우주 정거장 zzqown 관제", domain_tags=["energy"])
        assert [r.id for r in _search(session, monkeypatch, "pgvector", "zzqown").results] == [own.id]
        session.rollback()
        assert _search(session, monkeypatch, "pgvector", "zzqown").results == []
        _assert_tables_exact(session.connection())
        session.commit()

        # A committed record without a vector yet: found lexically on both, counted as pending on both.
        monkeypatch.setenv("BITGOEUL_SEARCH_BACKEND", "memory")
        new = f.solution(session, member, title_ko="축사 환기 zzqnew 제어", domain_tags=["livestock"])
        session.commit()
        before = _search(session, monkeypatch, "pgvector", "zzqnew 환기")
        assert before.pending == 1 and before.results[0].id == new.id
        assert not any(r.kind == "semantic" for r in before.results[0].reasons)
        _assert_same(session, monkeypatch, "zzqnew 환기")
        session.commit()  # the sync's advisory lock is the session's: release it before the worker syncs

        monkeypatch.setenv("BITGOEUL_SEARCH_BACKEND", "pgvector")
        assert worker.embed_pending(url).embedded == 1  # the worker copies the vector into search_pg itself
        with pg.connect() as connection:
            assert pgvector_backend.fingerprint(connection, "search_documents") == \
                   pgvector_backend.fingerprint(connection, "search_pg")
        after = _search(session, monkeypatch, "pgvector", "zzqnew 환기")
        assert after.pending == 0 and after.results[0].reasons[0].kind == "semantic"
        _assert_same(session, monkeypatch, "zzqnew 환기")

        # Update and delete through the ORM: both backends follow, the statistics stay exact.
        row = session.get(Solution, new.id)
        assert row is not None
        row.title_ko = "축사 환기 zzqmoved 제어"
        session.commit()
        assert _assert_same(session, monkeypatch, "zzqmoved 환기") >= 1
        session.delete(row)
        session.commit()
        assert _search(session, monkeypatch, "pgvector", "zzqmoved").results == []
        _assert_same(session, monkeypatch, "축사 환기")
        _assert_tables_exact(session.connection())


def test_status_names_the_backend_and_pg_enable_catches_up(pg: Engine) -> None:
    env = {"BITGOEUL_DATABASE_URL": pg.url.render_as_string(hide_password=False)}

    def status(backend: str) -> dict[str, Any]:
        result = runner.invoke(match_cli, ["status", "--json"], env={**env, "BITGOEUL_SEARCH_BACKEND": backend})
        assert result.exit_code == 0, result.output
        return dict(json.loads(result.stdout))

    assert status("memory")["backend"] == "memory" and "pgvector" not in status("memory")
    before = status("pgvector")
    assert before["backend"] == "pgvector"
    assert before["pgvector"]["in_sync"] == (before["pgvector"]["records"] == sum(before["documents"].values()))
    # Running it again is harmless: nothing is dropped, whatever changed since is copied.
    assert runner.invoke(match_cli, ["pg-enable", "--json"], env=env).exit_code == 0
    after = status("pgvector")
    assert after["pgvector"]["in_sync"] and after["pgvector"]["records"] == sum(after["documents"].values())
    assert after["pgvector"]["pending"] == after["pgvector"]["records"] - after["pgvector"]["vectors"]


def _assert_clear(message: str, *words: str) -> None:
    """One language (the reader's: Korean in these tests), naming what to do."""
    assert HANGUL.search(message) and " / " not in message, message
    assert all(w in message for w in words), message


def test_pgvector_before_pg_enable_is_a_clear_error(pg_urls: dict[str, str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = pg_urls["fresh"]
    upgrade(fresh)
    engine = make_engine(fresh)
    monkeypatch.setenv("BITGOEUL_SEARCH_BACKEND", "pgvector")
    try:
        with Session(engine) as session, pytest.raises(BackendUnavailable) as error:
            service.search(session, "돼지")
        _assert_clear(str(error.value), "pg-enable")
    finally:
        engine.dispose()


def _settings(url: str, backend: str) -> Settings:
    return Settings(database_url=url, secret_key="test-secret-key-for-the-suite-only-0123456789",
                    environment="test", default_language="ko", city_ko="광주", city_en="Gwangju", queue_url="",
                    search_backend=backend)


def test_pgvector_without_postgresql_or_extension_fails_at_start_and_first_use(
        db_url: str, session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite, or a PostgreSQL without pgvector (the shared test server): start-up, search, CLI all refuse."""
    from bitgoeul.web.app import create_app

    pgvector_search.forget()
    expected = "PostgreSQL" if db_url.startswith("sqlite") else "pgvector"
    with pytest.raises(BackendUnavailable) as at_start:
        create_app(_settings(db_url, "pgvector"))
    _assert_clear(str(at_start.value), expected, "BITGOEUL_SEARCH_BACKEND=memory")
    create_app(_settings(db_url, "memory")).state.engine.dispose()

    monkeypatch.setenv("BITGOEUL_SEARCH_BACKEND", "pgvector")
    with pytest.raises(BackendUnavailable) as at_use:
        service.search(session, "돼지")
    assert str(at_use.value) == str(at_start.value)
    result = runner.invoke(match_cli, ["search", "돼지"], env={"BITGOEUL_DATABASE_URL": db_url})
    assert result.exit_code == 2 and str(at_start.value) in result.output
    monkeypatch.setenv("BITGOEUL_SEARCH_BACKEND", "memory")
    assert service.search(session, "돼지").results == []  # the default works on the same database


def test_the_setting_takes_only_known_backends() -> None:
    assert load_settings({}).search_backend == "memory"
    assert load_settings({"BITGOEUL_SEARCH_BACKEND": "pgvector"}).search_backend == "pgvector"
    with pytest.raises(SettingsError) as error:
        load_settings({"BITGOEUL_SEARCH_BACKEND": "elastic"})
    assert "memory or pgvector" in str(error.value)  # configuration errors are for operators, in English
