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

from sqlalchemy import Connection, delete, func, insert, inspect, select, tuple_, update
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from bitgoeul.core.db import utcnow
from bitgoeul.matching import userwords
from bitgoeul.matching.engine import Document, content_hash, passage_text
from bitgoeul.matching.engine.codec import encode_attrs
from bitgoeul.matching.kinds import SearchKind, kind_for, kinds, related_records
from bitgoeul.text import index_terms, index_terms_many

log = logging.getLogger(__name__)

_INFO_PENDING = "bitgoeul.search.pending"  # instances to (re)index after this flush
_INFO_DELETED = "bitgoeul.search.deleted"  # (kind, record_id) to drop after this flush
_INFO_QUEUE = "bitgoeul.search.queue"  # set when new texts need vectors: enqueue after commit
_INFO_BULK = "bitgoeul.search.bulk"  # kinds written by bulk statements: reindexed before commit
_INFO_DEFERRED = "bitgoeul.search.deferred"  # (kind, id) -> Prepared: analysed in one batch before commit
_CHUNK = 500


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
    words: tuple[str, ...] = ()  # names for the user dictionary (see userwords.py)


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
    words = tuple(w for w in (spec.user_words(record) if spec.user_words else ()) if w)
    return Prepared(kind=spec.kind, record_id=str(doc.id), content_hash=document_hash(doc, (title_ko, title_en)),
                    passage=passage, passage_hash=content_hash(passage), title_ko=title_ko[:300],
                    title_en=title_en[:300], document=doc, words=words)


def analyse(docs: Sequence[Document]) -> list[dict[str, list[str]]]:
    """Index terms per field, each distinct text analysed once; big batches on all cores."""
    distinct = list(dict.fromkeys(text for doc in docs for text in doc.fields.values()))
    if len(distinct) < 24:
        terms = {text: index_terms(text) for text in distinct}
    else:
        terms = dict(zip(distinct, index_terms_many(distinct), strict=True))
    return [{name: list(terms[text]) for name, text in doc.fields.items()} for doc in docs]


def next_seq(connection: Connection) -> int:
    """The next value of the change counter in-memory indexes follow."""
    from bitgoeul.matching.models import SearchDocument

    return int(connection.execute(select(func.coalesce(func.max(SearchDocument.seq), 0))).scalar_one()) + 1


def write(connection: Connection, items: Sequence[Prepared], *, force: bool = False) -> int:
    """Insert or update rows for `items`; unchanged rows are left alone unless `force`. Returns rows written."""
    return len(_write(connection, items, force=force))


def _write(connection: Connection, items: Sequence[Prepared], *, force: bool = False) -> list[tuple[str, str]]:
    from bitgoeul.matching.models import SearchDocument as D

    if not items:
        return []
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
        return []
    # New names wait as pending words; `activate_words` gives them to Kiwi in batches (see userwords.py).
    userwords.note(connection, [w for p in changed for w in p.words])
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
    return [(p.kind, p.record_id) for p in changed]


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


def failed_vectors(connection: Connection) -> int:
    """How many of those texts failed their last embedding attempt (the worker retries them)."""
    from bitgoeul.matching.models import SearchDocument as D
    from bitgoeul.matching.models import SearchEmbedding as E

    statement = (select(func.count(func.distinct(D.passage_hash)))
                 .outerjoin(E, E.content_hash == D.passage_hash)
                 .where(E.content_hash.is_(None), D.embed_error.is_not(None)))
    return int(connection.execute(statement).scalar_one())


# ----------------------------------------------------------------------------------- explicit calls


def index_records(session: Session, records: Iterable[Any]) -> int:
    """Index (or refresh) these ORM records now; the hooks do this by themselves on flush."""
    items, hidden = [], []
    for record in records:
        spec = kind_for(record)
        if spec is None:
            continue
        if spec.searchable(record):
            items.append(prepare(spec, record))
        elif (key := _key_of(spec, record)) is not None:
            hidden.append(key)
    remove(session.connection(), hidden)
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
    flush_deferred(session)
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
    activate_words(session)
    session.info[_INFO_QUEUE] = True
    return written


def activate_words(session: Session) -> int:
    """Give pending user words to Kiwi and re-analyse the records that contain them; returns records rewritten."""
    flush_deferred(session)
    return _rewrite_containing(session, userwords.activate(session.connection()))


def _rewrite_containing(session: Session, words: list[str], skip: Iterable[tuple[str, str]] = ()) -> int:
    """Re-analyse indexed records whose text contains one of `words` (except `skip`, just analysed)."""
    if not words:
        return 0
    connection = session.connection()
    done = set(skip)
    by_kind: dict[str, list[str]] = {}
    for kind, record_id in userwords.rows_containing(connection, words):
        if (kind, record_id) not in done:
            by_kind.setdefault(kind, []).append(record_id)
    rewritten = 0
    with session.no_autoflush:
        for spec in kinds():
            ids = by_kind.get(spec.kind, [])
            key_column = inspect(spec.model).primary_key[0]
            for start in range(0, len(ids), _CHUNK):
                chunk = [int(i) if spec.int_ids else i for i in ids[start:start + _CHUNK]]
                batch = list(session.scalars(select(spec.model).where(key_column.in_(chunk))).unique())
                items = [prepare(spec, r) for r in batch if spec.searchable(r)]
                rewritten += write(connection, items, force=True)
    if rewritten:
        session.info[_INFO_QUEUE] = True
    return rewritten


def _write_batch(connection: Connection, spec: SearchKind, batch: list[Any], seen: set[str], force: bool) -> int:
    # Records the kind keeps out (drafts, hidden) are not "seen", so their old rows go as stale.
    items = [prepare(spec, r) for r in batch if spec.searchable(r)]
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
            # Children the database deletes by cascade vanish with their parent.
            for child in related_records(session, spec, obj):
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
            if spec is not None:
                records.extend(related_records(session, spec, obj))
        items, hidden = [], []
        for obj in {id(o): o for o in records}.values():
            spec = kind_for(obj)
            key = _key_of(spec, obj) if spec else None
            if spec is None or key is None or key in deleted:
                continue
            if spec.searchable(obj):
                items.append(prepare(spec, obj))
            else:
                hidden.append(key)  # e.g. a job back to draft: out of the index
    remove(connection, hidden)
    # Analysis waits for the commit (or a search in this session): one batch, each distinct text once,
    # with the names of the whole transaction already in the dictionary (see flush_deferred).
    deferred: dict[tuple[str, str], Prepared] = session.info.setdefault(_INFO_DEFERRED, {})
    for key in (*deleted, *hidden):
        deferred.pop(key, None)
    for item in items:
        deferred[(item.kind, item.record_id)] = item


def flush_deferred(session: Session) -> int:
    """Analyse and write the records this transaction changed; returns rows written.

    Runs before commit and before any search or reindex in the session. A batch of `userwords.BATCH`
    records or more (demo data, imports) first turns its new names into user words, so its texts are
    analysed once, with them; records indexed earlier that contain those names are re-analysed too.
    """
    deferred: dict[tuple[str, str], Prepared] = session.info.pop(_INFO_DEFERRED, {})
    if not deferred:
        return 0
    items = list(deferred.values())
    connection = session.connection()
    words: list[str] = []
    if len(items) >= userwords.BATCH:
        userwords.note(connection, [w for p in items for w in p.words])
        words = userwords.activate(connection)
    written = _write(connection, items)
    rewritten = _rewrite_containing(session, words, skip=written)
    if written or rewritten:
        session.info[_INFO_QUEUE] = True
    return len(written) + rewritten


def _defer_kind(session: Session, spec: SearchKind) -> None:
    """Queue every searchable record of a kind for `flush_deferred` and drop rows of vanished ones."""
    from bitgoeul.matching.models import SearchDocument as D

    deferred: dict[tuple[str, str], Prepared] = session.info.setdefault(_INFO_DEFERRED, {})
    seen: set[str] = set()
    with session.no_autoflush:
        for record in session.scalars(select(spec.model)).unique():
            if spec.searchable(record):
                item = prepare(spec, record)
                deferred[(item.kind, item.record_id)] = item
                seen.add(item.record_id)
    connection = session.connection()
    stale = [r for (r,) in connection.execute(select(D.record_id).where(D.kind == spec.kind)) if r not in seen]
    remove(connection, [(spec.kind, r) for r in stale])


def _do_orm_execute(state: ORMExecuteState) -> None:
    """Note kinds written by bulk statements (`session.execute(insert(Model), rows)`): no flush sees them."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is None:
        return
    names = {spec.kind for spec in kinds() if issubclass(mapper.class_, spec.model)}
    if names:
        state.session.info.setdefault(_INFO_BULK, set()).update(names)


def _before_commit(session: Session) -> None:
    # before_commit runs before the commit's own flush: flush here so the last changes are seen.
    session.flush()
    for name in sorted(session.info.pop(_INFO_BULK, set())):
        spec = next((s for s in kinds() if s.kind == name), None)
        if spec is not None:
            # Unchanged records keep their rows (same content hash): only what the statement changed is analysed.
            _defer_kind(session, spec)
    flush_deferred(session)


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
    for key in (_INFO_PENDING, _INFO_DELETED, _INFO_QUEUE, _INFO_BULK, _INFO_DEFERRED):
        session.info.pop(key, None)


def _key_of(spec: SearchKind, obj: Any) -> tuple[str, str] | None:
    identity = inspect(obj).identity
    if not identity:
        return None
    return (spec.kind, str(identity[0]))


# Session event -> listener; core/registry.install_hooks attaches them (the matching manifest names this).
SESSION_HOOKS: dict[str, Callable[..., None]] = {
    "before_flush": _before_flush,
    "after_flush": _after_flush,
    "after_flush_postexec": _after_flush_postexec,
    "do_orm_execute": _do_orm_execute,
    "before_commit": _before_commit,
    "after_commit": _after_commit,
    "after_rollback": _after_rollback,
}
