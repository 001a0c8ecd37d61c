"""Partner pages: offers and seeks (list, form, detail with matches and reasons) and the requests inbox."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from bitgoeul.core.auth import Actor, require_login, require_member
from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.pagination import Page
from bitgoeul.exchange import partners
from bitgoeul.exchange.models import PartnerListing
from bitgoeul.exchange.schemas import ListingIn, ListingOut, MeetingRequestIn, ResponseIn
from bitgoeul.exchange.web_common import labels, none_if_blank, owner_options
from bitgoeul.web.deps import CurrentUser, SessionDep, get_language
from bitgoeul.web.forms import (
    EXPORT_FORMATS,
    PER_PAGE,
    FormDep,
    every_item,
    export_response,
    export_rows,
    field_errors,
    form_input,
    form_values,
    refusal,
    see_other,
    service_data,
)
from bitgoeul.web.rendering import render

router = APIRouter()

FIELDS = ("organisation_id", "side", "intent", "domain", "region", "title_ko", "title_en", "text_ko", "text_en",
          "active")


@router.get("/exchange/partners")
def listing_list(request: Request, session: SessionDep, user: CurrentUser, q: str = "", side: str | None = None,
                 intent: str | None = None, domain: str | None = None, region: str | None = None,
                 organisation_id: int | None = None, page: int = 1, format: str | None = None) -> Response:
    def fetch(number: int, size: int) -> Page[PartnerListing]:
        return partners.list_listings(session, q=q, side=none_if_blank(side), intent=none_if_blank(intent),
                                      domain=none_if_blank(domain), region=none_if_blank(region),
                                      organisation_id=organisation_id, page=number, per_page=size)

    if format in EXPORT_FORMATS:
        return export_response(export_rows(every_item(fetch), ListingOut), "exchange_listings", format)
    return render(request, "exchange/partners.html", {
        "page": fetch(page, PER_PAGE), "q": q, "side": side or "", "intent": intent or "", "domain": domain or "",
        "region": region or "", "organisation_id": organisation_id,
        "can_create": partners.can_create_listing(user), **labels(request)})


def _form(request: Request, session: Session, user: Actor | None, listing: PartnerListing | None, values: dict[str,
                                                                                                               Any],
          errors: dict[str, str], status: int = 200) -> Response:
    return render(request, "exchange/listing_form.html", {
        "listing": listing, "values": values, "errors": errors, "owner_options": owner_options(session, user),
        **labels(request)}, status_code=status)


def _values(form: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    values = form_values(form)
    data = service_data(values, FIELDS)
    data["active"] = values.get("active") in {"true", "on"}
    return values, data


@router.get("/exchange/partners/new")
def listing_new(request: Request, session: SessionDep, user: CurrentUser, side: str = "offer") -> Response:
    if user is None:
        return RedirectResponse("/login?next=/exchange/partners/new", status_code=303)
    values = {"side": side if side in {"offer", "seek"} else "offer", "intent": "partnership", "domain": "any",
              "active": "true"}
    return _form(request, session, user, None, values, {})


@router.post("/exchange/partners/new")
def listing_create(request: Request, session: SessionDep, user: CurrentUser, form: FormDep) -> Response:
    values, data = _values(form)
    try:
        listing = partners.create_listing(session, user, form_input(ListingIn, data, user))
    except ValidationFailed as exc:
        session.rollback()
        return _form(request, session, user, None, values, field_errors(exc.fields) or {"__all__": exc.message},
                     exc.status)
    return see_other(session, f"/exchange/partners/{listing.id}")


def _detail(request: Request, session: Session, user: Actor | None, listing: PartnerListing, *,
            errors: dict[str, str] | None = None, values: dict[str, Any] | None = None, failed: str = "",
            status: int = 200) -> Response:
    language = get_language(request)
    matches = [{"listing": m.listing, "score": m.shown_score, "reasons": m.sentences(language),
                "words": m.shown_words(language)}
               for m in partners.matches_for(session, listing)]
    return render(request, "exchange/listing.html", {
        "listing": listing, "matches": matches, "can_edit": partners.can_edit_listing(user, listing),
        "mine": partners.is_own_listing(user, listing),
        "can_request": user is not None and user.organisation_id is not None,
        "errors": errors or {}, "values": values or {}, "failed": failed, **labels(request)}, status_code=status)


@router.get("/exchange/partners/{listing_id}")
def listing_detail(request: Request, session: SessionDep, user: CurrentUser, listing_id: int) -> Response:
    return _detail(request, session, user, partners.get_listing(session, listing_id))


@router.get("/exchange/partners/{listing_id}/edit")
def listing_edit(request: Request, session: SessionDep, user: CurrentUser, listing_id: int) -> Response:
    listing = partners.get_listing(session, listing_id)
    require_member(user, listing.organisation_id)
    values: dict[str, Any] = {name: getattr(listing, name) for name in FIELDS}
    values["active"] = "true" if listing.active else ""
    return _form(request, session, user, listing, values, {})


@router.post("/exchange/partners/{listing_id}/edit")
def listing_update(request: Request, session: SessionDep, user: CurrentUser, listing_id: int,
                   form: FormDep) -> Response:
    values, data = _values(form)
    try:
        partners.update_listing(session, user, listing_id, form_input(ListingIn, data, user))
    except ValidationFailed as exc:
        session.rollback()
        return _form(request, session, user, partners.get_listing(session, listing_id), values,
                     field_errors(exc.fields) or {"__all__": exc.message}, exc.status)
    return see_other(session, f"/exchange/partners/{listing_id}")


@router.post("/exchange/partners/{listing_id}/requests")
def listing_request(request: Request, session: SessionDep, user: CurrentUser, listing_id: int,
                    form: FormDep) -> Response:
    """Ask the organisation of a matching listing (`to_listing_id`) for a meeting about this one."""
    values = form_values(form)
    listing = partners.get_listing(session, listing_id)
    data = {"message": values.get("message", ""), "listing_id": listing.id,
            "to_organisation_id": values.get("to_organisation_id", "")}
    if exc := refusal(session, lambda: partners.send_request(session, user, form_input(MeetingRequestIn, data, user))):
        errors = field_errors(exc.fields) or {"__all__": exc.message}
        errors.setdefault("__all__", exc.message)
        return _detail(request, session, user, listing, errors=errors, values=values,
                       failed=values.get("to_listing_id", ""), status=exc.status)
    return see_other(session, "/exchange/requests?sent=1")


@router.get("/exchange/requests")
def request_inbox(request: Request, session: SessionDep, user: CurrentUser, organisation_id: int | None = None,
                  sent: int = 0) -> Response:
    if user is None:
        return RedirectResponse("/login?next=/exchange/requests", status_code=303)
    boxes = partners.inbox(session, user, organisation_id=organisation_id)
    return render(request, "exchange/requests.html", {**boxes, "just_sent": bool(sent), **labels(request)})


@router.post("/exchange/requests/{request_id}")
def request_respond(request: Request, session: SessionDep, user: CurrentUser, request_id: int,
                    form: FormDep) -> Response:
    values = form_values(form)
    require_login(user)
    answer = service_data(values, ("decision", "note"))
    if exc := refusal(session, lambda: partners.respond(session, user, request_id,
                                                        form_input(ResponseIn, answer, user))):
        boxes = partners.inbox(session, user)
        return render(request, "exchange/requests.html", {**boxes, "problem": exc, "just_sent": False,
                                                          **labels(request)}, status_code=exc.status)
    return see_other(session, "/exchange/requests")
