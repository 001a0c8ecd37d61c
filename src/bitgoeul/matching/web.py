"""The site-wide search page: one box over every kind, facets to narrow it, reasons beside each result."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from bitgoeul.core.domains import DOMAINS, label
from bitgoeul.core.errors import ValidationFailed
from bitgoeul.matching import service
from bitgoeul.matching.kinds import get_kind, kinds
from bitgoeul.matching.reasons import render_html
from bitgoeul.web.deps import CurrentUser, SessionDep, get_language, rate_limited
from bitgoeul.web.rendering import render

router = APIRouter()

PAGING = {"q", "kind", "page", "per_page", "mode", "lang"}
PER_PAGE = 20


def kind_label(kind: str, language: str) -> str:
    spec = get_kind(kind)
    if spec is None:
        return kind
    return spec.label[1] if language == "en" else spec.label[0]


@router.get("/search", dependencies=[Depends(rate_limited("search"))])
def search_page(request: Request, session: SessionDep, user: CurrentUser, q: str = "", kind: str = "",
                page: int = 1) -> Response:
    language = get_language(request)
    audience = service.audience_of(user)
    filters = {k: v for k, v in request.query_params.items() if k not in PAGING}
    context: dict[str, Any] = {
        "q": q, "kind": kind, "filters": filters, "found": None, "error": "", "limit": service.FACET_LIMIT,
        "kind_options": [(k.kind, kind_label(k.kind, language)) for k in kinds()
                         if audience == "members" or k.audience == "public"],
        "kind_label": lambda k: kind_label(k, language),
        "domain_label": lambda code: label(DOMAINS, code, language),
        "explain": lambda r: next(iter(render_html([r], language)), None),
    }
    status = 200
    if q.strip() or filters or kind:
        try:
            context["found"] = service.search_page(session, q, kind=kind or None, filters=filters, page=page,
                                                   per_page=PER_PAGE, actor=user)
        except ValidationFailed as exc:
            context["error"] = next(iter(exc.fields.values()), exc.message) if exc.fields else exc.message
            status = exc.status
    return render(request, "matching/search.html", context, status_code=status)
