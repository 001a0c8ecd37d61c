"""The pgvector backend's lexical ranking, computed in SQL from its postings, on a corpus small enough to
work by hand: it equals a BM25F written out here from the formula, and the in-memory index's ranking; reading
postings best-impact first and deeper under a filter finds the same records; and a write is searchable in the
writing transaction through the trigger's marks, with no fingerprint of the whole table."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session
from tests.matching.pgserver_support import pgvector_server

from bitgoeul.core.db import make_engine, upgrade
from bitgoeul.matching import memory

# kind, id, fields, attrs. Terms are written as the analyser leaves them (lower-case Latin words).
CORPUS: list[tuple[str, str, dict[str, list[str]], dict[str, Any]]] = [
    ("solution", "1", {"title": ["pig", "cough", "sensor"], "body": ["barn", "air", "pig"]}, {"region": "north"}),
    ("solution", "2", {"title": ["barn", "camera"], "body": ["pig", "count", "camera", "night"]}, {"region": "south"}),
    ("solution", "3", {"title": ["solar", "forecast"], "body": ["sun", "panel", "forecast", "grid"]},
     {"region": "north"}),
    ("need", "4", {"title": ["pig", "disease"], "summary": ["cough", "early"], "body": ["farm"]}, {"region": "north"}),
    ("need", "5", {"title": ["grid", "load"], "body": ["forecast", "demand", "air"]}, {"region": "south"}),
    ("need", "6", {"tags": ["pig"], "body": ["feed", "cost", "pig", "pig"]}, {"region": "south"}),
]
WEIGHTS = {"title": 3.0, "tags": 2.0, "summary": 1.5, "body": 1.0}
K1, B = 1.2, 0.75


def hand_bm25f(query: list[str], keep: set[str] | None = None) -> list[tuple[str, str, float]]:
    """BM25F from its definition: idf = ln(1 + (N - df + 0.5) / (df + 0.5)); per record, a pseudo frequency
    sum_f w_f tf_f / (1 - b + b len_f / avg_f), saturated x (k1 + 1) / (x + k1), times idf, summed."""
    n = len(CORPUS)
    avg = {f: sum(len(fields.get(f, [])) for _, _, fields, _ in CORPUS) / n for f in WEIGHTS}
    out = []
    for kind, rid, fields, attrs in CORPUS:
        if keep is not None and attrs["region"] not in keep:
            continue
        score = 0.0
        for term in dict.fromkeys(query):
            df = sum(any(term in ts for ts in fs.values()) for _, _, fs, _ in CORPUS)
            if df == 0:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            x = sum(WEIGHTS[f] * fields.get(f, []).count(term) / (1 - B + B * len(fields.get(f, [])) / avg[f])
                    for f in WEIGHTS if avg[f] > 0)
            if x > 0:
                score += idf * x * (K1 + 1) / (x + K1)
        if score > 0:
            out.append((kind, rid, score))
    return sorted(out, key=lambda r: -r[2])


@pytest.fixture(scope="module")
def pg() -> Iterator[Engine]:
    from bitgoeul.matching import pgvector_backend

    with pgvector_server() as urls:
        url = urls[""]
        upgrade(url)
        engine = make_engine(url)
        with engine.begin() as connection:
            for i, (kind, rid, fields, attrs) in enumerate(CORPUS, start=1):
                _insert(connection, i, kind, rid, fields, attrs)
            pgvector_backend.enable(connection)
            pgvector_backend.sync(connection)
        memory.forget()
        yield engine
        engine.dispose()
        memory.forget()


def _insert(connection: Any, i: int, kind: str, rid: str, fields: dict[str, list[str]],
            attrs: dict[str, Any]) -> None:
    import json

    connection.execute(text(
        "INSERT INTO search_documents (id, kind, record_id, seq, content_hash, passage_hash, passage, title_ko, "
        "title_en, terms, attrs, embed_attempts, updated_at) VALUES (:i, :k, :r, :i, 'h', :p, '', :r, :r, "
        "CAST(:t AS json), CAST(:a AS json), 0, now())"),
        {"i": i, "k": kind, "r": rid, "p": f"p{i}", "t": json.dumps(fields), "a": json.dumps(attrs)})


def _pg(engine: Engine, query: str, depth: int = 1000, **kwargs: Any) -> list[tuple[str, str, float]]:
    from bitgoeul.matching.pgvector_search import PgVectorSearch

    with Session(engine) as session:
        hits = PgVectorSearch(depth=depth).search(session.connection(), query, top=10, mode="lexical", **kwargs)
    return [(h.kind, str(h.id), h.lexical) for h in hits]  # the raw BM25F (score is calibrated)


QUERIES = ["pig cough", "forecast grid", "barn air", "pig", "camera night sensor", "feed", "sun demand load"]


@pytest.mark.parametrize("query", QUERIES)
def test_sql_bm25f_equals_the_formula_and_the_memory_index(pg: Engine, query: str) -> None:
    want = hand_bm25f(query.split())
    got = _pg(pg, query)
    assert [(k, r) for k, r, _ in got] == [(k, r) for k, r, _ in want]
    assert [s for _, _, s in got] == pytest.approx([s for _, _, s in want], rel=1e-9)
    with Session(pg) as session:
        hits, _ = memory.live_index(session).search(query, top=10, mode="lexical")
    assert [(h.kind, str(h.id)) for h in hits] == [(k, r) for k, r, _ in got]


def test_a_shallow_read_goes_deeper_under_a_filter(pg: Engine) -> None:
    """With one posting read per term at first, the filter leaves too few: the search reads on and finds all."""
    want = hand_bm25f(["pig"], keep={"south"})
    assert len(want) == 2  # records 2 and 6 hold "pig" in the south; the best "pig" posting is in the north
    got = _pg(pg, "pig", depth=1, filters={"region": "south"})
    assert [(k, r) for k, r, _ in got] == [(k, r) for k, r, _ in want]
    assert [s for _, _, s in got] == pytest.approx([s for _, _, s in want], rel=1e-9)


def test_own_writes_are_found_through_the_marks_without_a_fingerprint(pg: Engine) -> None:
    from bitgoeul.matching import pgvector_backend
    from bitgoeul.matching.pgvector_search import PgVectorSearch

    with Session(pg) as session:
        connection = session.connection()
        _insert(connection, 99, "need", "99", {"title": ["zebra", "pig"]}, {"region": "north"})
        assert connection.execute(text("SELECT count(*) FROM search_pg_dirty")).scalar() == 1
        statements: list[str] = []

        def seen(_c: Any, _cur: Any, statement: str, *_a: Any) -> None:
            statements.append(statement)

        from sqlalchemy import event

        event.listen(pg, "before_cursor_execute", seen)
        try:
            state = pgvector_backend.refresh(connection)
            hits, _ = PgVectorSearch().search_explained(connection, "zebra", top=10, mode="lexical", state=state)
        finally:
            event.remove(pg, "before_cursor_execute", seen)
        assert [(h.kind, str(h.id)) for h in hits] == [("need", "99")]
        assert not any("sum(seq)" in s for s in statements)  # no aggregate over the whole table
        assert state.docs == len(CORPUS) + 1
        session.rollback()
    with Session(pg) as session:
        connection = session.connection()
        assert connection.execute(text("SELECT count(*) FROM search_pg_dirty")).scalar() == 0
        assert PgVectorSearch().search(connection, "zebra", top=10, mode="lexical") == []
        assert pgvector_backend.read_state(connection).docs == len(CORPUS)
