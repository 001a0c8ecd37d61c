"""A version number per table, raised by every committed ORM write, and a cache of figures keyed by them.

Why: pages show figures computed over whole tables (the programme's conversion and stage durations on
every home page, list totals, facet counts) that change only when someone writes. Recomputing them per
view costs more than the page itself at ten times the demo's size. Here each figure is computed once per
combination of the versions of the tables it reads, in each worker, and read back after one small query
(`SELECT name, version FROM write_stamps WHERE name IN (...)`). A write to one table invalidates only the
figures that read it.

How versions move: session hooks note the tables of every inserted, updated or deleted ORM instance and
of bulk ORM UPDATE/DELETE statements; just before the commit the noted rows are raised by one upsert
each, in name order (so two committing transactions never wait on each other's stamps in a cycle), in the
same transaction as the write: a reader sees the new data and the new version together. Writes that
bypass the ORM (Core statements: `demo-data --scale`, imports written in bulk) are not seen: they run
before serving, and `bump` raises versions by hand where needed.

The cache lives per engine (per database) and per process; it is bounded and holds figures only, never
ORM instances tied to a session.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar, cast

from sqlalchemy import BigInteger, Engine, ScalarSelect, String, Table, func, inspect, select
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, UOWTransaction, mapped_column

from bitgoeul.core.db import Base

T = TypeVar("T")
_INFO = "bitgoeul.write_stamps.tables"
_LIMIT = 512  # cached figures per database and process


class WriteStamp(Base):
    """How many committed transactions wrote to table `name` through the ORM."""

    __tablename__ = "write_stamps"
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


def _note(session: Session, names: Iterable[str]) -> None:
    session.info.setdefault(_INFO, set()).update(n for n in names if n != WriteStamp.__tablename__)


def _tables_of(obj: object) -> list[str]:
    return [t.name for t in inspect(obj).mapper.tables if hasattr(t, "name")]


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    names: set[str] = set()
    for obj in session.new | session.deleted:
        names.update(_tables_of(obj))
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            names.update(_tables_of(obj))
    if names:
        _note(session, names)


def _do_orm_execute(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete or state.is_insert) and state.bind_mapper is not None:
        _note(state.session, [t.name for t in state.bind_mapper.tables if hasattr(t, "name")])


def _before_commit(session: Session) -> None:
    session.flush()  # the commit's own flush comes after this hook: note its tables first
    names = sorted(session.info.pop(_INFO, ()))
    if names:
        bump(session, names)


def _after_rollback(session: Session) -> None:
    session.info.pop(_INFO, None)


def bump(session: Session, names: Iterable[str]) -> None:
    """Raise the versions of tables `names` in this transaction (one upsert each, in name order)."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    table = cast(Table, WriteStamp.__table__)
    for name in sorted(set(names)):
        statement = insert(table).values(name=name, version=1)
        connection.execute(statement.on_conflict_do_update(index_elements=[table.c.name],
                                                           set_={"version": table.c.version + 1}))


def has_unstamped_writes(session: Session) -> bool:
    """Whether this transaction wrote (or holds pending changes) that no version counts until its commit."""
    return bool(session.info.get(_INFO) or session.new or session.dirty or session.deleted)


def version_of(name: str) -> ScalarSelect[int]:
    """Table `name`'s version as a subquery (0 when never written), for stamps the database computes."""
    found = select(WriteStamp.version).where(WriteStamp.name == name).scalar_subquery()
    return select(func.coalesce(found, 0)).scalar_subquery()


def versions(session: Session, names: Iterable[str]) -> tuple[int, ...]:
    """The current versions of tables `names` (0 for a table never written through the ORM), in name order."""
    wanted = sorted(set(names))
    found = dict(session.execute(select(WriteStamp.name, WriteStamp.version).where(WriteStamp.name.in_(wanted))).all())
    return tuple(int(found.get(n, 0)) for n in wanted)


class _Cache:
    def __init__(self) -> None:
        self.items: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()


_caches: weakref.WeakKeyDictionary[Engine, _Cache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def _cache_for(session: Session) -> _Cache:
    engine = session.get_bind()
    engine = engine if isinstance(engine, Engine) else engine.engine
    with _caches_lock:
        cache = _caches.get(engine)
        if cache is None:
            cache = _caches[engine] = _Cache()
        return cache


def all_versions(session: Session) -> tuple[tuple[str, int], ...]:
    """Every table's version: the key of figures that read from tables of many capabilities."""
    return tuple(sorted((n, int(v)) for n, v in session.execute(select(WriteStamp.name, WriteStamp.version))))


def cached(session: Session, key: Hashable, tables: Iterable[str] | None, compute: Callable[[], T]) -> T:
    """`compute()`, or what it returned before for `key` while none of `tables` has been written since.

    `tables=None`: any table (for figures gathered from every capability, like the dashboard's).

    Inside a transaction that has written (uncommitted changes noted, or pending in the session) the
    figure is computed afresh and not kept: its versions do not count the transaction's own writes yet.
    """
    if has_unstamped_writes(session):
        return compute()
    if tables is None:
        full: Hashable = (key, all_versions(session))
    else:
        names = sorted(set(tables))
        full = (key, tuple(names), versions(session, names))
    cache = _cache_for(session)
    with cache.lock:
        if full in cache.items:
            cache.items.move_to_end(full)
            return cache.items[full]  # type: ignore[no-any-return]
    value = compute()
    with cache.lock:
        cache.items[full] = value
        while len(cache.items) > _LIMIT:
            cache.items.popitem(last=False)
    return value


def forget() -> None:
    """Drop every cached figure (tests)."""
    with _caches_lock:
        _caches.clear()


# Session event -> listener; core/registry.install_hooks attaches them when the app, CLI or worker starts.
SESSION_HOOKS: dict[str, Callable[..., None]] = {
    "after_flush": _after_flush,
    "do_orm_execute": _do_orm_execute,
    "before_commit": _before_commit,
    "after_rollback": _after_rollback,
}
