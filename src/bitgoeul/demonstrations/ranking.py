"""Need and solution ranking: a need's ranked solutions, similar solutions, buyers who need this, and
solutions for free text. Demonstrations' own matching over the shared search service (as talent and
exchange keep theirs): records are found through `bitgoeul.matching.service`, the rules of what makes a
need's query, a solution's query and a shared domain live here.

Pages read these lists through `match_lists` (stored, stamped); these functions compute them afresh.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.core.domains import DOMAINS, domain_words
from bitgoeul.demonstrations.models import Need, Solution
from bitgoeul.matching.backend import search_index
from bitgoeul.matching.engine import Hit
from bitgoeul.matching.reasons import MatchReason, build, display_score
from bitgoeul.matching.service import domain_boosts, passages, record_mode, run_query


@dataclass(frozen=True)
class SolutionMatch:
    """A solution ranked for a query, need or solution: its 0-100 score and the reasons, as data."""

    solution: Solution
    score: int
    reasons: list[MatchReason]


@dataclass(frozen=True)
class NeedMatch:
    """A buyer's need ranked for a solution: its 0-100 score and the reasons, as data."""

    need: Need
    score: int
    reasons: list[MatchReason]


def _solutions_for(session: Session, hits: list[Hit], domains: Iterable[str] = ()) -> list[SolutionMatch]:
    ids = [int(h.id) for h in hits]
    found = {s.id: s for s in session.scalars(select(Solution).where(Solution.id.in_(ids))).unique()}
    texts = passages(session, [(h.kind, h.id) for h in hits])
    wanted = set(domains)
    matches = []
    for hit in hits:
        solution = found.get(int(hit.id))
        if solution is None:
            continue  # deleted by a path the hooks could not see; `match reindex` tidies up
        shared = [d for d in solution.domain_tags or [] if d in wanted]
        matches.append(SolutionMatch(solution=solution, score=display_score(hit.score),
                                     reasons=build(hit, texts.get((hit.kind, hit.id), ""), shared)))
    return matches


def rank_solutions(session: Session, query: str, *, domain: str | None = None, top: int = 10
                   ) -> list[SolutionMatch]:
    """Solutions best matching free text (and preferring `domain`), each with reasons."""
    index = search_index(session)
    hits, _ = run_query(index, query, top=top, kinds_=["solution"], boosts=domain_boosts([domain or ""]))
    return _solutions_for(session, hits, [domain] if domain else [])


def need_query(need: Need) -> str:
    """A need as a query: its titles, problem and domain names."""
    label = DOMAINS.get(need.domain, ("", ""))
    return " ".join([need.title_ko, need.title_en, need.problem_ko, need.problem_en, *label])


def rank_solutions_for_need(session: Session, need: Need, *, top: int = 10) -> list[SolutionMatch]:
    """Solutions ranked for a buyer's need: its text and vector as the query, its domain as a boost."""
    index = search_index(session)
    vector = index.vector_of(("need", need.id))
    hits, _ = run_query(index, need_query(need), top=top, kinds_=["solution"], boosts=domain_boosts([need.domain]),
                        query_vector=vector, mode=record_mode(vector))
    return _solutions_for(session, hits, [need.domain])


def solution_query(solution: Solution) -> str:
    """A solution as a query: titles, summaries and domain names (descriptions would drown the point)."""
    return " ".join([solution.title_ko, solution.title_en, solution.summary_ko, solution.summary_en,
                     domain_words(solution.domain_tags or [])])


def similar_solutions(session: Session, solution: Solution, top: int = 5) -> list[SolutionMatch]:
    """Other solutions most like this one ("similar solutions" on a solution page)."""
    index = search_index(session)
    vector = index.vector_of(("solution", solution.id))
    hits, _ = run_query(index, solution_query(solution), top=min(top + 1, 1000), kinds_=["solution"],
                        boosts=domain_boosts(solution.domain_tags or []), query_vector=vector, mode=record_mode(vector))
    return _solutions_for(session, [h for h in hits if h.id != solution.id][:top], solution.domain_tags or [])


def needs_for_solution(session: Session, solution: Solution, top: int = 5) -> list[NeedMatch]:
    """Buyers' needs this solution could serve ("buyers who need this"), best first."""
    index = search_index(session)
    vector = index.vector_of(("solution", solution.id))
    hits, _ = run_query(index, solution_query(solution), top=top, kinds_=["need"],
                        boosts=domain_boosts(solution.domain_tags or []), query_vector=vector, mode=record_mode(vector))
    ids = [int(h.id) for h in hits]
    found = {n.id: n for n in session.scalars(select(Need).where(Need.id.in_(ids))).unique()}
    texts = passages(session, [(h.kind, h.id) for h in hits])
    tags = set(solution.domain_tags or [])
    out = []
    for hit in hits:
        need = found.get(int(hit.id))
        if need is None:
            continue
        shared = [need.domain] if need.domain in tags else []
        out.append(NeedMatch(need=need, score=display_score(hit.score),
                             reasons=build(hit, texts.get((hit.kind, hit.id), ""), shared)))
    return out
