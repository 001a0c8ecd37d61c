"""Demo job alerts, and their inbox messages, are dated when their job was published, not when the demo
was loaded (the dashboard and the inbox would otherwise show every old job as news of today)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.accounts.models import Notification
from bitgoeul.core.time import as_utc
from bitgoeul.demo import load_all
from bitgoeul.talent.alerts import JOB_ALERT
from bitgoeul.talent.models import Alert


def test_demo_alerts_are_dated_at_their_jobs_publication(session: Session) -> None:
    loaded = datetime.now(UTC)
    load_all(session)  # the real clock: alerts only go out for jobs still open today
    session.commit()
    alerts = list(session.scalars(select(Alert)))
    assert alerts, "the demo subscriptions should match some open jobs"
    inbox = {n.url: as_utc(n.created_at) for n in session.scalars(
        select(Notification).where(Notification.kind == JOB_ALERT))}
    for alert in alerts:
        published = as_utc(alert.job.published_at)  # type: ignore[arg-type]
        sent = as_utc(alert.created_at)
        assert published <= sent <= min(published + timedelta(minutes=10), loaded + timedelta(minutes=5))
        assert inbox[f"/talent/jobs/{alert.job_id}"] == sent
    assert any(as_utc(a.created_at) < loaded - timedelta(days=7) for a in alerts)  # not all "today"
