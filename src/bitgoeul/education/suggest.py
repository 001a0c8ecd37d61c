"""Learning that leads to local work: for a person, the skills their best-matching open jobs ask for and their
profile lacks, each with the soonest course that teaches it and the job that asks; for a job, the courses
that teach what an applicant is missing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bitgoeul.education.models import Course
from bitgoeul.education.service import course_keys, courses_teaching
from bitgoeul.talent.public import Job, TalentProfile, canonical_skill, canonical_skills, jobs_for_profile

TOP_JOBS = 5  # the person's best-matching jobs whose skills count
MOST = 6  # suggestions shown on one page


@dataclass(frozen=True)
class Suggestion:
    """One course for one missing skill, and why: `job` asks for `skill` (`required`: a must, not a plus)."""

    skill: str  # the skill as the job spells it
    key: str  # its canonical key (what subscriptions and courses use)
    job: Job
    required: bool
    course: Course | None  # None: no coming course teaches it yet (the person may ask to be told)


def missing_skills(profile: TalentProfile | None, job: Job) -> list[tuple[str, str, bool]]:
    """(as spelled, canonical key, required) of the job's skills the profile does not list, musts first."""
    have = set(canonical_skills(profile.skills)) if profile is not None else set()
    found: dict[str, tuple[str, str, bool]] = {}
    for names, required in ((job.skills_must, True), (job.skills_nice, False)):
        for name in names:
            key = canonical_skill(name)
            if key and key not in have and key not in found:
                found[key] = (name, key, required)
    return list(found.values())


def suggestions_for(session: Session, profile: TalentProfile, most: int = MOST) -> list[Suggestion]:
    """Per missing skill (the best-matching job's musts first), the soonest open course teaching it."""
    wanted: dict[str, tuple[str, Job, bool]] = {}
    for job, _match in jobs_for_profile(session, profile, top=TOP_JOBS):
        for name, key, required in missing_skills(profile, job):
            if key not in wanted or (required and not wanted[key][2]):
                wanted[key] = (name, job, required)
    if not wanted:
        return []
    first: dict[str, Course] = {}
    for course in courses_teaching(session, list(wanted), limit=200):
        for key in course_keys(course):
            first.setdefault(key, course)
    ordered = sorted(wanted.items(), key=lambda item: (item[0] not in first, not item[1][2]))
    return [Suggestion(skill=name, key=key, job=job, required=required, course=first.get(key))
            for key, (name, job, required) in ordered[:most]]


def courses_for_job(session: Session, profile: TalentProfile | None, job: Job, most: int = 6
                    ) -> list[tuple[str, Course]]:
    """(skill as the job spells it, course) for the job's skills the applicant lacks (all its skills for
    someone without a profile), soonest course first, one course per skill."""
    missing = missing_skills(profile, job)
    names = {key: name for name, key, _required in missing}
    shown: list[tuple[str, Course]] = []
    seen: set[int] = set()
    for course in courses_teaching(session, list(names), limit=50):
        for key in course_keys(course):
            if key in names and course.id not in seen:
                shown.append((names.pop(key), course))
                seen.add(course.id)
                break
        if len(shown) >= most:
            break
    return shown


def jobs_asking(course: Course, jobs: list[Job], most: int = 10) -> list[tuple[Job, list[str]]]:
    """Of `jobs` (the open ones), those asking for a skill the course teaches, with the skills as each job
    spells them; most skills in common first."""
    taught = set(course_keys(course))
    found = []
    for job in jobs:
        shared = [name for name in dict.fromkeys([*job.skills_must, *job.skills_nice])
                  if canonical_skill(name) in taught]
        if shared:
            found.append((job, shared))
    found.sort(key=lambda item: (-len(item[1]), item[0].id))
    return found[:most]
