"""Education indicators for the dashboard: courses started each month, and the share of them teaching a skill
that a job published by then asked for (is the city teaching what its employers want?). Only published
courses and jobs count."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.core.indicators import Indicator, Values, counts, define
from bitgoeul.core.months import Months, month_of
from bitgoeul.education.codes import CourseStatus
from bitgoeul.education.models import Course, CourseSkill
from bitgoeul.talent.public import Job, canonical_skills

C = "education"


def courses_started(session: Session, months: Months) -> Values:
    return counts(session.scalars(select(Course.starts_at).where(
        Course.status == CourseStatus.published, Course.starts_at >= months.start, Course.starts_at < months.end)),
        months)


def job_skill_share(session: Session, months: Months) -> Values:
    """Per month, of the courses starting in it, the share (%) teaching a skill some job published before the
    month ended asked for; a month without courses has no value."""
    starts: dict[int, str] = {}
    taught: dict[int, set[str]] = {}
    for course_id, starts_at, skill in session.execute(
            select(Course.id, Course.starts_at, CourseSkill.skill).join(CourseSkill).where(
                Course.status == CourseStatus.published, Course.starts_at >= months.start,
                Course.starts_at < months.end)):
        starts[course_id] = month_of(starts_at)
        taught.setdefault(course_id, set()).add(skill)
    asked: list[tuple[str, set[str]]] = [
        (month_of(published), set(canonical_skills([*must, *nice])))
        for published, must, nice in session.execute(select(Job.published_at, Job.skills_must, Job.skills_nice)
                                                     .where(Job.status != "draft", Job.published_at.is_not(None)))
        if published is not None]
    values: Values = {}
    for label in months.labels:
        here = [course for course, month in starts.items() if month == label]
        if not here:
            values[label] = None
            continue
        wanted = set().union(*(skills for month, skills in asked if month <= label))
        hits = sum(1 for course in here if taught[course] & wanted)
        values[label] = round(100 * hits / len(here), 1)
    return values


def indicators() -> list[Indicator]:
    return [
        define(C, "courses_started", courses_started, "count", 25,
               ("시작한 교육 과정", "Courses started"),
               ("그 달에 시작한 공개 교육 과정 수", "Published courses that started in the month")),
        define(C, "courses_for_job_skills", job_skill_share, "percent", 26,
               ("채용 기술을 가르치는 과정 비율", "Courses teaching skills jobs ask for"),
               ("그 달에 시작한 과정 가운데 그때까지 공개된 채용 공고가 요구한 기술을 하나 이상 가르치는 비율",
                "Of the courses starting in the month, the share teaching a skill some job published by then "
                "asked for")),
    ]
