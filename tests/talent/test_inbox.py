"""Talent job alerts reach the shared inbox: each new alert gives exactly one notification, to exactly the
alerted person, in the same transaction (a rolled-back publication leaves neither); re-evaluating a job
never sends a second one; the alerts page points to the inbox. SQLite and PostgreSQL (the `session` fixture)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.accounts import notifications
from bitgoeul.accounts.models import Notification
from bitgoeul.core.errors import PermissionDenied
from bitgoeul.core.forms import validate
from bitgoeul.talent import alerts, service
from bitgoeul.talent.models import Alert
from bitgoeul.talent.schemas import SubscriptionIn
from tests import factories as f
from tests.factories import login
from tests.talent import talent_factories as tf


def inbox_rows(session: Session) -> list[tuple[int, str, str]]:
    """Every notification in the database as (person, kind, link)."""
    return [(n.user_id, n.kind, n.url) for n in session.scalars(select(Notification).order_by(Notification.id))]


def alert_pairs(session: Session) -> list[tuple[int, int]]:
    return sorted((a.user_id, a.job_id) for a in session.scalars(select(Alert)))


def test_a_new_alert_notifies_exactly_the_alerted_person_once(session: Session) -> None:
    firm = f.organisation(session, name_ko="빛고을데이터", name_en="Bitgoeul Data")
    member = f.member(session, firm)
    graduate, unmatched, bystander = f.user(session), f.user(session), f.user(session)
    tf.profile(session, graduate)
    alerts.subscribe(session, graduate, validate(SubscriptionIn, {"kind": "match", "min_score": 50}))
    # two ways to match: still one
    alerts.subscribe(session, graduate, validate(SubscriptionIn, {"kind": "search", "query": "React"}))
    alerts.subscribe(session, unmatched, validate(SubscriptionIn, {"kind": "search", "query": "임베디드 펌웨어"}))
    assert inbox_rows(session) == []
    job = tf.job(session, member)
    assert alert_pairs(session) == [(graduate.id, job.id)]
    assert inbox_rows(session) == [(graduate.id, alerts.JOB_ALERT, f"/talent/jobs/{job.id}")]
    note = session.scalars(select(Notification)).one()
    assert "웹 프론트엔드 개발자" in note.text_ko and "빛고을데이터" in note.text_ko
    assert "Web front-end developer" in note.text_en and "Bitgoeul Data" in note.text_en
    assert [n.id for n in notifications.inbox(session, graduate).items] == [note.id]
    assert notifications.inbox(session, bystander).items == [] and notifications.unread_count(session, unmatched) == 0
    with pytest.raises(PermissionDenied):
        notifications.mark_read(session, member, [note.id])

    # Re-evaluating the same job (closed and published again, or asked again) finds the existing alert:
    # no second alert and no second notification.
    service.set_job_status(session, member, job.id, "closed")
    service.set_job_status(session, member, job.id, "published")
    assert alerts.notify_for_job(session, job) == []
    assert alert_pairs(session) == [(graduate.id, job.id)]
    assert len(inbox_rows(session)) == 1

    # A second matching job is a second alert, so a second notification, again only for the graduate.
    second = tf.job(session, member, title_ko="React 웹 개발자 (2)", title_en="React web developer (2)")
    assert inbox_rows(session) == [(graduate.id, alerts.JOB_ALERT, f"/talent/jobs/{job.id}"),
                                   (graduate.id, alerts.JOB_ALERT, f"/talent/jobs/{second.id}")]


def test_every_created_alert_has_its_notification(session: Session) -> None:
    """Several subscribers at once: the inbox holds one notification per alert row, person for person."""
    member = f.member(session, f.organisation(session))
    people = [f.user(session) for _ in range(4)]
    for person in people[:3]:
        tf.profile(session, person)
        alerts.subscribe(session, person, validate(SubscriptionIn, {"kind": "match", "min_score": 50}))
    alerts.subscribe(session, people[3], validate(SubscriptionIn, {"kind": "search", "query": "React"}))
    job = tf.job(session, member)
    created = alert_pairs(session)
    assert len(created) >= 2 and people[3].id in {u for u, _ in created} and {j for _, j in created} == {job.id}
    assert sorted((u, url) for u, _kind, url in inbox_rows(session)) == sorted(
        (u, f"/talent/jobs/{j}") for u, j in created)


def test_a_rolled_back_publication_leaves_no_alert_and_no_notification(session: Session) -> None:
    member = f.member(session, f.organisation(session))
    graduate = f.user(session)
    tf.profile(session, graduate)
    alerts.subscribe(session, graduate, validate(SubscriptionIn, {"kind": "match", "min_score": 50}))
    session.commit()
    tf.job(session, member)
    assert len(inbox_rows(session)) == 1 and len(alert_pairs(session)) == 1
    session.rollback()
    assert inbox_rows(session) == [] and alert_pairs(session) == []
    draft = tf.job(session, member, status="draft")  # a draft alerts nobody until it is published
    assert inbox_rows(session) == []
    service.set_job_status(session, member, draft.id, "published")
    assert inbox_rows(session) == [(graduate.id, alerts.JOB_ALERT, f"/talent/jobs/{draft.id}")]


def test_the_alerts_page_points_to_the_inbox(client: TestClient, session: Session) -> None:
    member = f.member(session, f.organisation(session))
    graduate = f.user(session)
    tf.profile(session, graduate)
    alerts.subscribe(session, graduate, validate(SubscriptionIn, {"kind": "match"}))
    job = tf.job(session, member)
    session.commit()
    login(client, graduate.email)
    korean = client.get("/talent/alerts?lang=ko")
    assert korean.status_code == 200 and "채용 알림" in korean.text and "알림함에도 도착" in korean.text
    pointer = next(line for line in korean.text.splitlines() if 'id="alerts-inbox"' in line)
    assert 'href="/notifications"' in pointer and f"/talent/jobs/{job.id}" in korean.text
    english = client.get("/talent/alerts?lang=en")
    pointer = next(line for line in english.text.splitlines() if 'id="alerts-inbox"' in line)
    assert "Job alerts" in english.text and 'href="/notifications?lang=en"' in pointer
    inbox = client.get("/notifications?lang=ko")
    assert inbox.status_code == 200 and f"/talent/jobs/{job.id}" in inbox.text and "새 채용 공고 알림" in inbox.text
