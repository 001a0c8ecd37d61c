"""Try-and-buy pages: solutions, needs (with ranked solutions), demonstrations, the board, the operator's
review queue and the programme figures. Handlers parse, call a service, render; services check access."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from bitgoeul.core.auth import Actor, is_operator
from bitgoeul.core.charts import Bar, bar_chart
from bitgoeul.core.domains import DOMAINS, label
from bitgoeul.core.errors import DomainError, ValidationFailed
from bitgoeul.core.i18n import translate
from bitgoeul.core.links import local_or
from bitgoeul.core.pagination import Page
from bitgoeul.demonstrations import service
from bitgoeul.demonstrations.domains import DEPLOYMENTS, PRICE_MODELS
from bitgoeul.demonstrations.match_lists import needs_for_solution, rank_solutions_for_need, similar_solutions
from bitgoeul.demonstrations.models import Demonstration, Need, Solution
from bitgoeul.demonstrations.programme import ProgrammeFigures, programme_figures
from bitgoeul.demonstrations.schemas import (
    DemonstrationIn,
    KpiIn,
    MeasurementsIn,
    MoveIn,
    NeedIn,
    NeedOut,
    SolutionIn,
    SolutionOut,
)
from bitgoeul.demonstrations.stages import ORDER, Stage
from bitgoeul.matching.reasons import render_html
from bitgoeul.organisations.models import OrganisationKind
from bitgoeul.organisations.public import list_organisations
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

SOLUTION_FIELDS = ("organisation_id", "title_ko", "title_en", "summary_ko", "summary_en", "description_ko",
                   "description_en", "domain_tags", "deployment", "price_model", "references")
NEED_FIELDS = ("organisation_id", "title_ko", "title_en", "problem_ko", "problem_en", "domain", "budget_min",
               "budget_max", "deadline", "site_available", "site_description", "data_available")
MOVE_FIELDS = ("target", "funded_amount", "confirm_over_budget", "reason", "purchase_amount", "purchase_date", "note")


def _options(table: dict[str, tuple[str, str]], language: str) -> list[tuple[str, str]]:
    return [(code, label(table, code, language)) for code in table]


def _labels(request: Request) -> dict[str, Any]:
    """Bilingual labels of the coded fields, and the option lists of the selects, in the page's language."""
    language = get_language(request)
    return {
        "domain_label": lambda code: label(DOMAINS, code, language),
        "deployment_label": lambda code: label(DEPLOYMENTS, code, language),
        "price_label": lambda code: label(PRICE_MODELS, code, language),
        "domain_options": _options(DOMAINS, language),
        "deployment_options": _options(DEPLOYMENTS, language),
        "price_options": _options(PRICE_MODELS, language),
        "stages": [s.value for s in ORDER],
    }


def _none_if_blank(value: str | None) -> str | None:
    return value or None


def _safe_next(target: str | None, fallback: str) -> str:
    """Only local paths: forms on the review queue come back to it, nothing else may be named."""
    return local_or(target, fallback)


def _owner_options(session: Session, user: Actor | None, kind: str | None) -> list[tuple[str, str]]:
    """Operators create records for any organisation (of the right kind); members only for their own."""
    if not is_operator(user):
        return []
    organisations = every_item(lambda n, size: list_organisations(session, kind=kind, page=n, per_page=size))
    return [(str(o.id), o.name_ko) for o in organisations]


# --- solutions -------------------------------------------------------------------------------------------


def _solution_values(form: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """(what to show again, what the service gets): references are typed one per line."""
    values = form_values(form, lists=("domain_tags",))
    data = service_data(values, SOLUTION_FIELDS)
    data["references"] = [line.strip() for line in values.get("references", "").splitlines() if line.strip()]
    return values, data


def _solution_form(request: Request, session: Session, user: Actor | None, solution: Solution | None,
                   values: dict[str, Any], errors: dict[str, str], status: int = 200) -> Response:
    return render(request, "demonstrations/solution_form.html", {
        "solution": solution, "values": values, "errors": errors,
        "owner_options": _owner_options(session, user, OrganisationKind.ai_firm), **_labels(request)},
        status_code=status)


@router.get("/solutions")
def solution_list(request: Request, session: SessionDep, user: CurrentUser, q: str = "", domain: str | None = None,
                  deployment: str | None = None, organisation_id: int | None = None, page: int = 1,
                  format: str | None = None) -> Response:
    def fetch(number: int, size: int) -> Page[Solution]:
        return service.list_solutions(session, q=q, domain=_none_if_blank(domain),
                                      deployment=_none_if_blank(deployment), organisation_id=organisation_id,
                                      page=number, per_page=size)

    if format in EXPORT_FORMATS:
        return export_response(export_rows(every_item(fetch), SolutionOut), "solutions", format)
    return render(request, "demonstrations/solution_list.html", {
        "page": fetch(page, PER_PAGE), "q": q, "domain": domain or "", "deployment": deployment or "",
        "organisation_id": organisation_id, "can_create": service.can_create_records(user), **_labels(request)})


@router.get("/solutions/new")
def solution_new(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    if user is None:
        return RedirectResponse("/login?next=/solutions/new", status_code=303)
    values = {"deployment": "cloud", "price_model": "subscription", "domain_tags": []}
    return _solution_form(request, session, user, None, values, {})


@router.post("/solutions/new")
def solution_create(request: Request, session: SessionDep, user: CurrentUser, form: FormDep) -> Response:
    values, data = _solution_values(form)
    try:
        solution = service.create_solution(session, user, form_input(SolutionIn, data, user))
    except ValidationFailed as exc:
        session.rollback()
        return _solution_form(request, session, user, None, values, field_errors(exc.fields), exc.status)
    return see_other(session, f"/solutions/{solution.id}")


@router.get("/solutions/{solution_id}")
def solution_detail(request: Request, session: SessionDep, user: CurrentUser, solution_id: int) -> Response:
    solution = service.get_solution(session, solution_id)
    return render(request, "demonstrations/solution_detail.html", {
        "solution": solution, "can_edit": service.can_edit(user, solution),
        "similar": similar_solutions(session, solution), "needs": needs_for_solution(session, solution),
        "why": lambda reasons: render_html(reasons, get_language(request)), **_labels(request)})


@router.get("/solutions/{solution_id}/edit")
def solution_edit(request: Request, session: SessionDep, user: CurrentUser, solution_id: int) -> Response:
    solution = service.editable_solution(session, user, solution_id)
    values = {name: getattr(solution, name) for name in SOLUTION_FIELDS}
    values["references"] = "\n".join(solution.references)
    return _solution_form(request, session, user, solution, values, {})


@router.post("/solutions/{solution_id}/edit")
def solution_update(request: Request, session: SessionDep, user: CurrentUser, solution_id: int,
                    form: FormDep) -> Response:
    values, data = _solution_values(form)
    try:
        service.editable_solution(session, user, solution_id)
        service.update_solution(session, user, solution_id, form_input(SolutionIn, data, user))
    except ValidationFailed as exc:
        session.rollback()
        return _solution_form(request, session, user, service.get_solution(session, solution_id), values,
                              field_errors(exc.fields), exc.status)
    return see_other(session, f"/solutions/{solution_id}")


# --- needs -----------------------------------------------------------------------------------------------


def _need_values(form: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    values = form_values(form)
    data = service_data(values, NEED_FIELDS)
    data["site_available"] = values.get("site_available") in {"true", "on"}
    return values, data


def _need_form(request: Request, session: Session, user: Actor | None, need: Need | None, values: dict[str, Any],
               errors: dict[str, str], status: int = 200) -> Response:
    return render(request, "demonstrations/need_form.html", {
        "need": need, "values": values, "errors": errors, "owner_options": _owner_options(session, user, None),
        **_labels(request)}, status_code=status)


@router.get("/needs")
def need_list(request: Request, session: SessionDep, user: CurrentUser, q: str = "", domain: str | None = None,
              organisation_id: int | None = None, page: int = 1, format: str | None = None) -> Response:
    def fetch(number: int, size: int) -> Page[Need]:
        return service.list_needs(session, q=q, domain=_none_if_blank(domain), organisation_id=organisation_id,
                                  page=number, per_page=size)

    if format in EXPORT_FORMATS:
        return export_response(export_rows(every_item(fetch), NeedOut), "needs", format)
    return render(request, "demonstrations/need_list.html", {
        "page": fetch(page, PER_PAGE), "q": q, "domain": domain or "", "organisation_id": organisation_id,
        "can_create": service.can_create_records(user), **_labels(request)})


@router.get("/needs/new")
def need_new(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    if user is None:
        return RedirectResponse("/login?next=/needs/new", status_code=303)
    return _need_form(request, session, user, None, {}, {})  # number fields start empty, never "0"


@router.post("/needs/new")
def need_create(request: Request, session: SessionDep, user: CurrentUser, form: FormDep) -> Response:
    values, data = _need_values(form)
    try:
        need = service.create_need(session, user, form_input(NeedIn, data, user))
    except ValidationFailed as exc:
        session.rollback()
        return _need_form(request, session, user, None, values, field_errors(exc.fields), exc.status)
    return see_other(session, f"/needs/{need.id}")


def _need_page(request: Request, session: Session, user: Actor | None, need: Need, *,
               errors: dict[str, str] | None = None, values: dict[str, Any] | None = None, failed: str = "",
               status: int = 200) -> Response:
    language = get_language(request)
    matches = [{"solution": m.solution, "score": m.score,
                "reasons": render_html(m.reasons, language)}
               for m in rank_solutions_for_need(session, need, top=10)]
    return render(request, "demonstrations/need_detail.html", {
        "need": need, "matches": matches, "can_edit": service.can_edit(user, need),
        "can_request": service.can_edit(user, need),
        "errors": errors or {}, "values": values or {}, "failed": failed, **_labels(request)}, status_code=status)


@router.get("/needs/{need_id}")
def need_detail(request: Request, session: SessionDep, user: CurrentUser, need_id: int) -> Response:
    return _need_page(request, session, user, service.get_need(session, need_id))


@router.get("/needs/{need_id}/edit")
def need_edit(request: Request, session: SessionDep, user: CurrentUser, need_id: int) -> Response:
    need = service.editable_need(session, user, need_id)
    values = {name: getattr(need, name) for name in NEED_FIELDS}
    values["deadline"] = need.deadline.isoformat() if need.deadline else ""
    return _need_form(request, session, user, need, values, {})


@router.post("/needs/{need_id}/edit")
def need_update(request: Request, session: SessionDep, user: CurrentUser, need_id: int, form: FormDep) -> Response:
    values, data = _need_values(form)
    try:
        service.editable_need(session, user, need_id)
        service.update_need(session, user, need_id, form_input(NeedIn, data, user))
    except ValidationFailed as exc:
        session.rollback()
        return _need_form(request, session, user, service.get_need(session, need_id), values,
                          field_errors(exc.fields), exc.status)
    return see_other(session, f"/needs/{need_id}")


@router.post("/needs/{need_id}/demonstrations")
def need_request_demonstration(request: Request, session: SessionDep, user: CurrentUser, need_id: int,
                               form: FormDep) -> Response:
    """Request a demonstration of one ranked solution, with a first KPI (name, unit, target)."""
    values = form_values(form)
    need = service.get_need(session, need_id)
    kpi = service_data(values, ("kpi_name", "kpi_unit", "kpi_target"))
    data: dict[str, Any] = {"need_id": need.id, "solution_id": values.get("solution_id", ""),
                            "note": values.get("note", ""), "kpis": []}
    if kpi:  # one KPI name serves both languages; it is what the parties typed
        data["kpis"] = [{"name_ko": kpi.get("kpi_name", ""), "name_en": kpi.get("kpi_name", ""),
                         "unit": kpi.get("kpi_unit", ""), "target": kpi.get("kpi_target")}]
    try:
        demonstration = service.request_demonstration(session, user, form_input(DemonstrationIn, data, user))
    except ValidationFailed as exc:
        session.rollback()
        errors = field_errors(exc.fields, {"kpis.0.name_ko": "kpi_name", "kpis.0.unit": "kpi_unit",
                                           "kpis.0.target": "kpi_target"})
        return _need_page(request, session, user, need, errors=errors or {"__all__": exc.message}, values=values,
                          failed=values.get("solution_id", ""), status=exc.status)
    return see_other(session, f"/demonstrations/{demonstration.id}")


# --- demonstrations --------------------------------------------------------------------------------------


def demonstration_row(d: Demonstration) -> dict[str, Any]:
    """One flat, self-explaining row per demonstration for the list exports."""
    return {"id": d.id, "key": d.key, "stage": d.stage, "need_id": d.need_id, "need_title_ko": d.need.title_ko,
            "need_title_en": d.need.title_en, "buyer": d.need.organisation.name_ko, "solution_id": d.solution_id,
            "solution_title_ko": d.solution.title_ko, "solution_title_en": d.solution.title_en,
            "supplier": d.solution.organisation.name_ko, "funded_amount": d.funded_amount,
            "purchase_amount": d.purchase.amount if d.purchase else None,
            "purchased_on": d.purchase.purchased_on.isoformat() if d.purchase else None,
            "not_purchased_reason": d.not_purchased_reason, "stage_changed_at": d.stage_changed_at.isoformat()}


@router.get("/demonstrations")
def demonstration_list(request: Request, session: SessionDep, q: str = "", stage: str | None = None,
                       organisation_id: int | None = None, page: int = 1, format: str | None = None) -> Response:
    def fetch(number: int, size: int) -> Page[Demonstration]:
        return service.list_demonstrations(session, q=q, stage=_none_if_blank(stage),
                                           organisation_id=organisation_id, page=number, per_page=size)

    if format in EXPORT_FORMATS:
        return export_response([demonstration_row(d) for d in every_item(fetch)], "demonstrations", format)
    return render(request, "demonstrations/demo_list.html", {
        "page": fetch(page, PER_PAGE), "q": q, "stage": stage or "", "organisation_id": organisation_id,
        **_labels(request)})


@router.get("/demonstrations/board")
def demonstration_board(request: Request, session: SessionDep) -> Response:
    return render(request, "demonstrations/board.html", {"columns": service.board(session), **_labels(request)})


def _demonstration_page(request: Request, session: Session, user: Actor | None, demonstration: Demonstration, *,
                        problem: DomainError | None = None, errors: dict[str, str] | None = None,
                        values: dict[str, Any] | None = None, failed: str = "", status: int = 200) -> Response:
    sides = service.sides_of(user, demonstration)
    return render(request, "demonstrations/demo_detail.html", {
        "d": demonstration, "moves": [m.value for m in service.allowed_moves(user, demonstration)],
        "can_measure": bool(sides) and demonstration.stage == Stage.running,
        "can_add_kpi": bool(sides) and demonstration.stage in {Stage.proposed, Stage.under_review, Stage.agreed},
        "actors": service.event_actor_names(session, demonstration),
        "problem": problem, "errors": errors or {}, "values": values or {}, "failed": failed,
        **_labels(request)}, status_code=status)


@router.get("/demonstrations/{demonstration_id}")
def demonstration_detail(request: Request, session: SessionDep, user: CurrentUser,
                         demonstration_id: int) -> Response:
    return _demonstration_page(request, session, user, service.get_demonstration(session, demonstration_id))


def _acted(request: Request, session: Session, user: Actor | None, demonstration_id: int, values: dict[str, Any],
           failed: str, action: Callable[[], object], renames: dict[str, str] | None = None) -> Response:
    """Run one demonstration action; on a refusal show the page again with the reason and its 4xx status."""
    if exc := refusal(session, action):
        demonstration = service.get_demonstration(session, demonstration_id)
        return _demonstration_page(request, session, user, demonstration, problem=exc,
                                   errors=field_errors(exc.fields, renames), values=values, failed=failed,
                                   status=exc.status)
    fallback = f"/demonstrations/{demonstration_id}"
    return see_other(session, _safe_next(values.get("next"), fallback))


@router.post("/demonstrations/{demonstration_id}/move")
def demonstration_move(request: Request, session: SessionDep, user: CurrentUser, demonstration_id: int,
                       form: FormDep) -> Response:
    values = form_values(form)
    data = service_data(values, MOVE_FIELDS)
    return _acted(request, session, user, demonstration_id, values, values.get("target", ""),
                  lambda: service.move_demonstration(session, user, demonstration_id, form_input(MoveIn, data, user)))


@router.post("/demonstrations/{demonstration_id}/measurements")
def demonstration_measure(request: Request, session: SessionDep, user: CurrentUser, demonstration_id: int,
                          form: FormDep) -> Response:
    """KPI inputs are named `measured_<kpi id>`; a blank one leaves that KPI as it was."""
    values = form_values(form)
    measured = {name.removeprefix("measured_"): value for name, value in values.items()
                if name.startswith("measured_") and value.strip()}

    def record() -> None:
        service.measurements_open_to(session, user, demonstration_id)
        typed = form_input(MeasurementsIn, {"measured": measured}, user)
        service.record_measurements(session, user, demonstration_id, typed)

    return _acted(request, session, user, demonstration_id, values, "measure", record, {"measured.": "measured_"})


@router.post("/demonstrations/{demonstration_id}/kpis")
def demonstration_add_kpi(request: Request, session: SessionDep, user: CurrentUser, demonstration_id: int,
                          form: FormDep) -> Response:
    values = form_values(form)
    kpi = service_data(values, ("kpi_name", "kpi_unit", "kpi_target"))
    data = {"name_ko": kpi.get("kpi_name", ""), "name_en": kpi.get("kpi_name", ""),
            "unit": kpi.get("kpi_unit", ""), "target": kpi.get("kpi_target")}

    def add() -> None:
        service.kpis_open_to(session, user, demonstration_id)
        service.add_kpi(session, user, demonstration_id, form_input(KpiIn, data, user))

    return _acted(request, session, user, demonstration_id, values, "kpi", add,
                  {"name_ko": "kpi_name", "unit": "kpi_unit", "target": "kpi_target"})


@router.get("/review")
def review(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    queue = service.review_queue(session, user)
    return render(request, "demonstrations/review.html", {
        "queue": [(d, [m.value for m in service.allowed_moves(user, d)]) for d in queue], **_labels(request)})


# --- programme -------------------------------------------------------------------------------------------


def programme_rows(figures: ProgrammeFigures) -> list[dict[str, Any]]:
    """The figures as (metric, stage, value) rows: one shape for the table and the CSV."""
    rows = [{"metric": "per_stage", "stage": s, "value": n} for s, n in figures.per_stage.items()]
    rows += [{"metric": "median_days", "stage": s, "value": v} for s, v in figures.median_days.items()]
    for name in ("total", "decided", "purchased", "conversion_rate", "funded_total", "purchase_total",
                 "purchase_per_funded_won"):
        rows.append({"metric": name, "stage": "", "value": getattr(figures, name)})
    return rows


@router.get("/programme")
def programme(request: Request, session: SessionDep, format: str | None = None) -> Response:
    figures = programme_figures(session)
    if format == "json":
        return export_response([dataclasses.asdict(figures)], "programme", "json")
    if format == "csv":
        return export_response(programme_rows(figures), "programme", "csv")
    language = get_language(request)

    def stage_name(stage: str) -> str:
        return translate(f"demo.stage.{stage}", language)

    per_stage = bar_chart([Bar(stage_name(s), n, f"{n}") for s, n in figures.per_stage.items()],
                          title=translate("programme.chart_per_stage", language))
    days = bar_chart([Bar(stage_name(s), v or 0.0, "-" if v is None else f"{v:g}")
                      for s, v in figures.median_days.items()],
                     title=translate("programme.chart_days", language))
    return render(request, "demonstrations/programme.html", {
        "figures": figures, "chart_per_stage": per_stage, "chart_days": days, **_labels(request)})
