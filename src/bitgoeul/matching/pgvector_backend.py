"""Scale-out backend, storage side: the tables PostgreSQL searches, and keeping them level.

For collections too big to hold in every web process (`BITGOEUL_SEARCH_BACKEND=pgvector`). Two derived
tables, not part of the ORM schema, made by `enable()` and kept level with `search_documents` +
`search_embeddings` by `sync()` through the same change counter (`seq`) the in-memory index uses:

- `search_pg`: a row per record with its stored Kiwi terms, field lengths, attributes (also as the
  numbers and keywords the engine's filters compare) and its vector (HNSW);
- `search_pg_postings`: a row per (term, record): the term's count in each field (packed, 12 bits a field)
  and its BM25F impact when written, indexed by (term, impact) so a search reads each query term's best
  records first instead of every record holding it; `search_pg_df`: each term's document frequency;
- `search_pg_dirty`: keys of `search_documents` rows written since the last sync, filled by a trigger in
  the writing transaction, so a search syncs only those (a one-row probe when there are none) instead of
  comparing the whole table's fingerprint on every search;
- `search_pg_state`: one row with the collection statistics BM25F needs (records, field length totals),
  how many records have a vector, the attribute names seen, and the fingerprint of `search_documents` it
  was synced at, updated by difference on every sync so a search never aggregates the whole table. Being
  rows, they roll back with the transaction that synced: no process can believe a lost sync happened.

The ranking itself is in `pgvector_search.py`.
"""

# ruff: noqa: S608 - SQL here interpolates only constant table names and fixed clause text; values are bound.
from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, text

from bitgoeul.core.i18n import translate
from bitgoeul.matching.backend import BackendUnavailable
from bitgoeul.matching.engine.attributes import as_keyword, as_number
from bitgoeul.matching.engine.codec import decode_attrs
from bitgoeul.matching.engine.embedding import DIM
from bitgoeul.matching.engine.lexical import BM25Params
from bitgoeul.matching.kinds import FIELD_WEIGHTS
from bitgoeul.matching.memory import canonical_terms
from bitgoeul.matching.worker import decode_vector

TABLE = "search_pg"
STATE = "search_pg_state"
POSTINGS = "search_pg_postings"
DF = "search_pg_df"
DIRTY = "search_pg_dirty"
LAYOUT = 3  # bump when the tables change: `enable()` then rebuilds them (they are derived data)
FIELDS = tuple(FIELD_WEIGHTS)  # field i's count sits in bits 12*i .. 12*i+11 of a posting's `tf`
TF_BITS, TF_MAX = 12, 4095
_LOCK = 0x62697467  # advisory lock key ("bitg") serialising syncs, so the statistics stay exact
_CHUNK = 500
# `(kind, record_id) IN ...` over bound arrays (see `keys_param`): a primary-key lookup per pair.
KEYS_IN = "(SELECT * FROM unnest(CAST(:kinds AS text[]), CAST(:ids AS text[])))"

Progress = Callable[[int, int], None]


def _message(key: str, **params: object) -> str:
    """Operator-facing text in the current reader's language (the CLI's, or the request's)."""
    return translate(key, None, **params)


def available(connection: Connection) -> bool:
    """Whether this database is PostgreSQL with the pgvector extension installable."""
    if connection.dialect.name != "postgresql":
        return False
    found = connection.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")).first()
    return found is not None


def layout(connection: Connection) -> int | None:
    """The layout of the tables in this database, or None when `enable()` has not made them."""
    if connection.execute(text(f"SELECT to_regclass('{STATE}')")).scalar() is None:
        return None
    return int(connection.execute(text(f"SELECT layout FROM {STATE} WHERE id = 1")).scalar() or 0)


def check(connection: Connection, *, enabled: bool = True) -> None:
    """Raise `BackendUnavailable` unless the backend can run here (and, with `enabled`, its tables exist)."""
    if connection.dialect.name != "postgresql":
        raise BackendUnavailable(_message("matching.backend.needs_postgresql", dialect=connection.dialect.name))
    if not available(connection):
        raise BackendUnavailable(_message("matching.backend.no_extension"))
    if enabled and layout(connection) != LAYOUT:
        raise BackendUnavailable(_message("matching.backend.not_enabled"))


def enable(connection: Connection, *, m: int = 16, ef_construction: int = 64, vector_index: bool = True) -> None:
    """Create the extension, the tables and their indexes (GIN on terms and keywords, HNSW cosine).

    Idempotent. `vector_index=False` leaves the HNSW index for a second call after the first `sync()`:
    building it over copied rows is much faster than growing it row by row.
    """
    check(connection, enabled=False)
    connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK})
    connection.execute(text("CREATE EXTENSION IF NOT EXISTS vector"))
    if layout(connection) != LAYOUT:  # absent, or an older layout: derived data, so start again
        connection.execute(text(f"DROP TABLE IF EXISTS {TABLE}, {STATE}, {POSTINGS}, {DF}, {DIRTY}"))
    connection.execute(text(f"""
        CREATE TABLE IF NOT EXISTS {TABLE} (
            kind varchar(40) NOT NULL, record_id varchar(80) NOT NULL, seq bigint NOT NULL,
            doc bigint GENERATED BY DEFAULT AS IDENTITY UNIQUE, flens int[] NOT NULL,
            terms jsonb NOT NULL, lens jsonb NOT NULL, attrs jsonb NOT NULL, nums jsonb NOT NULL,
            keys jsonb NOT NULL, embedding vector({DIM}), PRIMARY KEY (kind, record_id))"""))
    connection.execute(text(f"""
        CREATE TABLE IF NOT EXISTS {POSTINGS} (
            term text NOT NULL, doc bigint NOT NULL, impact real NOT NULL, tf bigint NOT NULL,
            PRIMARY KEY (term, doc))"""))
    connection.execute(text(f"CREATE TABLE IF NOT EXISTS {DF} (term text PRIMARY KEY, df bigint NOT NULL)"))
    connection.execute(text(
        f"CREATE TABLE IF NOT EXISTS {DIRTY} (kind varchar(40) NOT NULL, record_id varchar(80) NOT NULL, "
        "PRIMARY KEY (kind, record_id))"))
    connection.execute(text(f"""
        CREATE OR REPLACE FUNCTION {DIRTY}_mark() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                INSERT INTO {DIRTY} VALUES (OLD.kind, OLD.record_id) ON CONFLICT DO NOTHING;
            END IF;
            IF TG_OP <> 'DELETE' THEN
                INSERT INTO {DIRTY} VALUES (NEW.kind, NEW.record_id) ON CONFLICT DO NOTHING;
            END IF;
            RETURN NULL;
        END $$"""))
    connection.execute(text(f"DROP TRIGGER IF EXISTS {DIRTY}_mark ON search_documents"))
    connection.execute(text(
        f"CREATE TRIGGER {DIRTY}_mark AFTER INSERT OR UPDATE OR DELETE ON search_documents "
        f"FOR EACH ROW EXECUTE FUNCTION {DIRTY}_mark()"))
    connection.execute(text(f"""
        CREATE TABLE IF NOT EXISTS {STATE} (
            id int PRIMARY KEY CHECK (id = 1), layout int NOT NULL, docs bigint NOT NULL, vectors bigint NOT NULL,
            lens jsonb NOT NULL, numeric_names jsonb NOT NULL, keyword_names jsonb NOT NULL, source jsonb NOT NULL)"""))
    connection.execute(text(
        f"INSERT INTO {STATE} VALUES (1, {LAYOUT}, 0, 0, '{{}}', '[]', '[]', '[]') ON CONFLICT (id) DO NOTHING"))
    connection.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_keys ON {TABLE} USING gin (keys jsonb_path_ops)"))
    connection.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_seq ON {TABLE} (seq)"))
    connection.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_kind ON {TABLE} (kind)"))
    connection.execute(text(
        f"CREATE INDEX IF NOT EXISTS ix_{POSTINGS}_impact ON {POSTINGS} (term, impact DESC) INCLUDE (doc)"))
    if vector_index:
        connection.execute(text(
            f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_hnsw ON {TABLE} USING hnsw (embedding vector_cosine_ops) "
            f"WITH (m = {int(m)}, ef_construction = {int(ef_construction)})"))


# ----------------------------------------------------------------------------------- state


@dataclass
class State:
    """The collection as BM25F and the service see it: records, vectors, field length totals, attributes."""

    docs: int = 0
    vectors: int = 0
    lens: dict[str, int] = field(default_factory=dict)
    numeric: set[str] = field(default_factory=set)  # attributes that ever held a number or date
    keyword: set[str] = field(default_factory=set)  # ... or text / yes-no values
    source: tuple[int, ...] = ()  # fingerprint of search_documents at the last sync

    def add(self, lens: Mapping[str, int], has_vector: bool, sign: int = 1) -> None:
        self.docs += sign
        self.vectors += sign * has_vector
        for name, length in lens.items():
            self.lens[name] = self.lens.get(name, 0) + sign * int(length)


def read_state(connection: Connection) -> State:
    """The state row (the tables must exist)."""
    docs, vectors, lens, numeric, keyword, source = connection.execute(text(
        f"SELECT docs, vectors, lens, numeric_names, keyword_names, source FROM {STATE} WHERE id = 1")).one()
    return State(int(docs), int(vectors), {str(k): int(v) for k, v in lens.items()}, set(numeric), set(keyword),
                 tuple(int(x) for x in source))


def _write_state(connection: Connection, state: State) -> None:
    connection.execute(text(
        f"UPDATE {STATE} SET docs = :docs, vectors = :vectors, lens = CAST(:lens AS jsonb), "
        "numeric_names = CAST(:numeric AS jsonb), keyword_names = CAST(:keyword AS jsonb), "
        "source = CAST(:source AS jsonb) WHERE id = 1"),
        {"docs": state.docs, "vectors": state.vectors, "lens": json.dumps(state.lens, ensure_ascii=False),
         "numeric": json.dumps(sorted(state.numeric), ensure_ascii=False),
         "keyword": json.dumps(sorted(state.keyword), ensure_ascii=False), "source": json.dumps(state.source)})


def attribute_columns(attrs: Mapping[str, object]) -> tuple[dict[str, float], dict[str, list[str | bool]]]:
    """An attribute map as the engine's filters read it: numbers (dates as ordinal days) and keywords."""
    numbers: dict[str, float] = {}
    keywords: dict[str, list[str | bool]] = {}
    for name, value in attrs.items():
        number = as_number(value)
        if number is not None:
            if math.isfinite(number):  # NaN means "missing" to the engine; JSON has no infinity
                numbers[name] = number
            continue
        items = value if isinstance(value, list | tuple | set | frozenset) else [value]
        words = [kw for kw in map(as_keyword, items) if kw is not None]
        if words:
            keywords[name] = words
    return numbers, keywords


# ----------------------------------------------------------------------------------- syncing


def fingerprint(connection: Connection, table: str) -> tuple[int, int, int]:
    """(rows, sum of seq, max of seq): equal for both tables means nothing to copy."""
    row = connection.execute(text(f"SELECT count(*), coalesce(sum(seq), 0), coalesce(max(seq), 0) FROM {table}")).one()
    return int(row[0]), int(row[1]), int(row[2])


_SOURCE = ("SELECT d.id, d.kind, d.record_id, d.seq, d.terms, d.attrs, e.vector FROM search_documents d "
           "LEFT JOIN search_embeddings e ON e.content_hash = d.passage_hash ")


def sync(connection: Connection, progress: Progress | None = None) -> int:
    """Copy new and changed rows into `search_pg`, drop vanished ones; returns rows copied.

    Rows newer than the newest copied are read in pages; when the fingerprints still differ (rows deleted,
    or committed out of seq order) every key's seq is compared. Syncs take a transaction-level advisory
    lock, so concurrent ones (other processes) queue instead of counting the same change twice.
    """
    connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK})
    # Every key marked so far is visible to the reads below (committed, or ours): the copy covers them.
    connection.execute(text(f"DELETE FROM {DIRTY}"))
    state = read_state(connection)
    newest = int(connection.execute(text(f"SELECT coalesce(max(seq), 0) FROM {TABLE}")).scalar_one())
    total = int(connection.execute(text("SELECT count(*) FROM search_documents WHERE seq > :n"),
                                   {"n": newest}).scalar_one()) if progress else 0
    copied, after = 0, (newest, 0)
    while True:
        rows = connection.execute(text(
            _SOURCE + "WHERE d.seq >= :s AND (d.seq, d.id) > (:s, :i) ORDER BY d.seq, d.id LIMIT :n"),
            {"s": after[0], "i": after[1], "n": _CHUNK}).all()
        if not rows:
            break
        copied += _write(connection, rows, state)
        after = (int(rows[-1].seq), int(rows[-1].id))
        if progress:
            progress(copied, max(total, copied))
    source = fingerprint(connection, "search_documents")
    if source != fingerprint(connection, TABLE):
        copied += _reconcile(connection, state)
    state.source = source
    _write_state(connection, state)
    return copied


def refresh(connection: Connection) -> State:
    """The state, after copying the rows written since the last sync, if any (a one-row probe when none).

    The trigger marks keys in the writing transaction, so this transaction's own uncommitted writes are
    seen here, other transactions' once they commit, and a rollback takes the marks away with the writes.
    """
    if connection.execute(text(f"SELECT EXISTS (SELECT 1 FROM {DIRTY})")).scalar():
        sync_marked(connection)
    return read_state(connection)


def sync_marked(connection: Connection) -> int:
    """Copy (or drop) the rows whose keys the trigger marked; returns rows copied."""
    connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK})
    keys = [(str(k), str(r)) for k, r in connection.execute(text(f"DELETE FROM {DIRTY} RETURNING kind, record_id"))]
    if not keys:
        return 0
    state = read_state(connection)
    copied = 0
    for start in range(0, len(keys), _CHUNK):
        part = keys[start:start + _CHUNK]
        rows = connection.execute(text(_SOURCE + f"WHERE (d.kind, d.record_id) IN {KEYS_IN}"),
                                  keys_param(part)).all()
        if rows:
            copied += _write(connection, rows, state)
        present = {(r.kind, r.record_id) for r in rows}
        _drop(connection, [k for k in part if k not in present], state)
    _write_state(connection, state)
    return copied


def _drop(connection: Connection, keys: Sequence[tuple[str, str]], state: State) -> None:
    """Remove records from `search_pg` and their postings, and account for them."""
    if not keys:
        return
    gone = connection.execute(text(
        f"DELETE FROM {TABLE} WHERE (kind, record_id) IN {KEYS_IN} RETURNING doc, terms, lens, "
        "embedding IS NOT NULL"), keys_param(keys)).all()
    _forget_postings(connection, [(int(doc), terms) for doc, terms, _, _ in gone])
    for _, _, lens, has_vector in gone:
        state.add(lens, bool(has_vector), -1)


def _reconcile(connection: Connection, state: State) -> int:
    gone = connection.execute(text(
        f"DELETE FROM {TABLE} p WHERE NOT EXISTS (SELECT 1 FROM search_documents d "
        "WHERE d.kind = p.kind AND d.record_id = p.record_id) RETURNING p.doc, p.terms, p.lens, "
        "p.embedding IS NOT NULL")).all()
    _forget_postings(connection, [(int(doc), terms) for doc, terms, _, _ in gone])
    for _, _, lens, has_vector in gone:
        state.add(lens, bool(has_vector), -1)
    stale = connection.execute(text(
        f"SELECT d.kind, d.record_id FROM search_documents d LEFT JOIN {TABLE} p "
        "ON p.kind = d.kind AND p.record_id = d.record_id WHERE p.seq IS DISTINCT FROM d.seq")).all()
    copied = 0
    for start in range(0, len(stale), _CHUNK):
        part = stale[start:start + _CHUNK]
        rows = connection.execute(text(_SOURCE + f"WHERE (d.kind, d.record_id) IN {KEYS_IN}"),
                                  keys_param((k, r) for k, r in part)).all()
        copied += _write(connection, rows, state)
    return copied


def _write(connection: Connection, rows: Sequence[Any], state: State) -> int:
    """Upsert `rows` of search_documents (+ vector) with their postings, and account for them in `state`."""
    keys = keys_param((r.kind, r.record_id) for r in rows)
    old = {(k, r): (lens, bool(v), int(doc), terms) for k, r, lens, v, doc, terms in connection.execute(text(
        f"SELECT kind, record_id, lens, embedding IS NOT NULL, doc, terms FROM {TABLE} "
        f"WHERE (kind, record_id) IN {KEYS_IN}"), keys)}
    _forget_postings(connection, [(doc, terms) for _, _, doc, terms in old.values()])
    params = []
    for row in rows:
        terms = canonical_terms(row.terms or {})
        unknown = [name for name in terms if name not in FIELDS]
        if unknown:
            raise ValueError(f"the pgvector backend scores the fields {', '.join(FIELDS)}, not {unknown}")
        lens = {name: len(ts) for name, ts in terms.items()}
        attrs = row.attrs or {}
        numbers, keywords = attribute_columns(decode_attrs(attrs))
        if (row.kind, row.record_id) in old:
            state.add(*old[(row.kind, row.record_id)][:2], -1)
        state.add(lens, row.vector is not None)
        state.numeric.update(numbers)
        state.keyword.update(keywords)
        params.append({
            "kind": row.kind, "record_id": row.record_id, "seq": int(row.seq),
            "flens": [lens.get(name, 0) for name in FIELDS],
            "terms": json.dumps(terms, ensure_ascii=False), "lens": json.dumps(lens, ensure_ascii=False),
            "attrs": json.dumps(attrs, ensure_ascii=False), "nums": json.dumps(numbers, ensure_ascii=False),
            "keys": json.dumps(keywords, ensure_ascii=False),
            "embedding": vector_literal(decode_vector(row.vector)) if row.vector is not None else None})
    connection.execute(text(
        f"INSERT INTO {TABLE} (kind, record_id, seq, flens, terms, lens, attrs, nums, keys, embedding) VALUES "
        "(:kind, :record_id, :seq, CAST(:flens AS int[]), CAST(:terms AS jsonb), CAST(:lens AS jsonb), "
        "CAST(:attrs AS jsonb), CAST(:nums AS jsonb), CAST(:keys AS jsonb), CAST(:embedding AS vector)) "
        "ON CONFLICT (kind, record_id) DO UPDATE SET seq = excluded.seq, flens = excluded.flens, "
        "terms = excluded.terms, lens = excluded.lens, attrs = excluded.attrs, nums = excluded.nums, "
        "keys = excluded.keys, embedding = excluded.embedding"), params)
    docs = {(k, r): int(doc) for k, r, doc in connection.execute(text(
        f"SELECT kind, record_id, doc FROM {TABLE} WHERE (kind, record_id) IN {KEYS_IN}"), keys)}
    impact = Impact.of(state)
    postings: list[dict[str, Any]] = []
    df: Counter[str] = Counter()
    for p in params:
        doc = docs[(p["kind"], p["record_id"])]
        for term, tf, value in impact.postings(json.loads(p["terms"])):
            postings.append({"term": term, "doc": doc, "impact": value, "tf": tf})
            df[term] += 1
    _add_postings(connection, postings, df)
    return len(rows)


@dataclass(frozen=True)
class Impact:
    """A record's BM25F saturation per term, with the collection's average field lengths as they are now.

    Stored with each posting only to read a term's best records first; scores are computed at search time
    from the packed counts with the averages of that moment (`pgvector_search`).
    """

    k1: float
    b: float
    weights: tuple[float, ...]
    averages: tuple[float, ...]

    @classmethod
    def of(cls, state: State, params: BM25Params | None = None) -> Impact:
        params = params or BM25Params(field_weights=FIELD_WEIGHTS)
        n = max(state.docs, 1)
        return cls(params.k1, params.b, tuple(params.weight(f) for f in FIELDS),
                   tuple(state.lens.get(f, 0) / n for f in FIELDS))

    def postings(self, terms: Mapping[str, Sequence[str]]) -> list[tuple[str, int, float]]:
        """(term, packed field counts, impact) for each distinct term of a record's fields."""
        norms = []
        for i, name in enumerate(FIELDS):
            avg, length = self.averages[i], len(terms.get(name, ()))
            norms.append(self.weights[i] / (1.0 - self.b + self.b * length / avg) if avg > 0 else 0.0)
        counts: dict[str, list[int]] = {}
        for i, name in enumerate(FIELDS):
            for term in terms.get(name, ()):
                tfs = counts.get(term)
                if tfs is None:
                    tfs = counts[term] = [0] * len(FIELDS)
                tfs[i] += 1
        k1 = self.k1
        out = []
        for term, tfs in counts.items():
            pseudo = sum(tf * norm for tf, norm in zip(tfs, norms, strict=True))
            packed = sum(min(tf, TF_MAX) << (TF_BITS * i) for i, tf in enumerate(tfs))
            out.append((term, packed, pseudo * (k1 + 1.0) / (pseudo + k1) if pseudo > 0 else 0.0))
        return out


def _add_postings(connection: Connection, postings: list[dict[str, Any]], df: Mapping[str, int]) -> None:
    if postings:
        connection.execute(text(
            f"INSERT INTO {POSTINGS} (term, doc, impact, tf) VALUES (:term, :doc, :impact, :tf)"), postings)
    _add_df(connection, df)


def _add_df(connection: Connection, df: Mapping[str, int]) -> None:
    if df:
        connection.execute(text(
            f"INSERT INTO {DF} (term, df) SELECT * FROM unnest(CAST(:t AS text[]), CAST(:d AS bigint[])) "
            f"ON CONFLICT (term) DO UPDATE SET df = {DF}.df + excluded.df"),
            {"t": list(df), "d": [int(v) for v in df.values()]})


def _forget_postings(connection: Connection, docs: Sequence[tuple[int, Mapping[str, Sequence[str]]]]) -> None:
    """Delete the postings of these (doc, stored terms) and take them off the document frequencies."""
    terms: list[str] = []
    ids: list[int] = []
    df: Counter[str] = Counter()
    for doc, fields in docs:
        for term in {t for ts in fields.values() for t in ts}:
            terms.append(term)
            ids.append(doc)
            df[term] -= 1
    if terms:
        connection.execute(text(
            f"DELETE FROM {POSTINGS} WHERE (term, doc) IN "
            "(SELECT * FROM unnest(CAST(:t AS text[]), CAST(:d AS bigint[])))"), {"t": terms, "d": ids})
    _add_df(connection, df)


def vector_literal(vector: npt.NDArray[np.float32]) -> str:
    """pgvector's text form; repr of each float32 as a double parses back to the same float32 (strtof)."""
    return "[" + ",".join(repr(float(x)) for x in vector) + "]"


def keys_param(keys: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Bind parameters for `KEYS_IN`."""
    keys = list(keys)
    return {"kinds": [k for k, _ in keys], "ids": [r for _, r in keys]}
