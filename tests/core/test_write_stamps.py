"""Write stamps: a committed ORM write raises its tables' versions only, and cached figures follow them."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from tests import factories

from bitgoeul.core.write_stamps import cached, versions
from bitgoeul.demonstrations.models import Need, Solution
from bitgoeul.organisations.models import Organisation


def _solutions(session: Session, calls: list[int]) -> int:
    def count() -> int:
        calls.append(1)
        return int(session.scalar(select(func.count(Solution.id))) or 0)

    return cached(session, "test.solutions", ["solutions"], count)


def test_a_commit_raises_the_versions_of_the_tables_it_wrote_and_no_others(session: Session) -> None:
    before = versions(session, ["organisations", "solutions", "needs"])
    factories.organisation(session)
    session.commit()
    after = versions(session, ["organisations", "solutions", "needs"])
    assert after[1] == before[1] + 1  # name order: needs, organisations, solutions
    assert (after[0], after[2]) == (before[0], before[2])
    org = session.scalars(select(Organisation)).one()
    org.name_ko = "새 이름"
    session.commit()
    assert versions(session, ["organisations"])[0] == before[1] + 2
    session.execute(update(Organisation).values(name_en="bulk"))  # a bulk ORM statement counts too
    session.commit()
    assert versions(session, ["organisations"])[0] == before[1] + 3


def test_a_rolled_back_write_raises_nothing(session: Session) -> None:
    before = versions(session, ["organisations"])
    factories.organisation(session)
    session.flush()
    session.rollback()
    assert versions(session, ["organisations"]) == before


def test_a_cached_figure_is_computed_once_until_its_tables_are_written(session: Session) -> None:
    member = factories.member(session, factories.organisation(session))
    session.commit()
    calls: list[int] = []
    assert _solutions(session, calls) == 0
    assert _solutions(session, calls) == 0
    assert len(calls) == 1
    # A write to another table keeps the figure.
    factories.need(session, factories.member(session, factories.organisation(session, kind="buyer")))
    session.commit()
    assert _solutions(session, calls) == 0 and len(calls) == 1
    # A write to its table recomputes it, with the new row.
    factories.solution(session, member)
    session.commit()
    assert _solutions(session, calls) == 1 and len(calls) == 2
    # Inside a transaction with its own uncommitted write the figure is fresh, and not kept.
    factories.solution(session, member)
    session.flush()
    assert _solutions(session, calls) == 2 and len(calls) == 3
    session.rollback()
    assert _solutions(session, calls) == 1 and len(calls) == 3
    assert session.scalar(select(func.count(Need.id))) == 1
