"""Try-and-buy use cases. Each function is one unit of work over a session; access is checked here."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session, selectinload

from bitgoeul.core.auth import (
    Actor,
    acts_for_an_organisation,
    can_act_for,
    is_operator,
    require_login,
    require_member,
    require_operator,
)
from bitgoeul.core.db import flush_unique, require_row, text_matches, utcnow
from bitgoeul.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.core.pagination import Page, paginate
from bitgoeul.core.time import local_today
from bitgoeul.demonstrations import notices
from bitgoeul.demonstrations.models import Demonstration, DemonstrationEvent, Kpi, Need, Purchase, Solution
from bitgoeul.demonstrations.schemas import DemonstrationIn, KpiIn, MeasurementsIn, MoveIn, NeedIn, SolutionIn
from bitgoeul.demonstrations.stages import FINAL, MOVES, Stage, next_stages
from bitgoeul.organisations.models import Organisation, OrganisationKind
from bitgoeul.organisations.public import acting_organisation

log = logging.getLogger(__name__)

# --- solutions -------------------------------------------------------------------------------------------


def get_solution(session: Session, solution_id: int) -> Solution:
    return require_row(session, Solution, solution_id, "demonstrations.service.solution_not_found")


def list_solutions(
    session: Session, *, q: str = "", domain: str | None = None, deployment: str | None = None,
    organisation_id: int | None = None, page: int = 1, per_page: int = 20,
) -> Page[Solution]:
    statement = select(Solution).order_by(Solution.id)
    if q.strip():
        statement = statement.where(text_matches(q, Solution.title_ko, Solution.title_en, Solution.summary_ko,
                                                 Solution.summary_en, Solution.description_ko))
    if domain:
        # JSON list membership, portable across SQLite and PostgreSQL: match the quoted code in the text.
        statement = statement.where(cast(Solution.domain_tags, String).contains(f'"{domain}"', autoescape=True))
    if deployment:
        statement = statement.where(Solution.deployment == deployment)
    if organisation_id:
        statement = statement.where(Solution.organisation_id == organisation_id)
    return paginate(session, statement, page, per_page)


def _owner_for(session: Session, actor: Actor, requested: int | None, kinds: set[str] | None) -> Organisation:
    """The organisation a new record belongs to (see acting_organisation), of one of `kinds` when given."""
    organisation = acting_organisation(
        session, actor, requested, Message("demonstrations.service.only_organisation_members_can_do"))
    if kinds and organisation.kind not in kinds:
        raise PermissionDenied("demonstrations.service.kind_organisation_cannot_do")
    return organisation


def create_solution(session: Session, actor: Actor | None, values: SolutionIn) -> Solution:
    user = require_login(actor)
    owner = _owner_for(session, user, values.organisation_id, {OrganisationKind.ai_firm})
    solution = Solution(**values.model_dump(exclude={"organisation_id"}), organisation_id=owner.id)
    session.add(solution)
    session.flush()
    return solution


def can_create_records(actor: Actor | None) -> bool:
    """Who is offered "new solution" / "new need": operators and members of an organisation (the services
    check the organisation and its kind)."""
    return acts_for_an_organisation(actor)


def can_edit(actor: Actor | None, record: Solution | Need) -> bool:
    """A solution or need is edited by its organisation's members and operators (and a need's demonstrations
    are requested by them)."""
    return can_act_for(actor, record.organisation_id)


def editable_solution(session: Session, actor: Actor | None, solution_id: int) -> Solution:
    """The solution, if the actor may change it; else 401/403."""
    solution = get_solution(session, solution_id)
    require_member(actor, solution.organisation_id)
    return solution


def update_solution(session: Session, actor: Actor | None, solution_id: int, values: SolutionIn) -> Solution:
    solution = editable_solution(session, actor, solution_id)
    for name, value in values.model_dump(exclude={"organisation_id"}).items():
        setattr(solution, name, value)
    session.flush()
    return solution


# --- needs -----------------------------------------------------------------------------------------------


def get_need(session: Session, need_id: int) -> Need:
    return require_row(session, Need, need_id, "demonstrations.service.need_not_found")


def list_needs(
    session: Session, *, q: str = "", domain: str | None = None, organisation_id: int | None = None,
    page: int = 1, per_page: int = 20,
) -> Page[Need]:
    statement = select(Need).order_by(Need.id.desc())
    if q.strip():
        statement = statement.where(text_matches(q, Need.title_ko, Need.title_en, Need.problem_ko))
    if domain:
        statement = statement.where(Need.domain == domain)
    if organisation_id:
        statement = statement.where(Need.organisation_id == organisation_id)
    return paginate(session, statement, page, per_page)


def create_need(session: Session, actor: Actor | None, values: NeedIn) -> Need:
    user = require_login(actor)
    owner = _owner_for(session, user, values.organisation_id, None)
    need = Need(**values.model_dump(exclude={"organisation_id"}), organisation_id=owner.id)
    session.add(need)
    session.flush()
    return need


def editable_need(session: Session, actor: Actor | None, need_id: int) -> Need:
    """The need, if the actor may change it; else 401/403."""
    need = get_need(session, need_id)
    require_member(actor, need.organisation_id)
    return need


def update_need(session: Session, actor: Actor | None, need_id: int, values: NeedIn) -> Need:
    need = editable_need(session, actor, need_id)
    for name, value in values.model_dump(exclude={"organisation_id"}).items():
        setattr(need, name, value)
    session.flush()
    return need


# --- demonstrations --------------------------------------------------------------------------------------


def get_demonstration(session: Session, demonstration_id: int) -> Demonstration:
    return require_row(session, Demonstration, demonstration_id, "demonstrations.service.demonstration_not_found")


def list_demonstrations(
    session: Session, *, q: str = "", stage: str | None = None, organisation_id: int | None = None,
    page: int = 1, per_page: int = 20, with_history: bool = False,
) -> Page[Demonstration]:
    """A page of demonstrations; `with_history` loads every row's KPIs, events and purchase in three
    statements (the API shows them; without it each row would load them one by one)."""
    statement = (select(Demonstration).join(Demonstration.need).join(Demonstration.solution)
                 .order_by(Demonstration.id.desc()))
    if with_history:
        statement = statement.options(selectinload(Demonstration.kpis), selectinload(Demonstration.events),
                                      selectinload(Demonstration.purchase))
    if q.strip():
        statement = statement.where(text_matches(q, Need.title_ko, Need.title_en, Solution.title_ko, Solution.title_en))
    if stage:
        statement = statement.where(Demonstration.stage == stage)
    if organisation_id:
        statement = statement.where(or_(Need.organisation_id == organisation_id,
                                        Solution.organisation_id == organisation_id))
    return paginate(session, statement, page, per_page)


def sides_of(actor: Actor | None, demonstration: Demonstration) -> set[str]:
    """Which parties the actor speaks for in this demonstration: buyer, supplier and/or operator."""
    sides: set[str] = set()
    if actor is None:
        return sides
    if is_operator(actor):
        sides.add("operator")
    if actor.organisation_id is not None and actor.role == "member":
        if actor.organisation_id == demonstration.need.organisation_id:
            sides.add("buyer")
        if actor.organisation_id == demonstration.solution.organisation_id:
            sides.add("supplier")
    return sides


def _side_label(sides: set[str]) -> str:
    for side in ("buyer", "supplier", "operator"):
        if side in sides:
            return side
    return "system"


def _record(demonstration: Demonstration, actor: Actor | None, sides: set[str], source: str | None,
            target: str, action: str, note: str = "", at: datetime | None = None) -> None:
    demonstration.events.append(DemonstrationEvent(
        from_stage=source, to_stage=target, action=action, actor_id=actor.id if actor else None,
        actor_side=_side_label(sides), note=note, at=at or utcnow()))


def request_demonstration(session: Session, actor: Actor | None, values: DemonstrationIn) -> Demonstration:
    """A buyer (or the supplier, or an operator) proposes trying a solution on a need."""
    user = require_login(actor)
    need = session.get(Need, values.need_id)
    solution = session.get(Solution, values.solution_id)
    fields = {}
    if need is None:
        fields["need_id"] = Message("demonstrations.service.no_such_need")
    if solution is None:
        fields["solution_id"] = Message("demonstrations.service.no_such_solution")
    if need is None or solution is None:
        raise ValidationFailed("demonstrations.service.nothing_link", fields=fields)
    if not (can_act_for(user, need.organisation_id) or can_act_for(user, solution.organisation_id)):
        raise PermissionDenied("demonstrations.service.only_members_buyer_or_supplier")
    open_stages = [s.value for s in Stage if s not in FINAL]
    duplicate = session.scalar(select(Demonstration.id).where(
        Demonstration.need_id == need.id, Demonstration.solution_id == solution.id,
        Demonstration.stage.in_(open_stages)))
    already_open = Conflict("demo.refusal.already_open", fields={"solution_id": Message("demo.refusal.open")})
    if duplicate is not None:
        raise already_open
    demonstration = Demonstration(need=need, solution=solution, stage=Stage.proposed)
    demonstration.kpis = [Kpi(**kpi.model_dump()) for kpi in values.kpis]
    session.add(demonstration)
    _record(demonstration, user, sides_of(user, demonstration), None, Stage.proposed, "request", values.note)
    flush_unique(session, already_open)  # the index refuses the one that lost a race with an identical request
    notices.demonstration_requested(session, demonstration, user)
    return demonstration


def allowed_moves(actor: Actor | None, demonstration: Demonstration) -> list[Stage]:
    """The moves this actor may take now (pages show these as buttons; the service still checks)."""
    sides = sides_of(actor, demonstration)
    current = Stage(demonstration.stage)
    return [t for t in next_stages(current) if MOVES[(current, t)].sides & sides]


def move_demonstration(
    session: Session, actor: Actor | None, demonstration_id: int, values: MoveIn
) -> Demonstration:
    """The one place a demonstration changes stage: checks the edge, the actor's side and the payload."""
    user = require_login(actor)
    demonstration = get_demonstration(session, demonstration_id)
    current = Stage(demonstration.stage)
    move = MOVES.get((current, values.target))
    if move is None:
        allowed = ", ".join(next_stages(current)) or "-"
        raise InvalidTransition("demonstrations.service.cannot_move_from_allowed", current=current,
                                target=values.target, allowed=allowed)
    sides = sides_of(user, demonstration)
    if not move.sides & sides:
        raise PermissionDenied(
            "demonstrations.service.only_can_make_move", names=', '.join(sorted(move.sides)))
    _check_requirements(demonstration, move.requires, values)
    if values.target == Stage.agreed:
        over_budget = _guard_agreement(demonstration, values)
        demonstration.funded_amount = values.funded_amount
        if over_budget:
            _record(demonstration, user, sides, current, current, "over_budget_confirmed", over_budget)
            log.warning("demonstration %s funded above its need's budget cap: %s", demonstration.id, over_budget)
    elif values.target == Stage.not_purchased:
        demonstration.not_purchased_reason = values.reason
    elif values.target == Stage.purchased:
        # _check_requirements has made sure both are present.
        demonstration.purchase = Purchase(amount=int(values.purchase_amount or 0),
                                          purchased_on=values.purchase_date or local_today(),
                                          recorded_by_id=user.id)
    demonstration.stage = values.target
    demonstration.stage_changed_at = utcnow()
    _record(demonstration, user, sides, current, values.target, "move", values.note or values.reason or "")
    session.flush()
    notices.stage_moved(session, demonstration, user, current, values.target)
    return demonstration


def _guard_agreement(demonstration: Demonstration, values: MoveIn) -> str:
    """Guard rails of an agreement: at least one KPI with a target, and funding above the need's budget cap
    only with an explicit confirmation. Returns the note to log for a confirmed over-budget funding."""
    fields: dict[str, str | Message] = {}
    if not any(kpi.target is not None for kpi in demonstration.kpis):
        fields["kpis"] = Message("demo.guard.kpi_needed")
    cap = int(demonstration.need.budget_max or 0)
    amount = int(values.funded_amount or 0)
    over = cap > 0 and amount > cap
    if over and not values.confirm_over_budget:
        fields["funded_amount"] = Message("demo.guard.over_budget", amount=f"{amount:,}", cap=f"{cap:,}")
        fields["confirm_over_budget"] = Message("demo.guard.confirm_over_budget")
    if fields:
        raise ValidationFailed("demo.guard.refused", fields=fields)
    return f"{amount:,} > {cap:,}" if over else ""


def _check_requirements(demonstration: Demonstration, requires: tuple[str, ...], values: MoveIn) -> None:
    fields: dict[str, str | Message] = {}
    if "funded_amount" in requires and not values.funded_amount:
        fields["funded_amount"] = Message("demonstrations.service.enter_funded_amount")
    if "reason" in requires and not (values.reason or "").strip():
        fields["reason"] = Message("demonstrations.service.give_reason")
    if "purchase" in requires:
        if not values.purchase_amount:
            fields["purchase_amount"] = Message("demonstrations.service.enter_purchase_amount")
        if not values.purchase_date:
            fields["purchase_date"] = Message("demonstrations.service.enter_purchase_date")
    if "kpis_measured" in requires:
        if not demonstration.kpis:
            fields["kpis"] = Message("demonstrations.service.add_at_least_one_kpi")
        elif any(k.measured is None for k in demonstration.kpis):
            fields["kpis"] = Message("demonstrations.service.record_every_kpi_measured_value")
    if fields:
        raise ValidationFailed("demonstrations.service.some_required_information_missing", fields=fields)


def kpis_open_to(session: Session, actor: Actor | None, demonstration_id: int) -> Demonstration:
    """The demonstration, if the actor is one of its parties and its KPIs are still being agreed (they are
    fixed once it runs); else 401/403/409."""
    demonstration = get_demonstration(session, demonstration_id)
    if not sides_of(actor, demonstration):
        require_login(actor)
        raise PermissionDenied("demonstrations.service.only_parties_can_do")
    if demonstration.stage not in {Stage.proposed, Stage.under_review, Stage.agreed}:
        raise InvalidTransition("demonstrations.service.kpis_fixed_once_running")
    return demonstration


def add_kpi(session: Session, actor: Actor | None, demonstration_id: int, values: KpiIn) -> Kpi:
    """KPIs are agreed before the demonstration runs; afterwards they are fixed."""
    demonstration = kpis_open_to(session, actor, demonstration_id)
    kpi = Kpi(**values.model_dump())
    demonstration.kpis.append(kpi)
    _record(demonstration, actor, sides_of(actor, demonstration), demonstration.stage, demonstration.stage,
            "kpi_added", kpi.name_ko)
    session.flush()
    return kpi


def measurements_open_to(session: Session, actor: Actor | None, demonstration_id: int) -> Demonstration:
    """The demonstration, if the actor is one of its parties and it is running; else 401/403/409."""
    demonstration = get_demonstration(session, demonstration_id)
    if not sides_of(actor, demonstration) & {"buyer", "supplier", "operator"}:
        require_login(actor)
        raise PermissionDenied("demonstrations.service.only_parties_can_do")
    if demonstration.stage != Stage.running:
        raise InvalidTransition("demonstrations.service.measurements_recorded_while_running")
    return demonstration


def record_measurements(
    session: Session, actor: Actor | None, demonstration_id: int, values: MeasurementsIn
) -> Demonstration:
    """The parties record measured KPI values while the demonstration runs."""
    demonstration = measurements_open_to(session, actor, demonstration_id)
    sides = sides_of(actor, demonstration)
    by_id = {kpi.id: kpi for kpi in demonstration.kpis}
    unknown = [str(k) for k in values.measured if k not in by_id]
    if unknown:
        raise ValidationFailed("demonstrations.service.unknown_kpi",
                               fields={f"measured.{k}": Message("demonstrations.service.unknown_kpi_2")
                                       for k in unknown})
    for kpi_id, measured in values.measured.items():
        by_id[kpi_id].measured = measured
    _record(demonstration, actor, sides, demonstration.stage, demonstration.stage, "measured")
    session.flush()
    return demonstration


def review_queue(session: Session, actor: Actor | None) -> list[Demonstration]:
    """What waits for the operator: proposals to start reviewing and reviews to decide, oldest first."""
    require_operator(actor)
    statement = (select(Demonstration).where(Demonstration.stage.in_([Stage.proposed, Stage.under_review]))
                 .order_by(Demonstration.stage_changed_at))
    return list(session.scalars(statement).unique())


def board(session: Session) -> dict[str, list[Demonstration]]:
    """Every demonstration grouped by its stage, in stage order."""
    columns: dict[str, list[Demonstration]] = {stage.value: [] for stage in Stage}
    for demonstration in session.scalars(select(Demonstration).order_by(Demonstration.stage_changed_at.desc())
                                         ).unique():
        columns.setdefault(demonstration.stage, []).append(demonstration)
    return columns


def event_actor_names(session: Session, demonstration: Demonstration) -> dict[int, str]:
    """Display names of the people in a demonstration's history, for its timeline (read-only)."""
    from bitgoeul.accounts.models import User  # accounts sits beside this capability; imported where needed

    ids = {e.actor_id for e in demonstration.events if e.actor_id is not None}
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()
    return {int(user_id): str(name) for user_id, name in rows}
