"""Record-to-record matches computed on write and read by pages in one query (table `match_lists`).

A solution page used to search twice on every view ("similar solutions", "buyers who need this")
and a need page once (its ranked solutions), about 13 ms of CPU each time, for a list that only
changes when a solution or need, or one of their vectors, changes. Here each list is stored with a
stamp of the solution and need rows of `search_documents` (their count and highest change counter
`seq`): any insert, update, new vector, re-analysis or delete among them changes the stamp, so a
page reads its list with one statement that also checks the stamp, and a stale or missing list is
computed once by the same service function as before and stored for the next visitor. The embedding
worker recomputes stale lists after vectors arrive (`refresh_stale`) and its periodic task fills
every solution's and need's lists for the tops pages use (`precompute`), so visitors rarely compute.

Results are the service's own (`service.similar_solutions`, `needs_for_solution`,
`rank_solutions_for_need`): same records, same 0-100 scores, same reasons as data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bitgoeul.demonstrations.models import Need, Solution
from bitgoeul.matching import service
from bitgoeul.matching.models import MatchList, SearchDocument
from bitgoeul.matching.reasons import MatchReason

STAMP_KINDS = ("solution", "need")
# (relation, top) pairs pages ask for: the solution page (5 + 5), the need page (10), role homes (3).
PAGE_TOPS: dict[str, tuple[int, ...]] = {"similar": (5,), "needs": (5, 3), "solutions": (10, 3)}

Item = tuple[int, int, list[MatchReason]]  # target id, 0-100 score, reasons


def encode_reason(reason: MatchReason) -> dict[str, Any]:
    """Every field of a reason, exactly (floats round-trip through JSON unchanged)."""
    return {"kind": reason.kind, "fields": list(reason.fields), "words": list(reason.words),
            "pairs": [list(p) for p in reason.pairs], "value": reason.value, "code": reason.code}


def decode_reason(data: dict[str, Any]) -> MatchReason:
    """Inverse of `encode_reason`."""
    value = data.get("value")
    return MatchReason(kind=str(data["kind"]), fields=tuple(data.get("fields") or ()),
                       words=tuple(data.get("words") or ()),
                       pairs=tuple((str(a), str(b)) for a, b in data.get("pairs") or ()),
                       value=None if value is None else float(value), code=str(data.get("code") or ""))


def _stamp_queries() -> tuple[Any, Any]:
    d = SearchDocument
    where = d.kind.in_(STAMP_KINDS)
    return (select(func.count(d.id)).where(where).scalar_subquery(),
            select(func.coalesce(func.max(d.seq), 0)).where(where).scalar_subquery())


def current_stamp(session: Session) -> tuple[int, int]:
    """(count, highest seq) of the solution and need rows of the search index, in this transaction."""
    docs, seq = _stamp_queries()
    row = session.execute(select(docs, seq)).one()
    return int(row[0]), int(row[1])


def _read(session: Session, relation: str, source_id: int, top: int) -> list[Item] | None:
    m = MatchList
    docs, seq = _stamp_queries()
    items = session.scalar(select(m.items).where(m.relation == relation, m.source_id == source_id, m.top == top,
                                                 m.docs == docs, m.seq == seq))
    if items is None:
        return None
    return [(int(i), int(score), [decode_reason(r) for r in reasons]) for i, score, reasons in items]


def _store(session: Session, relation: str, source_id: int, top: int, stamp: tuple[int, int],
           items: Sequence[Item]) -> None:
    rows = [[i, score, [encode_reason(r) for r in reasons]] for i, score, reasons in items]
    m = MatchList
    nested = session.begin_nested()
    try:
        session.execute(delete(m).where(m.relation == relation, m.source_id == source_id, m.top == top))
        session.execute(insert(m).values(relation=relation, source_id=source_id, top=top, docs=stamp[0],
                                         seq=stamp[1], items=rows))
        nested.commit()
    except IntegrityError:
        nested.rollback()  # another worker stored the same list at the same moment


def _compute(session: Session, relation: str, source: Any, top: int) -> list[Item]:
    if relation == "similar":
        return [(m.solution.id, m.score, m.reasons) for m in service.similar_solutions(session, source, top)]
    if relation == "needs":
        return [(m.need.id, m.score, m.reasons) for m in service.needs_for_solution(session, source, top)]
    return [(m.solution.id, m.score, m.reasons) for m in service.rank_solutions_for_need(session, source, top=top)]


def _items(session: Session, relation: str, source: Any, top: int) -> list[Item]:
    from bitgoeul.matching.indexing import flush_deferred

    flush_deferred(session)  # this transaction's own writes count, as they do for a search
    found = _read(session, relation, source.id, top)
    if found is not None:
        return found
    stamp = current_stamp(session)  # taken before computing: a write meanwhile leaves the row stale, never wrong
    items = _compute(session, relation, source, top)
    _store(session, relation, source.id, top, stamp, items)
    return items


def _records(session: Session, model: Any, ids: Sequence[int]) -> dict[int, Any]:
    if not ids:
        return {}
    return {r.id: r for r in session.scalars(select(model).where(model.id.in_(list(ids)))).unique()}


def _solution_matches(session: Session, items: list[Item]) -> list[service.SolutionMatch]:
    found = _records(session, Solution, [i for i, _, _ in items])
    return [service.SolutionMatch(solution=found[i], score=score, reasons=reasons)
            for i, score, reasons in items if i in found]


def similar_solutions(session: Session, solution: Solution, top: int = 5) -> list[service.SolutionMatch]:
    """`service.similar_solutions`, read from the stored list (computed and stored when missing or stale)."""
    return _solution_matches(session, _items(session, "similar", solution, top))


def needs_for_solution(session: Session, solution: Solution, top: int = 5) -> list[service.NeedMatch]:
    """`service.needs_for_solution`, read from the stored list (computed and stored when missing or stale)."""
    items = _items(session, "needs", solution, top)
    found = _records(session, Need, [i for i, _, _ in items])
    return [service.NeedMatch(need=found[i], score=score, reasons=reasons) for i, score, reasons in items if i in found]


def rank_solutions_for_need(session: Session, need: Need, *, top: int = 10) -> list[service.SolutionMatch]:
    """`service.rank_solutions_for_need`, read from the stored list (computed and stored when missing or stale)."""
    return _solution_matches(session, _items(session, "solutions", need, top))


def _source_model(relation: str) -> Any:
    return Need if relation == "solutions" else Solution


def refresh_stale(session: Session, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every stored list whose stamp is old (after writes or new vectors); returns lists written.

    Lists whose source record is gone are deleted.
    """
    from bitgoeul.matching.indexing import flush_deferred

    flush_deferred(session)
    stamp = current_stamp(session)
    m = MatchList
    stale = session.execute(select(m.relation, m.source_id, m.top)
                            .where((m.docs != stamp[0]) | (m.seq != stamp[1]))
                            .order_by(m.relation, m.source_id, m.top)).all()
    done = 0
    for n, (relation, source_id, top) in enumerate(stale, 1):
        source = session.get(_source_model(relation), source_id)
        if source is None:
            session.execute(delete(m).where(m.relation == relation, m.source_id == source_id))
        else:
            _store(session, relation, source_id, top, stamp, _compute(session, relation, source, top))
            done += 1
        if progress:
            progress(n, len(stale))
    return done


def precompute(session: Session, tops: dict[str, tuple[int, ...]] | None = None) -> int:
    """Compute and store every solution's and need's lists for the tops pages use (missing or stale only)."""
    from bitgoeul.matching.indexing import flush_deferred

    flush_deferred(session)
    written = refresh_stale(session)
    stamp = current_stamp(session)
    m = MatchList
    have = {(r, s, t) for r, s, t in session.execute(select(m.relation, m.source_id, m.top))}
    for relation, wanted in (tops or PAGE_TOPS).items():
        model = _source_model(relation)
        for source in session.scalars(select(model).order_by(model.id)).unique():
            for top in wanted:
                if (relation, source.id, top) not in have:
                    _store(session, relation, source.id, top, stamp, _compute(session, relation, source, top))
                    written += 1
    return written
