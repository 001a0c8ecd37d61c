"""Talent use cases: one function per action over a session; access is checked here, never only in views."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from bitgoeul.core.auth import (
    Actor,
    Role,
    acts_for_an_organisation,
    can_act_for,
    is_operator,
    require_login,
    require_member,
)
from bitgoeul.core.db import flush_unique, require_row, text_matches, utcnow
from bitgoeul.core.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.core.pagination import Page, paginate
from bitgoeul.core.registry import hooks
from bitgoeul.core.time import local_today
from bitgoeul.organisations.models import Organisation
from bitgoeul.organisations.public import acting_organisation
from bitgoeul.talent import match_lists, match_store
from bitgoeul.talent.codes import MOVES, STATE_LABELS, ApplicationState, JobStatus, next_states
from bitgoeul.talent.manifest import JOB_PUBLISHED
from bitgoeul.talent.matching import Match
from bitgoeul.talent.models import Application, ApplicationEvent, Job, TalentProfile
from bitgoeul.talent.schemas import ApplyIn, JobIn, MoveIn, ProfileIn

Row = TypeVar("Row", Job, TalentProfile)

def _job_published(session: Session, job: Job) -> None:
    """Run the hooks the manifests declare for a job becoming visible (the alerts), so this module does not
    import the alert machinery."""
    for hook in hooks(JOB_PUBLISHED):
        hook(session, job)


def today() -> date:
    """The current day in the city, for deadlines (a job is open through its deadline's day)."""
    return local_today()


# --- profiles --------------------------------------------------------------------------------------------


def get_profile(session: Session, profile_id: int) -> TalentProfile:
    return require_row(session, TalentProfile, profile_id, "talent.service.profile_not_found")


def profile_of_user(session: Session, user_id: int) -> TalentProfile | None:
    return session.scalar(select(TalentProfile).where(TalentProfile.user_id == user_id))


def my_profile(session: Session, actor: Actor | None) -> TalentProfile | None:
    return profile_of_user(session, require_login(actor).id)


def can_see_profile(actor: Actor | None, profile: TalentProfile) -> bool:
    """The person, operators, and (for visible profiles) members of any organisation looking to hire."""
    if actor is None:
        return False
    if actor.id == profile.user_id or is_operator(actor):
        return True
    return profile.visible and actor.role == Role.member


def view_profile(session: Session, actor: Actor | None, profile_id: int) -> TalentProfile:
    profile = get_profile(session, profile_id)
    require_login(actor)
    if not can_see_profile(actor, profile):
        raise PermissionDenied("talent.service.you_cannot_see_profile")
    return profile


def save_profile(session: Session, actor: Actor | None, values: ProfileIn,
                 user_id: int | None = None) -> TalentProfile:
    """Create or replace a profile. People edit their own; operators may edit anyone's (`user_id`)."""
    user = require_login(actor)
    owner_id = user.id if user_id is None else user_id
    if owner_id != user.id and not is_operator(user):
        raise PermissionDenied("talent.service.you_can_only_edit_your")
    profile = profile_of_user(session, owner_id)
    if profile is None:
        profile = TalentProfile(user_id=owner_id)
        session.add(profile)
    for name, value in values.model_dump().items():
        setattr(profile, name, value)
    session.flush()
    return profile


def list_profiles(session: Session, actor: Actor | None, *, q: str = "", seniority: str | None = None,
                  programme: str | None = None, page: int = 1, per_page: int = 20) -> Page[TalentProfile]:
    """Visible profiles, for members of organisations and operators (people do not browse each other)."""
    user = require_login(actor)
    if user.role not in {Role.member, Role.operator}:
        raise PermissionDenied("talent.service.only_organisation_members_and_operators")
    statement = select(TalentProfile).order_by(TalentProfile.id)
    if not is_operator(user):
        statement = statement.where(TalentProfile.visible.is_(True))
    if q.strip():
        statement = statement.where(text_matches(q, TalentProfile.headline, TalentProfile.summary,
                                                 TalentProfile.desired_roles, cast(TalentProfile.skills, String)))
    if seniority:
        statement = statement.where(TalentProfile.seniority == seniority)
    if programme:
        statement = statement.where(TalentProfile.programme == programme)
    return paginate(session, statement, page, per_page)


# --- jobs ------------------------------------------------------------------------------------------------


def get_job(session: Session, job_id: int) -> Job:
    return require_row(session, Job, job_id, "talent.service.job_not_found")


def view_job(session: Session, actor: Actor | None, job_id: int) -> Job:
    """Published and closed jobs are public; drafts only for their organisation and operators."""
    job = get_job(session, job_id)
    if job.status == JobStatus.draft and not can_act_for(actor, job.organisation_id):
        raise NotFound("talent.service.job_not_found")
    return job


def list_jobs(
    session: Session, actor: Actor | None = None, *, q: str = "", seniority: str | None = None,
    team_lead: bool = False, work_mode: str | None = None, region: str | None = None,
    organisation_id: int | None = None, status: str | None = JobStatus.published, open_only: bool = False,
    page: int = 1, per_page: int = 20,
) -> Page[Job]:
    """Jobs newest first. Drafts are listed only for an organisation its members (or operators) can act for."""
    statement = select(Job).join(Job.organisation).order_by(Job.published_at.desc().nulls_last(), Job.id.desc())
    if status:
        statement = statement.where(Job.status == status)
    if status != JobStatus.published and not is_operator(actor):
        own = actor.organisation_id if actor is not None and actor.role == Role.member else None
        statement = statement.where(or_(Job.status != JobStatus.draft, Job.organisation_id == own))
    if q.strip():
        statement = statement.where(text_matches(q, Job.title_ko, Job.title_en, Job.description_ko, Job.description_en,
                                                 cast(Job.skills_must, String), cast(Job.skills_nice, String),
                                                 Organisation.name_ko, Organisation.name_en))
    if team_lead:
        seniority = "lead"
    if seniority:
        statement = statement.where(Job.seniority == seniority)
    if work_mode:
        statement = statement.where(Job.work_mode == work_mode)
    if region:
        statement = statement.where(text_matches(region, Job.region))
    if organisation_id:
        statement = statement.where(Job.organisation_id == organisation_id)
    if open_only:
        statement = statement.where(or_(Job.deadline.is_(None), Job.deadline >= today()))
    return paginate(session, statement, page, per_page)


def can_post_job(actor: Actor | None) -> bool:
    """Who is offered "post a job": operators, and members who belong to an organisation (`create_job` checks
    the organisation itself)."""
    return acts_for_an_organisation(actor)


def can_edit_job(actor: Actor | None, job: Job) -> bool:
    """Its organisation's members and operators edit a job, see its applications and move them."""
    return can_act_for(actor, job.organisation_id)


def create_job(session: Session, actor: Actor | None, values: JobIn) -> Job:
    """Members post jobs for their organisation; publishing straight away sends the alerts."""
    user = require_login(actor)
    owner = acting_organisation(session, user, values.organisation_id,
                                Message("talent.service.only_members_organisation_can_post"))
    job = Job(**values.model_dump(exclude={"organisation_id"}), organisation_id=owner.id, created_by_id=user.id)
    session.add(job)
    return _save_job(session, job, first_publication=job.status == JobStatus.published)


def require_job_editor(session: Session, actor: Actor | None, job_id: int) -> Job:
    """The job, if the actor may change it (its organisation's members, operators); else 401/403."""
    job = get_job(session, job_id)
    require_member(actor, job.organisation_id)
    return job


def update_job(session: Session, actor: Actor | None, job_id: int, values: JobIn) -> Job:
    job = require_job_editor(session, actor, job_id)
    was_published = job.published_at is not None
    for name, value in values.model_dump(exclude={"organisation_id"}).items():
        setattr(job, name, value)
    return _save_job(session, job, first_publication=job.status == JobStatus.published and not was_published)


def set_job_status(session: Session, actor: Actor | None, job_id: int, status: str) -> Job:
    """Publish or close a job without re-sending the whole form."""
    job = get_job(session, job_id)
    require_member(actor, job.organisation_id)
    if status not in {s.value for s in JobStatus}:
        raise ValidationFailed("talent.service.not_allowed_status",
                               fields={"status": Message("talent.service.not_one_allowed_values")})
    first_publication = status == JobStatus.published and job.published_at is None
    job.status = status
    return _save_job(session, job, first_publication=first_publication)


def _save_job(session: Session, job: Job, *, first_publication: bool) -> Job:
    """Flush the job; the first time it is published it gets its date, and once flushed the alerts go out."""
    if first_publication:
        job.published_at = utcnow()
    session.flush()
    if first_publication:
        _job_published(session, job)
    return job


# --- applications ----------------------------------------------------------------------------------------


def get_application(session: Session, application_id: int) -> Application:
    return require_row(session, Application, application_id, "talent.service.application_not_found")


def sides_of(actor: Actor | None, application: Application) -> set[str]:
    """Which parties the actor speaks for: the applicant ("person"), the hiring firm, an operator."""
    sides: set[str] = set()
    if actor is None:
        return sides
    if is_operator(actor):
        sides.add("operator")
    if actor.id == application.profile.user_id:
        sides.add("person")
    if actor.role == Role.member and actor.organisation_id == application.job.organisation_id:
        sides.add("firm")
    return sides


def _record(application: Application, actor: Actor, sides: set[str], source: str | None, target: str,
            note: str = "") -> None:
    side = next((s for s in ("person", "firm", "operator") if s in sides), "system")
    application.events.append(ApplicationEvent(from_state=source, to_state=target, actor_id=actor.id,
                                               actor_side=side, note=note, at=utcnow()))


def apply(session: Session, actor: Actor | None, job_id: int, values: ApplyIn | None = None) -> Application:
    """A person applies to a published job before its deadline, once."""
    user = require_login(actor)
    values = values or ApplyIn()
    job = get_job(session, job_id)
    profile = profile_of_user(session, user.id)
    if profile is None:
        raise ValidationFailed("talent.service.write_your_profile_before_applying",
                               fields={"profile": Message("talent.service.no_profile_yet")})
    if job.status != JobStatus.published:
        raise Conflict("talent.service.job_not_taking_applications")
    if job.deadline is not None and job.deadline < today():
        raise Conflict("talent.service.deadline_has_passed", value=job.deadline.isoformat())
    existing = session.scalar(select(Application).where(Application.job_id == job.id,
                                                        Application.profile_id == profile.id))
    if existing is not None and existing.state != ApplicationState.withdrawn:
        raise Conflict("talent.service.you_have_already_applied_job", state=Message.both(*STATE_LABELS[existing.state]))
    now = utcnow()
    if existing is not None:
        # Withdrawn and applying again: the same row reopens, its history shows both.
        application = existing
        source: str | None = existing.state
        application.state = ApplicationState.applied
        application.message = values.message
        application.applied_at = now
        application.state_changed_at = now
    else:
        application = Application(job=job, profile=profile, state=ApplicationState.applied, message=values.message,
                                  applied_at=now, state_changed_at=now)
        session.add(application)
        source = None
    _record(application, user, {"person"}, source, ApplicationState.applied)
    # (job, profile) is unique: of two applications at the same moment, the second is refused here.
    flush_unique(session, Conflict("talent.refusal.applied"))
    return application


def allowed_moves(actor: Actor | None, application: Application) -> list[str]:
    """The moves this actor may take now (pages show them as buttons; `move_application` still checks)."""
    sides = sides_of(actor, application)
    return [t for t in next_states(application.state) if MOVES[(application.state, t)] & sides]


def move_application(session: Session, actor: Actor | None, application_id: int, values: MoveIn) -> Application:
    """The one place an application changes state: checks the edge and who is asking."""
    user = require_login(actor)
    application = get_application(session, application_id)
    current, target = application.state, values.target.value
    sides = sides_of(user, application)
    if not sides:
        raise PermissionDenied("talent.service.only_parties_can_do")
    allowed_sides = MOVES.get((current, target))
    if allowed_sides is None:
        allowed = ", ".join(next_states(current)) or "-"
        raise InvalidTransition("talent.service.cannot_move_from_allowed", current=current, target=target,
                                allowed=allowed)
    if not allowed_sides & sides:
        raise PermissionDenied("talent.service.only_can_make_move", names=', '.join(sorted(allowed_sides)))
    now = utcnow()
    application.state = target
    application.state_changed_at = now
    if target == ApplicationState.hired:
        application.hired_at = now
    _record(application, user, sides, current, target, values.note)
    session.flush()
    return application


def my_applications(session: Session, actor: Actor | None) -> list[Application]:
    user = require_login(actor)
    return list(session.scalars(select(Application).join(Application.profile)
                                .where(TalentProfile.user_id == user.id)
                                .order_by(Application.applied_at.desc())).unique())


def job_applications(session: Session, actor: Actor | None, job_id: int) -> list[Application]:
    """Applications to one job, for its organisation and operators."""
    job = get_job(session, job_id)
    require_member(actor, job.organisation_id)
    return list(session.scalars(select(Application).where(Application.job_id == job.id)
                                .order_by(Application.applied_at)).unique())


def application_for(session: Session, actor: Actor | None, job_id: int) -> Application | None:
    """The actor's own application to this job, if any (the job page shows it instead of "apply")."""
    if actor is None:
        return None
    return session.scalar(select(Application).join(Application.profile)
                          .where(Application.job_id == job_id, TalentProfile.user_id == actor.id))


def count_open_jobs(session: Session) -> int:
    """Published jobs whose deadline has not passed (the ones `open_jobs` lists), in one COUNT."""
    return int(session.scalar(select(func.count(Job.id)).where(
        Job.status == JobStatus.published, or_(Job.deadline.is_(None), Job.deadline >= today()))) or 0)


# --- matching (the pure matcher over the stored, analysed cards: see match_store.py) ----------------------

# A job's and a profile's card (the matcher's inputs) are built in one place, shared with the stored cards.
profile_card = match_store.profile_card
job_card = match_store.job_card


def open_jobs(session: Session) -> list[Job]:
    """Published jobs whose deadline has not passed: what people can still apply to."""
    return list(session.scalars(select(Job).where(Job.status == JobStatus.published,
                                                  or_(Job.deadline.is_(None), Job.deadline >= today()))
                                .order_by(Job.id)).unique())


def visible_profiles(session: Session) -> list[TalentProfile]:
    return list(session.scalars(select(TalentProfile).where(TalentProfile.visible.is_(True))
                                .order_by(TalentProfile.id)).unique())


def _rows_by_id(session: Session, model: type[Row], ids: list[int]) -> dict[int, Row]:
    """Only the ranked records, read in one query (not the whole collection); one deleted since the pool
    last synced (a concurrent transaction) is left out rather than shown."""
    if not ids:
        return {}
    return {r.id: r for r in session.scalars(select(model).where(model.id.in_(ids))).unique()}


def jobs_for_profile(session: Session, profile: TalentProfile, top: int = 20) -> list[tuple[Job, Match]]:
    """Open jobs ranked for a profile by the two-sided score, each with its reasons."""
    matches = match_lists.jobs_for(session, profile_card(profile), today(), top)
    by_id = _rows_by_id(session, Job, [int(m.job_id) for m in matches])
    return [(by_id[int(m.job_id)], m) for m in matches if int(m.job_id) in by_id]


def jobs_for_me(session: Session, actor: Actor | None, top: int = 20) -> list[tuple[Job, Match]]:
    profile = my_profile(session, actor)
    if profile is None:
        raise ValidationFailed("talent.service.write_your_profile_first",
                               fields={"profile": Message("talent.service.no_profile_yet")})
    return jobs_for_profile(session, profile, top)


def people_for_job(session: Session, actor: Actor | None, job_id: int,
                   top: int = 20) -> list[tuple[TalentProfile, Match]]:
    """Visible people ranked for a job by the two-sided score; for its organisation and operators.

    A draft or closed job is ranked in the term space of the open jobs and itself, as an open one is.
    """
    job = get_job(session, job_id)
    require_member(actor, job.organisation_id)
    matches = match_lists.people_for(session, job_card(job), today(), top)
    by_id = _rows_by_id(session, TalentProfile, [int(m.person_id) for m in matches])
    return [(by_id[int(m.person_id)], m) for m in matches if int(m.person_id) in by_id]


def explain_for(session: Session, profile: TalentProfile, job: Job) -> Match:
    """How well one job and one profile fit each other, scored as on "jobs for me" (same vocabulary)."""
    return match_store.store_for(session).explain(profile_card(profile), job_card(job), today())
