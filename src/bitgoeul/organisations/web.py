"""Organisation pages: list, detail, create, edit."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.pagination import Page
from bitgoeul.organisations import service
from bitgoeul.organisations.models import Organisation, OrganisationKind, OrganisationSize
from bitgoeul.organisations.schemas import OrganisationIn, OrganisationOut
from bitgoeul.web.deps import CurrentUser, SessionDep, get_language
from bitgoeul.web.forms import (
    EXPORT_FORMATS,
    PER_PAGE,
    FormDep,
    every_item,
    export_response,
    export_rows,
    form_input,
    form_values,
    refused,
    see_other,
    service_data,
)
from bitgoeul.web.rendering import render

router = APIRouter()

FIELDS = ("name_ko", "name_en", "kind", "region", "size", "founded_year", "hq_moved_from", "description_ko",
          "description_en")
KINDS = [k.value for k in OrganisationKind]
SIZES = [s.value for s in OrganisationSize]


def _choices() -> dict[str, Any]:
    return {"kinds": KINDS, "sizes": SIZES}


@router.get("/organisations")
def organisation_list(request: Request, session: SessionDep, user: CurrentUser, q: str = "",
                      kind: str | None = None, region: str | None = None, page: int = 1,
                      format: str | None = None) -> Response:
    kind = kind or None
    region = region or None

    def fetch(number: int, size: int) -> Page[Organisation]:
        return service.list_organisations(session, q=q, kind=kind, region=region, page=number, per_page=size)

    if format in EXPORT_FORMATS:
        return export_response(export_rows(every_item(fetch), OrganisationOut), "organisations", format)
    return render(request, "organisations/list.html", {
        "page": fetch(page, PER_PAGE), "q": q, "kind": kind or "", "region": region or "",
        "can_create": user is not None, **_choices()})


@router.get("/organisations/new")
def organisation_new(request: Request, user: CurrentUser) -> Response:
    if user is None:
        return RedirectResponse("/login?next=/organisations/new", status_code=303)
    return render(request, "organisations/form.html", {"organisation": None, "errors": {},
                                                       "values": {"kind": "ai_firm", "size": "small"}, **_choices()})


@router.post("/organisations/new")
def organisation_create(request: Request, session: SessionDep, user: CurrentUser, form: FormDep) -> Response:
    values = form_values(form)
    try:
        organisation = service.create_organisation(session, user,
                                                   form_input(OrganisationIn, service_data(values, FIELDS), user))
    except ValidationFailed as exc:
        return refused(session, request, "organisations/form.html",
                       {"organisation": None, "values": values, **_choices()}, exc)
    return see_other(session, f"/organisations/{organisation.id}")


@router.get("/organisations/{organisation_id}")
def organisation_detail(request: Request, session: SessionDep, user: CurrentUser, organisation_id: int) -> Response:
    organisation = service.get_organisation(session, organisation_id)
    # The trip planner finds organisations by name (placed by their region): "how to get here" pre-fills it.
    name = organisation.name_en if get_language(request) == "en" and organisation.name_en else organisation.name_ko
    get_here = {"to": name} if organisation.region.strip() else None
    return render(request, "organisations/detail.html", {
        "organisation": organisation, "can_edit": service.can_edit_organisation(user, organisation),
        "get_here": get_here})


@router.get("/organisations/{organisation_id}/edit")
def organisation_edit(request: Request, session: SessionDep, user: CurrentUser, organisation_id: int) -> Response:
    organisation = service.editable_organisation(session, user, organisation_id)  # no form for outsiders
    values = {name: getattr(organisation, name) for name in FIELDS}
    return render(request, "organisations/form.html", {"organisation": organisation, "errors": {},
                                                       "values": values, **_choices()})


@router.post("/organisations/{organisation_id}/edit")
def organisation_update(request: Request, session: SessionDep, user: CurrentUser, organisation_id: int,
                        form: FormDep) -> Response:
    values = form_values(form)
    try:
        service.editable_organisation(session, user, organisation_id)
        service.update_organisation(session, user, organisation_id,
                                    form_input(OrganisationIn, service_data(values, FIELDS), user))
    except ValidationFailed as exc:
        organisation = service.get_organisation(session, organisation_id)
        return refused(session, request, "organisations/form.html",
                       {"organisation": organisation, "values": values, **_choices()}, exc)
    return see_other(session, f"/organisations/{organisation_id}")
