"""Who a new record (need, solution, job, partner listing, meeting request) is filed under: the rule the
capabilities share through organisations.service.acting_organisation."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from tests import factories as f

from bitgoeul.core.errors import PermissionDenied, ValidationFailed
from bitgoeul.organisations.service import acting_organisation

REFUSAL = "구성원만 / members only"


def test_members_act_for_their_own_organisation_whatever_they_name(session: Session) -> None:
    firm, other = f.organisation(session), f.organisation(session)
    member = f.member(session, firm)
    assert acting_organisation(session, member, None, REFUSAL).id == firm.id
    assert acting_organisation(session, member, other.id, REFUSAL).id == firm.id


def test_operators_act_for_the_organisation_they_name_which_must_exist(session: Session) -> None:
    other = f.organisation(session)
    operator = f.operator(session)
    assert acting_organisation(session, operator, other.id, REFUSAL).id == other.id
    with pytest.raises(ValidationFailed) as caught:
        acting_organisation(session, operator, other.id + 1000, REFUSAL)
    assert set(caught.value.fields) == {"organisation_id"}
    with pytest.raises(PermissionDenied) as refused:  # an operator of no organisation who names none
        acting_organisation(session, operator, None, REFUSAL)
    assert refused.value.message == REFUSAL


def test_people_without_an_organisation_get_the_callers_refusal(session: Session) -> None:
    firm = f.organisation(session)
    person = f.user(session)
    with pytest.raises(PermissionDenied) as refused:
        acting_organisation(session, person, firm.id, REFUSAL)
    assert refused.value.message == REFUSAL
    with pytest.raises(PermissionDenied) as default:
        acting_organisation(session, person, None)
    assert default.value.message != REFUSAL and default.value.render("en") == "Only organisation members can do this."
