"""Record-to-record match lists computed on write and read by pages in one query (table `match_lists`).

A page that shows "records like this one" would search on every view (about 13 ms of CPU each time) for a
list that only changes when one of the records it ranks, or one of their vectors, changes. Here each list
is stored with a stamp of the rows of `search_documents` of the kinds it ranks (their count and highest
change counter `seq`): any insert, update, new vector, re-analysis or delete among them changes the stamp,
so a page reads its list with one statement that also checks the stamp, and a stale or missing list is
computed once by the capability's own ranking function and stored for the next visitor. The embedding
worker recomputes stale lists after vectors arrive (`refresh_stale`) and its periodic task fills every
source record's lists for the tops pages use (`precompute`), so visitors rarely compute.

Generic: a capability declares its lists as `Relation`s (what a source record is, how its list is
computed, which kinds stamp it) in its manifest (`match_lists`); this module knows no capability. The
need and solution lists (similar solutions, buyers who need this, a need's ranked solutions) are
`bitgoeul.demonstrations.match_lists`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bitgoeul.matching.models import MatchList, SearchDocument
from bitgoeul.matching.reasons import MatchReason

Item = tuple[int, int, list[MatchReason]]  # target id, 0-100 score, reasons


@dataclass(frozen=True)
class Relation:
    """One kind of stored list: from a source record (by integer id) to ranked target records."""

    name: str  # the `relation` column, unique across capabilities (at most 20 characters)
    stamp_kinds: tuple[str, ...]  # search kinds whose changes make the list stale
    source: Callable[[Session, int], Any]  # the source record by id, or None when it is gone
    sources: Callable[[Session], Iterable[Any]]  # every source record, for `precompute`
    compute: Callable[[Session, Any, int], list[Item]]  # the list, freshly ranked
    tops: tuple[int, ...] = ()  # the tops pages ask for, stored ahead of visitors


def relations() -> dict[str, Relation]:
    """Every capability's stored-list relations, as their manifests name them (`match_lists`)."""
    from bitgoeul.core.registry import capabilities, load

    found: dict[str, Relation] = {}
    for capability in capabilities():
        if capability.match_lists:
            found.update({r.name: r for r in load(capability.match_lists)})
    return found


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


def _stamp_queries(kinds: Sequence[str]) -> tuple[Any, Any]:
    d = SearchDocument
    where = d.kind.in_(list(kinds))
    return (select(func.count(d.id)).where(where).scalar_subquery(),
            select(func.coalesce(func.max(d.seq), 0)).where(where).scalar_subquery())


def current_stamp(session: Session, kinds: Sequence[str]) -> tuple[int, int]:
    """(count, highest seq) of the rows of these kinds in the search index, in this transaction."""
    docs, seq = _stamp_queries(kinds)
    row = session.execute(select(docs, seq)).one()
    return int(row[0]), int(row[1])


def _read(session: Session, relation: str, source_id: int, top: int) -> list[Item] | None:
    m = MatchList
    docs, seq = _stamp_queries(relations()[relation].stamp_kinds)
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


def items(session: Session, relation: Relation, source: Any, top: int) -> list[Item]:
    """The stored list of `source` (computed and stored when missing or stale)."""
    from bitgoeul.matching.indexing import flush_deferred

    flush_deferred(session)  # this transaction's own writes count, as they do for a search
    found = _read(session, relation.name, source.id, top)
    if found is not None:
        return found
    # The stamp is taken before computing: a write meanwhile leaves the row stale, never wrong.
    stamp = current_stamp(session, relation.stamp_kinds)
    computed = relation.compute(session, source, top)
    _store(session, relation.name, source.id, top, stamp, computed)
    return computed


def refresh_stale(session: Session, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every stored list whose stamp is old (after writes or new vectors); returns lists written.

    Lists whose source record is gone are deleted.
    """
    from bitgoeul.matching.indexing import flush_deferred

    flush_deferred(session)
    m = MatchList
    stale: list[tuple[Relation, tuple[int, int], int, int]] = []
    for name, relation in sorted(relations().items()):
        stamp = current_stamp(session, relation.stamp_kinds)
        rows = session.execute(select(m.source_id, m.top)
                               .where(m.relation == name, (m.docs != stamp[0]) | (m.seq != stamp[1]))
                               .order_by(m.source_id, m.top)).all()
        stale += [(relation, stamp, source_id, top) for source_id, top in rows]
    done = 0
    for n, (relation, stamp, source_id, top) in enumerate(stale, 1):
        source = relation.source(session, source_id)
        if source is None:
            session.execute(delete(m).where(m.relation == relation.name, m.source_id == source_id))
        else:
            _store(session, relation.name, source_id, top, stamp, relation.compute(session, source, top))
            done += 1
        if progress:
            progress(n, len(stale))
    return done


def precompute(session: Session, tops: dict[str, tuple[int, ...]] | None = None) -> int:
    """Compute and store every source record's lists for the tops pages use (missing or stale only)."""
    from bitgoeul.matching.indexing import flush_deferred

    flush_deferred(session)
    written = refresh_stale(session)
    m = MatchList
    have = {(r, s, t) for r, s, t in session.execute(select(m.relation, m.source_id, m.top))}
    known = relations()
    for name, wanted in (tops or {n: r.tops for n, r in known.items()}).items():
        relation = known[name]
        stamp = current_stamp(session, relation.stamp_kinds)
        for source in relation.sources(session):
            for top in wanted:
                if (name, source.id, top) not in have:
                    _store(session, name, source.id, top, stamp, relation.compute(session, source, top))
                    written += 1
    return written
