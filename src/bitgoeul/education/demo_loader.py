"""Demo courses: 36 courses from five institutions over the demo's 18 months and the six to come (AI Academy
cohorts 4 to 7, university courses, short courses at the start-up center and the data center), their skills
overlapping the demo's jobs and profiles so the skills-gap view has shape: some skills jobs ask for are well
taught, some (team leadership, Spark, iOS) not at all in the coming months.

Fictional throughout. The AI Academy is added as an organisation if the directory lacks it; each provider gets
one demo member account (`provider1@example.org` ... `provider5@example.org`, the shared demo password) so a
provider can publish. Dates are offsets from the demo's "now" (`bitgoeul.demo_time.demo_now`).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bitgoeul.accounts.models import Notification, User
from bitgoeul.core.auth import hash_password
from bitgoeul.core.time import from_local, to_local
from bitgoeul.demo_time import demo_now, timeline, working_hours
from bitgoeul.education.alerts import COURSE_ALERT, notify_for_course
from bitgoeul.education.models import Course, CourseSkill, CourseSubscription
from bitgoeul.organisations.models import Organisation, OrganisationKind
from bitgoeul.talent.public import canonical_skill, canonical_skills

DEMO_PASSWORD = "bitgoeul-demo"  # noqa: S105 - the shared demo password, documented in the README

ACADEMY = {"key": "gj-ai-academy", "name_ko": "광주인공지능사관학교", "name_en": "Gwangju AI Academy",
           "kind": OrganisationKind.public_institution, "region": "광주 북구", "size": "small",
           "description_ko": "AI 개발자를 길러 내는 시의 교육 기관입니다. 기수마다 여섯 달 동안 가르칩니다.",
           "description_en": "The city's school for AI developers; each cohort studies for six months."}

# provider key -> (venue name, address, lat, lon, demo member's name)
PROVIDERS: dict[str, tuple[str, str, float, float, str]] = {
    "gj-ai-academy": ("광주인공지능사관학교 교육장", "광주광역시 북구 첨단과기로 (가상 주소)", 35.2262, 126.8440,
                      "조은비"),
    "bitgoeul-university": ("빛고을대학교 AI융합관", "광주광역시 북구 (가상 주소)", 35.1760, 126.9120, "백승현"),
    "namdo-tech-university": ("남도과학기술대학교 공학관", "전라남도 나주시 (가상 주소)", 35.0160, 126.7108, "엄지현"),
    "gj-ai-startup-center": ("광주AI창업지원센터 세미나실", "광주광역시 북구 (가상 주소)", 35.2275, 126.8465,
                             "류태오"),
    "gj-ai-datacenter-ops": ("광주AI데이터센터 교육실", "광주광역시 북구 첨단 (가상 주소)", 35.2298, 126.8489,
                             "신도윤"),
}

# (provider, kind, title_ko, title_en, skills, level, weeks, cost in won, language)
COURSES: tuple[tuple[Any, ...], ...] = (
    ("bitgoeul-university", "university", "파이썬 데이터 분석", "Data analysis in Python",
     ["Python", "Data analysis", "SQL"], "intro", 15, 0, "ko"),
    ("bitgoeul-university", "university", "딥러닝과 컴퓨터 비전", "Deep learning and computer vision",
     ["Deep learning", "Computer vision", "PyTorch"], "advanced", 15, 0, "ko"),
    ("bitgoeul-university", "university", "자연어 처리와 대규모 언어 모델", "NLP and large language models",
     ["NLP", "LLM", "Python"], "advanced", 15, 0, "en"),
    ("bitgoeul-university", "short", "데이터베이스와 SQL 실무", "Databases and SQL at work",
     ["SQL", "Data engineering"], "intermediate", 4, 150000, "ko"),
    ("namdo-tech-university", "university", "머신러닝 기초", "Machine learning basics",
     ["Machine learning", "Python"], "intro", 15, 0, "ko"),
    ("namdo-tech-university", "short", "임베디드 AI와 사물인터넷", "Embedded AI and the IoT",
     ["Embedded", "IoT", "C++"], "intermediate", 6, 200000, "ko"),
    ("namdo-tech-university", "short", "스파크로 만드는 데이터 파이프라인", "Data pipelines with Spark",
     ["Data engineering", "Spark", "Python"], "advanced", 5, 250000, "ko"),
    ("gj-ai-startup-center", "short", "리액트와 타입스크립트로 웹 서비스 만들기",
     "Web services with React and TypeScript",
     ["React", "TypeScript", "JavaScript"], "intermediate", 6, 120000, "ko"),
    ("gj-ai-startup-center", "short", "피그마로 하는 서비스 디자인", "Service design in Figma",
     ["Figma", "UI/UX"], "intro", 2, 50000, "ko"),
    ("gj-ai-startup-center", "short", "Node.js 백엔드 입문", "Node.js back ends for beginners",
     ["Node.js", "JavaScript"], "intro", 3, 80000, "ko"),
    ("gj-ai-startup-center", "short", "플러터 크로스플랫폼 앱", "Cross-platform apps in Flutter",
     ["Flutter"], "intermediate", 4, 100000, "ko"),
    ("gj-ai-startup-center", "short", "처음 맡는 개발팀 리딩", "Leading a development team for the first time",
     ["Team leadership", "Project management"], "intermediate", 2, 150000, "ko"),
    ("gj-ai-datacenter-ops", "short", "GPU 클러스터에서 모델 학습하기", "Training models on the GPU cluster",
     ["PyTorch", "Linux", "Docker"], "intermediate", 1, 0, "ko"),
    ("gj-ai-datacenter-ops", "short", "쿠버네티스로 하는 MLOps", "MLOps on Kubernetes",
     ["MLOps", "Kubernetes", "Docker"], "advanced", 3, 0, "ko"),
    ("gj-ai-datacenter-ops", "short", "클라우드 인프라 기초 (AWS)", "Cloud infrastructure basics (AWS)",
     ["AWS", "Linux"], "intro", 2, 0, "en"),
    ("gj-ai-datacenter-ops", "short", "FastAPI로 모델 서빙하기", "Serving models with FastAPI",
     ["FastAPI", "Python", "Docker"], "intermediate", 1, 0, "ko"),
)

# The AI Academy's cohorts: (number, start days from now, skills of the track)
COHORTS: tuple[tuple[int, int, list[str]], ...] = (
    (4, -520, ["Python", "JavaScript", "React", "SQL"]),
    (5, -330, ["Python", "Machine learning", "Kotlin", "Android"]),
    (6, -140, ["Python", "Deep learning", "Computer vision", "FastAPI"]),
    (7, 75, ["Python", "LLM", "NLP", "TypeScript", "MLOps"]),
)

# When each of the 16 courses above runs (days from now; each runs twice, a season apart, some three times).
RUNS: tuple[tuple[int, ...], ...] = (
    (-480, -300, 40), (-420, -60), (-390, -30, 110), (-250, 20),
    (-500, -320, 60), (-360, 130), (-200, 160), (-450, -170, 25),
    (-260, 10), (-230, 50), (-400, 150), (-300,),
    (-470, -120, 5), (-280, 35), (-180, 90), (-90, 15),
)


def _providers(session: Session, now: datetime) -> dict[str, Organisation]:
    found = {o.key: o for o in session.scalars(select(Organisation).where(Organisation.key.in_(list(PROVIDERS))))
             if o.key}
    if "gj-ai-academy" not in found:
        joined = now - timedelta(days=600)  # dated from the demo's clock, so the same "now" gives the same rows
        academy = Organisation(**ACADEMY, created_at=joined, updated_at=joined)
        session.add(academy)
        session.flush()
        found["gj-ai-academy"] = academy
    return found


def _members(session: Session, providers: dict[str, Organisation], now: datetime) -> dict[str, User]:
    password_hash = hash_password(DEMO_PASSWORD)
    members: dict[str, User] = {}
    for number, (key, (*_venue, name)) in enumerate(PROVIDERS.items(), start=1):
        if key not in providers:
            continue
        joined = now - timedelta(days=560 - number)
        members[key] = User(email=f"provider{number}@example.org", display_name=name, role="member",
                            organisation_id=providers[key].id, password_hash=password_hash, created_at=joined,
                            updated_at=joined)
    session.add_all(members.values())
    session.flush()
    return members


def _course(now: datetime, provider: Organisation, member: User | None, key: str, start: datetime, weeks: int,
            values: dict[str, Any]) -> Course:
    venue, address, lat, lon, _name = PROVIDERS[provider.key or ""]
    # Announced five weeks or more before the start, and never after the demo's present.
    published = min(start - timedelta(days=35 + weeks), now - timedelta(days=1 + len(key) % 9))
    course = Course(key=key, provider_id=provider.id, **values)
    course.starts_at = start
    course.ends_at = start + timedelta(days=7 * weeks - 3, hours=8)
    course.apply_by = (start - timedelta(days=7)).date()
    course.venue_name, course.venue_address, course.lat, course.lon = venue, address, lat, lon
    course.status = "published"
    course.published_at = published
    course.created_at = course.updated_at = published
    course.created_by_id = member.id if member else None
    course.taught = [CourseSkill(skill=skill, position=n) for n, skill in enumerate(canonical_skills(course.skills))]
    return course


def load_demo(session: Session, now: datetime | None = None) -> None:
    now = now or demo_now()
    providers = _providers(session, now)
    if not providers:
        return
    members = _members(session, providers, now)
    when = timeline("education-courses")
    courses: list[Course] = []
    for index, ((provider_key, kind, title_ko, title_en, skills, level, weeks, cost, language), runs) in enumerate(
            zip(COURSES, RUNS, strict=True)):
        provider = providers.get(provider_key)
        if provider is None:
            continue
        for run, days in enumerate(runs, start=1):
            start = working_hours(when, now + timedelta(days=days)).replace(minute=0)
            key = f"course-{index + 1:02d}-{run}"
            courses.append(_course(now, provider, members.get(provider_key), key, start, weeks, {
                "kind": kind, "title_ko": title_ko, "title_en": title_en, "skills": skills, "level": level,
                "cost": cost, "language": language,
                "summary_ko": f"{provider.name_ko}이(가) 여는 과정입니다. {', '.join(skills)}을(를) 실습으로 배웁니다.",
                "summary_en": f"A course run by {provider.name_en or provider.name_ko}: "
                              f"{', '.join(skills)}, learnt hands-on.",
                "how_to_apply_ko": "운영 기관 누리집의 신청서를 신청 마감일까지 보내세요.",
                "how_to_apply_en": "Send the application form on the provider's website by the closing date."}))
    academy = providers["gj-ai-academy"]
    for number, days, skills in COHORTS:
        start = from_local(datetime.combine(to_local(now + timedelta(days=days)).date(), time(9)))
        courses.append(_course(now, academy, members.get("gj-ai-academy"), f"academy-cohort-{number}", start, 24, {
            "kind": "academy", "cohort": f"AI사관학교 {number}기",
            "title_ko": f"광주인공지능사관학교 {number}기", "title_en": f"Gwangju AI Academy, cohort {number}",
            "skills": skills, "level": "intro", "cost": 0, "language": "ko",
            "summary_ko": "여섯 달 동안 매일 AI 개발을 배우고 지역 기업의 과제로 프로젝트를 합니다.",
            "summary_en": "Six months of daily AI development, with projects set by local firms.",
            "curriculum_ko": f"1~2개월: {skills[0]} 기초와 협업 도구. 3~4개월: {', '.join(skills[1:])}. "
                             "5~6개월: 지역 기업 과제 프로젝트와 채용 연계 발표회.",
            "curriculum_en": f"Months 1-2: {skills[0]} basics and tools for working together. Months 3-4: "
                             f"{', '.join(skills[1:])}. Months 5-6: a project set by a local firm and a hiring "
                             "showcase.",
            "eligibility_ko": "만 34세 이하, 광주·전남에 살거나 수료 뒤 광주에서 일하려는 사람. 전공은 묻지 않습니다.",
            "eligibility_en": "Aged 34 or under, living in Gwangju or Jeonnam or meaning to work in Gwangju "
                              "afterwards; any field of study.",
            "how_to_apply_ko": "시작 5주 전까지 온라인 지원서와 코딩 기초 평가를 제출합니다. 면접 뒤 선발합니다.",
            "how_to_apply_en": "Send the online application and a basic coding test five weeks before the start; "
                               "an interview follows."}))
    session.add_all(courses)
    session.flush()
    _alerts(session, courses, now)


# (demo person, skill they asked to hear about, days ago they asked)
SUBSCRIPTIONS = (("grad05", "Flutter", 90), ("mid02", "Kubernetes", 120), ("grad01", "Figma", 60))


def _alerts(session: Session, courses: list[Course], now: datetime) -> None:
    """A few people asked to hear about courses for a skill; each course teaching it published after they
    asked (and not yet ended) told them then: the alert and its inbox message are dated at its publication."""
    emails = {f"{person}@example.com": (skill, days) for person, skill, days in SUBSCRIPTIONS}
    people = {u.email: u for u in session.scalars(select(User).where(User.email.in_(list(emails))))}
    asked: dict[int, datetime] = {}
    for email, (skill, days) in emails.items():
        if email in people:
            since = now - timedelta(days=days)
            session.add(CourseSubscription(user_id=people[email].id, skill=canonical_skill(skill), created_at=since,
                                           updated_at=since))
            asked[people[email].id] = since
    session.flush()
    for course in sorted(courses, key=lambda c: (c.published_at or now, c.id)):
        published = course.published_at or now
        if course.ends_at < now:
            continue
        for alert in notify_for_course(session, course):
            if asked.get(alert.user_id, now) > published:  # they asked after it was published: not told
                session.delete(alert)
                session.execute(delete(Notification).where(Notification.user_id == alert.user_id,
                                                           Notification.kind == COURSE_ALERT,
                                                           Notification.url == f"/education/courses/{course.id}"))
                continue
            alert.created_at = published + timedelta(minutes=10)
        session.flush()
        session.execute(update(Notification).where(Notification.kind == COURSE_ALERT,
                                                   Notification.url == f"/education/courses/{course.id}")
                        .values(created_at=published + timedelta(minutes=10)))
