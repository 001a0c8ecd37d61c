"""BM25F over Kiwi index terms, with field weights, filters, boosts and explanations.

Postings live in two CSR segments (term -> slots, with a tf column per field): a large
"main" segment rebuilt rarely and a small "delta" segment holding records added since.
Deleted records are masked until the next merge. Both segments are scored by the same
numpy code, so a record scores bit-for-bit the same wherever it lives; that is what keeps
results identical after a restart or after deleting and re-adding a record.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from bitgoeul.matching.engine.attributes import AttributeStore, BoolArray, FloatArray
from bitgoeul.matching.engine.codec import decode_attrs, encode_attrs
from bitgoeul.matching.engine.documents import DocId, DocKey, Document, Hit, QueryError, Reason, sort_key
from bitgoeul.matching.engine.validation import check_query
from bitgoeul.text.analyse import index_terms, index_terms_many
from bitgoeul.text.glossary import Glossary, default_glossary

IntArray = npt.NDArray[np.int64]
Analyser = Callable[[str], list[str]]
_FORMAT = "bitgoeul-lexical-1"
_IMPACT_CACHE_POSTINGS = 4_000_000  # at most ~32 MB of cached per-posting weights


@dataclass(frozen=True)
class BM25Params:
    """BM25F knobs. Title outweighs body: a term in a title says more about the record."""

    k1: float = 1.2
    b: float = 0.75
    field_weights: Mapping[str, float] = field(default_factory=lambda: {"title": 3.0, "summary": 1.5, "body": 1.0})
    default_field_weight: float = 1.0
    # Weight of query terms added by the glossary (the other language's words).
    expansion_weight: float = 0.5

    def weight(self, name: str) -> float:
        """The weight of a field, falling back to the default for unnamed fields."""
        return float(self.field_weights.get(name, self.default_field_weight))


@dataclass
class _Segment:
    indptr: IntArray  # term id -> start in slots/tf; terms beyond len-1 have no postings
    slots: IntArray
    tf: npt.NDArray[np.float32]  # (nnz, fields at build time)

    def postings(self, tid: int) -> tuple[IntArray, npt.NDArray[np.float32]]:
        if tid + 1 >= len(self.indptr):
            return self.slots[:0], self.tf[:0]
        start, end = int(self.indptr[tid]), int(self.indptr[tid + 1])
        return self.slots[start:end], self.tf[start:end]


def _empty_segment() -> _Segment:
    return _Segment(np.zeros(1, np.int64), np.zeros(0, np.int64), np.zeros((0, 0), np.float32))


@dataclass
class QueryTerms:
    """An analysed query: (term id, weight) to score, plus where each term came from."""

    weighted: list[tuple[int, float]]
    origin: dict[str, str]  # term -> "" for the user's words, else the glossary phrase it came from


@dataclass
class _DocTerms:
    tids: npt.NDArray[np.int32]
    fids: npt.NDArray[np.int16]
    tfs: npt.NDArray[np.int32]


class LexicalIndex:
    """An in-memory BM25F index of `Document`s of any kind, searchable with filters.

    Not thread-safe for writes: callers serialise add/remove (reads may run between them).
    """

    def __init__(
        self,
        params: BM25Params | None = None,
        *,
        analyse: Analyser = index_terms,
        glossary: Glossary | None = None,
        attributes: Iterable[str] = (),
        merge_ratio: float = 0.1,
        merge_min: int = 20_000,
    ) -> None:
        self.params = params or BM25Params()
        self.analyse = analyse
        self.glossary = default_glossary() if glossary is None else glossary
        # The delta segment is folded into main once its postings (plus deletions) exceed
        # max(merge_min, merge_ratio * main postings): rebuilds stay rare and amortised.
        self.merge_ratio = merge_ratio
        self.merge_min = merge_min
        self._fields: list[str] = []
        self._field_idx: dict[str, int] = {}
        self._vocab: dict[str, int] = {}
        self._terms: list[str] = []
        self._df = np.zeros(0, np.int64)
        self._keys: list[DocKey | None] = []
        self._slot_of: dict[DocKey, int] = {}
        self._kinds: dict[str, set[int]] = {}
        self._kind_arrays: dict[str, IntArray] = {}
        self._attrs: list[Mapping[str, object] | None] = []
        self._doc_terms: list[_DocTerms | None] = []
        self._alive = np.zeros(0, bool)
        self._doc_len = np.zeros((0, 0), np.float64)
        self._total_len: list[int] = []
        self._n_docs = 0
        self._free: list[int] = []
        self._main = _empty_segment()
        self._delta_slots: list[int] = []
        self._delta: _Segment | None = _empty_segment()
        self._dead_in_main = 0
        self._norm: FloatArray | None = None  # cached BM25 length normalisation per slot/field
        # Saturated per-posting term weights, keyed by (segment, term id); dropped whenever the
        # normalisation or a segment changes. Values are computed by the same code either way,
        # so caching never changes a score by a bit.
        self._impacts: dict[tuple[int, int], FloatArray] = {}
        self._impact_postings = 0
        self.store = AttributeStore()
        self.store.declare(attributes)

    # ------------------------------------------------------------------ writing
    def __len__(self) -> int:
        return self._n_docs

    def __contains__(self, key: object) -> bool:
        return key in self._slot_of

    def keys(self) -> list[DocKey]:
        """Keys of all indexed records, in slot order."""
        return [k for k in self._keys if k is not None]

    def slot_of(self, key: DocKey) -> int | None:
        """The internal row of a record (stable until the process restarts)."""
        return self._slot_of.get(key)

    def capacity(self) -> int:
        """Number of slots, live or free; arrays aligned to slots have this length."""
        return len(self._keys)

    @property
    def slot_keys(self) -> Sequence[DocKey | None]:
        """Record key per slot (None for free slots); a live view, do not modify."""
        return self._keys

    def add(self, doc: Document, terms: Mapping[str, Sequence[str]] | None = None) -> int:
        """Index `doc` (replacing any record with the same kind and id); return its slot.

        `terms` may carry already analysed field terms (e.g. cached by the database layer).
        """
        _check_document(doc)
        if terms is None:
            terms = {name: self.analyse(text) for name, text in doc.fields.items()}
        return self._insert(doc, terms)

    def add_many(self, docs: Iterable[Document]) -> None:
        """Index many records, analysing their texts on all cores when the default analyser is used."""
        docs = list(docs)
        for doc in docs:
            _check_document(doc)
        if self.analyse is not index_terms:
            for doc in docs:
                self.add(doc)
            return
        texts = [text for doc in docs for text in doc.fields.values()]
        analysed = iter(index_terms_many(texts))
        for doc in docs:
            self._insert(doc, {name: next(analysed) for name in doc.fields})

    def update(self, doc: Document) -> int:
        """Same as `add`: the old version of the record is replaced."""
        return self.add(doc)

    def remove(self, kind: str, doc_id: DocId) -> bool:
        """Drop a record; False if it was not indexed."""
        slot = self._slot_of.pop((kind, doc_id), None)
        if slot is None:
            return False
        doc_terms = self._doc_terms[slot]
        assert doc_terms is not None
        np.subtract.at(self._df, np.unique(doc_terms.tids), 1)
        for f in range(self._doc_len.shape[1]):
            self._total_len[f] -= int(self._doc_len[slot, f])
        self._doc_len[slot] = 0.0
        attrs = self._attrs[slot]
        assert attrs is not None
        self.store.drop(slot, attrs)
        self._kinds[kind].discard(slot)
        self._kind_arrays.pop(kind, None)
        self._keys[slot] = None
        self._attrs[slot] = None
        self._doc_terms[slot] = None
        self._alive[slot] = False
        self._n_docs -= 1
        if slot in self._delta_slots:
            self._delta_slots.remove(slot)
            self._delta = None
        else:
            self._dead_in_main += 1
        self._norm = None
        return True

    def _insert(self, doc: Document, terms: Mapping[str, Sequence[str]]) -> int:
        if doc.key in self._slot_of:
            self.remove(doc.kind, doc.id)
        slot = self._allocate()
        tids: list[int] = []
        fids: list[int] = []
        tfs: list[int] = []
        lengths: dict[int, int] = {}
        for name, field_terms in terms.items():
            fid = self._field_id(name)
            lengths[fid] = len(field_terms)
            for term, count in sorted(Counter(field_terms).items()):
                tids.append(self._term_id(term))
                fids.append(fid)
                tfs.append(count)
        doc_terms = _DocTerms(np.array(tids, np.int32), np.array(fids, np.int16), np.array(tfs, np.int32))
        np.add.at(self._df, np.unique(doc_terms.tids), 1)
        for fid, length in lengths.items():
            self._doc_len[slot, fid] = length
            self._total_len[fid] += length
        self._keys[slot] = doc.key
        self._slot_of[doc.key] = slot
        self._kinds.setdefault(doc.kind, set()).add(slot)
        self._kind_arrays.pop(doc.kind, None)
        attrs = dict(doc.attrs)
        self._attrs[slot] = attrs
        self.store.put(slot, attrs)
        self._doc_terms[slot] = doc_terms
        self._alive[slot] = True
        self._n_docs += 1
        self._delta_slots.append(slot)
        self._delta = None
        self._norm = None
        return slot

    def _allocate(self) -> int:
        if self._free:
            return self._free.pop()
        slot = len(self._keys)
        self._keys.append(None)
        self._attrs.append(None)
        self._doc_terms.append(None)
        if slot >= len(self._alive):
            capacity = max(16, 2 * len(self._alive))
            self._alive = np.concatenate([self._alive, np.zeros(capacity - len(self._alive), bool)])
            grown = np.zeros((capacity, self._doc_len.shape[1]))
            grown[: len(self._doc_len)] = self._doc_len
            self._doc_len = grown
            self.store.grow(capacity)
        return slot

    def _field_id(self, name: str) -> int:
        fid = self._field_idx.get(name)
        if fid is None:
            fid = len(self._fields)
            self._fields.append(name)
            self._field_idx[name] = fid
            self._total_len.append(0)
            self._doc_len = np.concatenate([self._doc_len, np.zeros((len(self._doc_len), 1))], axis=1)
        return fid

    def _term_id(self, term: str) -> int:
        tid = self._vocab.get(term)
        if tid is None:
            tid = len(self._terms)
            self._vocab[term] = tid
            self._terms.append(term)
            if tid >= len(self._df):
                self._df = np.concatenate([self._df, np.zeros(max(64, len(self._df)), np.int64)])
        return tid

    # ------------------------------------------------------------------ segments
    def _build(self, slots: Sequence[int]) -> _Segment:
        n_fields = len(self._fields)
        parts = [(s, self._doc_terms[s]) for s in slots]
        live = [(s, d) for s, d in parts if d is not None and len(d.tids)]
        if not live:
            return _Segment(np.zeros(1, np.int64), np.zeros(0, np.int64), np.zeros((0, n_fields), np.float32))
        tids = np.concatenate([d.tids for _, d in live]).astype(np.int64)
        fids = np.concatenate([d.fids for _, d in live]).astype(np.int64)
        tfs = np.concatenate([d.tfs for _, d in live])
        owner = np.concatenate([np.full(len(d.tids), s, np.int64) for s, d in live])
        order = np.lexsort((owner, tids))
        tids, fids, tfs, owner = tids[order], fids[order], tfs[order], owner[order]
        new_pair = np.ones(len(tids), bool)
        new_pair[1:] = (tids[1:] != tids[:-1]) | (owner[1:] != owner[:-1])
        pair = np.cumsum(new_pair) - 1
        n_pairs = int(pair[-1]) + 1
        tf = np.zeros((n_pairs, n_fields), np.float32)
        tf[pair, fids] = tfs
        pair_tid = tids[new_pair]
        pair_slot = owner[new_pair]
        counts = np.bincount(pair_tid, minlength=len(self._terms))
        indptr = np.zeros(len(self._terms) + 1, np.int64)
        np.cumsum(counts, out=indptr[1:])
        return _Segment(indptr, pair_slot, tf)

    def merge(self) -> None:
        """Fold the delta segment and deletions into the main segment."""
        live = np.flatnonzero(self._alive[: len(self._keys)])
        self._main = self._build(live.tolist())
        self._free = sorted(
            set(self._free) | {s for s in range(len(self._keys)) if self._keys[s] is None},
            reverse=True,  # pop() hands out the lowest free slot first
        )
        self._delta_slots = []
        self._delta = _empty_segment()
        self._dead_in_main = 0
        self._drop_impacts()

    def _segments(self) -> list[_Segment]:
        main_size = max(len(self._main.slots), 1)
        pending = sum(len(d.tids) for s in self._delta_slots if (d := self._doc_terms[s]) is not None)
        if pending + self._dead_in_main > max(self.merge_min, self.merge_ratio * main_size):
            self.merge()
        if self._delta is None:
            self._delta = self._build(self._delta_slots)
            self._drop_impacts()
        return [self._main, self._delta]

    def _drop_impacts(self) -> None:
        self._impacts = {}
        self._impact_postings = 0

    def _impact(self, seg_no: int, seg: _Segment, tid: int, norm: FloatArray) -> tuple[IntArray, FloatArray]:
        """Slots holding `tid` in `seg` and their saturated BM25F weight (before idf), cached."""
        slots, tf = seg.postings(tid)
        cached = self._impacts.get((seg_no, tid))
        if cached is not None:
            return slots, cached
        k1 = self.params.k1
        # Sum fields one at a time so the float operations are the same in every segment.
        pseudo = np.zeros(len(slots))
        for f in range(tf.shape[1]):
            pseudo += tf[:, f] * norm[slots, f]
        impact = pseudo * (k1 + 1.0) / (pseudo + k1)
        if self._impact_postings + len(impact) > _IMPACT_CACHE_POSTINGS:
            self._drop_impacts()
        self._impacts[(seg_no, tid)] = impact
        self._impact_postings += len(impact)
        return slots, impact

    # ------------------------------------------------------------------ scoring
    def _normaliser(self) -> FloatArray:
        """Per slot and field: field weight / (1 - b + b * length / average length)."""
        if self._norm is None:
            self._drop_impacts()
            b = self.params.b
            n = max(self._n_docs, 1)
            norm = np.zeros_like(self._doc_len)
            for f, name in enumerate(self._fields):
                avg = self._total_len[f] / n
                if avg <= 0:
                    continue
                norm[:, f] = self.params.weight(name) / (1.0 - b + b * self._doc_len[:, f] / avg)
            self._norm = norm
        return self._norm

    def analyse_query(self, query: str) -> QueryTerms:
        """Index terms of the query plus glossary expansions, restricted to known terms."""
        terms = self.analyse(query)
        counts = Counter(terms)
        origin: dict[str, str] = dict.fromkeys(counts, "")
        weights: dict[str, float] = {t: float(c) for t, c in counts.items()}
        if self.glossary is not None:
            for exp in self.glossary.expansions(terms, self.analyse):
                for term in exp.terms:
                    if term not in weights:
                        weights[term] = self.params.expansion_weight
                        origin[term] = f"{exp.source} -> {exp.target}"
        weighted = []
        for term, weight in weights.items():
            tid = self._vocab.get(term)
            if tid is not None and self._df[tid] > 0:
                weighted.append((tid, weight))
        return QueryTerms(weighted, origin)

    def score_bound(self, qterms: QueryTerms) -> float:
        """The most any record could score for this query: each term's weight x idf x (k1 + 1), the
        limit of BM25's saturation. Calibration divides by it, so scores do not depend on query length."""
        return bound_of([weight * self.idf(tid) for tid, weight in qterms.weighted], self.params.k1)

    def idf(self, tid: int) -> float:
        """Robertson-Sparck Jones idf, kept positive (Lucene's form)."""
        df = float(self._df[tid])
        return math.log(1.0 + (self._n_docs - df + 0.5) / (df + 0.5))

    def scores(self, qterms: QueryTerms) -> FloatArray:
        """BM25F score of every slot (zeros for slots without a query term)."""
        norm = self._normaliser()
        scores = np.zeros(len(self._alive))
        for tid, weight in qterms.weighted:
            idf = weight * self.idf(tid)
            for seg_no, seg in enumerate(self._segments()):
                slots, impact = self._impact(seg_no, seg, tid, norm)
                if len(slots):
                    scores[slots] += idf * impact
        scores[~self._alive] = 0.0
        return scores

    def candidate_mask(
        self, filters: Mapping[str, object] | None, kinds: Iterable[str] | None
    ) -> tuple[BoolArray, list[str]]:
        """Live slots passing the filters and kinds, and the reasons describing them."""
        mask = self._alive.copy()
        applied: list[str] = []
        if filters:
            if not isinstance(filters, Mapping):
                raise QueryError("filters must be a mapping of attribute -> condition")
            part, applied = self.store.filter_mask(filters)
            mask &= part
        if kinds is not None:
            if isinstance(kinds, str):
                kinds = [kinds]
            kinds = list(kinds)
            kmask = np.zeros(len(mask), bool)
            for kind in kinds:
                slots = self._kind_arrays.get(kind)
                if slots is None:
                    slots = np.fromiter(self._kinds.get(kind, ()), np.int64)
                    self._kind_arrays[kind] = slots
                kmask[slots] = True
            mask &= kmask
            applied.append(f"kind in [{', '.join(kinds)}]")
        return mask, applied

    def search(
        self,
        query: str,
        top: int = 10,
        filters: Mapping[str, object] | None = None,
        kinds: Iterable[str] | str | None = None,
        boosts: Mapping[str, Mapping[Any, float]] | None = None,
    ) -> list[Hit]:
        """Best `top` records for `query`, explained; raises `QueryError` on bad input."""
        text = check_query(query)
        top = check_top(top)
        mask, applied = self.candidate_mask(filters, kinds)
        qterms = self.analyse_query(text)
        scores = self.scores(qterms)
        mask &= scores > 0
        slots = np.flatnonzero(mask)
        values = scores[slots]
        if boosts:
            values = values * self.store.boost_factors(boosts, slots)[0]
        chosen = top_slots(slots, values, top, self._keys)
        boosted = self.boost_reasons(boosts, [s for s, _ in chosen])
        return [self.explain_hit(s, v, qterms, applied, why) for (s, v), why in zip(chosen, boosted, strict=True)]

    def boost_reasons(self, boosts: Mapping[str, Mapping[Any, float]] | None, slots: Sequence[int]) -> list[list[str]]:
        """For each slot, the boosts that changed its score."""
        if not boosts:
            return [[] for _ in slots]
        return self.store.boost_factors(boosts, np.array(slots, np.int64))[1]

    def explain_hit(self, slot: int, score: float, qterms: QueryTerms, applied: list[str], boosts: list[str]) -> Hit:
        key = self._keys[slot]
        assert key is not None
        matched = self.matched_terms(slot, qterms)
        return Hit(kind=key[0], id=key[1], score=score, reasons=explain(matched, qterms.origin, applied, boosts),
                   matched_terms=matched)

    def matched_terms(self, slot: int, qterms: QueryTerms) -> dict[str, list[str]]:
        """Field name -> query terms found in that field of the record in `slot`."""
        doc_terms = self._doc_terms[slot]
        if doc_terms is None:
            return {}
        # Only the record's postings that are query terms are walked in Python.
        wanted = np.zeros(len(self._terms), bool)
        wanted[[tid for tid, _ in qterms.weighted]] = True
        hit = wanted[doc_terms.tids]
        fields_of: dict[int, list[int]] = {}
        for tid, fid in zip(doc_terms.tids[hit].tolist(), doc_terms.fids[hit].tolist(), strict=True):
            fields_of.setdefault(tid, []).append(fid)
        by_field: dict[int, list[str]] = {}
        for tid, _ in qterms.weighted:  # query order, so explanations read like the query
            for fid in fields_of.get(tid, ()):
                by_field.setdefault(fid, []).append(self._terms[tid])
        return {self._fields[fid]: by_field[fid] for fid in sorted(by_field)}

    # ------------------------------------------------------------------ persistence
    def to_bytes(self) -> bytes:
        """Serialise the whole index (terms, statistics, attributes); no pickle."""
        live = [s for s in range(len(self._keys)) if self._keys[s] is not None]
        used = sorted({int(t) for s in live if (d := self._doc_terms[s]) is not None for t in d.tids})
        remap = np.full(len(self._terms), -1, np.int64)
        remap[used] = np.arange(len(used))
        header = {
            "format": _FORMAT,
            "params": {
                "k1": self.params.k1,
                "b": self.params.b,
                "field_weights": dict(self.params.field_weights),
                "default_field_weight": self.params.default_field_weight,
                "expansion_weight": self.params.expansion_weight,
            },
            "fields": self._fields,
            "terms": [self._terms[t] for t in used],
            "declared": sorted(self.store.known()),
            "docs": [
                {
                    "kind": key[0],
                    "id": key[1],
                    "attrs": encode_attrs(self._attrs[s] or {}),
                    "len": [int(x) for x in self._doc_len[s]],
                }
                for s in live
                if (key := self._keys[s]) is not None
            ],
        }
        docs = [self._doc_terms[s] for s in live]
        arrays = {
            "header": np.frombuffer(json.dumps(header, ensure_ascii=False).encode(), np.uint8),
            "counts": np.array([len(d.tids) if d else 0 for d in docs], np.int64),
            "tids": remap[np.concatenate([d.tids for d in docs if d] or [np.zeros(0, np.int32)])],
            "fids": np.concatenate([d.fids for d in docs if d] or [np.zeros(0, np.int16)]),
            "tfs": np.concatenate([d.tfs for d in docs if d] or [np.zeros(0, np.int32)]),
        }
        buf = io.BytesIO()
        np.savez_compressed(buf, **arrays)
        return buf.getvalue()

    @classmethod
    def from_bytes(
        cls, data: bytes, *, analyse: Analyser = index_terms, glossary: Glossary | None = None
    ) -> LexicalIndex:
        """Rebuild an index saved with `to_bytes`; the analyser and glossary are not saved."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as npz:
                header = json.loads(npz["header"].tobytes().decode())
                counts, tids, fids, tfs = npz["counts"], npz["tids"], npz["fids"], npz["tfs"]
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            raise ValueError(f"not a saved lexical index ({exc})") from exc
        if header.get("format") != _FORMAT:
            raise ValueError(f"not a saved lexical index (format {header.get('format')!r})")
        params = BM25Params(**header["params"])
        index = cls(params, analyse=analyse, glossary=glossary, attributes=header["declared"])
        for name in header["fields"]:
            index._field_id(name)
        terms: list[str] = header["terms"]
        offsets = np.concatenate([[0], np.cumsum(counts)])
        for i, row in enumerate(header["docs"]):
            start, end = int(offsets[i]), int(offsets[i + 1])
            field_terms: dict[str, list[str]] = {}
            for t, f, c in zip(tids[start:end], fids[start:end], tfs[start:end], strict=True):
                field_terms.setdefault(header["fields"][int(f)], []).extend([terms[int(t)]] * int(c))
            # Fields present with zero terms keep their (zero) length entry.
            for f, length in enumerate(row["len"]):
                if length == 0 and f < len(header["fields"]):
                    field_terms.setdefault(header["fields"][f], [])
            doc = Document(row["kind"], row["id"], {}, decode_attrs(row["attrs"]))
            index._insert(doc, field_terms)
        index.merge()
        return index


def _check_document(doc: Document) -> None:
    if not isinstance(doc.kind, str) or not doc.kind:
        raise ValueError("document kind must be a non-empty string")
    if isinstance(doc.id, bool) or not isinstance(doc.id, str | int):
        raise ValueError("document id must be a string or an integer")
    for name, text in doc.fields.items():
        if not isinstance(name, str) or not isinstance(text, str):
            raise ValueError(f"document field {name!r} must be text")


def bound_of(weighted_idfs: Iterable[float], k1: float) -> float:
    """Sum of weight x idf over the query's terms, times BM25's saturation limit k1 + 1."""
    return float(sum(weighted_idfs)) * (k1 + 1.0)


def explain(matched: Mapping[str, Sequence[str]], origin: Mapping[str, str], applied: Sequence[str],
            boosts: Sequence[str]) -> list[Reason]:
    """Structured reasons: terms per field, glossary pairs used, filters and boosts applied."""
    reasons = [Reason("terms", field=name, terms=tuple(terms)) for name, terms in matched.items()]
    via = sorted({origin[t] for ts in matched.values() for t in ts if origin.get(t)})
    reasons += [Reason("glossary", terms=tuple(v.split(" -> "))) for v in via]
    reasons += [Reason("filter", terms=(a,)) for a in applied]
    reasons += [Reason("boost", terms=(b,)) for b in boosts]
    return reasons


def check_top(top: object) -> int:
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= 1000:
        raise QueryError("top must be an integer between 1 and 1000")
    return top


def top_slots(slots: IntArray, values: FloatArray, top: int, keys: Sequence[DocKey | None]) -> list[tuple[int, float]]:
    """The `top` (slot, score) pairs, best first; equal scores ordered by kind and id."""
    if len(slots) > top:
        # Keep everything tied with the k-th score so the tie-break sees all of them.
        kth = np.partition(values, len(values) - top)[len(values) - top]
        keep = values >= kth
        slots, values = slots[keep], values[keep]
    pairs = list(zip(slots.tolist(), values.tolist(), strict=True))

    def order(item: tuple[int, float]) -> tuple[float, tuple[str, int, int, str]]:
        key = keys[item[0]]
        assert key is not None
        return (-item[1], sort_key(*key))

    pairs.sort(key=order)
    return pairs[:top]
