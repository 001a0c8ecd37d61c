"""The need and solution lists pages show, stored and stamped by `bitgoeul.matching.stored`: a solution's
similar solutions ("similar"), the buyers' needs it could serve ("needs") and a need's ranked solutions
("solutions").

A solution page would otherwise search twice on every view and a need page once, for lists that only
change when a solution or need, or one of their vectors, changes. Results are `ranking`'s own: same
records, same 0-100 scores, same reasons as data. The manifest names `RELATIONS` (`match_lists`), so the
embedding worker and `bitgoeul match lists` refresh them without knowing this capability.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.demonstrations import ranking
from bitgoeul.demonstrations.models import Need, Solution
from bitgoeul.demonstrations.ranking import NeedMatch, SolutionMatch
from bitgoeul.matching.stored import Item, Relation, items

STAMP_KINDS = ("solution", "need")


def _all(model: Any) -> Any:
    def sources(session: Session) -> Iterable[Any]:
        return session.scalars(select(model).order_by(model.id)).unique()

    return sources


def _get(model: Any) -> Any:
    def source(session: Session, source_id: int) -> Any:
        return session.get(model, source_id)

    return source


def _similar(session: Session, source: Solution, top: int) -> list[Item]:
    return [(m.solution.id, m.score, m.reasons) for m in ranking.similar_solutions(session, source, top)]


def _needs(session: Session, source: Solution, top: int) -> list[Item]:
    return [(m.need.id, m.score, m.reasons) for m in ranking.needs_for_solution(session, source, top)]


def _solutions(session: Session, source: Need, top: int) -> list[Item]:
    return [(m.solution.id, m.score, m.reasons) for m in ranking.rank_solutions_for_need(session, source, top=top)]


# The tops pages ask for: the solution page (5 + 5), the need page (10), role homes (3).
SIMILAR = Relation("similar", STAMP_KINDS, _get(Solution), _all(Solution), _similar, (5,))
NEEDS = Relation("needs", STAMP_KINDS, _get(Solution), _all(Solution), _needs, (5, 3))
SOLUTIONS = Relation("solutions", STAMP_KINDS, _get(Need), _all(Need), _solutions, (10, 3))
RELATIONS = (SIMILAR, NEEDS, SOLUTIONS)


def _records(session: Session, model: Any, ids: Sequence[int]) -> dict[int, Any]:
    if not ids:
        return {}
    return {r.id: r for r in session.scalars(select(model).where(model.id.in_(list(ids)))).unique()}


def _solution_matches(session: Session, found_items: list[Item]) -> list[SolutionMatch]:
    found = _records(session, Solution, [i for i, _, _ in found_items])
    return [SolutionMatch(solution=found[i], score=score, reasons=reasons)
            for i, score, reasons in found_items if i in found]


def similar_solutions(session: Session, solution: Solution, top: int = 5) -> list[SolutionMatch]:
    """`ranking.similar_solutions`, read from the stored list (computed and stored when missing or stale)."""
    return _solution_matches(session, items(session, SIMILAR, solution, top))


def needs_for_solution(session: Session, solution: Solution, top: int = 5) -> list[NeedMatch]:
    """`ranking.needs_for_solution`, read from the stored list (computed and stored when missing or stale)."""
    found_items = items(session, NEEDS, solution, top)
    found = _records(session, Need, [i for i, _, _ in found_items])
    return [NeedMatch(need=found[i], score=score, reasons=reasons) for i, score, reasons in found_items if i in found]


def rank_solutions_for_need(session: Session, need: Need, *, top: int = 10) -> list[SolutionMatch]:
    """`ranking.rank_solutions_for_need`, read from the stored list (computed and stored when missing or stale)."""
    return _solution_matches(session, items(session, SOLUTIONS, need, top))
