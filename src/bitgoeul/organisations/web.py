"""Organisation pages (list, detail, create, edit) and the small form/export helpers every list page shares."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from bitgoeul.core.auth import can_act_for, require_member
from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.pagination import MAX_PER_PAGE, Page
from bitgoeul.organisations import service
from bitgoeul.organisations.models import Organisation, OrganisationKind, OrganisationSize
from bitgoeul.organisations.schemas import OrganisationOut
from bitgoeul.web.deps import CurrentUser, SessionDep
from bitgoeul.web.rendering import render

router = APIRouter()
PER_PAGE = 20
EXPORT_FORMATS = {"csv", "json"}

# --- helpers shared by the list and form pages of every try-and-buy capability --------------------------


async def form_data(request: Request) -> FormData:
    """The posted form, parsed once (the CSRF check has already read and cached it)."""
    return await request.form()


FormDep = Annotated[FormData, Depends(form_data)]


def form_values(form: FormData, *, lists: Iterable[str] = ()) -> dict[str, Any]:
    """What the user typed, kept as typed so a refused form shows it again; multi-selects as lists."""
    values: dict[str, Any] = {k: v for k, v in form.items() if k != "csrf_token" and isinstance(v, str)}
    for name in lists:
        values[name] = [v for v in form.getlist(name) if isinstance(v, str)]
    return values


def service_data(values: Mapping[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    """Only the service's fields, blanks left out so the schema's defaults (or 'required') apply."""
    return {k: values[k] for k in allowed
            if k in values and not (isinstance(values[k], str) and not values[k].strip())}


def field_errors(fields: Mapping[str, str], renames: Mapping[str, str] | None = None) -> dict[str, str]:
    """Errors keyed by form field: `domain_tags.0` is shown beside `domain_tags`, first problem wins."""
    shown: dict[str, str] = {}
    for name, message in fields.items():
        for prefix, field in (renames or {}).items():
            if name.startswith(prefix):
                name = field + name[len(prefix):]
        shown.setdefault(name.split(".")[0], message)
    return shown


def every_item(fetch: Callable[[int, int], Page[Any]]) -> list[Any]:
    """All rows of a filtered list, page by page, for an export of the list the user is looking at."""
    first = fetch(1, MAX_PER_PAGE)
    items = list(first.items)
    for number in range(2, first.pages + 1):
        items.extend(fetch(number, MAX_PER_PAGE).items)
    return items


def export_rows(items: Iterable[Any], schema: type[BaseModel]) -> list[dict[str, Any]]:
    return [schema.model_validate(item).model_dump(mode="json") for item in items]


def export_response(rows: list[dict[str, Any]], name: str, fmt: str) -> Response:
    """A JSON array, or CSV in UTF-8 with a BOM so spreadsheets show Korean intact."""
    if fmt == "json":
        return Response(json.dumps(rows, ensure_ascii=False, indent=1), media_type="application/json",
                        headers={"content-disposition": f'attachment; filename="{name}.json"'})
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                             for k, v in row.items()})
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{name}.csv"'})


def see_other(session: Session, url: str) -> Response:
    """Commit, then redirect: the session dependency commits only after the response is sent, and the
    browser's next request could otherwise arrive before the record it was sent to exists."""
    session.commit()
    return RedirectResponse(url, status_code=303)


def refused(session: Session, request: Request, template: str, context: dict[str, Any],
            exc: ValidationFailed) -> Response:
    """Re-show a form with its errors; roll back so nothing half-done is committed with the page."""
    session.rollback()
    return render(request, template, {**context, "errors": field_errors(exc.fields) or {"__all__": exc.message}},
                  status_code=exc.status)


# --- organisation pages ----------------------------------------------------------------------------------

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
        organisation = service.create_organisation(session, user, service_data(values, FIELDS))
    except ValidationFailed as exc:
        return refused(session, request, "organisations/form.html",
                       {"organisation": None, "values": values, **_choices()}, exc)
    return see_other(session, f"/organisations/{organisation.id}")


@router.get("/organisations/{organisation_id}")
def organisation_detail(request: Request, session: SessionDep, user: CurrentUser, organisation_id: int) -> Response:
    organisation = service.get_organisation(session, organisation_id)
    # Organisations carry a region, not coordinates: "how to get here" plans to the region's city by name.
    get_here = {"name": organisation.region.split()[0]} if organisation.region.strip() else None
    return render(request, "organisations/detail.html", {
        "organisation": organisation, "can_edit": can_act_for(user, organisation.id), "get_here": get_here})


@router.get("/organisations/{organisation_id}/edit")
def organisation_edit(request: Request, session: SessionDep, user: CurrentUser, organisation_id: int) -> Response:
    organisation = service.get_organisation(session, organisation_id)
    require_member(user, organisation.id)  # the same check the save will make; no form for outsiders
    values = {name: getattr(organisation, name) for name in FIELDS}
    return render(request, "organisations/form.html", {"organisation": organisation, "errors": {},
                                                       "values": values, **_choices()})


@router.post("/organisations/{organisation_id}/edit")
def organisation_update(request: Request, session: SessionDep, user: CurrentUser, organisation_id: int,
                        form: FormDep) -> Response:
    values = form_values(form)
    try:
        service.update_organisation(session, user, organisation_id, service_data(values, FIELDS))
    except ValidationFailed as exc:
        organisation = service.get_organisation(session, organisation_id)
        return refused(session, request, "organisations/form.html",
                       {"organisation": organisation, "values": values, **_choices()}, exc)
    return see_other(session, f"/organisations/{organisation_id}")
