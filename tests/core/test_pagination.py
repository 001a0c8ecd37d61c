"""Every page `paginate` gives equals the same page read with OFFSET, keyset or not, before and after writes."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session
from tests import factories

from bitgoeul.core.pagination import paginate
from bitgoeul.organisations.models import Organisation


def _by_offset(session: Session, statement: Select[Any], page: int, per_page: int) -> list[int]:
    """The reference: the page read the plain way, ids only."""
    return [o.id for o in session.scalars(statement.limit(per_page).offset((page - 1) * per_page))]


def _check_every_page(session: Session, statement: Select[Any], per_page: int) -> None:
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    pages = -(-int(total or 0) // per_page) + 1  # one past the end too
    for number in range(1, pages + 1):
        found = paginate(session, statement, number, per_page)
        assert [o.id for o in found.items] == _by_offset(session, statement, number, per_page), number
        assert found.total == total


@pytest.mark.parametrize("order", ["asc", "desc", "name"])
def test_pages_equal_offset_pages_and_follow_writes(session: Session, order: str) -> None:
    for n in range(23):
        factories.organisation(session, kind="ai_firm" if n % 3 else "buyer", name_ko=f"기관 {n:02d}")
    session.commit()
    statement = select(Organisation).where(Organisation.kind == "ai_firm")
    statement = statement.order_by({"asc": Organisation.id, "desc": Organisation.id.desc(),
                                    "name": Organisation.name_ko}[order])
    _check_every_page(session, statement, 4)
    _check_every_page(session, statement, 4)  # read back from the cache
    # Rows written or deleted move every later page: the cached starts and count are dropped.
    session.execute(delete(Organisation).where(Organisation.id == session.scalar(statement.offset(5).limit(1)).id))
    factories.organisation(session, kind="ai_firm", name_ko="기관 새로")
    session.commit()
    _check_every_page(session, statement, 4)
    _check_every_page(session, statement, 3)
