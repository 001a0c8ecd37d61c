"""Talent indicators for the dashboard: jobs posted, applications made, profiles created. Draft jobs and
profiles their owners keep hidden are not counted."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.core.indicators import Indicator, Values, counts, define
from bitgoeul.core.months import Months
from bitgoeul.talent.codes import JobStatus
from bitgoeul.talent.models import Application, Job, TalentProfile

C = "talent"


def jobs_posted(session: Session, months: Months) -> Values:
    return counts(session.scalars(select(Job.published_at).where(
        Job.status != JobStatus.draft, Job.published_at >= months.start, Job.published_at < months.end)), months)


def applications(session: Session, months: Months) -> Values:
    return counts(session.scalars(select(Application.applied_at).join(Job, Application.job_id == Job.id).where(
        Job.status != JobStatus.draft, Application.applied_at >= months.start,
        Application.applied_at < months.end)), months)


def profiles(session: Session, months: Months) -> Values:
    return counts(session.scalars(select(TalentProfile.created_at).where(
        TalentProfile.visible.is_(True), TalentProfile.created_at >= months.start,
        TalentProfile.created_at < months.end)), months)


def indicators() -> list[Indicator]:
    return [
        define(C, "jobs_posted", jobs_posted, "count", 20, ("게시된 채용 공고", "Jobs posted"),
               ("그 달에 공개된 채용 공고 수 (작성 중인 공고 제외)", "Jobs published in the month (drafts left out)")),
        define(C, "applications", applications, "count", 21, ("지원", "Applications"),
               ("그 달에 접수된 지원 수", "Applications made in the month")),
        define(C, "profiles", profiles, "count", 22, ("새 인재 프로필", "New profiles"),
               ("그 달에 만들어진 공개 프로필 수 (본인이 숨긴 프로필 제외)",
                "Profiles created in the month (profiles their owners hide are left out)")),
    ]
