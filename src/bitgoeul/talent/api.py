"""JSON API under /api/v1/talent: jobs, profiles, two-sided matches, applications, alerts, figures."""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, Body, Request

from bitgoeul.core.api import ListOut, list_out
from bitgoeul.core.forms import validate
from bitgoeul.talent import alerts, service
from bitgoeul.talent.figures import hiring_figures
from bitgoeul.talent.matching import Match
from bitgoeul.talent.schemas import (
    AlertOut,
    ApplicationOut,
    ApplyIn,
    DashboardOut,
    JobIn,
    JobMatchOut,
    JobOut,
    MoveIn,
    PersonMatchOut,
    ProfileIn,
    ProfileOut,
    SubscriptionIn,
    SubscriptionOut,
    shown_scores,
)
from bitgoeul.web.deps import CurrentUser, SessionDep

router = APIRouter(prefix="/talent", tags=["talent"])
Data = dict[str, Any]


def _reasons(match: Match) -> list[dict[str, Any]]:
    return [dataclasses.asdict(r) for r in match.reasons]


@router.get("/jobs", response_model=ListOut[JobOut])
def list_jobs(session: SessionDep, user: CurrentUser, q: str = "", seniority: str | None = None,
              team_lead: bool = False, work_mode: str | None = None, region: str = "",
              organisation_id: int | None = None, status: str = "published", page: int = 1,
              per_page: int = 20) -> dict[str, Any]:
    return list_out(service.list_jobs(session, user, q=q, seniority=seniority, team_lead=team_lead,
                                      work_mode=work_mode, region=region, organisation_id=organisation_id,
                                      status=status or None, page=page, per_page=per_page), JobOut)


@router.post("/jobs", response_model=JobOut, status_code=201)
def create_job(session: SessionDep, user: CurrentUser, body: Data = Body(...)) -> Any:
    return service.create_job(session, user, validate(JobIn, body))


@router.get("/jobs/{job_id}", response_model=JobOut)
def get_job(session: SessionDep, user: CurrentUser, job_id: int) -> Any:
    return service.view_job(session, user, job_id)


@router.put("/jobs/{job_id}", response_model=JobOut)
def update_job(session: SessionDep, user: CurrentUser, job_id: int, body: Data = Body(...)) -> Any:
    service.require_job_editor(session, user, job_id)
    return service.update_job(session, user, job_id, validate(JobIn, body))


@router.get("/jobs/{job_id}/people", response_model=list[PersonMatchOut])
def people_for_job(session: SessionDep, user: CurrentUser, job_id: int, top: int = 20) -> list[dict[str, Any]]:
    return [{"profile": ProfileOut.model_validate(p), "display_name": p.user.display_name, **shown_scores(m),
             "reasons": _reasons(m)}
            for p, m in service.people_for_job(session, user, job_id, top=min(max(top, 1), 100))]


@router.get("/jobs/{job_id}/applications", response_model=list[ApplicationOut])
def job_applications(session: SessionDep, user: CurrentUser, job_id: int) -> Any:
    return service.job_applications(session, user, job_id)


@router.post("/jobs/{job_id}/applications", response_model=ApplicationOut, status_code=201)
def apply(session: SessionDep, user: CurrentUser, job_id: int, body: Data | None = Body(None)) -> Any:
    return service.apply(session, user, job_id, validate(ApplyIn, body or {}))


@router.get("/profiles", response_model=ListOut[ProfileOut])
def list_profiles(session: SessionDep, user: CurrentUser, q: str = "", seniority: str | None = None,
                  programme: str | None = None, page: int = 1, per_page: int = 20) -> dict[str, Any]:
    return list_out(service.list_profiles(session, user, q=q, seniority=seniority, programme=programme, page=page,
                                          per_page=per_page), ProfileOut)


@router.get("/profiles/me", response_model=ProfileOut | None)
def my_profile(session: SessionDep, user: CurrentUser) -> Any:
    return service.my_profile(session, user)


@router.put("/profiles/me", response_model=ProfileOut)
def save_my_profile(session: SessionDep, user: CurrentUser, body: Data = Body(...)) -> Any:
    return service.save_profile(session, user, validate(ProfileIn, body))


@router.get("/profiles/{profile_id}", response_model=ProfileOut)
def get_profile(session: SessionDep, user: CurrentUser, profile_id: int) -> Any:
    return service.view_profile(session, user, profile_id)


@router.get("/matches", response_model=list[JobMatchOut])
def jobs_for_me(session: SessionDep, user: CurrentUser, top: int = 20) -> list[dict[str, Any]]:
    return [{"job": JobOut.model_validate(j), **shown_scores(m), "reasons": _reasons(m)}
            for j, m in service.jobs_for_me(session, user, top=min(max(top, 1), 100))]


@router.get("/applications", response_model=list[ApplicationOut])
def my_applications(session: SessionDep, user: CurrentUser) -> Any:
    return service.my_applications(session, user)


@router.post("/applications/{application_id}/move", response_model=ApplicationOut)
def move_application(session: SessionDep, user: CurrentUser, application_id: int,
                     body: Data = Body(...)) -> Any:
    return service.move_application(session, user, application_id, validate(MoveIn, body))


@router.get("/alerts", response_model=list[AlertOut])
def my_alerts(session: SessionDep, user: CurrentUser) -> Any:
    return alerts.my_alerts(session, user)


@router.get("/subscriptions", response_model=list[SubscriptionOut])
def my_subscriptions(session: SessionDep, user: CurrentUser) -> Any:
    return alerts.my_subscriptions(session, user)


@router.post("/subscriptions", response_model=SubscriptionOut, status_code=201)
def subscribe(session: SessionDep, user: CurrentUser, body: Data = Body(...)) -> Any:
    return alerts.subscribe(session, user, validate(SubscriptionIn, body))


@router.get("/dashboard", response_model=DashboardOut)
def dashboard(request: Request, session: SessionDep) -> Any:
    return dataclasses.asdict(hiring_figures(session, city=request.app.state.settings.city_ko))
