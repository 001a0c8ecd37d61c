"""Keeping `search_documents` current: session hooks on registered models, explicit calls, full reindex.

Why session hooks rather than calls from each service: every write path (services, demo loader,
CLI imports, other capabilities' code) goes through a SQLAlchemy session, so hooks cannot be
forgotten. Rows are written in the same transaction as the record (after the flush), so the index
never disagrees with committed data; embedding is queued only after the commit.
Writes that bypass the ORM (bulk Core statements, FK cascades in the database) are caught by
`bitgoeul match reindex`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, event, func, insert, inspect, select, tuple_, update
from sqlalchemy.orm import Session, UOWTransaction

from bitgoeul.core.db import utcnow
from bitgoeul.matching.engine import Document, content_hash, passage_text
from bitgoeul.matching.engine.codec import encode_attrs
from bitgoeul.matching.kinds import SearchKind, kind_for, kinds
from bitgoeul.text import index_terms, index_terms_many

log = logging.getLogger(__name__)

_INFO_PENDING = "bitgoeul.search.pending"  # instances to (re)index after this flush
_INFO_DELETED = "bitgoeul.search.deleted"  # (kind, record_id) to drop after this flush
_INFO_QUEUE = "bitgoeul.search.queue"  # set when new texts need vectors: enqueue after commit
_CHUNK = 500
_installed = False


@dataclass
class Prepared:
    """A record turned into what the table stores (terms analysed only when the content changed)."""

    kind: str
    record_id: str
    content_hash: str
    passage: str
    passage_hash: str
    title_ko: str
    title_en: str
    document: Document


def document_hash(doc: Document, title: tuple[str, str]) -> str:
    """Hash of everything the index stores for a record: same hash, same row."""
    payload = json.dumps({"f": doc.fields, "a": encode_attrs(doc.attrs), "t": list(title)},
                         ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def prepare(spec: SearchKind, record: Any) -> Prepared:
    """The document of a record of `spec`, with its hashes."""
    doc = spec.to_document(record)
    title_ko, title_en = spec.title_of(record)
    passage = passage_text(doc.fields)
    return Prepared(kind=spec.kind, record_id=str(doc.id), content_hash=document_hash(doc, (title_ko, title_en)),
                    passage=passage, passage_hash=content_hash(passage), title_ko=title_ko[:300],
                    title_en=title_en[:300], document=doc)


def analyse(docs: Sequence[Document]) -> list[dict[str, list[str]]]:
    """Index terms per field; big batches on all cores."""
    if len(docs) < 8:
        return [{name: index_terms(text) for name, text in doc.fields.items()} for doc in docs]
    texts = [text for doc in docs for text in doc.fields.values()]
    analysed = iter(index_terms_many(texts))
    return [{name: next(analysed) for name in doc.fields} for doc in docs]


def next_seq(connection: Connection) -> int:
    """The next value of the change counter in-memory indexes follow."""
    from bitgoeul.matching.models import SearchDocument

    return int(connection.execute(select(func.coalesce(func.max(SearchDocument.seq), 0))).scalar_one()) + 1


def write(connection: Connection, items: Sequence[Prepared], *, force: bool = False) -> int:
    """Insert or update rows for `items`; unchanged rows are left alone unless `force`. Returns rows written."""
    from bitgoeul.matching.models import SearchDocument as D

    if not items:
        return 0
    latest: dict[tuple[str, str], Prepared] = {(p.kind, p.record_id): p for p in items}
    existing: dict[tuple[str, str], tuple[int, str]] = {}
    keys = list(latest)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start:start + _CHUNK]
        rows = connection.execute(select(D.kind, D.record_id, D.id, D.content_hash)
                                  .where(tuple_(D.kind, D.record_id).in_(chunk)))
        existing.update({(k, r): (i, h) for k, r, i, h in rows})
    changed = [p for key, p in latest.items() if force or existing.get(key, (0, ""))[1] != p.content_hash]
    if not changed:
        return 0
    terms = analyse([p.document for p in changed])
    seq = next_seq(connection)
    now = utcnow()
    inserts, updates = [], []
    for prepared, field_terms in zip(changed, terms, strict=True):
        values = {"kind": prepared.kind, "record_id": prepared.record_id, "seq": seq,
                  "content_hash": prepared.content_hash, "passage_hash": prepared.passage_hash,
                  "passage": prepared.passage, "title_ko": prepared.title_ko, "title_en": prepared.title_en,
                  "terms": field_terms, "attrs": encode_attrs(prepared.document.attrs), "embed_attempts": 0,
                  "embed_error": None, "updated_at": now}
        row = existing.get((prepared.kind, prepared.record_id))
        if row is None:
            inserts.append(values)
        else:
            updates.append({**values, "row_id": row[0]})
    if inserts:
        connection.execute(insert(D), inserts)
    if updates:
        from sqlalchemy import bindparam

        statement = update(D).where(D.id == bindparam("row_id"))
        connection.execute(statement, updates)
    return len(changed)


def remove(connection: Connection, keys: Iterable[tuple[str, str]]) -> int:
    """Delete the rows of these (kind, record id) pairs."""
    from bitgoeul.matching.models import SearchDocument as D

    keys = list(dict.fromkeys(keys))
    removed = 0
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start:start + _CHUNK]
        result = connection.execute(delete(D).where(tuple_(D.kind, D.record_id).in_(chunk)))
        removed += int(getattr(result, "rowcount", 0) or 0)
    return removed


def missing_vectors(connection: Connection) -> int:
    """How many distinct texts still wait for a vector."""
    from bitgoeul.matching.models import SearchDocument as D
    from bitgoeul.matching.models import SearchEmbedding as E

    statement = (select(func.count(func.distinct(D.passage_hash)))
                 .outerjoin(E, E.content_hash == D.passage_hash).where(E.content_hash.is_(None)))
    return int(connection.execute(statement).scalar_one())


# ----------------------------------------------------------------------------------- explicit calls


def index_records(session: Session, records: Iterable[Any]) -> int:
    """Index (or refresh) these ORM records now; the hooks do this by themselves on flush."""
    items = [prepare(spec, r) for r in records if (spec := kind_for(r)) is not None]
    written = write(session.connection(), items)
    if written:
        session.info[_INFO_QUEUE] = True
    return written


def unindex(session: Session, kind: str, record_id: object) -> bool:
    """Drop one record from the index (e.g. a row deleted by a bulk statement)."""
    return remove(session.connection(), [(kind, str(record_id))]) > 0


def reindex(session: Session, kind_names: Sequence[str] | None = None,
            progress: Callable[[int, int], None] | None = None, *, force: bool = True) -> dict[str, int]:
    """Re-analyse every record of the given kinds (all by default) and drop rows of vanished records.

    `progress(done, total)` is called after each batch. Returns rows written per kind.
    """
    from bitgoeul.matching.models import SearchDocument as D

    specs = [s for s in kinds() if kind_names is None or s.kind in kind_names]
    unknown = set(kind_names or ()) - {s.kind for s in specs}
    if unknown:
        raise ValueError(f"unknown kind(s): {', '.join(sorted(unknown))}")
    connection = session.connection()
    totals = {s.kind: int(session.scalar(select(func.count()).select_from(s.model)) or 0) for s in specs}
    grand, done, written = sum(totals.values()), 0, {}
    with session.no_autoflush:
        for spec in specs:
            seen: set[str] = set()
            written[spec.kind] = 0
            key_column = inspect(spec.model).primary_key[0]
            ids = list(session.scalars(select(key_column).order_by(key_column)))
            for start in range(0, len(ids), _CHUNK):
                # By primary-key chunks: joined eager loads rule out streaming with yield_per.
                chunk = ids[start:start + _CHUNK]
                batch = list(session.scalars(select(spec.model).where(key_column.in_(chunk))).unique())
                written[spec.kind] += _write_batch(connection, spec, batch, seen, force)
                done += len(chunk)
                if progress:
                    progress(done, grand)
            stale = [r for (r,) in connection.execute(select(D.record_id).where(D.kind == spec.kind))
                     if r not in seen]
            remove(connection, [(spec.kind, r) for r in stale])
    session.info[_INFO_QUEUE] = True
    return written


def _write_batch(connection: Connection, spec: SearchKind, batch: list[Any], seen: set[str], force: bool) -> int:
    items = [prepare(spec, r) for r in batch]
    seen.update(p.record_id for p in items)
    return write(connection, items, force=force)


# ----------------------------------------------------------------------------------- session hooks


def _before_flush(session: Session, _context: UOWTransaction, _instances: object) -> None:
    deleted: set[tuple[str, str]] = session.info.setdefault(_INFO_DELETED, set())
    with session.no_autoflush:
        for obj in list(session.deleted):
            spec = kind_for(obj)
            if spec is None:
                continue
            key = _key_of(spec, obj)
            if key is not None:
                deleted.add(key)
            if spec.related is not None:
                # Children the database deletes by cascade vanish with their parent.
                for child in spec.related(session, obj):
                    child_spec = kind_for(child)
                    if child_spec is not None and (child_key := _key_of(child_spec, child)) is not None:
                        deleted.add(child_key)


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    pending: dict[int, Any] = session.info.setdefault(_INFO_PENDING, {})
    for obj in (*session.new, *session.dirty):
        if kind_for(obj) is not None and obj not in session.deleted:
            pending[id(obj)] = obj


def _after_flush_postexec(session: Session, _context: UOWTransaction) -> None:
    pending: dict[int, Any] = session.info.pop(_INFO_PENDING, {})
    deleted: set[tuple[str, str]] = session.info.pop(_INFO_DELETED, set())
    if not pending and not deleted:
        return
    connection = session.connection()
    if deleted:
        remove(connection, deleted)
    if not pending:
        return
    records = list(pending.values())
    with session.no_autoflush:
        for obj in list(records):
            spec = kind_for(obj)
            if spec is not None and spec.related is not None:
                records.extend(spec.related(session, obj))
        items = []
        for obj in {id(o): o for o in records}.values():
            spec = kind_for(obj)
            key = _key_of(spec, obj) if spec else None
            if spec is None or key is None or key in deleted:
                continue
            items.append(prepare(spec, obj))
    if write(connection, items):
        session.info[_INFO_QUEUE] = True


def _after_commit(session: Session) -> None:
    queue = session.info.pop(_INFO_QUEUE, False)
    if not queue:
        return
    bind = session.get_bind()
    url = bind.engine.url.render_as_string(hide_password=False)
    from bitgoeul.matching.worker import enqueue_embedding

    enqueue_embedding(url)


def discard_queue(session: Session) -> None:
    """Do not queue embeddings at this session's commit (the caller computes them itself)."""
    session.info.pop(_INFO_QUEUE, None)


def _after_rollback(session: Session) -> None:
    for key in (_INFO_PENDING, _INFO_DELETED, _INFO_QUEUE):
        session.info.pop(key, None)


def _key_of(spec: SearchKind, obj: Any) -> tuple[str, str] | None:
    identity = inspect(obj).identity
    if not identity:
        return None
    return (spec.kind, str(identity[0]))


def install() -> None:
    """Attach the hooks to every session (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "after_flush_postexec", _after_flush_postexec)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_rollback", _after_rollback)
