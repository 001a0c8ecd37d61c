"""Scale-out backend: the same search inside PostgreSQL, on a tsvector of Kiwi terms and an HNSW index.

For collections too big to hold in every web process. The database finds candidates (GIN on the
tsvector for documents holding a query term, HNSW for the nearest vectors); the scores are computed
with exactly the engine's BM25F and fusion formulas, in the same floating-point order, from the same
stored terms and collection statistics. So results equal the in-memory index's, except where the
approximate HNSW search misses a true neighbour (its recall, tunable with `ef_search`).

The table `search_pg` is derived from `search_documents` + `search_embeddings` and is not part of
the ORM schema: `enable()` creates it, `sync()` keeps it level (by the same change counter).
"""

# ruff: noqa: S608 - SQL here interpolates only the constant table name and fixed clause text; values are bound.
from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, text

from bitgoeul.matching.engine import BM25Params, FusionParams, Hit, QueryError, check_query, fuse
from bitgoeul.matching.engine.attributes import as_keyword
from bitgoeul.matching.engine.documents import sort_key
from bitgoeul.matching.engine.embedding import DIM
from bitgoeul.matching.kinds import FIELD_WEIGHTS
from bitgoeul.matching.memory import _key, canonical_terms
from bitgoeul.matching.worker import decode_vector, embed_query_text
from bitgoeul.text import default_glossary, index_terms

TABLE = "search_pg"
_CHUNK = 500


def available(connection: Connection) -> bool:
    """Whether this database is PostgreSQL with the pgvector extension installable."""
    if connection.dialect.name != "postgresql":
        return False
    found = connection.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")).first()
    return found is not None


def enable(connection: Connection, *, m: int = 16, ef_construction: int = 64) -> None:
    """Create the extension, the derived table, its GIN (terms) and HNSW (cosine) indexes."""
    if not available(connection):
        raise RuntimeError("pgvector is not available in this database (needs PostgreSQL with the vector extension)")
    connection.execute(text("CREATE EXTENSION IF NOT EXISTS vector"))
    connection.execute(text(f"""
        CREATE TABLE IF NOT EXISTS {TABLE} (
            kind varchar(40) NOT NULL, record_id varchar(80) NOT NULL, seq bigint NOT NULL,
            terms jsonb NOT NULL, lens jsonb NOT NULL, attrs jsonb NOT NULL, tsv tsvector NOT NULL,
            embedding vector({DIM}), PRIMARY KEY (kind, record_id))"""))
    connection.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_tsv ON {TABLE} USING gin (tsv)"))
    connection.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_seq ON {TABLE} (seq)"))
    connection.execute(text(
        f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_hnsw ON {TABLE} USING hnsw (embedding vector_cosine_ops) "
        f"WITH (m = {int(m)}, ef_construction = {int(ef_construction)})"))


def _vector_literal(vector: npt.NDArray[np.float32]) -> str:
    # repr of each float32 as a double parses back to the same float32 (pgvector reads with strtof).
    return "[" + ",".join(repr(float(x)) for x in vector) + "]"


def sync(connection: Connection) -> int:
    """Copy new and changed rows (by seq) into `search_pg` and drop vanished ones; returns rows copied."""
    newest = int(connection.execute(text(f"SELECT coalesce(max(seq), 0) FROM {TABLE}")).scalar_one())
    rows = list(connection.execute(text(
        "SELECT d.kind, d.record_id, d.seq, d.terms, d.attrs, e.vector FROM search_documents d "
        "LEFT JOIN search_embeddings e ON e.content_hash = d.passage_hash WHERE d.seq > :newest ORDER BY d.seq"),
        {"newest": newest}))
    stale = [r for (r,) in connection.execute(text(
        f"SELECT p.kind || ':' || p.record_id FROM {TABLE} p JOIN search_documents d "
        "ON d.kind = p.kind AND d.record_id = p.record_id WHERE d.seq <> p.seq AND d.seq <= :newest"),
        {"newest": newest})]
    if stale:  # rows committed out of seq order: copy them too
        rows += connection.execute(text(
            "SELECT d.kind, d.record_id, d.seq, d.terms, d.attrs, e.vector FROM search_documents d "
            "LEFT JOIN search_embeddings e ON e.content_hash = d.passage_hash "
            "WHERE d.kind || ':' || d.record_id = ANY(:keys)"), {"keys": stale}).all()
    for start in range(0, len(rows), _CHUNK):
        params = []
        for kind, record_id, seq, terms, attrs, vector in rows[start:start + _CHUNK]:
            terms = canonical_terms(terms or {})
            params.append({
                "kind": kind, "record_id": record_id, "seq": int(seq), "terms": json.dumps(terms, ensure_ascii=False),
                "lens": json.dumps({f: len(t) for f, t in terms.items()}), "attrs": json.dumps(attrs or {}),
                "lexemes": sorted({t for ts in terms.values() for t in ts}),
                "embedding": _vector_literal(decode_vector(vector)) if vector is not None else None})
        connection.execute(text(
            f"INSERT INTO {TABLE} (kind, record_id, seq, terms, lens, attrs, tsv, embedding) VALUES "
            "(:kind, :record_id, :seq, CAST(:terms AS jsonb), CAST(:lens AS jsonb), CAST(:attrs AS jsonb), "
            "array_to_tsvector(CAST(:lexemes AS text[])), CAST(:embedding AS vector)) "
            "ON CONFLICT (kind, record_id) DO UPDATE SET seq = excluded.seq, terms = excluded.terms, "
            "lens = excluded.lens, attrs = excluded.attrs, tsv = excluded.tsv, embedding = excluded.embedding"),
            params)
    connection.execute(text(
        f"DELETE FROM {TABLE} p WHERE NOT EXISTS (SELECT 1 FROM search_documents d "
        "WHERE d.kind = p.kind AND d.record_id = p.record_id)"))
    return len(rows)


def _tsquery(terms: Iterable[str]) -> str:
    """A tsquery OR-ing the terms verbatim (quoted, so nothing is re-parsed or stemmed)."""
    return " | ".join("'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in terms)


@dataclass
class _Candidate:
    kind: str
    record_id: str
    terms: dict[str, list[str]]
    lens: dict[str, int]
    attrs: dict[str, Any]
    vector: npt.NDArray[np.float32] | None


class PgVectorSearch:
    """Search over `search_pg` giving the in-memory `HybridIndex`'s results (within HNSW recall)."""

    def __init__(self, params: BM25Params | None = None, fusion: FusionParams | None = None,
                 ef_search: int = 200) -> None:
        self.params = params or BM25Params(field_weights=FIELD_WEIGHTS)
        self.fusion = fusion or FusionParams()
        self.glossary = default_glossary()
        self.ef_search = ef_search
        self.fields = list(FIELD_WEIGHTS)  # the in-memory index's field numbering (see memory.LiveIndex)

    def search(self, connection: Connection, query: str, *, top: int = 10, kinds: Sequence[str] | None = None,
               filters: Mapping[str, object] | None = None, boosts: Mapping[str, Mapping[Any, float]] | None = None,
               mode: str = "hybrid", query_vector: npt.NDArray[np.float32] | None = None) -> list[Hit]:
        """Best `top` records, as `HybridIndex.search` ranks them; filters are equality/membership only."""
        text_ = check_query(query)
        if mode not in ("hybrid", "lexical", "dense"):
            raise QueryError("mode must be hybrid, lexical or dense")
        where, args = self._where(kinds, filters)
        stats = self._stats(connection)
        weighted, origin = self._query_terms(connection, text_) if mode != "dense" else ([], {})
        n_cand = max(self.fusion.candidates, top)
        lexical = self._lexical(connection, weighted, stats, where, args)
        lex_keys = sorted(lexical, key=lambda k: -lexical[k])[:n_cand]  # argpartition-equivalent set
        qvec = None
        if mode != "lexical":
            qvec = query_vector if query_vector is not None else self._embed(text_)
        dense_keys: list[tuple[str, str]] = []
        if qvec is not None:
            connection.execute(text(f"SET LOCAL hnsw.ef_search = {max(int(self.ef_search), n_cand)}"))
            dense_keys = [(k, r) for k, r in connection.execute(text(
                f"SELECT kind, record_id FROM {TABLE} WHERE embedding IS NOT NULL {where} "
                "ORDER BY embedding <=> CAST(:q AS vector) LIMIT :n"),
                {**args, "q": _vector_literal(qvec), "n": n_cand})]
        union = list(dict.fromkeys([*lex_keys, *dense_keys]))
        cands = self._fetch(connection, union)
        if not union:
            return []
        has_vec = np.array([cands[k].vector is not None and qvec is not None for k in union])
        sims = np.zeros(len(union))
        if has_vec.any() and qvec is not None:
            matrix = np.stack([cands[k].vector for k, h in zip(union, has_vec, strict=True) if h])  # type: ignore[misc]
            sims[has_vec] = (matrix @ np.asarray(qvec, np.float32)).astype(np.float64)
        lex_scores = np.array([lexical.get(k, 0.0) for k in union])
        if mode == "lexical" or qvec is None:
            values = lex_scores
        elif mode == "dense":
            keep = has_vec
            union = [k for k, h in zip(union, keep, strict=True) if h]
            sims, has_vec, values = sims[keep], has_vec[keep], sims[keep].copy()
        else:
            values = fuse(lex_scores, sims, has_vec, self.fusion.dense_weight)
        factors, applied = self._boosts(boosts, [cands[k] for k in union])
        values = values * factors
        order = [i for i in range(len(union)) if mode == "dense" or values[i] > 0]
        keyed = [(_key(*union[i]), i) for i in order]
        keyed.sort(key=lambda p: (-values[p[1]], sort_key(*p[0])))
        hits = []
        for key, i in keyed[:top]:
            cand = cands[union[i]]
            matched = self._matched(cand, weighted)
            reasons = [f"{name}: {', '.join(ts)}" for name, ts in matched.items()]
            via = sorted({origin[t] for ts in matched.values() for t in ts if origin.get(t)})
            reasons += [f"glossary: {v}" for v in via]
            reasons += [f"boost: {b}" for b in applied[i]]
            hit = Hit(kind=key[0], id=key[1], score=float(values[i]), reasons=reasons, matched_terms=matched)
            if has_vec[i]:
                hit.semantic = float(sims[i])
                hit.reasons.insert(0, f"semantic: {sims[i]:.2f}")
            hits.append(hit)
        return hits

    # ------------------------------------------------------------------ pieces
    def _embed(self, query: str) -> npt.NDArray[np.float32] | None:
        try:
            return np.asarray(embed_query_text(query), np.float32)
        except Exception:  # as the in-memory index: a failed query embedding means lexical results
            return None

    def _where(self, kinds: Sequence[str] | None, filters: Mapping[str, object] | None) -> tuple[str, dict[str, Any]]:
        parts: list[str] = []
        args: dict[str, Any] = {}
        if kinds:
            parts.append("kind = ANY(:kinds)")
            args["kinds"] = list(kinds)
        for i, (name, value) in enumerate((filters or {}).items()):
            values = value if isinstance(value, list | tuple | set) else [value]
            if isinstance(value, Mapping) or not all(isinstance(v, str) for v in values):
                raise QueryError(f"filter {name!r}: the pgvector backend filters on text values only")
            # Same semantics as the engine: case-insensitive equality with a value or any list element.
            parts.append(f"EXISTS (SELECT 1 FROM jsonb_array_elements_text(CASE jsonb_typeof(attrs->:n{i}) "
                         f"WHEN 'array' THEN attrs->:n{i} ELSE jsonb_build_array(attrs->:n{i}) END) AS v(x) "
                         f"WHERE lower(v.x) = ANY(:v{i}))")
            args[f"n{i}"] = name
            args[f"v{i}"] = [str(as_keyword(v)) for v in values]
        return ("AND " + " AND ".join(parts)) if parts else "", args

    def _stats(self, connection: Connection) -> tuple[int, dict[str, int]]:
        n = int(connection.execute(text(f"SELECT count(*) FROM {TABLE}")).scalar_one())
        totals = {f: int(t) for f, t in connection.execute(text(
            f"SELECT key, sum(value::int) FROM {TABLE}, jsonb_each_text(lens) GROUP BY key"))}
        return n, totals

    def _query_terms(self, connection: Connection, query: str) -> tuple[list[tuple[str, float]], dict[str, str]]:
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
            return [], origin
        self._df = {t: int(c) for t, c in connection.execute(text(
            f"SELECT t, (SELECT count(*) FROM {TABLE} WHERE tsv @@ CAST(quote_literal(t) AS tsquery)) "
            "FROM unnest(CAST(:terms AS text[])) AS u(t)"), {"terms": list(weights)})}
        return [(t, w) for t, w in weights.items() if self._df.get(t, 0) > 0], origin

    def _lexical(self, connection: Connection, weighted: list[tuple[str, float]], stats: tuple[int, dict[str, int]],
                 where: str, args: dict[str, Any]) -> dict[tuple[str, str], float]:
        """BM25F of every document holding a query term, computed as the engine computes it."""
        if not weighted:
            return {}
        rows = connection.execute(text(
            f"SELECT kind, record_id, terms, lens FROM {TABLE} WHERE tsv @@ CAST(:q AS tsquery) {where}"),
            {**args, "q": _tsquery(t for t, _ in weighted)}).all()
        if not rows:
            return {}
        n_docs, totals = stats
        n = max(n_docs, 1)
        k1, b = self.params.k1, self.params.b
        fields = self.fields + sorted(f for f in totals if f not in self.fields)
        norm = np.zeros((len(rows), len(fields)))
        tf = {t: np.zeros((len(rows), len(fields)), np.float32) for t, _ in weighted}
        for i, (_, _, terms, lens) in enumerate(rows):
            for f, name in enumerate(fields):
                avg = totals.get(name, 0) / n
                if avg > 0:
                    norm[i, f] = self.params.weight(name) / (1.0 - b + b * float(lens.get(name, 0)) / avg)
                counts = Counter(terms.get(name, ()))
                for t in tf:
                    tf[t][i, f] = counts.get(t, 0)
        scores = np.zeros(len(rows))
        for term, weight in weighted:
            df = float(self._df[term])
            idf = weight * math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
            pseudo = np.zeros(len(rows))
            for f in range(len(fields)):
                pseudo += tf[term][:, f] * norm[:, f]
            part = idf * (pseudo * (k1 + 1.0) / (pseudo + k1))
            scores += np.where(pseudo > 0, part, 0.0)
        return {(r[0], r[1]): float(s) for r, s in zip(rows, scores, strict=True) if s > 0}

    def _fetch(self, connection: Connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], _Candidate]:
        if not keys:
            return {}
        out = {}
        rows = connection.execute(text(
            f"SELECT kind, record_id, terms, lens, attrs, embedding::text FROM {TABLE} "
            "WHERE kind || ':' || record_id = ANY(:keys)"), {"keys": [f"{k}:{r}" for k, r in keys]})
        for kind, record_id, terms, lens, attrs, vector in rows:
            vec = np.array(json.loads(vector), np.float32) if vector is not None else None
            out[(kind, record_id)] = _Candidate(kind, record_id, terms, lens, attrs, vec)
        return out

    def _matched(self, cand: _Candidate, weighted: list[tuple[str, float]]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for name in self.fields + sorted(f for f in cand.terms if f not in self.fields):
            present = set(cand.terms.get(name, ()))
            found = [t for t, _ in weighted if t in present]
            if found:
                out[name] = found
        return out

    def _boosts(self, boosts: Mapping[str, Mapping[Any, float]] | None,
                cands: list[_Candidate]) -> tuple[npt.NDArray[np.float64], list[list[str]]]:
        factors = np.ones(len(cands))
        applied: list[list[str]] = [[] for _ in cands]
        for name, table in (boosts or {}).items():
            for value, factor in table.items():
                wanted = as_keyword(value)
                for i, cand in enumerate(cands):
                    raw = cand.attrs.get(name)
                    values = raw if isinstance(raw, list) else [raw]
                    if any(as_keyword(v) == wanted for v in values if v is not None):
                        factors[i] *= float(factor)
                        applied[i].append(f"{name} = {value} x{factor:g}")
        return factors, applied
