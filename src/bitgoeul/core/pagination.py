"""Paging for every list, pages and API alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from bitgoeul.core.bounds import MAX_PAGE
from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.i18n import Message

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
    """Run `statement` for one page and count the whole result."""
    check_paging(page, per_page)
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
    items = list(session.scalars(statement.limit(per_page).offset((page - 1) * per_page)).unique())
    return Page(items=items, total=total, page=page, per_page=per_page)
