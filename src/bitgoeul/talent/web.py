"""Talent pages: jobs (list, detail with apply, post/edit), profile, jobs for me, people for a job,
applications, alerts, subscriptions and the hiring dashboard. Handlers parse, call a service, render."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from bitgoeul.core.auth import Actor, is_operator, require_login
from bitgoeul.core.charts import Bar, bar_chart
from bitgoeul.core.errors import Conflict, PermissionDenied, ValidationFailed
from bitgoeul.core.i18n import translate
from bitgoeul.core.links import local_or
from bitgoeul.core.pagination import Page
from bitgoeul.core.scores import display_score
from bitgoeul.education import public as education
from bitgoeul.organisations.public import list_organisations
from bitgoeul.talent import alerts, service
from bitgoeul.talent.codes import (
    MODE_LABELS,
    PROGRAMME_LABELS,
    SENIORITY_LABELS,
    STATE_LABELS,
    STATUS_LABELS,
    JobMode,
    Programme,
    Seniority,
    WishMode,
    label,
)
from bitgoeul.talent.figures import hiring_figures
from bitgoeul.talent.models import Job
from bitgoeul.talent.schemas import ApplyIn, JobIn, JobOut, MoveIn, ProfileIn, SubscriptionIn, shown_scores
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
    service_data,
)
from bitgoeul.web.rendering import render

router = APIRouter()

JOB_FIELDS = ("organisation_id", "title_ko", "title_en", "description_ko", "description_en", "seniority",
              "skills_must", "skills_nice", "languages", "region", "work_mode", "salary_min", "salary_max", "deadline",
              "status")
PROFILE_FIELDS = ("headline", "summary", "desired_roles", "skills", "years_experience", "seniority", "programme",
                  "cohort", "home_region", "wish_regions", "work_mode", "salary_wish", "languages", "visible")
LIST_FIELDS = ("skills_must", "skills_nice", "languages", "skills", "wish_regions")
SUBSCRIPTION_FIELDS = ("kind", "query", "seniority", "region", "work_mode", "min_score")


def _options(table: dict[str, tuple[str, str]], codes: list[str], language: str) -> list[tuple[str, str]]:
    return [(code, label(table, code, language)) for code in codes]


def _labels(request: Request) -> dict[str, Any]:
    """Names of the coded fields and the select options, in the page's language."""
    language = get_language(request)
    return {
        "seniority_label": lambda c: label(SENIORITY_LABELS, c, language),
        "mode_label": lambda c: label(MODE_LABELS, c, language),
        "state_label": lambda c: label(STATE_LABELS, c, language),
        "status_label": lambda c: label(STATUS_LABELS, c, language),
        "programme_label": lambda c: label(PROGRAMME_LABELS, c, language),
        "reason_text": lambda r: (r.en if language == "en" else r.ko),
        "score_100": display_score,
        "match_scores": shown_scores,
        "seniority_options": _options(SENIORITY_LABELS, [s.value for s in Seniority], language),
        "job_mode_options": _options(MODE_LABELS, [m.value for m in JobMode], language),
        "wish_mode_options": _options(MODE_LABELS, [m.value for m in WishMode], language),
        "status_options": _options(STATUS_LABELS, list(STATUS_LABELS), language),
        "programme_options": _options(PROGRAMME_LABELS, [p.value for p in Programme], language),
    }


def _joined(values: dict[str, Any]) -> dict[str, Any]:
    """Lists are typed as one comma-separated line; show stored lists the same way."""
    return {k: (", ".join(v) if isinstance(v, list) and k in LIST_FIELDS else v) for k, v in values.items()}


def _blank(value: str | None) -> str | None:
    return value or None


# --- jobs ------------------------------------------------------------------------------------------------


@router.get("/talent/jobs")
def job_list(request: Request, session: SessionDep, user: CurrentUser, q: str = "", seniority: str | None = None,
             team_lead: bool = False, work_mode: str | None = None, region: str = "",
             organisation_id: int | None = None, page: int = 1, format: str | None = None) -> Response:
    def fetch(number: int, size: int) -> Page[Job]:
        return service.list_jobs(session, user, q=q, seniority=_blank(seniority), team_lead=team_lead,
                                 work_mode=_blank(work_mode), region=region, organisation_id=organisation_id,
                                 page=number, per_page=size)

    if format in EXPORT_FORMATS:
        return export_response(export_rows(every_item(fetch), JobOut), "talent_jobs", format)
    return render(request, "talent/job_list.html", {
        "page": fetch(page, PER_PAGE), "q": q, "seniority": seniority or "", "team_lead": team_lead,
        "work_mode": work_mode or "", "region": region, "can_post": service.can_post_job(user), **_labels(request)})


def _owner_options(session: Session, user: Actor | None) -> list[tuple[str, str]]:
    if not is_operator(user):
        return []
    organisations = every_item(lambda n, size: list_organisations(session, page=n, per_page=size))
    return [(str(o.id), o.name_ko) for o in organisations]


def _job_form(request: Request, session: Session, user: Actor | None, job: Job | None, values: dict[str, Any],
              errors: dict[str, str], status: int = 200) -> Response:
    return render(request, "talent/job_form.html", {
        "job": job, "values": values, "errors": errors, "owner_options": _owner_options(session, user),
        **_labels(request)}, status_code=status)


@router.get("/talent/jobs/new")
def job_new(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    require_login(user)
    values = {"seniority": "mid", "work_mode": "onsite", "status": "published", "languages": "ko"}
    return _job_form(request, session, user, None, values, {})


@router.post("/talent/jobs/new")
def job_create(request: Request, session: SessionDep, user: CurrentUser, form: FormDep) -> Response:
    values = form_values(form)
    try:
        job = service.create_job(session, user, form_input(JobIn, service_data(values, JOB_FIELDS), user))
    except ValidationFailed as exc:
        session.rollback()
        return _job_form(request, session, user, None, values, field_errors(exc.fields), exc.status)
    return RedirectResponse(f"/talent/jobs/{job.id}", status_code=303)


@router.get("/talent/jobs/{job_id}")
def job_detail(request: Request, session: SessionDep, user: CurrentUser, job_id: int,
               error: str | None = None) -> Response:
    job = service.view_job(session, user, job_id)
    is_firm = service.can_edit_job(user, job)
    application = service.application_for(session, user, job.id)
    profile = service.profile_of_user(session, user.id) if user else None
    match = service.explain_for(session, profile, job) if profile is not None else None
    applications = service.job_applications(session, user, job.id) if is_firm else []
    return render(request, "talent/job_detail.html", {
        "job": job, "is_firm": is_firm, "application": application, "profile": profile, "match": match,
        "courses": education.courses_for_job(session, profile, job),
        "applications": applications, "moves": {a.id: service.allowed_moves(user, a) for a in applications},
        "my_moves": service.allowed_moves(user, application) if application else [],
        "error": error, "today": service.today(), **_labels(request)})


@router.get("/talent/jobs/{job_id}/edit")
def job_edit(request: Request, session: SessionDep, user: CurrentUser, job_id: int) -> Response:
    job = service.get_job(session, job_id)
    if not service.can_edit_job(user, job):
        require_login(user)
        raise PermissionDenied("talent.web.only_its_members_can_edit")
    values = _joined({name: getattr(job, name) for name in JOB_FIELDS if hasattr(job, name)})
    return _job_form(request, session, user, job, values, {})


@router.post("/talent/jobs/{job_id}/edit")
def job_update(request: Request, session: SessionDep, user: CurrentUser, job_id: int, form: FormDep) -> Response:
    values = form_values(form)
    try:
        service.require_job_editor(session, user, job_id)
        service.update_job(session, user, job_id, form_input(JobIn, service_data(values, JOB_FIELDS), user))
    except ValidationFailed as exc:
        session.rollback()
        return _job_form(request, session, user, service.get_job(session, job_id), values,
                         field_errors(exc.fields), exc.status)
    return RedirectResponse(f"/talent/jobs/{job_id}", status_code=303)


@router.post("/talent/jobs/{job_id}/apply")
def job_apply(request: Request, session: SessionDep, user: CurrentUser, job_id: int, form: FormDep) -> Response:
    try:
        service.apply(session, user, job_id, form_input(ApplyIn, {"message": str(form.get("message") or "")}, user))
    except (Conflict, ValidationFailed) as exc:
        session.rollback()
        job = service.view_job(session, user, job_id)
        return render(request, "talent/job_detail.html", {
            "job": job, "is_firm": False, "application": service.application_for(session, user, job.id),
            "profile": service.profile_of_user(session, user.id) if user else None, "match": None,
            "applications": [], "moves": {}, "my_moves": [], "error": exc.message, "today": service.today(),
            **_labels(request)}, status_code=exc.status)
    return RedirectResponse(f"/talent/jobs/{job_id}?applied=1", status_code=303)


@router.post("/talent/applications/{application_id}/move")
def application_move(session: SessionDep, user: CurrentUser, application_id: int, form: FormDep) -> Response:
    move = form_input(MoveIn, {"target": str(form.get("target") or ""), "note": str(form.get("note") or "")}, user)
    application = service.move_application(session, user, application_id, move)
    back = str(form.get("next") or f"/talent/jobs/{application.job_id}")
    return RedirectResponse(local_or(back, "/talent/me"), status_code=303)


@router.get("/talent/jobs/{job_id}/people")
def job_people(request: Request, session: SessionDep, user: CurrentUser, job_id: int) -> Response:
    job = service.get_job(session, job_id)
    ranked = service.people_for_job(session, user, job_id)
    return render(request, "talent/job_people.html", {"job": job, "ranked": ranked, **_labels(request)})


# --- the person's side -----------------------------------------------------------------------------------


@router.get("/talent/me")
def me(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    if user is None:
        return RedirectResponse("/login?next=/talent/me", status_code=303)
    profile = service.profile_of_user(session, user.id)
    ranked = service.jobs_for_profile(session, profile) if profile else []
    return render(request, "talent/me.html", {
        "profile": profile, "ranked": ranked, "applications": service.my_applications(session, user),
        "suggestions": education.suggestions_for(session, profile) if profile else [],
        "subscribed": education.subscribed_skills(session, user),
        "unread": alerts.unread_count(session, user), **_labels(request)})


def _profile_form(request: Request, values: dict[str, Any], errors: dict[str, str], status: int = 200) -> Response:
    return render(request, "talent/profile_form.html", {"values": values, "errors": errors, **_labels(request)},
                  status_code=status)


@router.get("/talent/profile")
def profile_edit(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    if user is None:
        return RedirectResponse("/login?next=/talent/profile", status_code=303)
    profile = service.profile_of_user(session, user.id)
    values: dict[str, Any] = {"seniority": "junior", "programme": "none", "work_mode": "any", "languages": "ko",
                              "visible": True}
    if profile is not None:
        values = _joined({name: getattr(profile, name) for name in PROFILE_FIELDS})
    return _profile_form(request, values, {})


@router.post("/talent/profile")
def profile_save(request: Request, session: SessionDep, user: CurrentUser, form: FormDep) -> Response:
    values = form_values(form)
    data = service_data(values, PROFILE_FIELDS)
    data["visible"] = values.get("visible") in {"true", "on"}
    try:
        service.save_profile(session, user, form_input(ProfileIn, data, user))
    except ValidationFailed as exc:
        session.rollback()
        return _profile_form(request, values, field_errors(exc.fields) or {"__all__": exc.message}, exc.status)
    return RedirectResponse("/talent/me", status_code=303)


@router.get("/talent/alerts")
def alert_list(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    if user is None:
        return RedirectResponse("/login?next=/talent/alerts", status_code=303)
    items = alerts.my_alerts(session, user)
    unread = {a.id for a in items if a.read_at is None}
    alerts.mark_read(session, user)
    return render(request, "talent/alerts.html", {"alerts": items, "unread": unread, **_labels(request)})


def _subscriptions_page(request: Request, session: Session, user: Actor, values: dict[str, Any],
                        errors: dict[str, str], status: int = 200) -> Response:
    return render(request, "talent/subscriptions.html", {
        "subscriptions": alerts.my_subscriptions(session, user), "values": values, "errors": errors,
        "has_profile": service.profile_of_user(session, user.id) is not None, **_labels(request)},
        status_code=status)


@router.get("/talent/subscriptions")
def subscription_list(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    if user is None:
        return RedirectResponse("/login?next=/talent/subscriptions", status_code=303)
    return _subscriptions_page(request, session, user, {"kind": "match", "min_score": "50"}, {})


@router.post("/talent/subscriptions")
def subscription_create(request: Request, session: SessionDep, user: CurrentUser, form: FormDep) -> Response:
    values = form_values(form)
    actor = require_login(user)
    try:
        alerts.subscribe(session, actor, form_input(SubscriptionIn, service_data(values, SUBSCRIPTION_FIELDS), actor))
    except ValidationFailed as exc:
        session.rollback()
        return _subscriptions_page(request, session, actor, values,
                                   field_errors(exc.fields) or {"__all__": exc.message}, exc.status)
    return RedirectResponse("/talent/subscriptions?saved=1", status_code=303)


@router.post("/talent/subscriptions/{subscription_id}/cancel")
def subscription_cancel(session: SessionDep, user: CurrentUser, subscription_id: int) -> Response:
    alerts.cancel_subscription(session, user, subscription_id)
    return RedirectResponse("/talent/subscriptions", status_code=303)


# --- dashboard -------------------------------------------------------------------------------------------


@router.get("/talent/dashboard")
def dashboard(request: Request, session: SessionDep, format: str | None = None) -> Response:
    language = get_language(request)
    city = request.app.state.settings.city_ko
    figures = hiring_figures(session, city=city)
    if format in EXPORT_FORMATS:
        rows = [{"state": s, "applications": n} for s, n in figures.applications_by_state.items()]
        return export_response(rows, "talent_dashboard", format)
    states = [Bar(label(STATE_LABELS, s, language), n) for s, n in figures.applications_by_state.items()]
    regions = [Bar(r, n) for r, n in figures.hires_by_region.items()]
    return render(request, "talent/dashboard.html", {
        "figures": figures,
        "chart_states": bar_chart(states, title=translate("talent.dash.chart_states", language)),
        "chart_regions": bar_chart(regions, title=translate("talent.dash.chart_regions", language)),
        **_labels(request)})
