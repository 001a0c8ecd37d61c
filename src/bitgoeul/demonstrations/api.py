"""JSON API for solutions, needs, demonstrations (and their stage moves) and the programme figures."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from bitgoeul.core.api import ListOut, list_out
from bitgoeul.core.auth import Actor
from bitgoeul.demonstrations import service
from bitgoeul.demonstrations.match_lists import needs_for_solution, rank_solutions_for_need, similar_solutions
from bitgoeul.demonstrations.models import Demonstration
from bitgoeul.demonstrations.programme import programme_figures
from bitgoeul.demonstrations.schemas import (
    DemonstrationIn,
    DemonstrationOut,
    KpiIn,
    KpiOut,
    MatchOut,
    MeasurementsIn,
    MoveIn,
    NeedIn,
    NeedOut,
    ProgrammeOut,
    SolutionIn,
    SolutionOut,
)
from bitgoeul.matching.api import ResultsOut, Top, checked_top, record_row
from bitgoeul.matching.reasons import render_all
from bitgoeul.web.deps import CurrentUser, Language, SessionDep

router = APIRouter()


@router.get("/solutions", response_model=ListOut[SolutionOut], tags=["solutions"])
def list_solutions(session: SessionDep, q: str = "", domain: str | None = None, deployment: str | None = None,
                   organisation_id: int | None = None, page: int = 1, per_page: int = 20) -> dict[str, Any]:
    return list_out(service.list_solutions(session, q=q, domain=domain, deployment=deployment,
                                           organisation_id=organisation_id, page=page, per_page=per_page),
                    SolutionOut)


@router.get("/solutions/{solution_id}", response_model=SolutionOut, tags=["solutions"])
def get_solution(session: SessionDep, solution_id: int) -> Any:
    return service.get_solution(session, solution_id)


@router.post("/solutions", response_model=SolutionOut, status_code=201, tags=["solutions"])
def create_solution(session: SessionDep, user: CurrentUser, body: SolutionIn) -> Any:
    return service.create_solution(session, user, body)


@router.put("/solutions/{solution_id}", response_model=SolutionOut, tags=["solutions"])
def update_solution(session: SessionDep, user: CurrentUser, solution_id: int, body: SolutionIn) -> Any:
    return service.update_solution(session, user, solution_id, body)


@router.get("/needs", response_model=ListOut[NeedOut], tags=["needs"])
def list_needs(session: SessionDep, q: str = "", domain: str | None = None, organisation_id: int | None = None,
               page: int = 1, per_page: int = 20) -> dict[str, Any]:
    return list_out(service.list_needs(session, q=q, domain=domain, organisation_id=organisation_id, page=page,
                                       per_page=per_page), NeedOut)


@router.get("/needs/{need_id}", response_model=NeedOut, tags=["needs"])
def get_need(session: SessionDep, need_id: int) -> Any:
    return service.get_need(session, need_id)


@router.post("/needs", response_model=NeedOut, status_code=201, tags=["needs"])
def create_need(session: SessionDep, user: CurrentUser, body: NeedIn) -> Any:
    return service.create_need(session, user, body)


@router.put("/needs/{need_id}", response_model=NeedOut, tags=["needs"])
def update_need(session: SessionDep, user: CurrentUser, need_id: int, body: NeedIn) -> Any:
    return service.update_need(session, user, need_id, body)


@router.get("/needs/{need_id}/matches", response_model=list[MatchOut], tags=["needs"])
def need_matches(session: SessionDep, language: Language, need_id: int,
                 top: Annotated[int, Query(ge=1, le=1000)] = 10) -> list[dict[str, Any]]:
    """Solutions ranked for this need, best first, each with the reasons it matched."""
    need = service.get_need(session, need_id)
    return [{"solution": SolutionOut.model_validate(m.solution), "score": m.score,
             "reasons": render_all(m.reasons, language), "evidence": [r.as_json() for r in m.reasons]}
            for m in rank_solutions_for_need(session, need, top=top)]


def _demonstration_out(demonstration: Demonstration, user: Actor | None) -> DemonstrationOut:
    out = DemonstrationOut.model_validate(demonstration)
    out.allowed_moves = [str(s) for s in service.allowed_moves(user, demonstration)]
    return out


@router.get("/demonstrations", response_model=ListOut[DemonstrationOut], tags=["demonstrations"])
def list_demonstrations(session: SessionDep, q: str = "", stage: str | None = None,
                        organisation_id: int | None = None, page: int = 1, per_page: int = 20) -> dict[str, Any]:
    return list_out(service.list_demonstrations(session, q=q, stage=stage, organisation_id=organisation_id,
                                                page=page, per_page=per_page, with_history=True), DemonstrationOut)


@router.get("/demonstrations/{demonstration_id}", response_model=DemonstrationOut, tags=["demonstrations"])
def get_demonstration(session: SessionDep, user: CurrentUser, demonstration_id: int) -> Any:
    return _demonstration_out(service.get_demonstration(session, demonstration_id), user)


@router.post("/demonstrations", response_model=DemonstrationOut, status_code=201, tags=["demonstrations"])
def request_demonstration(session: SessionDep, user: CurrentUser, body: DemonstrationIn) -> Any:
    return _demonstration_out(service.request_demonstration(session, user, body), user)


@router.post("/demonstrations/{demonstration_id}/moves", response_model=DemonstrationOut,
             tags=["demonstrations"])
def move_demonstration(session: SessionDep, user: CurrentUser, demonstration_id: int, body: MoveIn) -> Any:
    """Move to another stage; invalid moves answer 409 with the allowed ones named."""
    return _demonstration_out(service.move_demonstration(session, user, demonstration_id, body), user)


@router.post("/demonstrations/{demonstration_id}/kpis", response_model=KpiOut, status_code=201,
             tags=["demonstrations"])
def add_kpi(session: SessionDep, user: CurrentUser, demonstration_id: int, body: KpiIn) -> Any:
    return service.add_kpi(session, user, demonstration_id, body)


@router.put("/demonstrations/{demonstration_id}/measurements", response_model=DemonstrationOut,
            tags=["demonstrations"])
def record_measurements(session: SessionDep, user: CurrentUser, demonstration_id: int,
                        body: MeasurementsIn) -> Any:
    return _demonstration_out(service.record_measurements(session, user, demonstration_id, body),
                              user)


@router.get("/review-queue", response_model=list[DemonstrationOut], tags=["demonstrations"])
def review_queue(session: SessionDep, user: CurrentUser) -> list[DemonstrationOut]:
    return [_demonstration_out(d, user) for d in service.review_queue(session, user)]


@router.get("/programme", response_model=ProgrammeOut, tags=["programme"])
def programme(session: SessionDep) -> Any:
    return programme_figures(session)


@router.get("/search/solutions/{solution_id}/similar", response_model=ResultsOut, tags=["search"])
def similar(session: SessionDep, language: Language, solution_id: int, top: Top = 5) -> dict[str, Any]:
    """Other solutions most like this one."""
    solution = service.get_solution(session, solution_id)
    matches = similar_solutions(session, solution, checked_top(top))
    return {"results": [record_row("solution", m.solution, m.score, m.reasons, language) for m in matches]}


@router.get("/search/solutions/{solution_id}/needs", response_model=ResultsOut, tags=["search"])
def buyers(session: SessionDep, language: Language, solution_id: int, top: Top = 5) -> dict[str, Any]:
    """Buyers' needs this solution could serve ("buyers who need this")."""
    solution = service.get_solution(session, solution_id)
    matches = needs_for_solution(session, solution, checked_top(top))
    return {"results": [record_row("need", m.need, m.score, m.reasons, language) for m in matches]}
