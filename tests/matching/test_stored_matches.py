"""Stored match lists (`matching.stored`; the need and solution ones are `demonstrations.match_lists`): on the
demo data they equal what the ranking computes afresh,
a write or a new vector makes them stale at once (never shown stale), the worker recomputes them, and
pages read them instead of searching."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from tests.matching.test_service import bag_embed, bag_vector

from bitgoeul.core.db import make_engine, make_session_factory, session_scope, upgrade
from bitgoeul.demonstrations import match_lists, ranking
from bitgoeul.demonstrations.models import Need, Solution
from bitgoeul.matching import memory, stored, worker
from bitgoeul.matching.models import MatchList


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine]]:
    folder: Path = tmp_path_factory.mktemp("stored")
    url = f"sqlite:///{folder}/demo.db"
    upgrade(url)
    worker.configure(f"sqlite:///{folder}/queue.db", embedder=bag_embed, query_embedder=bag_vector)
    memory.forget()
    engine = make_engine(url)
    from bitgoeul.demonstrations.demo_loader import load_demo

    with session_scope(make_session_factory(engine)) as session:
        load_demo(session)
    worker.embed_pending(url)
    yield url, engine
    engine.dispose()
    worker.configure(None)
    memory.forget()


def _rows(matches: list[Any], attr: str) -> list[tuple[int, int, list[Any]]]:
    return [(getattr(m, attr).id, m.score, m.reasons) for m in matches]


def test_stored_lists_equal_fresh_ones_on_the_demo_data(demo: tuple[str, Engine]) -> None:
    _, engine = demo
    with Session(engine) as session, session.begin():
        written = stored.precompute(session)
        needs = list(session.scalars(select(Need).order_by(Need.id)).unique())
        solutions = list(session.scalars(select(Solution).order_by(Solution.id)).unique())
        assert written == 2 * len(needs) + 3 * len(solutions) and written > 100
        for need in needs:
            for top in (10, 3):
                assert stored._read(session, "solutions", need.id, top) is not None  # read, not computed
                fresh = _rows(ranking.rank_solutions_for_need(session, need, top=top), "solution")
                assert _rows(match_lists.rank_solutions_for_need(session, need, top=top), "solution") == fresh
        compared = 0
        for solution in solutions:
            fresh = _rows(ranking.similar_solutions(session, solution, 5), "solution")
            assert _rows(match_lists.similar_solutions(session, solution, 5), "solution") == fresh
            fresh_needs = _rows(ranking.needs_for_solution(session, solution, 5), "need")
            assert _rows(match_lists.needs_for_solution(session, solution, 5), "need") == fresh_needs
            compared += bool(fresh) + bool(fresh_needs)
        assert compared > len(solutions)  # the lists are not trivially empty
        scores = [m.score for s in solutions[:20] for m in match_lists.similar_solutions(session, s, 5)]
        assert scores and all(0 <= x <= 100 for x in scores) and any(x > 1 for x in scores)
        # The stored reasons keep their exact values (a semantic cosine round-trips through JSON).
        assert any(r.kind == "semantic" and r.value is not None and r.value != round(r.value, 4)
                   for s in solutions[:20] for m in match_lists.similar_solutions(session, s, 5) for r in m.reasons)


def test_a_write_makes_lists_stale_and_the_worker_recomputes_them(demo: tuple[str, Engine]) -> None:
    url, engine = demo
    with Session(engine) as session, session.begin():
        first = session.scalars(select(Solution).order_by(Solution.id)).unique().first()
        assert first is not None
        before = _rows(match_lists.similar_solutions(session, first, 5), "solution")
        assert stored._read(session, "similar", first.id, 5) is not None
        first_id = first.id
        other = session.scalars(select(Solution).where(Solution.id != first.id).order_by(Solution.id.desc())
                                ).unique().first()
        assert other is not None
        other_id = other.id
    with Session(engine) as session, session.begin():
        source, other = session.get(Solution, first_id), session.get(Solution, other_id)
        assert source is not None and other is not None
        # Another solution now says what the first one says: it must appear among the similar ones.
        other.title_ko, other.summary_ko = source.title_ko, source.summary_ko
        other.title_en, other.summary_en, other.domain_tags = source.title_en, source.summary_en, source.domain_tags
    with Session(engine) as session, session.begin():
        assert stored._read(session, "similar", first_id, 5) is None  # stale: never shown
    assert worker.refresh_match_lists(url) >= 1  # what the embedding task runs after vectors arrive
    with Session(engine) as session, session.begin():
        source = session.get(Solution, first_id)
        assert source is not None
        assert stored._read(session, "similar", first_id, 5) is not None
        after = _rows(match_lists.similar_solutions(session, source, 5), "solution")
        assert after == _rows(ranking.similar_solutions(session, source, 5), "solution")
        assert after != before and after[0][0] == other_id
        # Deleting a solution drops it from every list at once, and its own lists on the next refresh.
        session.delete(session.get(Solution, other_id))
    with Session(engine) as session, session.begin():
        source = session.get(Solution, first_id)
        assert source is not None
        assert other_id not in [i for i, _, _ in _rows(match_lists.similar_solutions(session, source, 5), "solution")]
    stored_rows = 0
    worker.refresh_match_lists(url)
    with Session(engine) as session:
        stored_rows = session.scalar(select(func.count()).select_from(MatchList)
                                     .where(MatchList.source_id == other_id, MatchList.relation != "solutions"))
    assert stored_rows == 0


def test_pages_read_stored_lists_instead_of_searching(demo: tuple[str, Engine], monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    from fastapi.testclient import TestClient

    from bitgoeul.core.settings import Settings
    from bitgoeul.web.app import create_app

    url, engine = demo
    with Session(engine) as session, session.begin():
        stored.precompute(session)
        solution_id = session.scalars(select(Solution.id).order_by(Solution.id)).first()
        need_id = session.scalars(select(Need.id).order_by(Need.id)).first()

    def no_search(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a page searched although its list was stored")

    for name in ("similar_solutions", "needs_for_solution", "rank_solutions_for_need"):
        monkeypatch.setattr(ranking, name, no_search)
    app = create_app(Settings(database_url=url, secret_key="test-secret-key-for-the-suite-only-0123456789",
                              environment="test", default_language="ko", city_ko="광주", city_en="Gwangju",
                              queue_url=""))
    try:
        with TestClient(app) as client:
            for path in (f"/solutions/{solution_id}", f"/needs/{need_id}",
                         f"/api/v1/search/solutions/{solution_id}/similar",
                         f"/api/v1/search/solutions/{solution_id}/needs", f"/api/v1/needs/{need_id}/matches"):
                assert client.get(path).status_code == 200, path
    finally:
        app.state.engine.dispose()


def test_match_lists_command_stores_every_records_lists(demo: tuple[str, Engine],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from sqlalchemy import delete
    from typer.testing import CliRunner

    from bitgoeul.matching.cli import app as match_cli

    url, engine = demo
    with Session(engine) as session, session.begin():
        session.execute(delete(MatchList))
        expected = 2 * len(session.scalars(select(Need.id)).all()) + 3 * len(session.scalars(select(Solution.id)).all())
    monkeypatch.setenv("BITGOEUL_DATABASE_URL", url)
    result = CliRunner().invoke(match_cli, ["lists", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1]) == {"lists_written": expected}
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(MatchList)) == expected
