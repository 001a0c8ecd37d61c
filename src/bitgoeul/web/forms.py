"""Form and export helpers every list and form page shares: parse once, keep what was typed, show errors
beside fields, export the list being looked at, redirect after a write."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from bitgoeul.core.auth import Actor, require_login
from bitgoeul.core.errors import DomainError, LoginRequired, NotFound, ValidationFailed
from bitgoeul.core.export import csv_text
from bitgoeul.core.forms import validate
from bitgoeul.core.i18n import Message, localise
from bitgoeul.core.pagination import MAX_PER_PAGE, Page
from bitgoeul.web.rendering import render

M = TypeVar("M", bound=BaseModel)

PER_PAGE = 20
EXPORT_FORMATS = {"csv", "json"}


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


def form_input(model: type[M], data: Mapping[str, Any], user: Actor | None) -> M:
    """A form's values as the service's typed input. Pages refuse in the API's order: login first (someone
    logged out is sent to log in, whatever they typed), then the fields (ValidationFailed, shown beside them);
    the service checks permission and state after."""
    require_login(user)
    return validate(model, data)


def field_errors(fields: Mapping[str, str | Message], renames: Mapping[str, str] | None = None
                 ) -> dict[str, str]:
    """Errors keyed by form field, in the reader's language: `domain_tags.0` is shown beside `domain_tags`,
    first problem wins."""
    shown: dict[str, str] = {}
    for name, message in fields.items():
        for prefix, field in (renames or {}).items():
            if name.startswith(prefix):
                name = field + name[len(prefix):]
        shown.setdefault(name.split(".")[0], localise(message))
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
    text = csv_text(rows, list(rows[0])) if rows else ""
    return Response("\ufeff" + text, media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{name}.csv"'})


def see_other(session: Session, url: str) -> Response:
    """Commit, then redirect with 303: the write is durable before the browser follows the link (the request's
    session would commit before responding anyway; this keeps the order explicit in the handler)."""
    session.commit()
    return RedirectResponse(url, status_code=303)


def refusal(session: Session, action: Callable[[], object]) -> DomainError | None:
    """Run a page's write. A refusal is rolled back and returned, so the page can be shown again with its reason
    and status; not logged in and not found go on to the app's handlers (a login redirect, a 404 page)."""
    try:
        action()
    except (LoginRequired, NotFound):
        raise
    except DomainError as exc:
        session.rollback()
        return exc
    return None


def refused(session: Session, request: Request, template: str, context: dict[str, Any],
            exc: ValidationFailed) -> Response:
    """Re-show a form with its errors; roll back so nothing half-done is committed with the page."""
    session.rollback()
    return render(request, template, {**context, "errors": field_errors(exc.fields) or {"__all__": exc.message}},
                  status_code=exc.status)
