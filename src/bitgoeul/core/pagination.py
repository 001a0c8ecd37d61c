"""Paging for every list, pages and API alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from bitgoeul.core.errors import ValidationFailed

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
    fields = {}
    if page < 1:
        fields["page"] = "1 이상이어야 합니다. / Must be at least 1."
    if not 1 <= per_page <= MAX_PER_PAGE:
        fields["per_page"] = f"1~{MAX_PER_PAGE} 사이여야 합니다. / Must be between 1 and {MAX_PER_PAGE}."
    if fields:
        raise ValidationFailed("잘못된 페이지 요청입니다. / Invalid paging.", fields=fields)


def paginate(session: Session, statement: Select[Any], page: int = 1, per_page: int = 20) -> Page[Any]:
    """Run `statement` for one page and count the whole result."""
    check_paging(page, per_page)
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
    items = list(session.scalars(statement.limit(per_page).offset((page - 1) * per_page)).unique())
    return Page(items=items, total=total, page=page, per_page=per_page)
