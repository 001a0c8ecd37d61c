"""JSON API for organisations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from bitgoeul.core.api import ListOut, list_out
from bitgoeul.organisations import service
from bitgoeul.organisations.schemas import OrganisationIn, OrganisationOut
from bitgoeul.web.deps import CurrentUser, SessionDep

router = APIRouter(prefix="/organisations", tags=["organisations"])


@router.get("", response_model=ListOut[OrganisationOut])
def list_organisations(session: SessionDep, q: str = "", kind: str | None = None, region: str | None = None,
                       page: int = 1, per_page: int = 20) -> dict[str, Any]:
    return list_out(service.list_organisations(session, q=q, kind=kind, region=region, page=page,
                                               per_page=per_page), OrganisationOut)


@router.get("/{organisation_id}", response_model=OrganisationOut)
def get_organisation(session: SessionDep, organisation_id: int) -> Any:
    return service.get_organisation(session, organisation_id)


@router.post("", response_model=OrganisationOut, status_code=201)
def create_organisation(session: SessionDep, user: CurrentUser, body: OrganisationIn) -> Any:
    return service.create_organisation(session, user, body)


@router.put("/{organisation_id}", response_model=OrganisationOut)
def update_organisation(session: SessionDep, user: CurrentUser, organisation_id: int, body: OrganisationIn) -> Any:
    return service.update_organisation(session, user, organisation_id, body)
