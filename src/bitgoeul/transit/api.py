"""JSON API under /api/v1/transit: stops (search with suggestions), plan and meet in the issue's contract shape."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from bitgoeul.core.i18n import translate
from bitgoeul.core.pagination import check_paging
from bitgoeul.transit import service
from bitgoeul.transit.place_search import AmbiguousPlace, Choice, PlaceProblem, suggest
from bitgoeul.transit.places import SEARCH_LIMIT, StopHit
from bitgoeul.transit.schemas import FeedOut, MeetOut, PlacesOut, PlanOut, StopsOut
from bitgoeul.web.deps import SessionDep

router = APIRouter(prefix="/transit", tags=["transit"])


def stop_out(hit: StopHit, lang: str) -> dict[str, Any]:
    return {"id": hit.id, "name": hit.name(lang), "name_ko": hit.name_ko, "name_en": hit.name_en, "lat": hit.lat,
            "lon": hit.lon, "station": hit.station, "parent": hit.parent, "feed": hit.feed, "sample": hit.sample}


@router.get("/stops", response_model=StopsOut)
def stops(session: SessionDep, q: str = "", page: int = 1, per_page: int = 20,
          lang: Literal["ko", "en"] = "ko") -> dict[str, Any]:
    check_paging(page, per_page)
    hits = service.search_stops(session, q, limit=SEARCH_LIMIT)
    shown = hits[(page - 1) * per_page: page * per_page]
    suggestions = [] if hits or not q.strip() else service.close_matches(session, q)
    return {"items": [stop_out(h, lang) for h in shown], "total": len(hits), "page": page, "per_page": per_page,
            "suggestions": [stop_out(h, lang) for h in suggestions]}


def choice_out(c: Choice, lang: str) -> dict[str, str]:
    return {"name": c.name(lang), "name_ko": c.name_ko, "name_en": c.name_en, "kind": c.kind,
            "kind_name": translate(f"transit.kind.{c.kind}", lang), "text": c.text(lang)}


@router.get("/places", response_model=PlacesOut)
def places(session: SessionDep, q: str = "", limit: int = Query(10, ge=1, le=30),
           lang: Literal["ko", "en"] = "ko") -> dict[str, Any]:
    """Places as one types ("인천공", "Gwangj"): cities, airports, stations, venues, organisations; `text` is what
    to put in `from`/`to`."""
    return {"items": [choice_out(c, lang) for c in suggest(session, q, limit=limit)]}


def place_problem(exc: PlaceProblem, lang: str) -> JSONResponse:
    """422 with the usual error envelope, plus the places to choose from ("ambiguous_place": `candidates`)
    or close matches ("unknown_place": `suggestions`); names only, in the asked language."""
    message = exc.render(lang)
    listed = [choice_out(c, lang) for c in exc.choices]
    body = {"code": exc.code, "message": message, "fields": {exc.field: message}, "text": exc.typed,
            ("candidates" if isinstance(exc, AmbiguousPlace) else "suggestions"): listed}
    return JSONResponse({"error": body}, status_code=exc.status)


@router.get("/plan", response_model=PlanOut, response_model_by_alias=True,
            responses={422: {"description": "bad input; an `ambiguous_place` error lists `candidates` to choose"}})
def plan(session: SessionDep, origin: str = Query("", alias="from"), to: str = "", depart: str = "",
         arrive_by: bool = False, window: int = 24, via: list[str] = Query(default_factory=list),
         until: str = Query("", description="HH:MM or YYYY-MM-DDTHH:MM: every journey leaving by then"),
         lang: Literal["ko", "en"] = "ko") -> Any:
    try:
        result = service.plan_trip(session, origin=origin, destination=to, when=depart, arrive_by=arrive_by,
                                   window_hours=window, via=via, until=until or None)
    except PlaceProblem as exc:
        return place_problem(exc, lang)
    return JSONResponse(result.contract(lang))


@router.get("/meet", response_model=MeetOut)
def meet(session: SessionDep, traveller: list[str] = Query(default_factory=list), candidates: str = "hubs",
         rank: Literal["latest", "total", "fair"] = "latest", limit: int = 10,
         lang: Literal["ko", "en"] = "ko") -> Any:
    travellers = [service.parse_traveller(t) for t in traveller]
    try:
        result = service.plan_meeting(session, travellers=travellers, candidates=candidates, limit=limit)
    except PlaceProblem as exc:
        return place_problem(exc, lang)
    return JSONResponse(result.contract(rank, lang))


@router.get("/feeds", response_model=list[FeedOut])
def feeds(session: SessionDep) -> Any:
    return service.list_feeds(session)
