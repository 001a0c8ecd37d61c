"""Alerts: people subscribe (a saved search, or "jobs that match me"); when a job is published, every matching
subscriber gets one alert, queued for the digest e-mail, and one message in the shared inbox
(`accounts.notifications`) in the same transaction. One alert per person and job, ever, so one message too."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.accounts.public import notify
from bitgoeul.core.auth import Actor, require_login
from bitgoeul.core.db import flush_unique, utcnow
from bitgoeul.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.core.scores import display_score
from bitgoeul.talent import match_store, service
from bitgoeul.talent.codes import SubscriptionKind
from bitgoeul.talent.models import Alert, Job, Subscription, TalentProfile, criteria_key
from bitgoeul.talent.schemas import SubscriptionIn
from bitgoeul.text import index_terms
from bitgoeul.text.regions import city_of

JOB_ALERT = "talent.job_alert"

# --- subscriptions ---------------------------------------------------------------------------------------


def subscribe(session: Session, actor: Actor | None, values: SubscriptionIn) -> Subscription:
    user = require_login(actor)
    if values.kind == SubscriptionKind.match and service.profile_of_user(session, user.id) is None:
        raise ValidationFailed("talent.alerts.jobs_that_match_me_needs",
                               fields={"kind": Message("talent.alerts.write_your_profile_first")})
    criteria = criteria_key(values.model_dump())
    same = Conflict("talent.refusal.subscribed")
    if session.scalar(select(Subscription.id).where(Subscription.user_id == user.id, Subscription.active.is_(True),
                                                    Subscription.criteria == criteria)) is not None:
        raise same
    subscription = Subscription(user_id=user.id, criteria=criteria, **values.model_dump())
    session.add(subscription)
    flush_unique(session, same)  # one active subscription per person and criteria, held by a unique index
    return subscription


def my_subscriptions(session: Session, actor: Actor | None) -> list[Subscription]:
    user = require_login(actor)
    return list(session.scalars(select(Subscription).where(Subscription.user_id == user.id)
                                .order_by(Subscription.id)))


def cancel_subscription(session: Session, actor: Actor | None, subscription_id: int) -> Subscription:
    user = require_login(actor)
    subscription = session.get(Subscription, subscription_id)
    if subscription is None:
        raise NotFound("talent.alerts.subscription_not_found")
    if subscription.user_id != user.id:
        raise PermissionDenied("talent.alerts.you_can_only_change_your")
    subscription.active = False
    session.flush()
    return subscription


# --- matching a new job against subscriptions ------------------------------------------------------------


def search_matches(subscription: Subscription, job: Job) -> bool:
    """A saved search matches when every word of it is in the job (either language) and every filter holds."""
    if subscription.seniority and job.seniority != subscription.seniority:
        return False
    if subscription.work_mode and job.work_mode != subscription.work_mode:
        return False
    if subscription.region and city_of(subscription.region) not in job.region and subscription.region not in job.region:
        return False
    wanted = set(index_terms(subscription.query))
    if not wanted:
        return True
    card = service.job_card(job)
    present = set(index_terms(" ".join([card.text, *card.skills_must, *card.skills_nice])))
    return wanted <= present


def _already_alerted(session: Session, job_id: int) -> set[int]:
    return set(session.scalars(select(Alert.user_id).where(Alert.job_id == job_id)))


def notify_for_job(session: Session, job: Job) -> list[Alert]:
    """Create the alerts one newly published job deserves; users who already have one for it are skipped."""
    if job.status != "published" or (job.deadline is not None and job.deadline < service.today()):
        return []  # nobody should hear about a job they can no longer apply to
    subscriptions = list(session.scalars(select(Subscription).where(Subscription.active.is_(True))
                                         .order_by(Subscription.id)))
    if not subscriptions:
        return []
    done = _already_alerted(session, job.id)
    created: list[Alert] = []
    match_subs = [s for s in subscriptions if s.kind == SubscriptionKind.match and s.user_id not in done]
    for alert in _match_alerts(session, job, match_subs, done):
        created.append(alert)
        done.add(alert.user_id)
    for subscription in subscriptions:
        if subscription.kind != SubscriptionKind.search or subscription.user_id in done:
            continue
        if search_matches(subscription, job):
            words = subscription.query or "-"
            reason = [f"저장한 검색 '{words}'과(와) 일치", f"Matches your saved search '{words}'"]
            created.append(Alert(user_id=subscription.user_id, job_id=job.id, subscription_id=subscription.id,
                                 reasons=[reason]))
            done.add(subscription.user_id)
    session.add_all(created)
    session.flush()
    _to_inbox(session, job, created)
    return created


def _to_inbox(session: Session, job: Job, created: list[Alert]) -> None:
    """Each newly created alert (never one skipped as already sent) also reaches its person's inbox."""
    title_ko, title_en = job.title_ko, job.title_en or job.title_ko
    org_ko = job.organisation.name_ko
    org_en = job.organisation.name_en or org_ko
    for alert in created:
        notify(session, alert.user_id, JOB_ALERT,
               f"새 채용 공고 알림: {org_ko}의 '{title_ko}'이(가) 내 알림 조건과 맞습니다.",
               f"New job alert: '{title_en}' at {org_en} matches your alert.",
               f"/talent/jobs/{job.id}")


def _match_alerts(session: Session, job: Job, subscriptions: list[Subscription], done: set[int]) -> list[Alert]:
    """Score the job against the subscribers' profiles with the same matcher as "jobs for me"."""
    if not subscriptions:
        return []
    user_ids = {s.user_id for s in subscriptions}
    profiles = {p.user_id: p for p in session.scalars(select(TalentProfile).where(TalentProfile.user_id.in_(user_ids)))}
    people = [p for uid, p in sorted(profiles.items())]
    if not people:
        return []
    store = match_store.store_for(session)
    ranked = {int(m.person_id): m for m in store.people_for(service.job_card(job), service.today(), top=len(people),
                                                            people=[service.profile_card(p) for p in people])}
    alerts = []
    for subscription in subscriptions:
        profile = profiles.get(subscription.user_id)
        match = ranked.get(profile.id) if profile is not None else None
        if match is None or subscription.user_id in done or display_score(match.score) < subscription.min_score:
            continue
        reasons = [[r.ko, r.en] for r in match.reasons if r.good][:3]
        alerts.append(Alert(user_id=subscription.user_id, job_id=job.id, subscription_id=subscription.id,
                            score=round(match.score, 4), reasons=reasons))
        done.add(subscription.user_id)
    return alerts


def on_job_published(session: Session, job: Job) -> None:
    """The talent manifest's "talent.job_published" hook: alert the people the new job suits."""
    notify_for_job(session, job)


# --- the person's alerts ---------------------------------------------------------------------------------


def my_alerts(session: Session, actor: Actor | None) -> list[Alert]:
    user = require_login(actor)
    return list(session.scalars(select(Alert).where(Alert.user_id == user.id)
                                .order_by(Alert.created_at.desc(), Alert.id.desc())).unique())


def unread_count(session: Session, actor: Actor | None) -> int:
    if actor is None:
        return 0
    return len(list(session.scalars(select(Alert.id).where(Alert.user_id == actor.id, Alert.read_at.is_(None)))))


def mark_read(session: Session, actor: Actor | None) -> int:
    """Mark all of the person's alerts read (opening the alerts page does it)."""
    user = require_login(actor)
    alerts = list(session.scalars(select(Alert).where(Alert.user_id == user.id, Alert.read_at.is_(None))))
    now = utcnow()
    for alert in alerts:
        alert.read_at = now
    session.flush()
    return len(alerts)
