"""The matching interface the rest of the platform calls; the engine behind it can change.

Today: BM25F over Kiwi morphemes and English words (`bitgoeul.matching.engine`), an index kept in memory
per database and rebuilt when the solutions change. Callers see only `SolutionMatch` lists.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bitgoeul.core.errors import ValidationFailed
from bitgoeul.demonstrations.domains import DOMAINS
from bitgoeul.demonstrations.models import Need, Solution
from bitgoeul.matching.engine import BM25Params, Document, LexicalIndex, QueryError

FIELD_WEIGHTS = {"title": 3.0, "tags": 2.0, "summary": 1.5, "body": 1.0}
DOMAIN_BOOST = 1.25


@dataclass(frozen=True)
class SolutionMatch:
    solution: Solution
    score: float
    reasons: list[str]


def solution_document(solution: Solution) -> Document:
    tags = " ".join(f"{DOMAINS[t][0]} {DOMAINS[t][1]}" for t in solution.domain_tags if t in DOMAINS)
    return Document(
        kind="solution",
        id=solution.id,
        fields={
            "title": f"{solution.title_ko} {solution.title_en}",
            "tags": tags,
            "summary": f"{solution.summary_ko} {solution.summary_en}",
            "body": f"{solution.description_ko} {solution.description_en}",
        },
        attrs={"domain_tags": list(solution.domain_tags), "deployment": solution.deployment},
    )


def need_query(need: Need) -> str:
    label = DOMAINS.get(need.domain, ("", ""))
    return " ".join([need.title_ko, need.title_en, need.problem_ko, need.problem_en, *label])


_lock = threading.Lock()
_indexes: dict[str, tuple[tuple[object, ...], LexicalIndex]] = {}


def _fingerprint(session: Session) -> tuple[object, ...]:
    row = session.execute(select(func.count(Solution.id), func.max(Solution.id), func.max(Solution.updated_at))).one()
    return tuple(row)


def solution_index(session: Session) -> LexicalIndex:
    """The index of every solution, rebuilt only when a solution was added, changed or removed."""
    url = str(session.get_bind().engine.url)
    fingerprint = _fingerprint(session)
    with _lock:
        cached = _indexes.get(url)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        index = LexicalIndex(BM25Params(field_weights=FIELD_WEIGHTS), attributes=("domain_tags", "deployment"))
        index.add_many(solution_document(s) for s in session.scalars(select(Solution)).unique())
        _indexes[url] = (fingerprint, index)
        return index


def _domain_reason(domain: str) -> str:
    ko, en = DOMAINS.get(domain, (domain, domain))
    return f"같은 분야: {ko} / same domain: {en}"


def rank_solutions(session: Session, query: str, *, domain: str | None = None, top: int = 10
                   ) -> list[SolutionMatch]:
    """Solutions best matching free text (and preferring `domain`), each with reasons."""
    index = solution_index(session)
    boosts = {"domain_tags": {domain: DOMAIN_BOOST}} if domain else None
    try:
        hits = index.search(query, top=top, kinds="solution", boosts=boosts)
    except QueryError as exc:
        raise ValidationFailed(str(exc), fields={"q": str(exc)}) from exc
    solutions = {s.id: s for s in session.scalars(select(Solution).where(Solution.id.in_([h.id for h in hits])))}
    matches = []
    for hit in hits:
        solution = solutions.get(int(hit.id))
        if solution is None:
            continue
        reasons = list(hit.reasons)
        if domain and domain in solution.domain_tags:
            reasons.append(_domain_reason(domain))
        matches.append(SolutionMatch(solution=solution, score=round(float(hit.score), 4), reasons=reasons))
    return matches


def rank_solutions_for_need(session: Session, need: Need, *, top: int = 10) -> list[SolutionMatch]:
    """Solutions ranked for a buyer's need: its title and problem as the query, its domain as a boost."""
    return rank_solutions(session, need_query(need), domain=need.domain, top=top)
