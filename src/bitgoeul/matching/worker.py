"""Vectors on write, off the request path: a huey task embeds every text still without a vector.

The queue is SQLite next to the database by default and Redis when BITGOEUL_QUEUE_URL=redis://...;
the task code is the same. A failed embedding is recorded on its rows (search stays lexical for
them) and retried: by huey's own retries, then by a periodic task, then by `bitgoeul match embed`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from bitgoeul.core.db import make_engine
from bitgoeul.core.settings import setting
from bitgoeul.matching import vector_cache
from bitgoeul.matching.engine import embed_passages, embed_query
from bitgoeul.matching.engine.embedding import DIM, MODEL_ID, load_model, set_threads

log = logging.getLogger(__name__)

Embedder = Callable[[Sequence[str]], npt.NDArray[np.float32]]
QueryEmbedder = Callable[[str], npt.NDArray[np.float32]]
BATCH = 16
RETRY_MINUTES = 10

_lock = threading.Lock()
_hueys: dict[str, Any] = {}
_engines: dict[str, Engine] = {}


def _default_passages(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    set_threads(int(setting("BITGOEUL_EMBED_THREADS")))
    return embed_passages(texts)


def _default_query(text: str) -> npt.NDArray[np.float32]:
    set_threads(int(setting("BITGOEUL_EMBED_THREADS")))
    return embed_query(text)


@dataclass
class _Configured:
    """What `configure` set (module state, changed under `_lock`)."""

    queue_override: str | None = None
    embedder: Embedder = _default_passages
    query_embedder: QueryEmbedder = _default_query
    # The file cache (BITGOEUL_EMBED_CACHE) holds the default model's vectors only: a configured
    # stand-in embedder (tests) must neither read nor write it.
    file_cache_allowed: bool = True


_configured = _Configured()


@dataclass
class EmbedReport:
    """What one pass of the embedder did."""

    embedded: int = 0
    from_cache: int = 0  # of `embedded`, how many came from the BITGOEUL_EMBED_CACHE file
    failed: int = 0
    remaining: int = 0
    errors: list[str] = field(default_factory=list)


def configure(queue_url: str | None = None, *, embedder: Embedder | None = None,
              query_embedder: QueryEmbedder | None = None) -> None:
    """Override the queue ("immediate" runs tasks inline, for tests) and/or the embedders (None: defaults)."""
    with _lock:
        _configured.queue_override = queue_url
        _configured.file_cache_allowed = embedder is None
        _configured.embedder = embedder or _default_passages
        _configured.query_embedder = query_embedder or _default_query
        _hueys.clear()
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def queue_url() -> str:
    """The configured queue: override, else BITGOEUL_QUEUE_URL, else "" (SQLite next to the database)."""
    override = _configured.queue_override
    return override if override is not None else setting("BITGOEUL_QUEUE_URL").strip()


def _sqlite_queue_path(database_url: str) -> Path:
    """`var/bitgoeul.db` -> `var/bitgoeul.queue.db`; other databases -> `var/bitgoeul-queue.db`."""
    if database_url.startswith("sqlite:///") and ":memory:" not in database_url:
        db = Path(database_url.removeprefix("sqlite:///"))
        return db.with_name(db.stem + ".queue.db")
    return Path("var") / "bitgoeul-queue.db"


def huey_for(database_url: str) -> Any:
    """The huey instance serving `database_url` (created once per queue), with the tasks registered."""
    url = queue_url()
    key = url or f"sqlite-beside:{_sqlite_queue_path(database_url)}"
    with _lock:
        instance = _hueys.get(key)
        if instance is None:
            instance = _make_huey(url, database_url)
            _register_tasks(instance, database_url)
            _hueys[key] = instance
        return instance


def _make_huey(url: str, database_url: str) -> Any:
    from huey import MemoryHuey, RedisHuey, SqliteHuey

    if url == "immediate":
        return MemoryHuey("bitgoeul", immediate=True)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey("bitgoeul", url=url)
    path = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else _sqlite_queue_path(database_url)
    if url and not url.startswith("sqlite:///"):
        raise ValueError(f"BITGOEUL_QUEUE_URL must be empty, sqlite:///path or redis://host:port, not {url!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("bitgoeul", filename=str(path))


def _register_tasks(instance: Any, default_database_url: str) -> None:
    from huey import crontab

    @instance.task(retries=3, retry_delay=30, name="matching.embed_pending")  # type: ignore[untyped-decorator]
    def embed_task(database_url: str) -> dict[str, int]:
        report = embed_pending(database_url)
        refresh_match_lists(database_url)  # new vectors (or records) change who is similar to whom
        if report.failed:
            # Raising makes huey retry later; rows already embedded stay embedded.
            raise RuntimeError(f"{report.failed} text(s) failed to embed: {'; '.join(report.errors[:3])}")
        return {"embedded": report.embedded, "remaining": report.remaining}

    @instance.periodic_task(  # type: ignore[untyped-decorator]
        crontab(minute=f"*/{RETRY_MINUTES}"), name="matching.retry_pending")
    def retry_task() -> dict[str, int]:
        database_url = default_database_url  # the database this queue was created for
        rewritten = activate_words(database_url)  # names seen since the last batch join the dictionary
        report = embed_pending(database_url)
        lists = refresh_match_lists(database_url, fill=True)  # every record's page lists, stored ahead of visitors
        return {"embedded": report.embedded, "failed": report.failed, "words_rewritten": rewritten,
                "match_lists": lists}

    instance.bitgoeul_embed_task = embed_task


def activate_words(database_url: str) -> int:
    """Activate pending user words and re-analyse records containing them, in one transaction."""
    from sqlalchemy.orm import Session

    from bitgoeul.matching.indexing import activate_words as activate

    with Session(_engine(database_url)) as session, session.begin():
        return activate(session)


def refresh_match_lists(database_url: str, *, fill: bool = False) -> int:
    """Recompute stale stored match lists (`fill`: also every record's missing ones); never raises.

    A failure here must not make huey retry the embedding that succeeded: pages compute a missing or
    stale list themselves, so the worst case is the old cost for a visitor.
    """
    from sqlalchemy.orm import Session

    from bitgoeul.matching import stored

    try:
        with Session(_engine(database_url)) as session, session.begin():
            return stored.precompute(session) if fill else stored.refresh_stale(session)
    except Exception as exc:
        log.warning("could not refresh match lists for %s: %s", database_url, exc)
        return 0


def warm(session: Any) -> None:
    """Load the sentence model, the Korean analyser and the search index now, not in the first search
    (seconds each), and analyse the newest passages results are explained with (`surface.prime`): a web
    worker calls this before taking traffic."""
    from bitgoeul.matching.models import SearchDocument as D
    from bitgoeul.matching.service import search
    from bitgoeul.text import surface

    if _configured.query_embedder is _default_query:
        set_threads(int(setting("BITGOEUL_EMBED_THREADS")))
        load_model()
    search(session, "광주 인공지능 AI", top=1, audience="public")
    newest = select(D.passage).order_by(D.seq.desc()).limit(surface.CACHE_SIZE)
    surface.prime(passage for passage in session.scalars(newest) if passage)


def embed_query_text(text: str) -> npt.NDArray[np.float32]:
    """The query vector of `text` with the configured embedder (e5 with the "query: " prefix)."""
    return _configured.query_embedder(text)


def queue_reachable(database_url: str) -> int:
    """Tasks waiting in the queue serving `database_url`; raises when the queue cannot be reached."""
    return int(huey_for(database_url).pending_count())


def enqueue_embedding(database_url: str) -> None:
    """Ask the worker to embed what is pending in `database_url`; never fails the caller's write."""
    try:
        huey_for(database_url).bitgoeul_embed_task(database_url)
    except Exception as exc:  # a queue outage must not lose the record: `match embed` catches up
        log.warning("could not queue embeddings for %s: %s", database_url, exc)


def _engine(database_url: str) -> Engine:
    with _lock:
        engine = _engines.get(database_url)
        if engine is None:
            engine = make_engine(database_url)
            _engines[database_url] = engine
        return engine


def encode_vector(vector: npt.ArrayLike) -> bytes:
    """float32 little-endian bytes of a vector."""
    return np.asarray(vector, dtype="<f4").reshape(-1).tobytes()


def decode_vector(data: bytes) -> npt.NDArray[np.float32]:
    """Inverse of `encode_vector`."""
    return np.frombuffer(data, dtype="<f4").astype(np.float32)


def pending_texts(connection: Any, limit: int, skip: set[str]) -> list[tuple[str, str]]:
    """(passage hash, text) of texts with no vector yet, fewest failed attempts first."""
    from bitgoeul.matching.models import SearchDocument as D
    from bitgoeul.matching.models import SearchEmbedding as E

    statement = (select(D.passage_hash, func.min(D.passage), func.max(D.embed_attempts))
                 .outerjoin(E, E.content_hash == D.passage_hash).where(E.content_hash.is_(None))
                 .group_by(D.passage_hash).order_by(func.max(D.embed_attempts), D.passage_hash))
    if skip:
        statement = statement.where(D.passage_hash.not_in(skip))
    return [(h, t or "") for h, t, _ in connection.execute(statement.limit(limit))]


def embed_pending(database_url: str, *, batch: int = BATCH, limit: int | None = None,
                  progress: Callable[[int, int], None] | None = None) -> EmbedReport:
    """Embed every text without a vector (at most `limit`), batch by batch, committing each batch."""
    from bitgoeul.matching.indexing import missing_vectors

    report = EmbedReport()
    engine = _engine(database_url)
    failed: set[str] = set()
    with engine.connect() as connection:
        total = missing_vectors(connection)
        connection.commit()
    done = 0
    while limit is None or done < limit:
        with engine.connect() as connection:
            todo = pending_texts(connection, min(batch, (limit - done) if limit else batch), failed)
            connection.commit()
        if not todo:
            break
        vectors, cached = _vectors_for(todo)
        report.from_cache += cached
        with engine.begin() as connection:
            for (passage_hash, _), result in zip(todo, vectors, strict=True):
                if isinstance(result, str):
                    failed.add(passage_hash)
                    report.failed += 1
                    report.errors.append(result)
                    _record_failure(connection, passage_hash, result)
                elif _store(connection, passage_hash, result):
                    report.embedded += 1
        done += len(todo)
        if progress:
            progress(done, total)
    with engine.connect() as connection:
        report.remaining = missing_vectors(connection)
    if report.embedded:
        sync_search_tables(database_url)
    return report


def sync_search_tables(database_url: str) -> int:
    """With BITGOEUL_SEARCH_BACKEND=pgvector, copy new vectors into its tables now, not on the next search."""
    from bitgoeul.core.settings import search_backend
    from bitgoeul.matching.backend import BackendUnavailable

    if search_backend() != "pgvector":
        return 0
    from bitgoeul.matching import pgvector_backend

    try:
        with _engine(database_url).begin() as connection:
            pgvector_backend.check(connection)
            return pgvector_backend.sync(connection)
    except BackendUnavailable as exc:  # searches say so loudly; embedding itself succeeded
        log.warning("%s", exc)
        return 0


def _vectors_for(todo: list[tuple[str, str]]) -> tuple[list[npt.NDArray[np.float32] | str], int]:
    """Vectors (or error texts) for (hash, text) pairs: from the file cache where it has them, else embedded."""
    path = vector_cache.cache_path() if _configured.file_cache_allowed else None
    cached = vector_cache.load(path, [h for h, _ in todo], DIM) if path else {}
    missing = [(h, t) for h, t in todo if h not in cached]
    fresh = _embed_isolating_failures([t for _, t in missing]) if missing else []
    if path:
        vector_cache.store(path, [(h, v) for (h, _), v in zip(missing, fresh, strict=True) if not isinstance(v, str)])
    found: dict[str, npt.NDArray[np.float32] | str] = dict(cached)
    found.update(zip([h for h, _ in missing], fresh, strict=True))
    return [found[h] for h, _ in todo], len(cached)


def _embed_isolating_failures(texts: list[str]) -> list[npt.NDArray[np.float32] | str]:
    """Vectors for `texts`; when a batch fails, each text is tried alone so one bad text blocks no other."""
    try:
        matrix = _checked(_configured.embedder(texts), len(texts))
        return list(matrix)
    except Exception as exc:
        if len(texts) == 1:
            return [f"{type(exc).__name__}: {exc}"]
    out: list[npt.NDArray[np.float32] | str] = []
    for text in texts:
        out.extend(_embed_isolating_failures([text]))
    return out


def _checked(matrix: Any, rows: int) -> npt.NDArray[np.float32]:
    array = np.asarray(matrix, dtype=np.float32)
    if array.shape != (rows, DIM) or not np.all(np.isfinite(array)):
        raise ValueError(f"embedder returned shape {array.shape}, expected ({rows}, {DIM}) finite values")
    return array


def _store(connection: Any, passage_hash: str, vector: npt.NDArray[np.float32]) -> bool:
    from bitgoeul.matching.indexing import next_seq
    from bitgoeul.matching.models import SearchDocument as D
    from bitgoeul.matching.models import SearchEmbedding as E

    norm = float(np.linalg.norm(vector))
    if norm == 0.0:
        _record_failure(connection, passage_hash, "ValueError: zero vector")
        return False
    unit = (vector / norm).astype(np.float32)
    nested = connection.begin_nested()
    try:
        connection.execute(insert(E).values(content_hash=passage_hash, model=MODEL_ID, dim=DIM,
                                            vector=encode_vector(unit)))
        nested.commit()
    except IntegrityError:
        nested.rollback()  # another worker stored it first: same text, same vector
    # A new seq makes in-memory indexes reload these rows, vector included.
    connection.execute(update(D).where(D.passage_hash == passage_hash)
                       .values(seq=next_seq(connection), embed_error=None))
    return True


def _record_failure(connection: Any, passage_hash: str, error: str) -> None:
    from bitgoeul.matching.models import SearchDocument as D

    connection.execute(update(D).where(D.passage_hash == passage_hash)
                       .values(embed_attempts=D.embed_attempts + 1, embed_error=error[:1000]))
