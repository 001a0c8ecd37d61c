"""Course alerts: a person asks to hear when a course opens for a skill (usually one their best-matching
local jobs ask for and they lack); when a course teaching it is published, they get one message in the shared
inbox, also queued for e-mail (`accounts/mail.py` sends one mail per person in their language). One alert per
person and course, ever, so one message too."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.accounts.public import notify
from bitgoeul.core.auth import Actor, require_login
from bitgoeul.core.db import flush_unique
from bitgoeul.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from bitgoeul.core.i18n import Message, translate
from bitgoeul.core.time import local_text, now
from bitgoeul.education.codes import CourseStatus
from bitgoeul.education.models import Course, CourseAlert, CourseSubscription
from bitgoeul.education.schemas import SubscribeIn
from bitgoeul.talent.public import canonical_skill

COURSE_ALERT = "education.course_alert"


def subscribe(session: Session, actor: Actor | None, values: SubscribeIn) -> CourseSubscription:
    user = require_login(actor)
    skill = canonical_skill(values.skill)
    if not skill:
        raise ValidationFailed("field.check", fields={"skill": Message("education.schemas.name_a_skill")})
    same = Conflict("education.refusal.subscribed", skill=skill)
    if session.scalar(select(CourseSubscription.id).where(
            CourseSubscription.user_id == user.id, CourseSubscription.active.is_(True),
            CourseSubscription.skill == skill)) is not None:
        raise same
    subscription = CourseSubscription(user_id=user.id, skill=skill)
    session.add(subscription)
    flush_unique(session, same)  # one active subscription per person and skill, held by a unique index
    return subscription


def my_subscriptions(session: Session, actor: Actor | None) -> list[CourseSubscription]:
    user = require_login(actor)
    return list(session.scalars(select(CourseSubscription).where(
        CourseSubscription.user_id == user.id, CourseSubscription.active.is_(True)).order_by(CourseSubscription.id)))


def subscribed_skills(session: Session, actor: Actor | None) -> set[str]:
    if actor is None:
        return set()
    return set(session.scalars(select(CourseSubscription.skill).where(
        CourseSubscription.user_id == actor.id, CourseSubscription.active.is_(True))))


def cancel(session: Session, actor: Actor | None, subscription_id: int) -> CourseSubscription:
    user = require_login(actor)
    subscription = session.get(CourseSubscription, subscription_id)
    if subscription is None:
        raise NotFound("education.alerts.subscription_not_found")
    if subscription.user_id != user.id:
        raise PermissionDenied("education.alerts.only_your_own")
    subscription.active = False
    session.flush()
    return subscription


def notify_for_course(session: Session, course: Course) -> list[CourseAlert]:
    """Tell every active subscriber to one of the course's skills, once per person and course; a course that
    has already ended (or is not published) tells nobody."""
    if course.status != CourseStatus.published or course.ends_at < now():
        return []
    keys = [row.skill for row in course.taught]
    if not keys:
        return []
    told = set(session.scalars(select(CourseAlert.user_id).where(CourseAlert.course_id == course.id)))
    created: list[CourseAlert] = []
    for subscription in session.scalars(select(CourseSubscription).where(
            CourseSubscription.active.is_(True), CourseSubscription.skill.in_(keys))
            .order_by(CourseSubscription.id)):
        if subscription.user_id in told:
            continue
        told.add(subscription.user_id)
        created.append(CourseAlert(user_id=subscription.user_id, course_id=course.id, skill=subscription.skill))
    session.add_all(created)
    session.flush()
    start = local_text(course.starts_at, "%Y-%m-%d")
    title_ko, title_en = course.title_ko, course.title_en or course.title_ko
    provider_ko = course.provider.name_ko
    provider_en = course.provider.name_en or provider_ko
    typed = {canonical_skill(name): name for name in reversed(course.skills)}  # as the provider spelt it
    for alert in created:
        skill = typed.get(alert.skill, alert.skill)
        notify(session, alert.user_id, COURSE_ALERT,
               translate("education.alert.text", "ko", title=title_ko, provider=provider_ko, skill=skill,
                         start=start),
               translate("education.alert.text", "en", title=title_en, provider=provider_en, skill=skill,
                         start=start),
               f"/education/courses/{course.id}", email=True)
    return created
