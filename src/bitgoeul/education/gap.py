"""The city's skills-gap view: for each skill, the open jobs asking for it, the people offering it (visible
profiles only, counted, never listed) and the courses teaching it that start in the coming months, month by
month, widest gap first.

The gap is open jobs minus people: how many openings the people on the platform could not fill even if each
took one. Ties go to the skill fewer courses teach (the one nobody is doing anything about yet), then to the
one more jobs ask for, then by name. Skills are the canonical keys jobs, profiles and courses share.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.core.time import local_midnight, local_today, now, to_local
from bitgoeul.education.codes import CourseStatus
from bitgoeul.education.models import Course, CourseSkill
from bitgoeul.talent.public import canonical_skill, canonical_skills, open_jobs, visible_profiles

MAX_MONTHS = 24


@dataclass(frozen=True)
class SkillGap:
    skill: str
    open_jobs: int
    people: int
    courses: int
    by_month: tuple[int, ...]  # courses starting in each month of the window

    @property
    def gap(self) -> int:
        return self.open_jobs - self.people


@dataclass(frozen=True)
class SkillsGap:
    months: tuple[str, ...]  # "YYYY-MM", the current month first
    skills: tuple[SkillGap, ...]
    names: dict[str, str]  # canonical key -> a spelling people use (the commonest in the records)


def month_window(months: int, at: datetime | None = None) -> tuple[tuple[str, ...], datetime]:
    """The current month and the `months - 1` after it (the city's calendar), and the instant the window ends."""
    today = local_today(at)
    labels = []
    year, month = today.year, today.month
    for _ in range(months):
        labels.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(labels), local_midnight(date(year, month, 1))


def skills_gap(session: Session, months: int = 6, at: datetime | None = None) -> SkillsGap:
    """Every skill that an open job asks for, a visible profile offers or a coming course teaches."""
    present = at or now()
    labels, end = month_window(months, present)
    spellings: dict[str, Counter[str]] = {}

    def seen(names: list[str]) -> list[str]:
        for name in names:
            if (key := canonical_skill(name)):
                spellings.setdefault(key, Counter())[name.strip()] += 1
        return canonical_skills(names)

    jobs = Counter(key for job in open_jobs(session) for key in seen([*job.skills_must, *job.skills_nice]))
    people = Counter(key for profile in visible_profiles(session) for key in seen(profile.skills))
    rows = session.execute(select(CourseSkill.skill, Course.starts_at, Course.skills).join(Course).where(
        Course.status == CourseStatus.published, Course.starts_at >= present, Course.starts_at < end))
    courses: Counter[str] = Counter()
    monthly: dict[str, Counter[str]] = {}
    for key, starts_at, typed in rows:
        seen([name for name in typed if canonical_skill(name) == key])
        courses[key] += 1
        monthly.setdefault(key, Counter())[to_local(starts_at).strftime("%Y-%m")] += 1
    keys = set(jobs) | set(people) | set(courses)
    gaps = [SkillGap(key, jobs[key], people[key], courses[key],
                     tuple(monthly.get(key, Counter())[label] for label in labels)) for key in keys]
    gaps.sort(key=lambda g: (-g.gap, g.courses, -g.open_jobs, g.skill))
    names = {key: counter.most_common(1)[0][0] for key, counter in spellings.items()}
    return SkillsGap(months=labels, skills=tuple(gaps), names=names)
