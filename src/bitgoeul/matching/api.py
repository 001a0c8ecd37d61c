"""JSON API: `/api/v1/search` over every kind with facets, and the shapes record-to-record matches answer in
(a capability's own matching routes, e.g. demonstrations' similar solutions, reuse `ResultsOut` and `record_row`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from bitgoeul.core.bounds import MAX_PAGE
from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.core.pagination import MAX_PER_PAGE
from bitgoeul.matching import service
from bitgoeul.matching.reasons import MatchReason, render_all
from bitgoeul.web.deps import CurrentUser, Language, SessionDep, rate_limited

router = APIRouter()

Top = Annotated[int, Query(ge=1, le=100, description="how many to return")]
PAGING = {"q", "kind", "page", "per_page", "mode", "lang"}


class EvidenceOut(BaseModel):
    """A reason as data: kind words (fields, words), glossary (pairs), semantic (value) or domain (code)."""

    kind: str
    fields: list[str] | None = None
    words: list[str] | None = None
    pairs: list[list[str]] | None = None
    value: float | None = None
    code: str | None = None


class ResultOut(BaseModel):
    kind: str
    id: int | str
    title: str
    score: int = Field(ge=0, le=100, description="0-100, the number the pages and the CLI show for this match")
    reasons: list[str] = Field(description="why it matched, as sentences in the request's language")
    evidence: list[EvidenceOut] = Field(description="the same reasons as data")
    url: str


class SearchOut(BaseModel):
    results: list[ResultOut]
    total: int
    page: int
    per_page: int
    facets: dict[str, dict[str, int]]
    mode: str
    pending: int


class ResultsOut(BaseModel):
    results: list[ResultOut]


def _row(result: service.SearchResult, language: str) -> dict[str, Any]:
    return {**result.as_json(language), "evidence": [r.as_json() for r in result.reasons], "url": result.url}


def record_row(kind: str, record: Any, score: int, reasons: list[MatchReason], language: str) -> dict[str, Any]:
    """A ranked record (with `id`, `title_ko`, `title_en`) as a `ResultOut` row; its page is `/{kind}s/{id}`."""
    title = (record.title_en or record.title_ko) if language == "en" else record.title_ko
    return {"kind": kind, "id": record.id, "title": title, "score": score, "reasons": render_all(reasons, language),
            "evidence": [r.as_json() for r in reasons], "url": f"/{kind}s/{record.id}"}


@router.get("/search", response_model=SearchOut, tags=["search"], dependencies=[Depends(rate_limited("search"))])
def search(request: Request, session: SessionDep, user: CurrentUser, language: Language, q: str = "",
           kind: str | None = None, page: int = 1, per_page: int = 20, mode: str = "hybrid") -> dict[str, Any]:
    """Search every kind, best first, with reasons and facet counts (kind, domain, region).

    Filters: domain, region, city, deployment, language, org_kind, budget_at_least, deadline_after, seniority,
    work_mode, held_after;
    any other parameter is refused with 422 so a typo never silently widens a search.
    """
    filters = {k: v for k, v in request.query_params.items() if k not in PAGING}
    found = service.search_page(session, q, kind=kind or None, filters=filters, page=page, per_page=per_page,
                                mode=mode, actor=user)
    return {"results": [_row(r, language) for r in found.results], "total": found.total, "page": found.page,
            "per_page": found.per_page, "facets": found.facets, "mode": found.mode, "pending": found.pending}


class SearchIn(BaseModel):
    """The same search as GET, for long texts (a whole need pasted as the query)."""

    q: str
    kind: str | None = None
    filters: dict[str, str] = {}
    page: int = Field(default=1, ge=1, le=MAX_PAGE)
    per_page: int = Field(default=20, ge=1, le=MAX_PER_PAGE)
    mode: str = "hybrid"


@router.post("/search", response_model=SearchOut, tags=["search"], openapi_extra={"security": []},
             dependencies=[Depends(rate_limited("search"))])
def search_long(session: SessionDep, user: CurrentUser, language: Language, body: SearchIn) -> dict[str, Any]:
    """POST form of `/search` (same answer); queries up to 100,000 characters."""
    found = service.search_page(session, body.q, kind=body.kind or None, filters=body.filters, page=body.page,
                                per_page=body.per_page, mode=body.mode, actor=user)
    return {"results": [_row(r, language) for r in found.results], "total": found.total, "page": found.page,
            "per_page": found.per_page, "facets": found.facets, "mode": found.mode, "pending": found.pending}


def checked_top(top: int) -> int:
    """`top` when 1-100, else ValidationFailed (422) naming the field."""
    if not 1 <= top <= 100:
        raise ValidationFailed("matching.refuse.top", fields={"top": Message("matching.refuse.top")})
    return top
