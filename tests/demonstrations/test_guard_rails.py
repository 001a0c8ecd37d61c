"""Guard rails against typos that hurt the programme: funding above the budget cap needs a logged second
step, an agreement needs a KPI with a target, dates must be plausible. Each refusal names its field, in the
page's language, and leaves the database as it was (service and pages; SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests import factories
from tests.factories import csrf_of, login

from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.forms import validate
from bitgoeul.core.plausible import latest
from bitgoeul.demonstrations import service
from bitgoeul.demonstrations.models import Demonstration, DemonstrationEvent, Kpi, Need
from bitgoeul.demonstrations.schemas import KpiIn, MoveIn
from bitgoeul.exchange import events
from bitgoeul.exchange.models import Event
from bitgoeul.exchange.schemas import EventIn

CAP = 100_000_000
TYPO = 999_999_999_999


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    firm = factories.organisation(session, kind="ai_firm", name_ko="빛가람AI")
    buyer = factories.organisation(session, kind="buyer", name_ko="담양한돈농장")
    firm_member, buyer_member = factories.member(session, firm), factories.member(session, buyer)
    operator = factories.operator(session)
    solution = factories.solution(session, firm_member)
    need = factories.need(session, buyer_member, budget_min=10_000_000, budget_max=CAP)
    with_kpi = factories.demonstration(session, buyer_member, need, solution)
    other = factories.solution(session, firm_member, title_ko="축사 온도 예측", summary_ko="축사 온도를 예측합니다.")
    without_kpi = factories.demonstration(session, buyer_member, need, other, kpis=[])
    for demo in (with_kpi, without_kpi):
        service.move_demonstration(session, operator, demo.id, validate(MoveIn, {"target": "under_review"}))
    session.commit()
    return {"operator": operator, "buyer_member": buyer_member, "firm_member": firm_member, "need": need,
            "with_kpi": with_kpi, "without_kpi": without_kpi}


def snapshot(session: Session) -> tuple[Any, ...]:
    """What a refused action must leave untouched."""
    session.expire_all()
    demos = tuple(session.execute(select(Demonstration.id, Demonstration.stage, Demonstration.funded_amount)
                                  .order_by(Demonstration.id)).all())
    counts = tuple(int(session.scalar(select(func.count()).select_from(m)) or 0)
                   for m in (DemonstrationEvent, Kpi, Need, Event))
    return demos, counts


def refused(call: Any) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        call()
    return caught.value


# --- service ----------------------------------------------------------------------------------------------


def test_over_budget_funding_needs_a_confirmation_that_is_logged(session: Session, world: dict[str, Any]) -> None:
    demo_id = world["with_kpi"].id
    before = snapshot(session)
    error = refused(lambda: service.move_demonstration(session, world["operator"], demo_id,
                                                       validate(MoveIn, {"target": "agreed", "funded_amount": TYPO})))
    session.rollback()
    assert {"funded_amount", "confirm_over_budget"} <= set(error.fields)
    assert "999,999,999,999" in error.field_texts("ko")["funded_amount"]
    assert "100,000,000" in error.field_texts("en")["funded_amount"]
    assert snapshot(session) == before
    # Within the cap: no confirmation needed.
    assert service.move_demonstration(session, world["operator"], demo_id,
                                      validate(MoveIn, {"target": "agreed", "funded_amount": CAP})).stage == "agreed"
    session.rollback()
    # Above the cap, confirmed: accepted, and the confirmation is in the history.
    moved = service.move_demonstration(session, world["operator"], demo_id, validate(MoveIn, {
        "target": "agreed", "funded_amount": 120_000_000, "confirm_over_budget": True}))
    session.commit()
    assert moved.stage == "agreed" and moved.funded_amount == 120_000_000
    logged = [e for e in moved.events if e.action == "over_budget_confirmed"]
    assert len(logged) == 1 and logged[0].note == "120,000,000 > 100,000,000"
    assert logged[0].actor_id == world["operator"].id


def test_absurd_amounts_are_refused_even_when_confirmed(session: Session, world: dict[str, Any]) -> None:
    before = snapshot(session)
    error = refused(lambda: service.move_demonstration(session, world["operator"], world["with_kpi"].id,
                                                       validate(MoveIn, {
        "target": "agreed", "funded_amount": 10**13, "confirm_over_budget": True})))
    session.rollback()
    assert "funded_amount" in error.fields and "1조" in error.field_texts("ko")["funded_amount"]
    assert snapshot(session) == before


def test_agreement_without_a_kpi_is_refused(session: Session, world: dict[str, Any]) -> None:
    before = snapshot(session)
    error = refused(lambda: service.move_demonstration(session, world["operator"], world["without_kpi"].id,
                                                       validate(MoveIn,
                                                                {"target": "agreed", "funded_amount": 50_000_000})))
    session.rollback()
    assert set(error.fields) == {"kpis"}
    assert "KPI" in error.field_texts("en")["kpis"] and "성과지표" in error.field_texts("ko")["kpis"]
    assert snapshot(session) == before
    service.add_kpi(session, world["buyer_member"], world["without_kpi"].id,
                    validate(KpiIn, {"name_ko": "예측 오차", "unit": "℃", "target": 1.5}))
    agreed = service.move_demonstration(session, world["operator"], world["without_kpi"].id,
                                        validate(MoveIn, {"target": "agreed", "funded_amount": 50_000_000}))
    assert agreed.stage == "agreed"


def event_data(start: datetime, end: datetime) -> dict[str, Any]:
    return {"title_ko": "AI 교류의 날", "starts_at": start, "ends_at": end}


def test_event_dates_must_be_plausible_and_in_order(session: Session, world: dict[str, Any]) -> None:
    member = world["firm_member"]
    before = snapshot(session)
    year_75 = datetime(75, 3, 1, 10, tzinfo=UTC)
    error = refused(lambda: events.create_event(
        session, member, validate(EventIn, event_data(year_75, datetime(1667, 1, 1, tzinfo=UTC)))))
    assert {"starts_at", "ends_at"} <= set(error.fields)
    assert "2000-01-01" in error.field_texts("ko")["starts_at"]
    far = datetime.combine(latest() + timedelta(days=1), datetime.min.time(), UTC)
    assert "starts_at" in refused(lambda: events.create_event(session, member, validate(EventIn, event_data(far,
                                                                                                            far)))).fields
    soon = datetime.now(UTC) + timedelta(days=7)
    backwards = refused(lambda: events.create_event(
        session, member, validate(EventIn, event_data(soon, soon - timedelta(hours=1)))))
    assert set(backwards.fields) == {"ends_at"}
    assert "뒤여야" in backwards.field_texts("ko")["ends_at"]
    session.rollback()
    assert snapshot(session) == before
    assert events.create_event(session, member, validate(EventIn, event_data(soon, soon + timedelta(hours=2)))).id


def test_need_deadline_and_budget_are_range_checked(session: Session, world: dict[str, Any]) -> None:
    before = snapshot(session)
    error = refused(lambda: factories.need(session, world["buyer_member"], deadline="0075-01-01", budget_max=TYPO * 10))
    assert {"deadline", "budget_max"} <= set(error.fields)
    session.rollback()
    assert snapshot(session) == before


# --- pages ------------------------------------------------------------------------------------------------


def errors_beside(html: str) -> dict[str, str]:
    """Field id -> error text, as the page shows them beside the fields."""
    return {m.group(1): re.sub(r"\s+", " ", m.group(2)).strip()
            for m in re.finditer(r'<p class="error" id="e-([a-z_]+)[^"]*" role="alert">(.*?)</p>', html, re.S)}


def test_pages_refuse_over_budget_until_confirmed_keeping_what_was_typed(client: TestClient, session: Session,
                                                                        world: dict[str, Any]) -> None:
    login(client, world["operator"].email)
    url = f"/demonstrations/{world['with_kpi'].id}"
    token = csrf_of(client, url)
    before = snapshot(session)
    page = client.post(f"{url}/move", data={"csrf_token": token, "target": "agreed", "funded_amount": str(TYPO)})
    assert page.status_code == 422
    shown = errors_beside(page.text)
    assert "999,999,999,999" in shown["funded_amount"] and "예산 상한" in shown["funded_amount"]
    assert "예산 초과 확인" in shown["confirm_over_budget"]
    assert 'name="confirm_over_budget"' in page.text  # the second step appears
    assert f'value="{TYPO}"' in page.text  # what was typed stays
    assert " / " not in shown["funded_amount"]  # one language
    english = client.post(f"{url}/move?lang=en", data={"csrf_token": token, "target": "agreed",
                                                       "funded_amount": str(TYPO)})
    assert "budget cap" in errors_beside(english.text)["funded_amount"]
    assert not re.search("[가-힣]", errors_beside(english.text)["funded_amount"])
    assert snapshot(session) == before
    done = client.post(f"{url}/move", data={"csrf_token": token, "target": "agreed", "funded_amount": "150000000",
                                            "confirm_over_budget": "true"}, follow_redirects=False)
    assert done.status_code == 303
    history = client.get(f"{url}?lang=ko").text
    assert "예산 상한을 넘는 지원금을 확인했습니다" in history and "150,000,000 &gt; 100,000,000" in history


def test_pages_refuse_agreement_without_kpi_and_event_in_year_75(client: TestClient, session: Session,
                                                                  world: dict[str, Any]) -> None:
    login(client, world["operator"].email)
    url = f"/demonstrations/{world['without_kpi'].id}"
    token = csrf_of(client, url)
    before = snapshot(session)
    page = client.post(f"{url}/move", data={"csrf_token": token, "target": "agreed", "funded_amount": "50000000"})
    assert page.status_code == 422
    assert "목표값이 있는 성과지표" in page.text and 'value="50000000"' in page.text
    assert snapshot(session) == before

    member = TestClient(client.app)
    login(member, world["firm_member"].email)
    token = csrf_of(member, "/exchange/events/new")
    form = {"csrf_token": token, "kind": "meetup", "title_ko": "AI 교류의 날", "starts_at": "0075-03-01T10:00",
            "ends_at": "1667-03-01T12:00", "capacity": ""}
    page = member.post("/exchange/events/new", data=form)
    assert page.status_code == 422
    shown = errors_beside(page.text)
    assert "2000-01-01" in shown["starts_at"] and "ends_at" in shown
    assert 'value="0075-03-01T10:00"' in page.text  # kept as typed
    assert 'name="capacity" type="number" value=""' in page.text  # an empty number field stays empty, not "0"
    assert snapshot(session) == before


def test_new_need_form_starts_with_empty_budget_fields(client: TestClient, world: dict[str, Any]) -> None:
    login(client, world["buyer_member"].email)
    page = client.get("/needs/new").text
    assert 'name="budget_min" type="number" value=""' in page and 'name="budget_max" type="number" value=""' in page


# --- API --------------------------------------------------------------------------------------------------


def test_api_refuses_over_budget_without_confirmation_and_implausible_dates(client: TestClient, session: Session,
                                                                            world: dict[str, Any]) -> None:
    from tests.api.test_api import API, token

    operator = token(client, world["operator"].email)
    url = f"{API}/demonstrations/{world['with_kpi'].id}/moves"
    before = snapshot(session)
    over = client.post(url, headers=operator, json={"target": "agreed", "funded_amount": TYPO})
    assert over.status_code == 422
    assert {"funded_amount", "confirm_over_budget"} <= set(over.json()["error"]["fields"])
    no_kpi = client.post(f"{API}/demonstrations/{world['without_kpi'].id}/moves", headers=operator,
                         json={"target": "agreed", "funded_amount": 1_000_000})
    assert no_kpi.status_code == 422 and set(no_kpi.json()["error"]["fields"]) == {"kpis"}
    assert snapshot(session) == before
    confirmed = client.post(url, headers=operator, json={"target": "agreed", "funded_amount": 120_000_000,
                                                         "confirm_over_budget": True})
    assert confirmed.status_code == 200 and confirmed.json()["funded_amount"] == 120_000_000
    assert any(e["action"] == "over_budget_confirmed" for e in confirmed.json()["events"])
