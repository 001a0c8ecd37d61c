"""Course use cases: one function per action over a session and the acting user; access is checked here,
never only in views. Inputs arrive validated (`CourseIn`), so a function's signature says what it takes."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import String, case, cast, exists, or_, select
from sqlalchemy.orm import Session

from bitgoeul.core.auth import Actor, can_act_for, require_login
from bitgoeul.core.db import require_row, text_matches, utcnow
from bitgoeul.core.errors import NotFound, PermissionDenied
from bitgoeul.core.i18n import Message
from bitgoeul.core.pagination import Page, paginate
from bitgoeul.core.time import now
from bitgoeul.education.codes import PROVIDER_KINDS, CourseStatus
from bitgoeul.education.models import Course, CourseSkill
from bitgoeul.education.schemas import CourseIn
from bitgoeul.organisations.models import Organisation
from bitgoeul.organisations.public import acting_organisation
from bitgoeul.talent.public import canonical_skill, canonical_skills


def get_course(session: Session, course_id: int) -> Course:
    return require_row(session, Course, course_id, "education.service.course_not_found")


def can_manage(actor: Actor | None, course: Course) -> bool:
    """The provider's members and operators may edit, publish and cancel a course."""
    return can_act_for(actor, course.provider_id)


def can_publish(actor: Actor | None, organisation: Organisation | None) -> bool:
    """Whether the actor may publish courses for `organisation` (an institution they act for)."""
    return organisation is not None and organisation.kind in PROVIDER_KINDS and can_act_for(actor, organisation.id)


def may_publish_any(session: Session, actor: Actor | None) -> bool:
    """Whether the list page offers "publish a course": the actor acts for at least one institution."""
    return bool(providers_for(session, actor))


def providers_for(session: Session, actor: Actor | None) -> list[Organisation]:
    """The institutions the actor may publish for: their own (if an institution), or every one for operators."""
    if actor is None:
        return []
    statement = select(Organisation).where(Organisation.kind.in_(sorted(PROVIDER_KINDS))).order_by(Organisation.name_ko)
    return [o for o in session.scalars(statement) if can_act_for(actor, o.id)]


def view_course(session: Session, actor: Actor | None, course_id: int) -> Course:
    """Published and cancelled courses are public; drafts only for their provider and operators."""
    course = get_course(session, course_id)
    if course.status == CourseStatus.draft and not can_manage(actor, course):
        raise NotFound("education.service.course_not_found")
    return course


def list_courses(session: Session, actor: Actor | None = None, *, q: str = "", skill: str = "",
                 provider_id: int | None = None, kind: str | None = None, level: str | None = None,
                 language: str | None = None, upcoming: bool = False, status: str | None = CourseStatus.published,
                 page: int = 1, per_page: int = 20) -> Page[Course]:
    """Courses one can still take first (soonest start first), then the ended ones, latest first. Drafts are
    listed only to those who may manage their provider's courses."""
    ended = Course.ends_at < now()
    statement = select(Course).join(Course.provider).order_by(
        case((ended, 1), else_=0), case((ended, None), else_=Course.starts_at),
        Course.starts_at.desc(), Course.id)
    if status:
        statement = statement.where(Course.status == status)
    if status != CourseStatus.published:
        own = [o.id for o in providers_for(session, actor)]
        statement = statement.where(or_(Course.status != CourseStatus.draft, Course.provider_id.in_(own)))
    if q.strip():
        statement = statement.where(text_matches(q, Course.title_ko, Course.title_en, Course.summary_ko,
                                                 Course.summary_en, cast(Course.skills, String), Course.cohort,
                                                 Organisation.name_ko, Organisation.name_en))
    if skill.strip():
        key = canonical_skill(skill)
        statement = statement.where(exists().where(CourseSkill.course_id == Course.id, CourseSkill.skill == key))
    if provider_id:
        statement = statement.where(Course.provider_id == provider_id)
    if kind:
        statement = statement.where(Course.kind == kind)
    if level:
        statement = statement.where(Course.level == level)
    if language:
        statement = statement.where(Course.language == language)
    if upcoming:
        statement = statement.where(Course.ends_at >= now())
    return paginate(session, statement, page, per_page)


def _set_skills(course: Course, names: list[str]) -> None:
    """The typed names are kept for display; their canonical keys (one row each) are what lists filter on
    and the skills-gap view counts."""
    course.skills = list(names)
    keys = canonical_skills(names)
    kept = {row.skill: row for row in course.taught}
    course.taught = [kept.get(key) or CourseSkill(skill=key) for key in keys]
    for position, row in enumerate(course.taught):
        row.position = position


def create_course(session: Session, actor: Actor | None, values: CourseIn) -> Course:
    """Members of an institution publish courses for it (operators for any named one); publishing straight
    away tells the people waiting for a course in one of its skills."""
    user = require_login(actor)
    provider = acting_organisation(session, user, values.provider_id,
                                   Message("education.service.only_institutions_publish"))
    if provider.kind not in PROVIDER_KINDS:
        raise PermissionDenied("education.service.only_institutions_publish")
    course = Course(**values.model_dump(exclude={"provider_id", "skills"}), provider_id=provider.id,
                    created_by_id=user.id)
    course.provider = provider
    _set_skills(course, values.skills)
    session.add(course)
    return _save(session, course, first_publication=course.status == CourseStatus.published)


def update_course(session: Session, actor: Actor | None, course_id: int, values: CourseIn) -> Course:
    course = get_course(session, course_id)
    if not can_manage(require_login(actor), course):
        raise PermissionDenied("education.service.only_provider_edits")
    was_published = course.published_at is not None
    for name, value in values.model_dump(exclude={"provider_id", "skills"}).items():
        setattr(course, name, value)
    _set_skills(course, values.skills)
    return _save(session, course, first_publication=course.status == CourseStatus.published and not was_published)


def set_status(session: Session, actor: Actor | None, course_id: int, status: CourseStatus) -> Course:
    """Publish or cancel a course without sending the whole form again."""
    course = get_course(session, course_id)
    if not can_manage(require_login(actor), course):
        raise PermissionDenied("education.service.only_provider_edits")
    first = status == CourseStatus.published and course.published_at is None
    course.status = status
    return _save(session, course, first_publication=first)


def _save(session: Session, course: Course, *, first_publication: bool) -> Course:
    if first_publication:
        course.published_at = utcnow()
    session.flush()
    if first_publication:
        from bitgoeul.education.alerts import notify_for_course

        notify_for_course(session, course)
    return course


def courses_teaching(session: Session, skills: list[str], *, within_days: int | None = None,
                     limit: int = 20) -> list[Course]:
    """Published courses not yet started (one can still join them) that teach any of `skills` (canonical
    keys), soonest first; with `within_days`, only those starting before then."""
    if not skills:
        return []
    present = now()
    statement = (select(Course).where(Course.status == CourseStatus.published, Course.starts_at >= present,
                                      exists().where(CourseSkill.course_id == Course.id,
                                                     CourseSkill.skill.in_(skills)))
                 .order_by(Course.starts_at, Course.id).limit(limit))
    if within_days is not None:
        statement = statement.where(Course.starts_at < present + timedelta(days=within_days))
    return list(session.scalars(statement).unique())


def course_keys(course: Course) -> list[str]:
    return [row.skill for row in course.taught]
