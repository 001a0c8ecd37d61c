"""JSON API under /api/v1/education: courses (list, one, publish, edit, status), course alerts, suggestions
for the caller and the skills-gap figures."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from bitgoeul.core.api import ListOut, list_out
from bitgoeul.core.auth import require_login
from bitgoeul.education import alerts, gap, service
from bitgoeul.education.codes import CourseStatus
from bitgoeul.education.schemas import CourseIn, CourseOut, SkillsGapOut, SubscribeIn, SubscriptionOut
from bitgoeul.web.deps import CurrentUser, SessionDep

router = APIRouter(prefix="/education", tags=["education"])


@router.get("/courses", response_model=ListOut[CourseOut])
def list_courses(session: SessionDep, user: CurrentUser, q: str = "", skill: str = "",
                 provider_id: int | None = None, kind: str | None = None, level: str | None = None,
                 language: str | None = None, upcoming: bool = False, page: int = 1,
                 per_page: int = 20) -> dict[str, Any]:
    return list_out(service.list_courses(session, user, q=q, skill=skill, provider_id=provider_id, kind=kind,
                                         level=level, language=language, upcoming=upcoming, page=page,
                                         per_page=per_page), CourseOut)


@router.post("/courses", response_model=CourseOut, status_code=201)
def create_course(session: SessionDep, user: CurrentUser, body: CourseIn) -> Any:
    return service.create_course(session, user, body)


@router.get("/courses/{course_id}", response_model=CourseOut)
def get_course(session: SessionDep, user: CurrentUser, course_id: int) -> Any:
    return service.view_course(session, user, course_id)


@router.put("/courses/{course_id}", response_model=CourseOut)
def update_course(session: SessionDep, user: CurrentUser, course_id: int, body: CourseIn) -> Any:
    return service.update_course(session, user, course_id, body)


@router.post("/courses/{course_id}/status", response_model=CourseOut)
def set_status(session: SessionDep, user: CurrentUser, course_id: int,
               status: CourseStatus = Body(..., embed=True)) -> Any:
    return service.set_status(session, user, course_id, status)


@router.get("/subscriptions", response_model=list[SubscriptionOut])
def my_subscriptions(session: SessionDep, user: CurrentUser) -> Any:
    return alerts.my_subscriptions(session, require_login(user))


@router.post("/subscriptions", response_model=SubscriptionOut, status_code=201)
def subscribe(session: SessionDep, user: CurrentUser, body: SubscribeIn) -> Any:
    return alerts.subscribe(session, user, body)


@router.post("/subscriptions/{subscription_id}/cancel", response_model=SubscriptionOut)
def cancel(session: SessionDep, user: CurrentUser, subscription_id: int) -> Any:
    return alerts.cancel(session, user, subscription_id)


@router.get("/skills-gap", response_model=SkillsGapOut)
def skills_gap(session: SessionDep, months: int = 6) -> dict[str, Any]:
    return gap_out(gap.skills_gap(session, _months(months)))


def _months(months: int) -> int:
    from bitgoeul.core.errors import ValidationFailed
    from bitgoeul.core.i18n import Message

    if not 1 <= months <= gap.MAX_MONTHS:
        raise ValidationFailed("field.check", fields={"months": Message("core.between", low=1, high=gap.MAX_MONTHS)})
    return months


def gap_out(figures: gap.SkillsGap) -> dict[str, Any]:
    """The figures as the API, the CLI and the exports give them: widest gap first."""
    return {"months": list(figures.months),
            "skills": [{"skill": g.skill, "open_jobs": g.open_jobs, "people": g.people, "courses": g.courses,
                        "gap": g.gap, "months": [{"month": m, "courses": n}
                                                 for m, n in zip(figures.months, g.by_month, strict=True)]}
                       for g in figures.skills]}
