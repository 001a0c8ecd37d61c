"""The in-memory hybrid index of one database, kept level with `search_documents`.

Every row carries a change counter (`seq`). Before each search the index compares a fingerprint
of the table (row count, sum and max of `seq`) with its own: equal means up to date (one small
query); otherwise it loads rows newer than it has seen, and, if the fingerprints still differ (rows
deleted, or committed out of order), reconciles every key's `seq`. Rows hold analysed terms and
vectors, so loading never re-analyses text: a restart reproduces the same index and results.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, func, select, tuple_
from sqlalchemy.orm import Session

from bitgoeul.matching import userwords
from bitgoeul.matching.engine import BM25Params, DocKey, Document, Hit, HybridIndex, LexicalIndex
from bitgoeul.matching.engine.codec import decode_attrs
from bitgoeul.matching.kinds import FIELD_WEIGHTS, all_attributes, get_kind, record_id_of
from bitgoeul.matching.worker import decode_vector, embed_query_text

_CHUNK = 500


@dataclass(frozen=True)
class Meta:
    """What a result needs besides its score: titles and attributes, without loading the record."""

    title_ko: str
    title_en: str
    attrs: Mapping[str, object]


def _key(kind: str, stored_id: str) -> DocKey:
    spec = get_kind(kind)
    if spec is None:
        return (kind, stored_id)
    try:
        return (kind, record_id_of(spec, stored_id))
    except ValueError:
        return (kind, stored_id)


def canonical_terms(terms: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Fields in one fixed order (known ones first), so field numbering never depends on load order."""
    names = [n for n in FIELD_WEIGHTS if n in terms] + sorted(n for n in terms if n not in FIELD_WEIGHTS)
    return {n: [str(t) for t in terms[n]] for n in names}


class LiveIndex:
    """A `HybridIndex` plus titles and attributes of every record, synced from the database."""

    def __init__(self) -> None:
        lexical = LexicalIndex(BM25Params(field_weights=FIELD_WEIGHTS), attributes=all_attributes())
        # Number the shared fields once, in a fixed order, whatever record loads first (see canonical_terms).
        lexical.add(Document("_", "_", {}), {name: [] for name in FIELD_WEIGHTS})
        lexical.remove("_", "_")
        self.index = HybridIndex(embed=embed_query_text)
        # Assigned after construction: HybridIndex(lexical) tests `lexical or LexicalIndex()`, and an empty
        # index is falsy (it has __len__), so passing it would silently swap in default field weights.
        self.index.lexical = lexical
        self.meta: dict[DocKey, Meta] = {}
        self.seq_of: dict[DocKey, int] = {}
        self.lock = threading.RLock()
        self._fingerprint: tuple[int, int, int] | None = None
        self.vectors = 0

    # ------------------------------------------------------------------ syncing
    def sync(self, connection: Connection) -> None:
        """Catch up with the table (cheap when nothing changed)."""
        from bitgoeul.matching.models import SearchDocument as D

        with self.lock:
            # Queries must be cut with the same user dictionary as the records were.
            userwords.load(connection)
            row = connection.execute(
                select(func.count(D.id), func.coalesce(func.sum(D.seq), 0), func.coalesce(func.max(D.seq), 0))).one()
            remote = (int(row[0]), int(row[1]), int(row[2]))
            if remote == self._fingerprint:
                return
            newest = max(self.seq_of.values(), default=0)
            self._load(connection, [D.seq > newest])
            if self._local() != remote:
                self._reconcile(connection)
            self._fingerprint = self._local()

    def _local(self) -> tuple[int, int, int]:
        return (len(self.seq_of), sum(self.seq_of.values()), max(self.seq_of.values(), default=0))

    def _reconcile(self, connection: Connection) -> None:
        from bitgoeul.matching.models import SearchDocument as D

        remote = {_key(k, r): int(s) for k, r, s in connection.execute(select(D.kind, D.record_id, D.seq))}
        for key in [k for k in self.seq_of if k not in remote]:
            self._drop(key)
        stale = [(k[0], str(k[1])) for k, s in remote.items() if self.seq_of.get(k) != s]
        for start in range(0, len(stale), _CHUNK):
            self._load(connection, [tuple_(D.kind, D.record_id).in_(stale[start:start + _CHUNK])])

    def _load(self, connection: Connection, where: Sequence[Any]) -> None:
        from bitgoeul.matching.models import SearchDocument as D
        from bitgoeul.matching.models import SearchEmbedding as E

        statement = (select(D.kind, D.record_id, D.seq, D.title_ko, D.title_en, D.terms, D.attrs, E.vector)
                     .outerjoin(E, E.content_hash == D.passage_hash).where(*where).order_by(D.seq, D.id))
        for kind, record_id, seq, title_ko, title_en, terms, attrs, vector in connection.execute(statement):
            key = _key(kind, record_id)
            decoded = decode_attrs(attrs or {})
            vec = decode_vector(vector) if vector is not None else None
            if key in self.seq_of:
                self._drop(key)
            self.index.add(Document(key[0], key[1], {}, decoded), vec, terms=canonical_terms(terms or {}))
            self.meta[key] = Meta(title_ko or "", title_en or "", decoded)
            self.seq_of[key] = int(seq)
            self.vectors += vec is not None

    def _drop(self, key: DocKey) -> None:
        if self.has_vector(key):
            self.vectors -= 1
        self.index.remove(key[0], key[1])
        self.meta.pop(key, None)
        self.seq_of.pop(key, None)

    # ------------------------------------------------------------------ reading
    def has_vector(self, key: DocKey) -> bool:
        """Whether the record's vector has arrived."""
        slot = self.index.lexical.slot_of(key)
        return slot is not None and bool(self.index.vectors.present[slot])

    def vector_of(self, key: DocKey) -> npt.NDArray[np.float32] | None:
        """The record's stored passage vector, if it has one yet."""
        slot = self.index.lexical.slot_of(key)
        if slot is None or not self.index.vectors.present[slot]:
            return None
        return np.array(self.index.vectors.matrix[slot], np.float32)

    def search(self, query: str, *, top: int, filters: Mapping[str, object] | None = None,
               kinds: Iterable[str] | None = None, boosts: Mapping[str, Mapping[Any, float]] | None = None,
               query_vector: npt.NDArray[np.float32] | None = None, mode: str = "hybrid") -> tuple[list[Hit], str]:
        """Hits and the mode actually used ("lexical" until vectors exist or when the query can't be embedded)."""
        with self.lock:
            if self.vectors == 0 and mode == "hybrid":
                mode = "lexical"  # nothing to compare a query vector with: don't pay for embedding it
            hits = self.index.search(query, top=top, filters=filters, kinds=list(kinds) if kinds else None,
                                     boosts=boosts, query_vector=query_vector, mode=mode)
            if mode != "lexical" and query_vector is None and self.index.last_embedding_error:
                mode = "lexical"
            return hits, mode

    def pending(self) -> int:
        """Records still waiting for a vector."""
        return len(self.index.pending())

    def metas(self, keys: Iterable[DocKey]) -> dict[DocKey, Meta]:
        """Titles and attributes of these records (missing ones left out)."""
        return {key: meta for key in keys if (meta := self.meta.get(key)) is not None}


_lock = threading.Lock()
_indexes: dict[str, LiveIndex] = {}


def live_index(session: Session) -> LiveIndex:
    """The synced in-memory index of the session's database."""
    from bitgoeul.matching.indexing import flush_deferred

    flush_deferred(session)  # this transaction's own writes are searchable before it commits
    url = session.get_bind().engine.url.render_as_string(hide_password=False)
    with _lock:
        index = _indexes.get(url)
        if index is None:
            index = LiveIndex()
            _indexes[url] = index
    index.sync(session.connection())
    return index


def forget(url: str | None = None) -> None:
    """Drop in-memory indexes (all, or one database's): the next search rebuilds from the table, as after a restart."""
    with _lock:
        if url is None:
            _indexes.clear()
        else:
            _indexes.pop(url, None)
