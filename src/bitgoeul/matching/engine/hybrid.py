"""Lexical + dense search fused by a weighted sum of calibrated scores.

Measured on KorSTS paraphrase retrieval, weighted score fusion beat reciprocal-rank fusion
(which fell below dense alone). Each channel is mapped to [0, 1] by a fixed calibration (not
min-max over one query's candidates), so a record's score means the same in every result list,
before and after its vector exists, and the app shows it as 0-100 (`calibrate`). Records
without a vector yet (or a query whose embedding failed) keep their calibrated lexical score.
The older per-query min-max scaling (`fuse`) stays available as `FusionParams(scaling="minmax")`.
"""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from bitgoeul.matching.engine import hubness
from bitgoeul.matching.engine.attributes import FloatArray
from bitgoeul.matching.engine.dense import VectorRows
from bitgoeul.matching.engine.documents import DocKey, Document, Hit, QueryError, Reason
from bitgoeul.matching.engine.embedding import DIM, Vector, document_role, embed_documents, embed_query
from bitgoeul.matching.engine.lexical import LexicalIndex, QueryTerms, check_top, top_slots
from bitgoeul.matching.engine.validation import check_query

IntArray = npt.NDArray[np.int64]
_FORMAT = "bitgoeul-hybrid-1"


@dataclass(frozen=True)
class FusionParams:
    """How many candidates each side contributes, how much the dense side counts, and how each is calibrated.

    Calibration ("calibrated", the default): the lexical channel is the share of what the query's
    terms could score at most (BM25F / its bound, see `LexicalIndex.score_bound`), saturated as
    share / (share + `lexical_half`), so `lexical_half` is the share that counts as one half; the
    dense channel is a logistic curve of the cosine, one half at `dense_mid`, rising by e per
    `dense_spread`. Both are strictly increasing, so each channel alone ranks exactly as before.
    The constants are fixed and documented (docs/matching.md), not fitted per query.
    """

    dense_weight: float = 0.75  # best of a 0.5-0.95 sweep on KorSTS train (bench/matching_quality.py --tune)
    candidates: int = 100
    scaling: str = "calibrated"  # or "minmax": the per-query scaling of the KorSTS study
    lexical_half: float = 0.5
    dense_mid: float = 0.835
    dense_spread: float = 0.04

    def __post_init__(self) -> None:
        if self.scaling not in ("calibrated", "minmax"):
            raise ValueError("scaling must be 'calibrated' or 'minmax'")
        if not (self.lexical_half > 0 and self.dense_spread > 0):
            raise ValueError("lexical_half and dense_spread must be positive")


def calibrated_lexical(lexical: FloatArray, bound: float, half: float) -> FloatArray:
    """BM25F as a share of the query's bound, saturated into [0, 1): 0 without a query term."""
    if bound <= 0:
        return np.zeros_like(lexical)
    share = np.clip(lexical / bound, 0.0, 1.0)
    return np.asarray(share / (share + half))


def calibrated_dense(similarity: FloatArray, mid: float, spread: float) -> FloatArray:
    """Cosine similarity through a logistic curve: `mid` -> 0.5, strictly increasing, within (0, 1)."""
    return np.asarray(1.0 / (1.0 + np.exp(-(np.asarray(similarity, np.float64) - mid) / spread)))


def calibrate(lexical: FloatArray, bound: float, dense: FloatArray, has_vector: npt.NDArray[np.bool_],
              params: FusionParams) -> FloatArray:
    """Scores on one fixed 0-1 scale: the weighted sum of both calibrated channels where a vector
    exists, the calibrated lexical score where it does not (a record never waits on the worker)."""
    lex = calibrated_lexical(lexical, bound, params.lexical_half)
    fused = lex.copy()
    if has_vector.any():
        den = calibrated_dense(dense[has_vector], params.dense_mid, params.dense_spread)
        fused[has_vector] = params.dense_weight * den + (1.0 - params.dense_weight) * lex[has_vector]
    return fused


def apply_boosts(values: FloatArray, factors: FloatArray, scaling: str) -> FloatArray:
    """Boosts on a bounded scale: a factor f >= 1 closes 1 - 1/f of the gap to 1 (so 1.25 lifts 0.6 to
    0.68 and never past 1); a factor below 1 multiplies. Min-max scores are simply multiplied."""
    if scaling != "calibrated":
        return values * factors
    up = factors >= 1.0
    return np.where(up, 1.0 - (1.0 - values) / np.where(up, factors, 1.0), values * factors)


def fuse(lexical: FloatArray, dense: FloatArray, has_vector: npt.NDArray[np.bool_], dense_weight: float) -> FloatArray:
    """Weighted sum of min-max scaled scores over one query's candidates.

    Candidates without a vector keep their scaled lexical score, so a record is never
    punished for waiting on the embedding worker.
    """

    def scale(values: FloatArray) -> FloatArray:
        if not len(values):
            return values
        low, high = float(values.min()), float(values.max())
        if high <= low:
            return np.ones_like(values) if high > 0 else np.zeros_like(values)
        return (values - low) / (high - low)

    lex = scale(lexical)
    fused = lex.copy()
    if has_vector.any():
        den = np.zeros_like(lex)
        den[has_vector] = scale(dense[has_vector])
        fused[has_vector] = dense_weight * den[has_vector] + (1.0 - dense_weight) * lex[has_vector]
    return fused


def found(mode: str, lexical: FloatArray, values: FloatArray, has_vector: npt.NDArray[np.bool_],
          embedded: bool) -> npt.NDArray[np.bool_]:
    """Which candidates are results: those a channel found (a query term, or a vector), not those whose
    fused value is positive, since min-max scaling gives the weakest candidate 0 in both channels."""
    if mode == "dense":
        return np.ones(len(values), bool)
    if mode == "lexical" or not embedded:
        return np.asarray(values > 0)
    return np.asarray((lexical > 0) | has_vector)


class HybridIndex:
    """One index for every kind: BM25F over Kiwi terms plus e5 vectors, fused and explained.

    Vectors are given precomputed (`add(doc, vector)` or `set_vector`) so the database can
    store them; records without one are listed by `pending()` until a vector arrives.
    """

    def __init__(
        self,
        lexical: LexicalIndex | None = None,
        params: FusionParams | None = None,
        *,
        embed: Callable[[str], Vector] = embed_query,
        dim: int = DIM,
        exact_limit: int = 4000,
        symmetric: bool = False,
        hubness_k: int = 0,
    ) -> None:
        # `is None`, not truthiness: an empty index has len 0 and would be silently replaced.
        self.lexical = lexical if lexical is not None else LexicalIndex()
        self.params = params or FusionParams()
        self.embed = embed
        # Symmetric indexes (a sentence finding its paraphrases, "similar items") want record
        # vectors made with e5's "query: " prefix like the query's; search indexes (a need
        # finding solutions) want "passage: " records. Callers embed records themselves, so
        # this flag tells them which (`document_role`, `embed_documents`) and is saved.
        self.symmetric = symmetric
        # Opt-in CSLS hubness reduction for symmetric indexes (0 = off, plain cosine): dense
        # scores become 2 cos - r_q - r_d over each side's `hubness_k` nearest records. r_d
        # is recomputed lazily after writes, exactly up to `hubness.EXACT_LIMIT` records.
        self._hub: FloatArray | None = None
        self._hubness_k = 0
        self.hubness_k = hubness_k
        self.vectors = VectorRows(dim, exact_limit)
        self._pending: set[DocKey] = set()
        self.last_embedding_error: str | None = None

    def __len__(self) -> int:
        return len(self.lexical)

    @property
    def hubness_k(self) -> int:
        """Neighbours averaged for CSLS hubness reduction; 0 means plain cosine."""
        return self._hubness_k

    @hubness_k.setter
    def hubness_k(self, k: int) -> None:
        if isinstance(k, bool) or not isinstance(k, int) or k < 0:
            raise ValueError("hubness_k must be an int >= 0")
        self._hubness_k = k
        self._hub = None

    @property
    def document_role(self) -> str:
        """The e5 role ("query" or "passage") record vectors must be made with."""
        return document_role(self.symmetric)

    def embed_documents(self, texts: Sequence[str]) -> Vector:
        """Record vectors with the prefix this index expects (see `symmetric`)."""
        return embed_documents(texts, symmetric=self.symmetric)

    def add(
        self, doc: Document, vector: npt.ArrayLike | None = None, terms: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        """Index or replace a record; without a vector it is searchable lexically and pending."""
        old = self.lexical.slot_of(doc.key)
        if old is not None:
            self.vectors.clear(old)
        self._hub = None
        slot = self.lexical.add(doc, terms)
        self.vectors.grow(self.lexical.capacity())
        self.vectors.clear(slot)
        if vector is None:
            self._pending.add(doc.key)
        else:
            self.vectors.set(slot, vector)
            self._pending.discard(doc.key)

    def add_many(self, docs: Iterable[Document], vectors: Sequence[npt.ArrayLike | None] | None = None) -> None:
        """Index many records (analysed on all cores); `vectors` aligned with `docs` if given."""
        docs = list(docs)
        self._hub = None
        for doc in docs:
            old = self.lexical.slot_of(doc.key)
            if old is not None:
                self.vectors.clear(old)
        self.lexical.add_many(docs)
        self.vectors.grow(self.lexical.capacity())
        for i, doc in enumerate(docs):
            slot = self.lexical.slot_of(doc.key)
            assert slot is not None
            self.vectors.clear(slot)
            vector = vectors[i] if vectors is not None else None
            if vector is None:
                self._pending.add(doc.key)
            else:
                self.vectors.set(slot, vector)
                self._pending.discard(doc.key)

    def set_vector(self, key: DocKey, vector: npt.ArrayLike) -> None:
        """Attach a vector computed later (e.g. by the background worker)."""
        slot = self.lexical.slot_of(key)
        if slot is None:
            raise KeyError(key)
        self.vectors.set(slot, vector)
        self._hub = None
        self._pending.discard(key)

    def remove(self, kind: str, doc_id: str | int) -> bool:
        """Drop a record and its vector."""
        slot = self.lexical.slot_of((kind, doc_id))
        if slot is None:
            return False
        self.vectors.clear(slot)
        self._hub = None
        self._pending.discard((kind, doc_id))
        return self.lexical.remove(kind, doc_id)

    def pending(self) -> list[DocKey]:
        """Records still waiting for a vector (new, or whose embedding failed)."""
        return sorted(self._pending, key=lambda k: (k[0], str(k[1])))

    def search(
        self,
        query: str,
        top: int = 10,
        filters: Mapping[str, object] | None = None,
        kinds: Iterable[str] | str | None = None,
        boosts: Mapping[str, Mapping[Any, float]] | None = None,
        *,
        query_vector: Vector | None = None,
        mode: str = "hybrid",
    ) -> list[Hit]:
        """Best `top` records; `mode` is "hybrid", "lexical" or "dense".

        If embedding the query fails, results are lexical and `last_embedding_error` says why.
        """
        if mode not in ("hybrid", "lexical", "dense"):
            raise QueryError("mode must be hybrid, lexical or dense")
        text = check_query(query)
        top = check_top(top)
        lex = self.lexical
        mask, applied = lex.candidate_mask(filters, kinds)
        qterms = lex.analyse_query(text) if mode != "dense" else QueryTerms([], {})
        scores = lex.scores(qterms) if mode != "dense" else np.zeros(len(mask))
        qvec = None if mode == "lexical" else self._query_vector(text, query_vector)
        if qvec is None and mode == "dense":
            return []

        n_cand = max(self.params.candidates, top)
        lex_slots = np.flatnonzero(mask & (scores > 0))
        if len(lex_slots) > n_cand:
            lex_slots = lex_slots[np.argpartition(-scores[lex_slots], n_cand - 1)[:n_cand]]
        dense_slots = np.zeros(0, np.int64)
        if qvec is not None:
            dense_slots, _ = self.vectors.nearest(qvec, n_cand, mask, focus=top)
        slots = np.union1d(lex_slots, dense_slots)
        has_vec = self.vectors.present[slots] if qvec is not None else np.zeros(len(slots), bool)
        sims = np.zeros(len(slots))
        if qvec is not None and has_vec.any():
            sims[has_vec] = self.vectors.similarities(qvec, slots[has_vec])
        dense_values = sims
        if qvec is not None and self.hubness_k > 0 and has_vec.any():
            r_docs = self._doc_hubness()
            if r_docs is not None:
                # r_q over the query's dense candidates (its nearest records), r_d precomputed.
                r_query = hubness.query_mean(sims[has_vec], self.hubness_k)
                dense_values = np.zeros(len(slots))
                dense_values[has_vec] = hubness.csls(sims[has_vec], r_query, r_docs[slots[has_vec]])

        params = self.params
        calibrated = params.scaling == "calibrated"
        bound = lex.score_bound(qterms)
        if mode == "lexical" or qvec is None:
            values = calibrated_lexical(scores[slots], bound, params.lexical_half) if calibrated else scores[slots]
        elif mode == "dense":
            slots, sims, values = slots[has_vec], sims[has_vec], dense_values[has_vec].copy()
            has_vec = has_vec[has_vec]
            if calibrated:
                values = calibrated_dense(values, params.dense_mid, params.dense_spread)
        elif calibrated:
            values = calibrate(scores[slots], bound, dense_values, has_vec, params)
        else:
            values = fuse(scores[slots], dense_values, has_vec, params.dense_weight)
        if boosts:
            values = apply_boosts(values, lex.store.boost_factors(boosts, slots)[0], params.scaling)
        keep = found(mode, scores[slots], values, has_vec, qvec is not None)
        chosen = top_slots(slots[keep], values[keep], top, lex.slot_keys)
        boosted = lex.boost_reasons(boosts, [s for s, _ in chosen])
        sim_of = dict(zip(slots.tolist(), sims.tolist(), strict=True))
        vec_of = dict(zip(slots.tolist(), has_vec.tolist(), strict=True))
        hits = []
        for (slot, value), why in zip(chosen, boosted, strict=True):
            hit = lex.explain_hit(slot, value, qterms, applied, why)
            hit.lexical = float(scores[slot])
            if vec_of.get(slot):
                hit.semantic = sim_of[slot]
                hit.reasons.insert(0, Reason("semantic", value=sim_of[slot]))
            hits.append(hit)
        return hits

    def _doc_hubness(self) -> FloatArray | None:
        """r_d per slot (0 for rows without a vector), or None when the index is too big."""
        if self._hub is None:
            rows = np.flatnonzero(self.vectors.present)
            if len(rows) > hubness.EXACT_LIMIT:
                return None
            hub = np.zeros(len(self.vectors.present))
            hub[rows] = hubness.neighbour_means(self.vectors.matrix[rows], self.hubness_k)
            self._hub = hub
        return self._hub

    def _query_vector(self, text: str, given: Vector | None) -> Vector | None:
        if given is not None:
            return np.asarray(given, np.float32)
        try:
            vector = np.asarray(self.embed(text), np.float32)
            if vector.shape != (self.vectors.dim,) or not np.all(np.isfinite(vector)):
                raise ValueError(f"embedding has shape {vector.shape}")
        except Exception as exc:  # any embedder failure degrades to lexical search
            self.last_embedding_error = f"{type(exc).__name__}: {exc}"
            return None
        self.last_embedding_error = None
        return vector

    # ------------------------------------------------------------------ persistence
    def to_bytes(self) -> bytes:
        """Lexical index, vectors and pending keys in one blob; no pickle."""
        keys = self.lexical.keys()
        with_vec = [k for k in keys if self.vectors.present[self.lexical.slot_of(k) or 0]]
        rows = [self.lexical.slot_of(k) or 0 for k in with_vec]
        header = {
            "format": _FORMAT,
            "params": dataclasses.asdict(self.params),
            "vector_keys": [list(k) for k in with_vec],
            "pending": [list(k) for k in self.pending()],
            "dim": self.vectors.dim,
            "exact_limit": self.vectors.exact_limit,
            "symmetric": self.symmetric,
            "hubness_k": self.hubness_k,
        }
        buf = io.BytesIO()
        centre = self.vectors.centre if self.vectors.centre is not None else np.zeros(0, np.float32)
        np.savez(
            buf,
            centre=centre,
            header=np.frombuffer(json.dumps(header, ensure_ascii=False).encode(), np.uint8),
            lexical=np.frombuffer(self.lexical.to_bytes(), np.uint8),
            matrix=self.vectors.matrix[rows] if rows else np.zeros((0, self.vectors.dim), np.float32),
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(
        cls, data: bytes, *, embed: Callable[[str], Vector] = embed_query, **lexical_kwargs: Any
    ) -> HybridIndex:
        """Inverse of `to_bytes`; the analyser, glossary and embedder are not saved."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as npz:
                header = json.loads(npz["header"].tobytes().decode())
                lexical_blob = npz["lexical"].tobytes()
                matrix = npz["matrix"]
                centre = npz["centre"]
        except (OSError, ValueError, KeyError) as exc:
            raise ValueError(f"not a saved hybrid index ({exc})") from exc
        if header.get("format") != _FORMAT:
            raise ValueError("not a saved hybrid index")
        lexical = LexicalIndex.from_bytes(lexical_blob, **lexical_kwargs)
        index = cls(
            lexical,
            FusionParams(**header["params"]),
            embed=embed,
            dim=header["dim"],
            exact_limit=header["exact_limit"],
            symmetric=bool(header.get("symmetric", False)),  # absent in indexes saved before the flag
            hubness_k=int(header.get("hubness_k", 0)),  # likewise: older blobs mean "off"
        )
        index.vectors.grow(lexical.capacity())
        if len(centre):
            index.vectors.set_centre(centre)
        for (kind, doc_id), vec in zip(header["vector_keys"], matrix, strict=True):
            index.set_vector((kind, doc_id), vec)
        index._pending = {(kind, doc_id) for kind, doc_id in header["pending"]}
        return index
