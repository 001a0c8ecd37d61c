"""Demo people and jobs: AI Academy cohort 4/5 graduates, team-lead candidates, web/app and team-lead jobs at the
demo's Gwangju AI firms, applications in every state (some hired) and a few alert subscriptions.

Fictional throughout. Firms come from the database (kind ai_firm, loaded before this). Every date is an offset
from the demo's "now" (`bitgoeul.demo_time.demo_now`): profiles join over about 18 months, more lately; a job
is posted before anyone applies to it; filled jobs closed by their deadline, the others are still open.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bitgoeul.accounts.models import Notification, User
from bitgoeul.core.auth import hash_password
from bitgoeul.demo_time import days_ago_growing, demo_now, spread, timeline, working_hours
from bitgoeul.organisations.models import Organisation, OrganisationKind
from bitgoeul.talent.alerts import JOB_ALERT, notify_for_job
from bitgoeul.talent.models import Application, ApplicationEvent, Job, Subscription, TalentProfile

DEMO_PASSWORD = "bitgoeul-demo"  # noqa: S105 - the shared demo password, documented in the README

# (key, title_ko, title_en, description_ko, seniority, must, nice, work_mode, salary_min, salary_max, days open)
JOBS: tuple[tuple[Any, ...], ...] = (
    ("web-frontend", "웹 프론트엔드 개발자", "Web front-end developer",
     "시민과 고객이 쓰는 웹 화면을 React로 만듭니다. AI사관학교 수료생을 환영합니다.", "junior",
     ["React", "JavaScript"], ["TypeScript", "Figma"], "onsite", 3200, 3800, 30),
    ("backend-python", "백엔드 개발자 (Python)", "Backend developer (Python)",
     "FastAPI로 AI 모델을 서비스하는 API 서버를 개발합니다.", "junior",
     ["Python", "FastAPI", "SQL"], ["Docker"], "onsite", 3300, 4000, 25),
    ("android-app", "안드로이드 앱 개발자", "Android app developer",
     "현장 작업자를 위한 안드로이드 앱을 코틀린으로 개발합니다.", "junior",
     ["Kotlin", "Android"], ["Flutter"], "onsite", 3100, 3700, 40),
    ("data-lead", "데이터 엔지니어링 팀장", "Data engineering team lead",
     "서울에서 광주로 본사를 옮긴 뒤 꾸리는 데이터 플랫폼 팀을 이끌 팀장을 찾습니다.", "lead",
     ["Python", "SQL", "Data engineering", "Team leadership"], ["Spark", "AWS"], "hybrid", 7000, 9000, 45),
    ("ai-lead", "AI 연구개발 팀장", "AI R&D team lead",
     "영상 기반 AI 연구개발 조직을 이끌며 딥러닝 모델 개발을 총괄합니다.", "lead",
     ["Python", "PyTorch", "Deep learning", "Team leadership"], ["Computer vision", "MLOps"], "onsite", 7500, 9500, 50),
    ("vision-engineer", "컴퓨터 비전 엔지니어", "Computer vision engineer",
     "축사와 공장의 영상으로 이상을 찾는 비전 모델을 개발합니다.", "mid",
     ["Python", "PyTorch", "Computer vision"], ["Docker"], "onsite", 4500, 5500, 35),
    ("web-lead", "웹 개발 팀장", "Web development team lead",
     "웹 개발팀을 이끌며 서비스의 프론트엔드 구조를 책임집니다.", "lead",
     ["JavaScript", "React", "Team leadership"], ["Node.js", "AWS"], "onsite", 6500, 8000, 40),
    ("flutter-remote", "플러터 앱 개발자 (원격)", "Flutter app developer (remote)",
     "전국 고객을 위한 크로스플랫폼 앱을 원격으로 개발합니다.", "mid",
     ["Flutter"], ["Kotlin", "Swift"], "remote", 4500, 5500, 30),
    ("mlops", "MLOps 엔지니어", "MLOps engineer",
     "AI 모델 학습과 배포 파이프라인을 쿠버네티스 위에서 운영합니다.", "senior",
     ["Python", "Docker", "Kubernetes", "MLOps"], ["AWS"], "hybrid", 6000, 7500, 30),
    ("nlp", "자연어 처리 엔지니어", "NLP engineer",
     "민원 상담용 언어 모델 서비스를 개발합니다. 영어 문서 작업이 있습니다.", "mid",
     ["Python", "NLP", "LLM"], ["PyTorch"], "hybrid", 5000, 6000, 30),
    ("data-analyst", "데이터 분석가", "Data analyst",
     "현장 데이터를 분석해 고객 보고서와 대시보드를 만듭니다.", "junior",
     ["Python", "SQL", "Data analysis"], ["Machine learning"], "onsite", 3300, 3900, 20),
    ("ios-app", "iOS 앱 개발자", "iOS app developer",
     "헬스케어 iOS 앱을 Swift로 개발합니다.", "mid", ["Swift", "iOS"], ["Flutter"], "onsite", 4200, 5000, 30),
    # Openings the demo's people cannot fill yet (the skills-gap view's widest gaps: cloud, data platforms, LLMs,
    # TypeScript, team leads).
    ("platform-lead", "플랫폼 개발 팀장", "Platform team lead",
     "쿠버네티스 위에서 도는 AI 서비스 플랫폼 팀을 이끕니다.", "lead",
     ["Kubernetes", "AWS", "Team leadership"], ["MLOps"], "hybrid", 7500, 9000, 40),
    ("data-engineer", "데이터 엔지니어", "Data engineer",
     "공장과 농장의 센서 데이터를 모으는 파이프라인을 스파크로 만듭니다.", "mid",
     ["Python", "Data engineering", "Spark"], ["AWS"], "onsite", 4800, 5800, 35),
    ("llm-engineer", "LLM 서비스 엔지니어", "LLM service engineer",
     "지역 기업을 위한 문서 검색·요약 서비스를 대규모 언어 모델로 만듭니다.", "mid",
     ["Python", "LLM"], ["Kubernetes", "NLP"], "hybrid", 5200, 6500, 30),
    ("frontend-ts", "프론트엔드 개발자 (TypeScript)", "Front-end developer (TypeScript)",
     "관제 대시보드 화면을 타입스크립트와 리액트로 개발합니다.", "junior",
     ["TypeScript", "React"], ["Figma"], "onsite", 3400, 4000, 30),
    ("cloud-engineer", "클라우드 엔지니어", "Cloud engineer",
     "GPU 학습 환경과 서비스 인프라를 AWS와 쿠버네티스로 운영합니다.", "mid",
     ["AWS", "Kubernetes", "Docker"], ["Linux"], "onsite", 5000, 6200, 35),
    ("qa-lead", "품질 관리 팀장", "Quality assurance team lead",
     "AI 제품의 시험과 출시 절차를 책임지는 팀을 이끕니다.", "lead",
     ["Team leadership", "Project management"], ["Python"], "onsite", 6500, 7800, 40),
    ("data-pipeline", "데이터 파이프라인 개발자", "Data pipeline developer",
     "의료 영상과 기록 데이터를 정리해 학습용으로 내보내는 파이프라인을 만듭니다.", "junior",
     ["SQL", "Data engineering"], ["Spark", "AWS"], "onsite", 3500, 4200, 30),
    ("ts-fullstack", "풀스택 개발자 (TypeScript)", "Full-stack developer (TypeScript)",
     "예약·결제 서비스를 타입스크립트와 Node.js로 처음부터 끝까지 만듭니다.", "mid",
     ["TypeScript", "Node.js"], ["AWS"], "hybrid", 4500, 5500, 30),
)

# (key, name, headline, desired, skills, years, seniority, programme, cohort, home, wishes, mode, salary, languages)
PEOPLE: tuple[tuple[Any, ...], ...] = (
    ("grad01", "한지우", "AI사관학교 4기 수료, 프론트엔드 개발자", "웹 프론트엔드 개발",
     ["JavaScript", "React", "TypeScript"], 1, "junior", "ai_academy", "AI사관학교 4기", "광주 북구", ["광주"],
     "any", 3400),
    ("grad02", "오하린", "대전에서 일하는 AI사관학교 4기 수료생", "웹/앱 개발, 광주로 돌아가고 싶음",
     ["JavaScript", "React", "Node.js", "SQL"], 2, "junior", "ai_academy", "AI사관학교 4기", "대전 유성구",
     ["광주", "대전"], "any", 3800),
    ("grad03", "문서준", "AI사관학교 4기 수료, 파이썬 백엔드", "백엔드 개발",
     ["Python", "FastAPI", "SQL", "Docker"], 1, "junior", "ai_academy", "AI사관학교 4기", "광주 남구", ["광주"],
     "any", 3500),
    ("grad04", "윤채원", "AI사관학교 4기 수료, 컴퓨터 비전", "컴퓨터 비전 AI 엔지니어",
     ["Python", "PyTorch", "Deep learning", "Computer vision"], 1, "junior", "ai_academy", "AI사관학교 4기",
     "광주 광산구", ["광주"], "any", 3700),
    ("grad05", "장민호", "AI사관학교 5기 교육생, 안드로이드", "안드로이드 앱 개발",
     ["Kotlin", "Android", "Java"], 0, "junior", "ai_academy", "AI사관학교 5기", "광주 서구", ["광주"], "any", 3200),
    ("grad06", "임소율", "AI사관학교 5기 교육생, 데이터 분석", "데이터 분석",
     ["Python", "SQL", "Data analysis", "Machine learning"], 0, "junior", "ai_academy", "AI사관학교 5기",
     "광주 동구", ["광주", "전남"], "onsite", 3200),
    ("grad07", "배도현", "AI사관학교 5기 교육생, 풀스택", "웹 서비스 개발",
     ["JavaScript", "React", "Python"], 0, "junior", "ai_academy", "AI사관학교 5기", "전남 나주시", ["광주", "전남"],
     "any", 3300),
    ("lead01", "서지훈", "데이터 플랫폼 12년차", "데이터 플랫폼 팀장, 광주 이전 기업도 좋음",
     ["Python", "SQL", "Data engineering", "Spark", "AWS", "Team leadership"], 12, "lead", "none", "", "서울 마포구",
     ["서울", "광주"], "hybrid", 8000),
    ("lead02", "강유나", "AI 연구 리더", "AI 연구팀 리드",
     ["Python", "PyTorch", "Deep learning", "Computer vision", "Team leadership"], 10, "lead", "none", "", "광주 동구",
     ["광주"], "any", 8500),
    ("lead03", "정태윤", "시니어 웹 개발자, 팀장 지망", "웹 개발 팀장",
     ["JavaScript", "React", "TypeScript", "Node.js", "Team leadership"], 9, "senior", "none", "", "광주 서구",
     ["광주"], "onsite", 7000),
    ("mid01", "최하은", "원격 모바일 개발자", "원격 근무 모바일 앱 개발",
     ["Flutter", "Kotlin", "Swift"], 4, "mid", "none", "", "전남 여수시", [], "remote", 5000),
    ("mid02", "노은성", "MLOps 엔지니어", "MLOps 플랫폼 구축",
     ["Python", "Docker", "Kubernetes", "MLOps", "AWS"], 5, "mid", "none", "", "광주 서구", ["광주"], "hybrid", 6500),
    ("mid03", "권나래", "LLM 서비스 개발자", "LLM 서비스 개발",
     ["Python", "NLP", "LLM", "PyTorch"], 3, "mid", "ai_academy", "AI사관학교 2기", "광주 북구", ["광주"], "any", 5500),
    ("mid04", "홍승우", "iOS 개발자", "iOS 앱 개발",
     ["Swift", "iOS", "Flutter"], 3, "mid", "none", "", "광주 북구", ["광주"], "onsite", 4600),
)

# (person key, job key, final state, days since applying, days to the final state)
APPLICATIONS: tuple[tuple[str, str, str, int, int], ...] = (
    ("grad01", "web-frontend", "hired", 250, 21),
    ("grad03", "backend-python", "hired", 170, 28),
    ("grad04", "vision-engineer", "hired", 110, 35),
    ("lead01", "data-lead", "hired", 300, 42),
    ("grad02", "web-frontend", "declined", 243, 10),
    ("grad05", "android-app", "interviewing", 12, 5),
    ("grad06", "data-analyst", "offer", 15, 9),
    ("lead02", "ai-lead", "applied", 3, 0),
    ("mid03", "nlp", "withdrawn", 65, 6),
)
PATHS = {"applied": ["applied"], "interviewing": ["applied", "interviewing"],
         "offer": ["applied", "interviewing", "offer"], "hired": ["applied", "interviewing", "offer", "hired"],
         "declined": ["applied", "interviewing", "declined"], "withdrawn": ["applied", "withdrawn"]}


def _firms(session: Session) -> list[Organisation]:
    """Gwangju AI firms first (the jobs the article's graduate never heard of), then the rest, by id."""
    firms = list(session.scalars(select(Organisation).where(Organisation.kind == OrganisationKind.ai_firm)
                                 .order_by(Organisation.id)))
    moved = [f for f in firms if f.hq_moved_from]
    local = [f for f in firms if f.region.startswith("광주") and not f.hq_moved_from]
    return moved + local + [f for f in firms if f not in moved and f not in local]


def _joined(now: datetime) -> dict[str, datetime]:
    """When each person made a profile: spread over the history, but weeks before their first application."""
    when = timeline("talent-profiles")
    joined = dict(zip((row[0] for row in PEOPLE), spread(when, len(PEOPLE), now, newest=5), strict=True))
    for person, _job, _state, ago, _took in APPLICATIONS:
        latest = working_hours(when, now - timedelta(days=ago + when.randint(5, 40)))
        joined[person] = min(joined[person], latest)
    return joined


def _posted(now: datetime) -> dict[str, tuple[datetime, datetime]]:
    """(published, deadline) of each job: jobs people applied to were posted days before the first application;
    a filled job closed at its deadline, after its last application; the others still take applications."""
    when = timeline("talent-jobs")
    applied: dict[str, list[int]] = {}
    hired = {job for _p, job, state, _a, _t in APPLICATIONS if state == "hired"}
    for _person, job, _state, ago, _took in APPLICATIONS:
        applied.setdefault(job, []).append(ago)
    posted: dict[str, tuple[datetime, datetime]] = {}
    for key, *_rest, days in JOBS:
        if key in applied:
            published = working_hours(when, now - timedelta(days=max(applied[key]) + when.randint(3, 15)))
        else:
            published = working_hours(when, now - timedelta(days=days_ago_growing(when, 240, 1)))
        deadline = published + timedelta(days=days)
        if key in hired:
            deadline = max(deadline, now - timedelta(days=min(applied[key]) - 3))
        else:
            deadline = max(deadline, now + timedelta(days=when.randint(5, 30)))
        posted[key] = (published, deadline)
    return posted


def load_demo(session: Session, now: datetime | None = None) -> None:
    firms = _firms(session)
    if not firms:
        return
    now = now or demo_now()
    joined = _joined(now)
    password_hash = hash_password(DEMO_PASSWORD)
    profiles: dict[str, TalentProfile] = {}
    for key, name, headline, desired, skills, years, seniority, programme, cohort, home, wishes, mode, salary in PEOPLE:
        user = User(email=f"{key}@example.com", display_name=name, role="person", password_hash=password_hash,
                    created_at=joined[key], updated_at=joined[key])
        profiles[key] = TalentProfile(created_at=joined[key], updated_at=joined[key],
            key=f"talent-{key}", user=user, headline=headline, desired_roles=desired, skills=skills,
            years_experience=years, seniority=seniority, programme=programme, cohort=cohort, home_region=home,
            wish_regions=wishes, work_mode=mode, salary_wish=salary,
            languages=["ko", "en"] if key == "mid03" else ["ko"])
    session.add_all(profiles.values())
    session.flush()
    for key in ("grad01", "grad02", "grad05", "lead01"):
        since = joined[key] + timedelta(days=2)
        session.add(Subscription(user_id=profiles[key].user_id, kind="match", min_score=50, created_at=since,
                                 updated_at=since))
    since = joined["lead03"] + timedelta(days=1)
    session.add(Subscription(user_id=profiles["lead03"].user_id, kind="search", query="팀장", seniority="lead",
                             created_at=since, updated_at=since))
    session.flush()
    jobs: dict[str, Job] = {}
    # The data-lead job goes to a firm that moved its HQ from Seoul; the rest spread over Gwangju firms.
    order = ["data-lead"] + [row[0] for row in JOBS if row[0] != "data-lead"]
    rows = {row[0]: row for row in JOBS}
    posted = _posted(now)
    for index, key in enumerate(order):
        _, title_ko, title_en, description, seniority, must, nice, mode, low, high, _days = rows[key]
        published, deadline = posted[key]
        firm = firms[index % len(firms)]
        job = Job(key=f"job-{key}", organisation_id=firm.id, title_ko=title_ko, title_en=title_en,
                  description_ko=description, seniority=seniority, skills_must=must, skills_nice=nice,
                  languages=["ko", "en"] if key == "nlp" else ["ko"], region=firm.region or "광주 북구",
                  work_mode=mode, salary_min=low, salary_max=high, deadline=deadline.date(),
                  status="published", published_at=published, created_at=published, updated_at=published)
        jobs[key] = job
        session.add(job)
    session.flush()
    for job in jobs.values():
        # Alerts (and their inbox messages) go out when the job is published, not when the demo is loaded.
        sent = min(job.published_at + timedelta(minutes=10), now) if job.published_at else now
        for alert in notify_for_job(session, job):
            alert.created_at = sent
        session.execute(update(Notification).where(Notification.kind == JOB_ALERT,
                                                   Notification.url == f"/talent/jobs/{job.id}")
                        .values(created_at=sent))
    for person, job_key, state, ago, took in APPLICATIONS:
        applied = min(working_hours(timeline(f"talent-{person}-{job_key}"), now - timedelta(days=ago)),
                      now - timedelta(hours=1))
        application = Application(job=jobs[job_key], profile=profiles[person], state=state, applied_at=applied,
                                  state_changed_at=applied + timedelta(days=took), created_at=applied,
                                  updated_at=applied + timedelta(days=took),
                                  hired_at=applied + timedelta(days=took) if state == "hired" else None)
        path = PATHS[state]
        for step, (source, target) in enumerate(zip([None, *path[:-1]], path, strict=True)):
            at = applied + timedelta(days=took * step / max(len(path) - 1, 1))
            side = "person" if target in {"applied", "withdrawn"} else "firm"
            application.events.append(ApplicationEvent(from_state=source, to_state=target, actor_side=side, at=at))
        session.add(application)
    session.flush()
