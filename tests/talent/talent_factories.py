"""One-line builders of talent records for the tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bitgoeul.accounts.models import User
from bitgoeul.core.forms import validate
from bitgoeul.talent import service
from bitgoeul.talent.models import Job, TalentProfile
from bitgoeul.talent.schemas import JobIn, ProfileIn


def profile(session: Session, person: User, **values: Any) -> TalentProfile:
    data: dict[str, Any] = {
        "headline": "AI사관학교 4기 수료, 웹 개발자", "desired_roles": "웹 프론트엔드 개발",
        "skills": ["React", "JavaScript", "TypeScript"], "years_experience": 1, "seniority": "junior",
        "programme": "ai_academy", "cohort": "AI사관학교 4기", "home_region": "광주 북구", "wish_regions": ["광주"],
        "work_mode": "any", "salary_wish": 3400, "languages": ["ko"]}
    data.update(values)
    return service.save_profile(session, person, validate(ProfileIn, data))


def job(session: Session, member: User, **values: Any) -> Job:
    data: dict[str, Any] = {
        "title_ko": "웹 프론트엔드 개발자", "title_en": "Web front-end developer",
        "description_ko": "광주의 시민 서비스 웹 화면을 React로 개발합니다.", "seniority": "junior",
        "skills_must": ["React", "JavaScript"], "skills_nice": ["TypeScript"], "region": "광주 북구",
        "work_mode": "onsite", "salary_min": 3200, "salary_max": 3800,
        "deadline": (date.today() + timedelta(days=30)).isoformat(), "status": "published"}
    data.update(values)
    return service.create_job(session, member, validate(JobIn, data))
