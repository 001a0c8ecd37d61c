"""Paging for every list, pages and API alike."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Column, ColumnElement, Integer, Select, Table, UnaryExpression, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.util import find_tables

from bitgoeul.core.bounds import MAX_PAGE
from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.core.write_stamps import cached

T = TypeVar("T")
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def check_paging(page: int, per_page: int) -> None:
    fields: dict[str, str | Message] = {}
    if not 1 <= page <= MAX_PAGE:
        fields["page"] = Message("core.between", low=1, high=MAX_PAGE)
    if not 1 <= per_page <= MAX_PER_PAGE:
        fields["per_page"] = Message("core.between", low=1, high=MAX_PER_PAGE)
    if fields:
        raise ValidationFailed("core.invalid_paging", fields=fields)


def paginate(session: Session, statement: Select[Any], page: int = 1, per_page: int = 20) -> Page[Any]:
    """Run `statement` for one page and count the whole result.

    The count, and for a list ordered by its integer primary key the first key of every page, are
    computed once per write to the tables the statement reads (`write_stamps.cached`): a deep page is then
    read from its first key on (keyset), as cheaply as the first, while page numbers keep their meaning.
    Other orders skip rows with OFFSET.
    """
    check_paging(page, per_page)
    key = _statement_key(statement)
    tables = _tables_of(statement) if key is not None else None
    order = _primary_key_order(statement)
    if key is not None and tables and order is not None:
        column, descending = order
        starts, total = cached(session, ("pagination.starts", key, per_page), tables,
                               lambda: _page_starts(session, statement, column, per_page))
        if page > len(starts):
            return Page(items=[], total=total, page=page, per_page=per_page)
        bound = column <= starts[page - 1] if descending else column >= starts[page - 1]
        items = list(session.scalars(statement.where(bound).limit(per_page)).unique())
        return Page(items=items, total=total, page=page, per_page=per_page)
    counting = select(func.count()).select_from(statement.order_by(None).subquery())
    if key is not None and tables:
        total = cached(session, ("pagination.count", key), tables, lambda: int(session.scalar(counting) or 0))
    else:
        total = session.scalar(counting) or 0
    items = list(session.scalars(statement.limit(per_page).offset((page - 1) * per_page)).unique())
    return Page(items=items, total=total, page=page, per_page=per_page)


def _hashable(value: Any) -> Hashable:
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    hash(value)
    return value  # type: ignore[no-any-return]


def _statement_key(statement: Select[Any]) -> Hashable | None:
    """The statement's structure and parameter values, or None when they cannot be a cache key."""
    generated = statement._generate_cache_key()
    if generated is None:
        return None
    try:
        return (generated.key, tuple(_hashable(b.effective_value) for b in generated.bindparams))
    except TypeError:
        return None


def _tables_of(statement: Select[Any]) -> list[str] | None:
    """Every table the statement reads (joins, subqueries and EXISTS in its filters included), or None."""
    names: set[str] = set()
    for found in find_tables(statement):
        element: Any = found
        while not isinstance(element, Table) and hasattr(element, "element"):
            element = element.element
        if not isinstance(element, Table):
            return None
        names.add(element.name)
    return sorted(names) or None


def _primary_key_order(statement: Select[Any]) -> tuple[ColumnElement[Any], bool] | None:
    """(column, descending) when the statement is ordered by one integer primary-key column only."""
    clauses = statement._order_by_clauses
    if len(clauses) != 1:
        return None
    clause: Any = clauses[0]
    descending = isinstance(clause, UnaryExpression) and clause.modifier is operators.desc_op
    if isinstance(clause, UnaryExpression) and clause.modifier in (operators.desc_op, operators.asc_op):
        clause = clause.element
    if not (isinstance(clause, Column) and clause.primary_key and isinstance(clause.type, Integer)
            and isinstance(clause.table, Table)):
        return None
    return clause, descending


def _page_starts(session: Session, statement: Select[Any], column: ColumnElement[Any],
                 per_page: int) -> tuple[tuple[int, ...], int]:
    """The first key of every page, and how many rows there are."""
    keys = list(dict.fromkeys(session.scalars(statement.with_only_columns(column, maintain_column_froms=True))))
    return tuple(keys[::per_page]), len(keys)
