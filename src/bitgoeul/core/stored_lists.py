"""Ranked lists computed once and read back with one statement while their stamp holds (table `stored_lists`).

Why: some pages rank records for a record (the jobs that fit a person, the people who fit a job, the
partner listings that fit a listing) by analysing a whole pool, on every view, for a list that changes
only when somebody writes. Here each list is stored with a stamp: a string the database computes from the
tables the list was ranked from (for instance a change counter and a row count). A view reads its list in
one statement that also recomputes the stamp and compares it (`read`); on a miss the caller ranks as
before and stores the list for the next visitor (`write`). The stamp is taken before and after ranking
and the list is stored only if both are equal, so a write that commits meanwhile leaves no list stored
under a stamp it does not belong to.

The stamp expression is the caller's (each capability knows what its ranking reads); this module only
keeps the rows. Items are JSON: callers encode and decode them exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import JSON, Integer, String, Table, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from bitgoeul.core.db import Base


class StoredList(Base):
    """One ranked list: `relation` (which ranking, e.g. "talent.jobs"), for record `source_id`, `top` long."""

    __tablename__ = "stored_lists"

    relation: Mapped[str] = mapped_column(String(40), primary_key=True)
    source_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    top: Mapped[int] = mapped_column(Integer, primary_key=True)
    stamp: Mapped[str] = mapped_column(String(400))
    items: Mapped[list[Any]] = mapped_column(JSON, default=list)


def read(session: Session, relation: str, source_id: int, top: int, stamp: ColumnElement[str]) -> list[Any] | None:
    """The stored items if their stamp equals the current one (one statement), else None."""
    s = StoredList
    found = session.scalar(select(s.items).where(s.relation == relation, s.source_id == source_id, s.top == top,
                                                 s.stamp == stamp))
    return None if found is None else list(found)


def current(session: Session, stamp: ColumnElement[str]) -> str:
    """The stamp as the database computes it now (in this transaction)."""
    return str(session.scalar(select(stamp)))


def write(session: Session, relation: str, source_id: int, top: int, stamp: str, items: list[Any]) -> None:
    """Store (or replace) one list; two writers of the same list wait for each other, the last one stays."""
    table = cast(Table, StoredList.__table__)
    values = {"relation": relation, "source_id": source_id, "top": top, "stamp": stamp, "items": items}
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    statement = insert(table).values(**values)
    session.execute(statement.on_conflict_do_update(index_elements=[table.c.relation, table.c.source_id, table.c.top],
                                                    set_={"stamp": statement.excluded["stamp"],
                                                          "items": statement.excluded["items"]}))


def get(session: Session, relation: str, source_id: int, top: int, stamp: ColumnElement[str],
        compute: Callable[[], list[Any]]) -> list[Any]:
    """The stored list, or `compute()`'s, stored for the next visitor when no write happened meanwhile."""
    found = read(session, relation, source_id, top, stamp)
    if found is not None:
        return found
    before = current(session, stamp)
    items = compute()
    if current(session, stamp) == before:
        write(session, relation, source_id, top, before, items)
    return items


def forget(session: Session, relation: str, source_ids: list[int] | None = None) -> None:
    """Delete one relation's lists (of `source_ids`, or all): a ranking whose code changed."""
    s = StoredList
    statement = delete(s).where(s.relation == relation)
    if source_ids is not None:
        statement = statement.where(s.source_id.in_(source_ids))
    session.execute(statement)
