"""The skills-gap figures equal a plain-Python count over the records (SQLite and PostgreSQL): open jobs per
skill (published, deadline not passed; musts and pluses), visible profiles per skill, published courses starting
from now to the window's end, by month on the city's clock. Drafts, closed and past jobs, hidden profiles,
draft or cancelled courses and courses outside the window are made on purpose and must not count."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from bitgoeul.education.gap import skills_gap
from bitgoeul.education.models import Course, CourseSkill
from bitgoeul.talent.models import Job, TalentProfile
from tests import factories

# Spellings people type, and the skill each means, written out here by hand (not read from talent/skills.py).
SPELLINGS = {"Python": "python", "파이썬": "python", "python3": "python", "SQL": "sql", "React": "react",
             "리액트": "react", "Docker": "docker", "도커": "docker", "Figma": "figma",
             "Team leadership": "team leadership", "팀 리딩": "team leadership", "Kotlin": "kotlin",
             "Spark": "spark", "COBOL": "cobol"}
WINDOW = 6


def kst(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None) + timedelta(hours=9)


def window_months(today: date) -> list[str]:
    months, year, month = [], today.year, today.month
    for _ in range(WINDOW):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def test_skills_gap_equals_a_hand_count(session: Session) -> None:
    rng = random.Random(16)
    now = datetime.now(UTC)
    today = kst(now).date()
    months = window_months(today)
    names = list(SPELLINGS)
    firm = factories.organisation(session)
    school = factories.organisation(session, kind="university")
    jobs: list[tuple[str, date | None, list[str]]] = []
    for n in range(40):
        status = rng.choice(["published", "published", "published", "draft", "closed"])
        deadline = rng.choice([None, today + timedelta(days=rng.randint(0, 60)),
                               today - timedelta(days=rng.randint(1, 60))])
        must, nice = rng.sample(names, rng.randint(1, 3)), rng.sample(names, rng.randint(0, 2))
        session.add(Job(organisation_id=firm.id, title_ko=f"공고 {n}", status=status, deadline=deadline,
                        skills_must=must, skills_nice=nice, published_at=now - timedelta(days=3)))
        jobs.append((status, deadline, must + nice))
    profiles: list[tuple[bool, list[str]]] = []
    for _ in range(30):
        visible, skills = rng.random() < 0.7, rng.sample(names, rng.randint(1, 4))
        session.add(TalentProfile(user_id=factories.user(session).id, headline="개발자", visible=visible,
                                  skills=skills))
        profiles.append((visible, skills))
    courses: list[tuple[str, datetime, list[str]]] = []
    for n in range(40):
        status = rng.choice(["published", "published", "published", "draft", "cancelled"])
        starts = now + timedelta(days=rng.randint(-60, 260), hours=rng.randint(0, 23))
        skills = rng.sample(names, rng.randint(1, 3))
        keys = list(dict.fromkeys(SPELLINGS[s] for s in skills))
        session.add(Course(provider_id=school.id, title_ko=f"과정 {n}", status=status, starts_at=starts,
                           ends_at=starts + timedelta(days=30), skills=skills,
                           taught=[CourseSkill(skill=k, position=i) for i, k in enumerate(keys)]))
        courses.append((status, starts, skills))
    session.commit()

    open_jobs = Counter(skill for status, deadline, skills in jobs
                        if status == "published" and (deadline is None or deadline >= today)
                        for skill in {SPELLINGS[s] for s in skills})
    people = Counter(skill for visible, skills in profiles if visible for skill in {SPELLINGS[s] for s in skills})
    coming = [(kst(starts).strftime("%Y-%m"), {SPELLINGS[s] for s in skills}) for status, starts, skills in courses
              if status == "published" and starts >= now and kst(starts).strftime("%Y-%m") in months]
    taught = Counter(skill for _, skills in coming for skill in skills)
    by_month = {skill: [sum(1 for month, skills in coming if month == m and skill in skills) for m in months]
                for skill in set(SPELLINGS.values())}
    expected = {skill: (open_jobs[skill], people[skill], taught[skill], by_month[skill])
                for skill in set(open_jobs) | set(people) | set(taught)}

    figures = skills_gap(session, WINDOW)
    assert list(figures.months) == months
    got = {g.skill: (g.open_jobs, g.people, g.courses, list(g.by_month)) for g in figures.skills}
    assert got == expected
    gaps = [g.open_jobs - g.people for g in figures.skills]
    assert gaps == sorted(gaps, reverse=True), "widest gap first"
    # The records really hold what must be left out, so the equality above proves the exclusions.
    assert any(status == "draft" for status, _, _ in jobs) and any(not visible for visible, _ in profiles)
    assert any(d is not None and d < today for s, d, _ in jobs if s == "published")
    assert any(s == "published" and starts < now for s, starts, _ in courses)
    assert any(s == "published" and kst(starts).strftime("%Y-%m") not in months and starts > now
               for s, starts, _ in courses)
    assert any(s in {"draft", "cancelled"} for s, _, _ in courses)
    assert sum(taught.values()) > 0 and sum(open_jobs.values()) > 0
