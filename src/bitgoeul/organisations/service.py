"""What can be done with organisations. Only members (or operators) edit their organisation."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.core.auth import Actor, Role, can_act_for, is_operator, require_login, require_member
from bitgoeul.core.db import require_row, text_matches
from bitgoeul.core.errors import PermissionDenied, ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.core.pagination import Page, paginate
from bitgoeul.organisations.models import Organisation
from bitgoeul.organisations.schemas import OrganisationIn


def get_organisation(session: Session, organisation_id: int) -> Organisation:
    return require_row(session, Organisation, organisation_id,
                       "organisations.service.organisation_not_found")


def list_organisations(
    session: Session, *, q: str = "", kind: str | None = None, region: str | None = None,
    page: int = 1, per_page: int = 20,
) -> Page[Organisation]:
    statement = select(Organisation).order_by(Organisation.name_ko)
    if q.strip():
        statement = statement.where(text_matches(q, Organisation.name_ko, Organisation.name_en,
                                                 Organisation.description_ko))
    if kind:
        statement = statement.where(Organisation.kind == kind)
    if region:
        statement = statement.where(text_matches(region, Organisation.region))
    return paginate(session, statement, page, per_page)


def acting_organisation(
    session: Session, actor: Actor, requested: int | None,
    refusal: str | Message = Message("organisations.service.only_organisation_members_can_do"),
) -> Organisation:
    """The organisation `actor` acts for: their own, or any one an operator names. Someone without an
    organisation is refused with `refusal` (the caller's words for what they tried)."""
    organisation_id = requested if (requested and is_operator(actor)) else actor.organisation_id
    if organisation_id is None:
        raise PermissionDenied(refusal)
    require_member(actor, organisation_id)
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise ValidationFailed("organisations.service.no_such_organisation",
                               fields={"organisation_id": Message("organisations.service.no_such_organisation")})
    return organisation


def create_organisation(session: Session, actor: Actor | None, values: OrganisationIn) -> Organisation:
    """Any logged-in user may register an organisation; a person without one becomes its member."""
    user = require_login(actor)
    organisation = Organisation(**values.model_dump())
    session.add(organisation)
    session.flush()
    if user.role == Role.person and user.organisation_id is None:
        user.role = Role.member
        user.organisation_id = organisation.id
    return organisation


def can_edit_organisation(actor: Actor | None, organisation: Organisation) -> bool:
    return can_act_for(actor, organisation.id)


def editable_organisation(session: Session, actor: Actor | None, organisation_id: int) -> Organisation:
    """The organisation, if the actor may change it (its members, operators); else 401/403."""
    organisation = get_organisation(session, organisation_id)
    require_member(actor, organisation.id)
    return organisation


def update_organisation(
    session: Session, actor: Actor | None, organisation_id: int, values: OrganisationIn
) -> Organisation:
    organisation = editable_organisation(session, actor, organisation_id)
    for name, value in values.model_dump().items():
        setattr(organisation, name, value)
    session.flush()
    return organisation
