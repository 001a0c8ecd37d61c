"""Scale-out backend, search side: the in-memory index's ranking, computed inside PostgreSQL.

Lexical scoring runs in SQL: each query term's postings are read best impact first (a term's BM25F
saturation in a record, stored when written), the candidates are filtered, and their BM25F is computed
from the packed field counts with the engine's formula, the document frequencies of `search_pg_df`
and the field length averages of the moment, so only the best few rows leave the database. When the
collection's postings for the query terms fit in the first read (any collection of a few thousand
records), the candidates are every record holding a term and the scores equal the in-memory index's;
on larger ones a record outside every term's first `depth` postings could be missed (see the bench).
Filtered searches read deeper until enough candidates pass. Nearest vectors come from HNSW, with
pgvector's iterative index scans (0.8 and later) so filters do not starve it. Fusion, filters and
boosts use the engine's own code, so results otherwise differ only where HNSW misses a true
neighbour (its recall, tunable with `ef_search`). `PgIndex` is what `matching.backend` hands the
service when `BITGOEUL_SEARCH_BACKEND=pgvector`.
"""

# ruff: noqa: S608 - SQL here interpolates only constant table names and fixed clause text; values are bound.
from __future__ import annotations

import json
import math
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from bitgoeul.matching import userwords
from bitgoeul.matching.engine import (
    BM25Params,
    DocKey,
    FusionParams,
    Hit,
    QueryError,
    Reason,
    apply_boosts,
    bound_of,
    calibrate,
    calibrated_dense,
    calibrated_lexical,
    check_query,
    explain,
    found,
    fuse,
)
from bitgoeul.matching.engine.attributes import AttributeStore, as_keyword, as_number
from bitgoeul.matching.engine.codec import decode_attrs
from bitgoeul.matching.engine.documents import sort_key
from bitgoeul.matching.engine.embedding import DIM
from bitgoeul.matching.engine.lexical import check_top
from bitgoeul.matching.kinds import FIELD_WEIGHTS, all_attributes
from bitgoeul.matching.memory import Meta, _key
from bitgoeul.matching.pgvector_backend import (
    DF,
    FIELDS,
    KEYS_IN,
    POSTINGS,
    TABLE,
    TF_BITS,
    TF_MAX,
    State,
    check,
    keys_param,
    read_state,
    refresh,
    vector_literal,
)
from bitgoeul.matching.worker import embed_query_text
from bitgoeul.text import default_glossary, index_terms

_SQL_OPS = {">": ">", ">=": ">=", "<": "<", "<=": "<=", "==": "="}


def _unpack(data: bytes) -> npt.NDArray[np.float32]:
    """pgvector's binary form (`vector_send`): int16 dimensions, int16 unused, big-endian float32s."""
    return np.frombuffer(data, ">f4", offset=4).astype(np.float32)


def attribute_store(state: State, records: Sequence[Mapping[str, object]] = ()) -> AttributeStore:
    """The engine's attribute store knowing this collection's attribute names and types, holding `records`.

    Filters and boosts are checked (and explained) on it by the engine's own code, so a bad one fails
    with the same message on either backend; two leading dummy slots only register the types.
    """
    store = AttributeStore()
    store.declare(all_attributes())
    types: list[Mapping[str, object]] = [dict.fromkeys(state.numeric, 0.0), dict.fromkeys(state.keyword, "_")]
    slots = [*types, *records]
    store.grow(len(slots))
    for slot, attrs in enumerate(slots):
        store.put(slot, attrs)
    return store


def _filter_sql(i: int, name: str, spec: object) -> tuple[str, dict[str, Any]]:
    """One (already validated) filter as SQL over the `nums` / `keys` columns, as the engine evaluates it."""
    number = f"CAST(nums->>:n{i} AS double precision)"
    args: dict[str, Any] = {f"n{i}": name}
    if isinstance(spec, Mapping):
        parts = []
        for j, (op, bound) in enumerate(spec.items()):
            args[f"b{i}_{j}"] = as_number(bound)
            # NaN (missing) != x is true in the engine's numpy columns; NULL <> x is not, hence DISTINCT.
            sql_op = "IS DISTINCT FROM" if op == "!=" else _SQL_OPS[op]
            parts.append(f"{number} {sql_op} :b{i}_{j}")
        return "(" + " AND ".join(parts) + ")", args
    values = list(spec) if isinstance(spec, list | tuple | set | frozenset) else [spec]
    numbers = [as_number(v) for v in values]
    if all(n is not None for n in numbers):
        args[f"v{i}"] = numbers
        return f"{number} = ANY(:v{i})", args
    parts = []
    for j, value in enumerate(values):
        args[f"k{i}_{j}"] = json.dumps([as_keyword(value)], ensure_ascii=False)
        parts.append(f"keys->:n{i} @> CAST(:k{i}_{j} AS jsonb)")
    return "(" + " OR ".join(parts) + ")", args


def _idf(n_docs: int, df: float) -> float:
    """The engine's idf (`LexicalIndex.idf`), same float operations."""
    return math.log(1.0 + (n_docs - float(df) + 0.5) / (float(df) + 0.5))


@dataclass
class _Candidate:
    attrs: dict[str, object]
    vector: npt.NDArray[np.float32] | None
    terms: dict[str, list[str]]


_versions: dict[str, tuple[int, ...]] = {}


def _iterative_scans(connection: Connection) -> bool:
    """Whether this database's pgvector has iterative index scans (0.8 and later); asked once per database."""
    url = connection.engine.url.render_as_string(hide_password=True)
    found = _versions.get(url)
    if found is None:
        version = connection.execute(text("SELECT extversion FROM pg_extension WHERE extname = 'vector'")).scalar()
        found = _versions[url] = tuple(int(x) for x in str(version or "0").split(".")[:2] if x.isdigit())
    return found >= (0, 8)


class PgVectorSearch:
    """Search over `search_pg` giving the in-memory `HybridIndex`'s results (within HNSW recall)."""

    def __init__(self, params: BM25Params | None = None, fusion: FusionParams | None = None,
                 ef_search: int = 200, depth: int = 1000) -> None:
        self.params = params or BM25Params(field_weights=FIELD_WEIGHTS)
        self.fusion = fusion or FusionParams()
        self.glossary = default_glossary()
        self.ef_search = ef_search
        self.depth = depth  # postings read per query term at first (best impact first)
        self.fields = list(FIELD_WEIGHTS)  # the in-memory index's field numbering (see memory.LiveIndex)

    def search(self, connection: Connection, query: str, *, top: int = 10, kinds: Sequence[str] | None = None,
               filters: Mapping[str, object] | None = None, boosts: Mapping[str, Mapping[Any, float]] | None = None,
               mode: str = "hybrid", query_vector: npt.NDArray[np.float32] | None = None) -> list[Hit]:
        """Best `top` records, as `HybridIndex.search` ranks them."""
        return self.search_explained(connection, query, top=top, kinds=kinds, filters=filters, boosts=boosts,
                                     mode=mode, query_vector=query_vector)[0]

    def search_explained(
            self, connection: Connection, query: str, *, top: int = 10, kinds: Sequence[str] | None = None,
            filters: Mapping[str, object] | None = None, boosts: Mapping[str, Mapping[Any, float]] | None = None,
            mode: str = "hybrid", query_vector: npt.NDArray[np.float32] | None = None,
            state: State | None = None) -> tuple[list[Hit], str | None]:
        """Hits, and why the query could not be embedded (None when it was, or was not needed)."""
        if mode not in ("hybrid", "lexical", "dense"):
            raise QueryError("mode must be hybrid, lexical or dense")
        text_ = check_query(query)
        top = check_top(top)
        state = state or read_state(connection)
        where, args, applied = self._where(state, kinds, filters)
        weighted, origin, df = self._query_terms(connection, text_) if mode != "dense" else ([], {}, {})
        n_cand = max(self.fusion.candidates, top)
        lexical = self._lexical(connection, weighted, df, state, where, args, n_cand)
        lex_keys = sorted(lexical, key=lambda k: -lexical[k])[:n_cand]  # argpartition-equivalent set
        qvec, error = None, None
        if mode != "lexical":
            qvec, error = (np.asarray(query_vector, np.float32), None) if query_vector is not None \
                else self._embed(text_)
            if qvec is None and mode == "dense":
                return [], error
        dense_keys = self._nearest(connection, qvec, n_cand, where, args, state) if qvec is not None else []
        union = list(dict.fromkeys([*lex_keys, *dense_keys]))
        others = [k for k in dense_keys if k not in lexical]
        if weighted and others:  # a near vector's own lexical score counts in the fusion, as in memory
            lexical.update(self._lexical(connection, weighted, df, state, "", {}, len(others), docs=others))
        cands = self._fetch(connection, union, with_attrs=bool(boosts))
        terms_of = {k: c.terms for k, c in cands.items()}
        has_vec = np.array([cands[k].vector is not None and qvec is not None for k in union], bool)
        sims = np.zeros(len(union))
        if has_vec.any() and qvec is not None:
            matrix = np.stack([v for k in union if (v := cands[k].vector) is not None])
            sims[has_vec] = np.einsum("ij,j->i", matrix, qvec)  # as VectorRows.similarities: same bits
        lex_scores = np.array([lexical.get(k, 0.0) for k in union])
        fusion = self.fusion
        calibrated = fusion.scaling == "calibrated"
        bound = bound_of([w * _idf(state.docs, df[t]) for t, w in weighted], self.params.k1)
        if mode == "lexical" or qvec is None:
            values = calibrated_lexical(lex_scores, bound, fusion.lexical_half) if calibrated else lex_scores
        elif mode == "dense":
            union = [k for k, h in zip(union, has_vec, strict=True) if h]
            sims, values, has_vec = sims[has_vec], sims[has_vec].copy(), has_vec[has_vec]
            if calibrated:
                values = calibrated_dense(values, fusion.dense_mid, fusion.dense_spread)
        elif calibrated:
            values = calibrate(lex_scores, bound, sims, has_vec, fusion)
        else:
            values = fuse(lex_scores, sims, has_vec, fusion.dense_weight)
        boosted: list[list[str]] = [[] for _ in union]
        if boosts:
            store = attribute_store(state, [cands[k].attrs for k in union])
            factors, boosted = store.boost_factors(boosts, np.arange(2, 2 + len(union)))
            values = apply_boosts(values, factors, fusion.scaling)
        kept = found(mode, lex_scores, values, has_vec, qvec is not None)  # the engine's own rule
        order = [i for i in range(len(union)) if kept[i]]
        keyed = sorted(((_key(*union[i]), i) for i in order), key=lambda p: (-values[p[1]], sort_key(*p[0])))
        hits = []
        for key, i in keyed[:top]:
            matched = self._matched(terms_of.get(union[i], {}), weighted)
            hit = Hit(kind=key[0], id=key[1], score=float(values[i]),
                      reasons=explain(matched, origin, applied, boosted[i]), matched_terms=matched,
                      lexical=float(lexical.get(union[i], 0.0)))
            if has_vec[i]:
                hit.semantic = float(sims[i])
                hit.reasons.insert(0, Reason("semantic", value=float(sims[i])))
            hits.append(hit)
        return hits, error

    # ------------------------------------------------------------------ pieces
    def _embed(self, query: str) -> tuple[npt.NDArray[np.float32] | None, str | None]:
        try:
            vector = np.asarray(embed_query_text(query), np.float32)
            if vector.shape != (DIM,) or not np.all(np.isfinite(vector)):
                raise ValueError(f"embedding has shape {vector.shape}")
        except Exception as exc:  # as the in-memory index: a failed query embedding means lexical results
            return None, f"{type(exc).__name__}: {exc}"
        return vector, None

    def _where(self, state: State, kinds: Sequence[str] | None,
               filters: Mapping[str, object] | None) -> tuple[str, dict[str, Any], list[str]]:
        """SQL for kinds and filters, and the engine's explanation lines (checked by the engine's code)."""
        applied: list[str] = []
        if filters:
            if not isinstance(filters, Mapping):
                raise QueryError("filters must be a mapping of attribute -> condition")
            applied = attribute_store(state).filter_mask(filters)[1]
        parts: list[str] = []
        args: dict[str, Any] = {}
        for i, (name, spec) in enumerate((filters or {}).items()):
            sql, more = _filter_sql(i, name, spec)
            parts.append(sql)
            args.update(more)
        if kinds is not None:
            kinds = [kinds] if isinstance(kinds, str) else list(kinds)
            parts.append("kind = ANY(:kinds)")
            args["kinds"] = kinds
            applied.append(f"kind in [{', '.join(kinds)}]")
        return ("AND " + " AND ".join(parts)) if parts else "", args, applied

    def _query_terms(self, connection: Connection, query: str
                     ) -> tuple[list[tuple[str, float]], dict[str, str], dict[str, int]]:
        """The engine's `analyse_query`: the user's terms, then glossary expansions, known terms only."""
        terms = index_terms(query)
        counts = Counter(terms)
        origin: dict[str, str] = dict.fromkeys(counts, "")
        weights: dict[str, float] = {t: float(c) for t, c in counts.items()}
        for exp in self.glossary.expansions(terms, index_terms):
            for term in exp.terms:
                if term not in weights:
                    weights[term] = self.params.expansion_weight
                    origin[term] = f"{exp.source} -> {exp.target}"
        if not weights:
            return [], origin, {}
        df = {str(t): int(c) for t, c in connection.execute(text(
            f"SELECT term, df FROM {DF} WHERE term = ANY(CAST(:terms AS text[]))"), {"terms": list(weights)})}
        return [(t, w) for t, w in weights.items() if df.get(t, 0) > 0], origin, df

    def _lexical(self, connection: Connection, weighted: list[tuple[str, float]], df: Mapping[str, int],
                 state: State, where: str, args: dict[str, Any], n: int,
                 docs: Sequence[tuple[str, str]] | None = None) -> dict[tuple[str, str], float]:
        """BM25F, computed in SQL, of the best `n` records (or of `docs`) holding a query term.

        Candidates are each term's first `depth` postings by impact, under the filters; when fewer than
        `n` pass, the read goes deeper (x8) until enough do or every posting of the terms was read.
        """
        if not weighted:
            return {}
        terms = [t for t, _ in weighted]
        n_docs, totals = state.docs, state.lens
        avg = [totals.get(name, 0) / max(n_docs, 1) for name in FIELDS]
        params = {**args, "terms": terms, "qidf": [w * _idf(n_docs, float(df[t])) for t, w in weighted],
                  "fw": [self.params.weight(name) for name in FIELDS], "favg": avg,
                  "k1": self.params.k1, "b": self.params.b, "n": n}
        if docs is not None:
            cand = f"SELECT doc FROM {TABLE} WHERE (kind, record_id) IN {KEYS_IN}"
            params.update(keys_param(docs))
            rows = connection.execute(text(self._scoring_sql(cand, "")), params).all()
            return {(str(k), str(r)): float(v) for k, r, v in rows}
        most = max(int(df[t]) for t in terms)
        depth = max(self.depth, 1)
        while True:
            cand = (f"SELECT DISTINCT x.doc FROM q CROSS JOIN LATERAL (SELECT p.doc FROM {POSTINGS} p "
                    "WHERE p.term = q.term ORDER BY p.impact DESC LIMIT :depth) x")
            rows = connection.execute(text(self._scoring_sql(cand, where)), {**params, "depth": depth}).all()
            if len(rows) >= n or depth >= most:
                return {(str(k), str(r)): float(v) for k, r, v in rows}
            depth *= 8

    @staticmethod
    def _scoring_sql(cand: str, where: str) -> str:
        """The engine's BM25F over candidate docs: per field tf * weight / (1 - b + b * len / avg), summed,
        saturated, times weight x idf, summed over the query's terms; the best :n."""
        fields = len(FIELDS)
        return f"""
            WITH q AS (SELECT * FROM unnest(CAST(:terms AS text[]), CAST(:qidf AS float8[])) AS q(term, qidf)),
            cand AS ({cand}),
            hits AS (SELECT d.doc, d.kind, d.record_id, d.flens FROM cand JOIN {TABLE} d ON d.doc = cand.doc
                     WHERE TRUE {where}),
            parts AS (
                SELECT h.kind, h.record_id, q.qidf, (
                    SELECT sum(((p.tf >> ({TF_BITS} * (f.i::int - 1))) & {TF_MAX})::float8 * f.w
                               / (1.0 - :b + :b * coalesce(h.flens[f.i::int], 0) / f.avg))
                    FROM unnest(CAST(:fw AS float8[]), CAST(:favg AS float8[])) WITH ORDINALITY AS f(w, avg, i)
                    WHERE f.avg > 0 AND f.i <= {fields}) AS pseudo
                FROM hits h CROSS JOIN q JOIN {POSTINGS} p ON p.term = q.term AND p.doc = h.doc)
            SELECT kind, record_id, sum(qidf * (pseudo * (:k1 + 1.0) / (pseudo + :k1))) AS score
            FROM parts WHERE pseudo > 0 GROUP BY kind, record_id ORDER BY score DESC LIMIT :n"""

    def _nearest(self, connection: Connection, qvec: npt.NDArray[np.float32], n: int, where: str,
                 args: dict[str, Any], state: State) -> list[tuple[str, str]]:
        """The `n` nearest records with a vector under the filters: HNSW, else an exact scan."""
        connection.execute(text(f"SET LOCAL hnsw.ef_search = {max(int(self.ef_search), n)}"))
        iterative = bool(where) and _iterative_scans(connection)
        if iterative:  # pgvector >= 0.8: the index scan goes on until enough rows pass the filters
            connection.execute(text("SET LOCAL hnsw.iterative_scan = strict_order"))
        sql = (f"SELECT kind, record_id FROM {TABLE} WHERE embedding IS NOT NULL {where} "
               "ORDER BY {order} LIMIT :n")
        params = {**args, "q": vector_literal(qvec), "n": n}
        distance = "embedding <=> CAST(:q AS vector)"
        keys = [(k, r) for k, r in connection.execute(text(sql.format(order=distance)), params)]
        if len(keys) < min(n, state.vectors) and not iterative:
            # HNSW filters after its bounded scan, so a selective filter can leave it short; "+ 0" keeps the
            # planner off the index: an exact scan of the filtered rows (the kind index narrows it).
            keys = [(k, r) for k, r in connection.execute(text(sql.format(order=f"({distance}) + 0")), params)]
        return keys

    def _fetch(self, connection: Connection, keys: list[tuple[str, str]], *, with_attrs: bool
               ) -> dict[tuple[str, str], _Candidate]:
        """Vectors (and, for boosts, attributes) of the candidates."""
        if not keys:
            return {}
        attrs = "attrs" if with_attrs else "NULL"
        rows = connection.execute(text(
            f"SELECT kind, record_id, {attrs}, vector_send(embedding), terms FROM {TABLE} "
            f"WHERE (kind, record_id) IN {KEYS_IN}"), keys_param(keys))
        return {(kind, record_id): _Candidate(decode_attrs(found or {}), None if vector is None else _unpack(vector),
                                              terms or {})
                for kind, record_id, found, vector, terms in rows}

    def _matched(self, terms: Mapping[str, list[str]], weighted: list[tuple[str, float]]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for name in self.fields + sorted(f for f in terms if f not in self.fields):
            present = set(terms.get(name, ()))
            found = [t for t, _ in weighted if t in present]
            if found:
                out[name] = found
        return out


# ----------------------------------------------------------------------------------- the service's index


class PgIndex:
    """The service's index over `search_pg`, through one session's connection (see `matching.backend`)."""

    def __init__(self, connection: Connection, engine: PgVectorSearch, state: State) -> None:
        self.connection = connection
        self.engine = engine
        self.state = state

    def search(self, query: str, *, top: int, filters: Mapping[str, object] | None = None,
               kinds: Iterable[str] | None = None, boosts: Mapping[str, Mapping[Any, float]] | None = None,
               query_vector: npt.NDArray[np.float32] | None = None, mode: str = "hybrid") -> tuple[list[Hit], str]:
        """Hits and the mode actually used, as `LiveIndex.search` (lexical until vectors exist, or on failure)."""
        if self.state.vectors == 0 and mode == "hybrid":
            mode = "lexical"  # nothing to compare a query vector with: don't pay for embedding it
        hits, error = self.engine.search_explained(
            self.connection, query, top=top, kinds=list(kinds) if kinds else None, filters=filters, boosts=boosts,
            mode=mode, query_vector=query_vector, state=self.state)
        if mode != "lexical" and query_vector is None and error:
            mode = "lexical"
        return hits, mode

    def pending(self) -> int:
        """Records still waiting for a vector."""
        return self.state.docs - self.state.vectors

    def vector_of(self, key: DocKey) -> npt.NDArray[np.float32] | None:
        """The record's stored passage vector, if it has one yet."""
        found = self.connection.execute(text(
            f"SELECT vector_send(embedding) FROM {TABLE} WHERE kind = :k AND record_id = :r"),
            {"k": key[0], "r": str(key[1])}).scalar()
        return _unpack(found) if found is not None else None

    def metas(self, keys: Iterable[DocKey]) -> dict[DocKey, Meta]:
        """Titles and attributes of these records, from `search_documents` (one primary-key lookup each)."""
        wanted = [(k, str(i)) for k, i in keys]
        if not wanted:
            return {}
        rows = self.connection.execute(text(
            f"SELECT kind, record_id, title_ko, title_en, attrs FROM search_documents "
            f"WHERE (kind, record_id) IN {KEYS_IN}"), keys_param(wanted))
        return {_key(kind, record_id): Meta(title_ko or "", title_en or "", decode_attrs(attrs or {}))
                for kind, record_id, title_ko, title_en, attrs in rows}


_lock = threading.Lock()
_engines: list[PgVectorSearch] = []  # the process's one engine, once made
_ready: set[str] = set()  # databases whose tables were checked


def pg_index(session: Session) -> PgIndex:
    """The pgvector index of the session's database, level with its `search_documents` (own writes included)."""
    from bitgoeul.matching.indexing import flush_deferred

    flush_deferred(session)  # this transaction's own writes are searchable before it commits
    connection = session.connection()
    url = connection.engine.url.render_as_string(hide_password=False)
    if url not in _ready:
        check(connection)
        _ready.add(url)
    userwords.load(connection)  # queries must be cut with the same user dictionary as the records were
    state = refresh(connection)
    with _lock:
        if not _engines:
            _engines.append(PgVectorSearch())
    return PgIndex(connection, _engines[0], state)


def forget(url: str | None = None) -> None:
    """Forget which databases were checked (all, or one): the next search checks their tables again."""
    with _lock:
        if url is None:
            _ready.clear()
        else:
            _ready.discard(url)
