"""Education pages: the course list (search, filters, paging, export), a course page (facts, how to get
there, how to apply, the jobs asking for what it teaches), publishing and editing, courses for me (the
suggestions and my course alerts) and the skills-gap view. Handlers parse, call a service, render."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from bitgoeul.core.auth import Actor, require_login
from bitgoeul.core.charts import Bar, Layout, bar_chart
from bitgoeul.core.errors import Conflict, PermissionDenied, ValidationFailed
from bitgoeul.core.forms import validate
from bitgoeul.core.i18n import labels, pick, translate
from bitgoeul.core.links import local_or
from bitgoeul.core.pagination import Page
from bitgoeul.core.time import form_value
from bitgoeul.education import alerts, gap, service, suggest
from bitgoeul.education.codes import CourseKind, CourseLanguage, CourseStatus, Level
from bitgoeul.education.models import Course
from bitgoeul.education.schemas import CourseIn, CourseOut, SubscribeIn
from bitgoeul.talent.public import open_jobs, profile_of_user, skill_label
from bitgoeul.web.deps import CurrentUser, SessionDep, get_language
from bitgoeul.web.forms import (
    EXPORT_FORMATS,
    PER_PAGE,
    FormDep,
    every_item,
    export_response,
    export_rows,
    field_errors,
    form_values,
    service_data,
)
from bitgoeul.web.rendering import render

router = APIRouter()

COURSE_FIELDS = tuple(name for name in CourseIn.model_fields)
TIMES = ("starts_at", "ends_at")


def _codes(language: str) -> dict[str, Any]:
    """Names of the coded fields and the select options, in the page's language."""
    tables = {name: labels(f"education.codes.{name}") for name in ("kind", "level", "status", "language")}

    def name(table: str, code: str) -> str:
        ko, en = tables[table].get(code, (code, code))
        return en if language == "en" else ko

    return {
        "code_name": name,
        "kind_options": [(k.value, name("kind", k.value)) for k in CourseKind],
        "level_options": [(v.value, name("level", v.value)) for v in Level],
        "status_options": [(s.value, name("status", s.value)) for s in CourseStatus],
        "language_options": [(c.value, name("language", c.value)) for c in CourseLanguage],
    }


def _blank(value: str | None) -> str | None:
    return value or None


# --- the list ----------------------------------------------------------------------------------------------


@router.get("/education/courses")
def course_list(request: Request, session: SessionDep, user: CurrentUser, q: str = "", skill: str = "",
                provider_id: int | None = None, kind: str | None = None, level: str | None = None,
                language: str | None = None, upcoming: bool = False, page: int = 1,
                format: str | None = None) -> Response:
    def fetch(number: int, size: int) -> Page[Course]:
        return service.list_courses(session, user, q=q, skill=skill, provider_id=provider_id, kind=_blank(kind),
                                    level=_blank(level), language=_blank(language), upcoming=upcoming,
                                    page=number, per_page=size)

    if format in EXPORT_FORMATS:
        return export_response(export_rows(every_item(fetch), CourseOut), "education_courses", format)
    return render(request, "education/course_list.html", {
        "page": fetch(page, PER_PAGE), "q": q, "skill": skill, "provider_id": provider_id or "",
        "kind": kind or "", "level": level or "", "language": language or "", "upcoming": upcoming,
        "can_publish": service.may_publish_any(session, user), **_codes(get_language(request))})


# --- one course --------------------------------------------------------------------------------------------


def _course_page(request: Request, session: Session, user: Actor | None, course: Course,
                 problem: str | None = None, status: int = 200) -> Response:
    return render(request, "education/course_detail.html", {
        "course": course, "manage": service.can_manage(user, course),
        "jobs": suggest.jobs_asking(course, open_jobs(session)),
        "subscribed": alerts.subscribed_skills(session, user), "keys": service.course_keys(course),
        "get_here": {"to": course.venue_name} if course.venue_name else None, "problem": problem,
        **_codes(get_language(request))}, status_code=status)


@router.get("/education/courses/new")
def course_new(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    if user is None:
        return RedirectResponse("/login?next=/education/courses/new", status_code=303)
    if not service.may_publish_any(session, user):
        raise PermissionDenied("education.service.only_institutions_publish")
    values = {"kind": "short", "level": "intro", "language": "ko", "status": "published", "cost": "0"}
    return _form(request, session, user, None, values, {})


@router.post("/education/courses/new")
def course_create(request: Request, session: SessionDep, user: CurrentUser, form: FormDep) -> Response:
    values = form_values(form)
    try:
        course = service.create_course(session, user, validate(CourseIn, service_data(values, COURSE_FIELDS)))
    except ValidationFailed as exc:
        session.rollback()
        return _form(request, session, require_login(user), None, values, field_errors(exc.fields), exc.status)
    return RedirectResponse(f"/education/courses/{course.id}", status_code=303)


@router.get("/education/courses/{course_id}")
def course_detail(request: Request, session: SessionDep, user: CurrentUser, course_id: int) -> Response:
    return _course_page(request, session, user, service.view_course(session, user, course_id))


def _form(request: Request, session: Session, user: Actor, course: Course | None, values: dict[str, Any],
          errors: dict[str, str], status: int = 200) -> Response:
    providers = [(str(o.id), pick(get_language(request), o.name_ko, o.name_en))
                 for o in service.providers_for(session, user)]
    return render(request, "education/course_form.html", {
        "course": course, "values": values, "errors": errors, "providers": providers,
        **_codes(get_language(request))}, status_code=status)


@router.get("/education/courses/{course_id}/edit")
def course_edit(request: Request, session: SessionDep, user: CurrentUser, course_id: int) -> Response:
    course = service.get_course(session, course_id)
    actor = require_login(user)
    if not service.can_manage(actor, course):
        raise PermissionDenied("education.service.only_provider_edits")
    values: dict[str, Any] = {name: getattr(course, name) for name in COURSE_FIELDS}
    values["skills"] = ", ".join(course.skills)
    values.update({name: form_value(getattr(course, name)) for name in TIMES})
    return _form(request, session, actor, course, values, {})


@router.post("/education/courses/{course_id}/edit")
def course_update(request: Request, session: SessionDep, user: CurrentUser, course_id: int,
                  form: FormDep) -> Response:
    values = form_values(form)
    try:
        service.update_course(session, user, course_id, validate(CourseIn, service_data(values, COURSE_FIELDS)))
    except ValidationFailed as exc:
        session.rollback()
        return _form(request, session, require_login(user), service.get_course(session, course_id), values,
                     field_errors(exc.fields), exc.status)
    return RedirectResponse(f"/education/courses/{course_id}", status_code=303)


@router.post("/education/courses/{course_id}/status")
def course_status(request: Request, session: SessionDep, user: CurrentUser, course_id: int,
                  form: FormDep) -> Response:
    target = str(form.get("target") or "")
    if target not in {s.value for s in CourseStatus}:
        raise ValidationFailed("field.check", fields={"target": translate("field.not_allowed", get_language(request))})
    service.set_status(session, user, course_id, CourseStatus(target))
    return RedirectResponse(f"/education/courses/{course_id}", status_code=303)


# --- courses for me: suggestions and course alerts ---------------------------------------------------------


@router.get("/education/for-me")
def for_me(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    if user is None:
        return RedirectResponse("/login?next=/education/for-me", status_code=303)
    profile = profile_of_user(session, user.id)
    return render(request, "education/for_me.html", {
        "profile": profile, "suggestions": suggest.suggestions_for(session, profile) if profile else [],
        "subscriptions": alerts.my_subscriptions(session, user), "subscribed": alerts.subscribed_skills(session, user)})


@router.post("/education/subscriptions")
def course_subscribe(session: SessionDep, user: CurrentUser, form: FormDep) -> Response:
    back = local_or(str(form.get("next") or ""), "/education/for-me")
    try:
        alerts.subscribe(session, user, validate(SubscribeIn, {"skill": str(form.get("skill") or "")}))
    except Conflict:
        session.rollback()  # already subscribed: the page they come back to says so
    return RedirectResponse(back, status_code=303)


@router.post("/education/subscriptions/{subscription_id}/cancel")
def course_unsubscribe(session: SessionDep, user: CurrentUser, subscription_id: int, form: FormDep) -> Response:
    alerts.cancel(session, user, subscription_id)
    return RedirectResponse(local_or(str(form.get("next") or ""), "/education/for-me"), status_code=303)


# --- the skills-gap view -----------------------------------------------------------------------------------

MONTH_SPANS = (3, 6, 12)


@router.get("/education/skills-gap")
def skills_gap(request: Request, session: SessionDep, months: int = 6, format: str | None = None) -> Response:
    if months not in MONTH_SPANS:
        language = get_language(request)
        raise ValidationFailed("field.check", fields={"months": translate("field.not_allowed", language)})
    figures = gap.skills_gap(session, months)
    if format in EXPORT_FORMATS:
        return export_response(gap_rows(figures), "education_skills_gap", format)
    language = get_language(request)
    widest = [g for g in figures.skills if g.gap > 0][:12]
    chart = bar_chart([Bar(skill_label(figures.names.get(g.skill, g.skill), language), g.gap) for g in widest],
                      title=translate("education.gap.chart", language), layout=Layout(width=560),
                      colour="#b35900") if widest else ""
    return render(request, "education/skills_gap.html", {
        "figures": figures, "chart": chart, "months": months, "spans": MONTH_SPANS})


def gap_rows(figures: gap.SkillsGap) -> list[dict[str, Any]]:
    """One row per skill: the counts, the gap and the courses starting in each month of the window."""
    return [{"skill": g.skill, "open_jobs": g.open_jobs, "people": g.people, "courses": g.courses, "gap": g.gap,
             **{f"courses_{month}": n for month, n in zip(figures.months, g.by_month, strict=True)}}
            for g in figures.skills]
