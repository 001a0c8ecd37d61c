"""BITGOEUL_EMBED_CACHE: vectors by content hash that outlive the database, so a rebuilt one is not re-embedded."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from tests import factories as f
from tests.matching.test_service import bag_embed

from bitgoeul.matching import memory, service, vector_cache, worker
from bitgoeul.matching.models import SearchEmbedding

DIM = 384


def test_store_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    vectors = {f"h{i}": np.random.default_rng(i).standard_normal(DIM).astype(np.float32) for i in range(3)}
    assert vector_cache.store(path, vectors.items()) == 3
    assert vector_cache.store(path, vectors.items()) == 0  # same hash, same text: kept, not rewritten
    found = vector_cache.load(path, ["h0", "h2", "missing"], DIM)
    assert sorted(found) == ["h0", "h2"]
    assert np.array_equal(found["h2"], vectors["h2"])
    assert vector_cache.load(path, ["h0"], DIM + 1) == {}  # another dimension is another model


def test_unreadable_cache_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    path.write_bytes(b"not a database at all" * 100)
    assert vector_cache.load(path, ["h0"], DIM) == {}
    assert vector_cache.store(path, [("h0", np.ones(DIM, np.float32))]) == 0


def test_cache_path_from_environment() -> None:
    assert vector_cache.cache_path({}) is None
    assert vector_cache.cache_path({"BITGOEUL_EMBED_CACHE": " "}) is None
    assert vector_cache.cache_path({"BITGOEUL_EMBED_CACHE": "var/x.db"}) == Path("var/x.db")


@pytest.fixture
def default_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The worker as configured in production (cache allowed), with a counting stand-in for the model."""
    calls: list[int] = []

    def counting(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        calls.append(len(texts))
        return bag_embed(texts)

    worker.configure(f"sqlite:///{tmp_path}/queue.db")  # default embedder: the file cache is allowed
    monkeypatch.setattr(worker._configured, "embedder", counting)
    monkeypatch.setenv("BITGOEUL_EMBED_CACHE", str(tmp_path / "vectors.db"))
    memory.forget()
    yield calls
    worker.configure(None)
    memory.forget()


def _url(session: Session) -> str:
    return session.get_bind().engine.url.render_as_string(hide_password=False)


def test_rebuilt_database_takes_vectors_from_the_cache(default_worker: list[int], session: Session,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    firm = f.organisation(session, name_ko="냄새기업", name_en="")
    f.solution(session, f.member(session, firm), title_ko="축사 냄새 분석", title_en="barn odour analysis")
    session.commit()
    first = worker.embed_pending(_url(session))
    assert first.embedded > 0 and first.from_cache == 0 and sum(default_worker) == first.embedded
    stored = {row.content_hash: row.vector for row in session.scalars(select(SearchEmbedding))}
    before = [(r.kind, r.id) for r in service.search(session, "냄새").results]

    # A fresh database holds the same texts but no vectors; the model must not be called again.
    session.execute(delete(SearchEmbedding))
    session.commit()
    memory.forget()

    def refuse(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        raise AssertionError(f"embedded {len(texts)} text(s) although they are cached")

    monkeypatch.setattr(worker._configured, "embedder", refuse)
    second = worker.embed_pending(_url(session))
    assert (second.embedded, second.from_cache, second.failed, second.remaining) == (first.embedded,) * 2 + (0, 0)
    assert {row.content_hash: row.vector for row in session.scalars(select(SearchEmbedding))} == stored
    assert [(r.kind, r.id) for r in service.search(session, "냄새").results] == before


def test_stand_in_embedders_never_touch_the_cache(tmp_path: Path, session: Session,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "vectors.db"
    monkeypatch.setenv("BITGOEUL_EMBED_CACHE", str(cache))
    worker.configure(f"sqlite:///{tmp_path}/queue.db", embedder=bag_embed)
    memory.forget()
    try:
        firm = f.organisation(session, name_ko="다른기업", name_en="")
        f.solution(session, f.member(session, firm), title_ko="좌석 예약", title_en="")
        session.commit()
        assert worker.embed_pending(_url(session)).embedded > 0
        assert not cache.exists()
    finally:
        worker.configure(None)
        memory.forget()
