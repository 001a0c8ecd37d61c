"""The demonstration stage machine: every allowed move works for the right side, everything else is refused
with a clear message and leaves the demonstration as it was."""

from __future__ import annotations

from datetime import date
from itertools import product
from typing import Any

import pytest
from sqlalchemy.orm import Session
from tests import factories as f

from bitgoeul.core.errors import InvalidTransition, LoginRequired, PermissionDenied, ValidationFailed
from bitgoeul.core.forms import validate
from bitgoeul.demonstrations.schemas import MeasurementsIn, MoveIn
from bitgoeul.demonstrations.service import move_demonstration, record_measurements
from bitgoeul.demonstrations.stages import MOVES, Stage, is_valid_path

# Written out by hand from the issue text, independent of stages.MOVES.
EXPECTED_EDGES = {
    ("proposed", "under_review"), ("under_review", "agreed"), ("agreed", "running"), ("running", "reported"),
    ("reported", "purchased"), ("reported", "not_purchased"),
    ("proposed", "withdrawn"), ("under_review", "withdrawn"), ("agreed", "withdrawn"), ("running", "withdrawn"),
    ("reported", "withdrawn"),
}
PAYLOAD: dict[str, dict[str, Any]] = {
    "agreed": {"funded_amount": 50_000_000},
    "not_purchased": {"reason": "예산 부족 / no budget"},
    "purchased": {"purchase_amount": 120_000_000, "purchase_date": "2026-03-02"},
}


def test_edges_are_exactly_the_issue_s() -> None:
    assert {(a.value, b.value) for a, b in MOVES} == EXPECTED_EDGES
    assert is_valid_path(["proposed", "under_review", "agreed", "running", "reported", "purchased"])
    assert not is_valid_path(["proposed", "agreed"])
    assert not is_valid_path(["under_review"])


class World:
    def __init__(self, session: Session) -> None:
        self.firm = f.organisation(session, kind="ai_firm")
        self.buyer_org = f.organisation(session, kind="buyer")
        self.other_org = f.organisation(session, kind="buyer")
        self.supplier = f.member(session, self.firm)
        self.buyer = f.member(session, self.buyer_org)
        self.stranger = f.member(session, self.other_org)
        self.operator = f.operator(session)
        self.person = f.user(session)
        self.solution = f.solution(session, self.supplier)
        self.need = f.need(session, self.buyer)
        self.demo = f.demonstration(session, self.buyer, self.need, self.solution)
        self.session = session

    def move(self, actor: Any, target: str, **extra: Any) -> None:
        move_demonstration(self.session, actor, self.demo.id,
                           validate(MoveIn, {"target": target, **PAYLOAD.get(target, {}), **extra}))

    def walk_to(self, stage: str) -> None:
        path = {"proposed": [], "under_review": ["under_review"], "agreed": ["under_review", "agreed"],
                "running": ["under_review", "agreed", "running"],
                "reported": ["under_review", "agreed", "running", "reported"]}[stage]
        for target in path:
            if target == "reported":
                record_measurements(self.session, self.buyer, self.demo.id,
                                    validate(MeasurementsIn, {"measured": {k.id: 93.0 for k in self.demo.kpis}}))
            self.move(self.operator, target)


@pytest.fixture
def world(session: Session) -> World:
    return World(session)


def test_full_journey_to_purchase_records_history(world: World) -> None:
    world.move(world.buyer, "under_review")
    world.move(world.operator, "agreed")
    world.move(world.supplier, "running")
    record_measurements(world.session, world.buyer, world.demo.id,
                        validate(MeasurementsIn, {"measured": {world.demo.kpis[0].id: 92.5}}))
    world.move(world.buyer, "reported")
    world.move(world.buyer, "purchased")
    world.session.commit()
    demo = world.demo
    assert demo.stage == "purchased"
    assert demo.funded_amount == 50_000_000
    assert demo.purchase is not None
    assert demo.purchase.amount == 120_000_000
    assert demo.purchase.purchased_on == date(2026, 3, 2)
    moves = [(e.from_stage, e.to_stage, e.actor_side) for e in demo.events if e.from_stage != e.to_stage]
    assert moves == [(None, "proposed", "buyer"), ("proposed", "under_review", "buyer"),
                     ("under_review", "agreed", "operator"), ("agreed", "running", "supplier"),
                     ("running", "reported", "buyer"), ("reported", "purchased", "buyer")]


@pytest.mark.parametrize(("start", "target"), [
    (s, t) for s, t in product(["proposed", "under_review", "agreed", "running", "reported"], list(Stage))
    if (s, t.value) not in EXPECTED_EDGES])
def test_every_invalid_move_is_refused_and_changes_nothing(world: World, start: str, target: Stage) -> None:
    world.walk_to(start)
    events = len(world.demo.events)
    with pytest.raises(InvalidTransition) as raised:
        world.move(world.operator, target.value)
    assert start in raised.value.message and "allowed" in raised.value.render("en")
    assert world.demo.stage == start
    assert len(world.demo.events) == events


@pytest.mark.parametrize("final", ["purchased", "not_purchased", "withdrawn"])
def test_final_stages_allow_no_move(world: World, final: str) -> None:
    world.walk_to("reported")
    world.move(world.operator, final)
    for target in Stage:
        with pytest.raises(InvalidTransition):
            world.move(world.operator, target.value)


def test_only_operators_agree_and_fund(world: World) -> None:
    world.walk_to("under_review")
    for actor in (world.buyer, world.supplier):
        with pytest.raises(PermissionDenied):
            world.move(actor, "agreed")
    assert world.demo.stage == "under_review"
    assert world.demo.funded_amount is None


def test_outsiders_cannot_move_and_visitors_must_log_in(world: World) -> None:
    for actor in (world.stranger, world.person):
        with pytest.raises(PermissionDenied):
            world.move(actor, "under_review")
    with pytest.raises(LoginRequired):
        world.move(None, "under_review")
    assert world.demo.stage == "proposed"


def test_supplier_cannot_record_the_buyers_purchase(world: World) -> None:
    world.walk_to("reported")
    with pytest.raises(PermissionDenied):
        world.move(world.supplier, "purchased")


@pytest.mark.parametrize(("stage", "target", "missing"), [
    ("under_review", "agreed", "funded_amount"),
    ("reported", "not_purchased", "reason"),
    ("reported", "purchased", "purchase_amount"),
])
def test_moves_need_their_payload(world: World, stage: str, target: str, missing: str) -> None:
    world.walk_to(stage)
    with pytest.raises(ValidationFailed) as raised:
        move_demonstration(world.session, world.operator, world.demo.id, validate(MoveIn, {"target": target}))
    assert missing in raised.value.fields
    assert world.demo.stage == stage


def test_reporting_needs_every_kpi_measured(world: World) -> None:
    world.walk_to("running")
    with pytest.raises(ValidationFailed) as raised:
        world.move(world.buyer, "reported")
    assert "kpis" in raised.value.fields
    assert world.demo.stage == "running"


def test_negative_funding_is_a_field_error(world: World) -> None:
    world.walk_to("under_review")
    with pytest.raises(ValidationFailed) as raised:
        world.move(world.operator, "agreed", funded_amount=-5)
    assert "funded_amount" in raised.value.fields
