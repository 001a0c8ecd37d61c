"""Showcase pages: the public page of the AI cluster's sites (with live facts and the ways to get there), the
operators' editor for its words and captions, and visit requests (sent from the page, listed, exported and
answered by operators)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from bitgoeul.core.auth import Actor
from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.forms import validate
from bitgoeul.core.i18n import pick, translate
from bitgoeul.core.pagination import Page
from bitgoeul.core.time import local_today
from bitgoeul.dashboard.public import value_text
from bitgoeul.showcase import facts, policy, service
from bitgoeul.showcase.models import ShowcaseSite, VisitRequest
from bitgoeul.showcase.schemas import SiteTextIn, VisitAnswerIn, VisitRequestIn, VisitRequestOut
from bitgoeul.web.deps import CurrentUser, SessionDep, get_language
from bitgoeul.web.forms import (
    EXPORT_FORMATS,
    PER_PAGE,
    FormDep,
    every_item,
    export_response,
    export_rows,
    field_errors,
    form_values,
    refused,
    see_other,
    service_data,
)
from bitgoeul.web.rendering import render

router = APIRouter()

# Where visitors start: the country's main airport and the capital's main station (place-search names).
ORIGINS = {"ko": ("인천공항", "서울역"), "en": ("Incheon Airport", "Seoul Station")}
VISIT_FIELDS = ("group_name", "group_size", "preferred_date", "language", "purpose")


def _trips(site: ShowcaseSite, language: str) -> list[tuple[str, str]]:
    """(origin, trip planner link) pre-filled from each starting point to the site."""
    to = pick(language, site.name_ko, site.name_en)
    return [(origin, "/transit?" + urlencode({"from": origin, "to": to})) for origin in ORIGINS[language]]


def _delegation(language: str) -> str:
    """The meeting planner with a delegation's two arrivals filled in: where and when the group can meet."""
    airport, station = ORIGINS[language]
    return "/transit/meet?" + urlencode({"t1": airport, "t2": station, "candidates": "all"})


def _page(request: Request, session: Session, user: Actor | None, *, values: dict[str, Any] | None = None,
          errors: dict[str, str] | None = None, status: int = 200) -> Response:
    language = get_language(request)
    sites = service.list_sites(session)
    found = facts.facts_for(session, sites)
    shown = [(site, found[site.id], _trips(site, language), _delegation(language)) for site in sites]
    figures = [(f, value_text(f.value, f.unit, language)) for f in facts.programme_figures(session)]
    return render(request, "showcase/page.html", {
        "sites": shown, "figures": figures, "can_edit": policy.can_edit(user),
        "sites_options": [(s.slug, pick(language, s.name_ko, s.name_en)) for s in sites],
        "languages": [(code, translate(f"showcase.visit.lang_{code}", language)) for code in ("ko", "en")],
        "can_answer": policy.can_answer(user), "mine": service.my_visits(session, user),
        "values": values or {"language": language, "site": sites[0].slug if sites else ""},
        "errors": errors or {}, "today": local_today().isoformat()}, status_code=status)


@router.get("/showcase")
def showcase_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    return _page(request, session, user)


@router.post("/showcase/visits")
def showcase_visit_request(request: Request, session: SessionDep, user: CurrentUser, form: FormDep) -> Response:
    policy.require_requester(user)  # who may ask comes before what was asked (see docs/architecture.md)
    values = form_values(form)
    try:
        data = validate(VisitRequestIn, service_data(values, VISIT_FIELDS))
        visit = service.request_visit(session, user, values.get("site", ""), data)
    except ValidationFailed as exc:
        session.rollback()
        return _page(request, session, user, values=values,
                     errors=field_errors(exc.fields) or {"__all__": exc.message}, status=exc.status)
    return see_other(session, f"/showcase/visits/{visit.id}")


@router.get("/showcase/visits")
def showcase_visits(request: Request, session: SessionDep, user: CurrentUser, q: str = "",
                    status: str | None = None, page: int = 1, format: str | None = None) -> Response:
    status = status or None

    def fetch(number: int, size: int) -> Page[VisitRequest]:
        return service.list_visits(session, user, q=q, status=status, page=number, per_page=size)

    if format in EXPORT_FORMATS:
        return export_response(export_rows(every_item(fetch), VisitRequestOut), "showcase_visit_requests", format)
    return render(request, "showcase/visits.html", {"page": fetch(page, PER_PAGE), "q": q, "status": status or "",
                                                    "statuses": service.STATUSES})


def _visit_page(request: Request, user: Actor | None, visit: VisitRequest, *,
                values: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
                status: int = 200) -> Response:
    return render(request, "showcase/visit.html", {
        "visit": visit, "can_answer": policy.can_answer(user) and visit.status == "pending",
        "values": values or {"status": "accepted"}, "errors": errors or {}}, status_code=status)


@router.get("/showcase/visits/{visit_id}")
def showcase_visit(request: Request, session: SessionDep, user: CurrentUser, visit_id: int) -> Response:
    return _visit_page(request, user, service.get_visit(session, user, visit_id))


@router.post("/showcase/visits/{visit_id}/answer")
def showcase_visit_answer(request: Request, session: SessionDep, user: CurrentUser, visit_id: int,
                          form: FormDep) -> Response:
    policy.require_answerer(user)
    values = form_values(form)
    try:
        service.answer_visit(session, user, visit_id, validate(VisitAnswerIn, service_data(values, ("status",
                                                                                                 "answer"))))
    except ValidationFailed as exc:
        visit = service.get_visit(session, user, visit_id)
        return refused(session, request, "showcase/visit.html",
                       {"visit": visit, "can_answer": True, "values": values}, exc)
    return see_other(session, f"/showcase/visits/{visit_id}")


# --- operators: the words and captions ------------------------------------------------------------------------


def _site_values(site: ShowcaseSite) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(site, name) for name in service.TEXT_FIELDS}
    values["place_words"] = ", ".join(site.place_words)
    for picture in site.pictures:
        values[f"caption_ko_{picture.id}"] = picture.caption_ko
        values[f"caption_en_{picture.id}"] = picture.caption_en
    return values


def _site_data(site: ShowcaseSite, values: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {name: values.get(name, "") for name in service.TEXT_FIELDS}
    data["radius_m"] = values.get("radius_m") or 0
    data["place_words"] = str(values.get("place_words", "")).split(",")
    data["captions"] = [{"picture_id": p.id, "caption_ko": values.get(f"caption_ko_{p.id}", ""),
                         "caption_en": values.get(f"caption_en_{p.id}", "")} for p in site.pictures]
    return data


@router.get("/showcase/{slug}/edit")
def showcase_edit(request: Request, session: SessionDep, user: CurrentUser, slug: str) -> Response:
    policy.require_editor(user)
    site = service.get_site(session, slug)
    return render(request, "showcase/edit.html", {"site": site, "values": _site_values(site), "errors": {}})


@router.post("/showcase/{slug}/edit")
def showcase_edit_save(request: Request, session: SessionDep, user: CurrentUser, slug: str,
                       form: FormDep) -> Response:
    policy.require_editor(user)
    site = service.get_site(session, slug)
    values = form_values(form)
    try:
        service.update_site(session, user, slug, validate(SiteTextIn, _site_data(site, values)))
    except ValidationFailed as exc:
        # A caption's error is shown beside its own field: captions.<n>.caption_ko -> caption_ko_<picture id>.
        renames = {f"captions.{n}.{side}": f"{side}_{p.id}" for n, p in enumerate(site.pictures)
                   for side in ("caption_ko", "caption_en")}
        session.rollback()
        return render(request, "showcase/edit.html", {
            "site": site, "values": values,
            "errors": field_errors(exc.fields, renames) or {"__all__": exc.message}}, status_code=exc.status)
    return see_other(session, f"/showcase#site-{slug}")
