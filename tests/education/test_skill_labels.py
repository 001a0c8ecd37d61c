"""A common-noun skill reads in the page's language wherever a page names it, whatever spelling was stored:
the skills-gap chart and table, a course's skills, a job's skills. Proper names (Python) read the same in both.
The expected names are written here by hand, not read from the catalog."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bitgoeul.education.models import Course, CourseSkill
from bitgoeul.talent.models import Job
from tests import factories

# stored spelling -> (Korean page, English page)
NAMES = {"Team leadership": ("팀 리딩", "Team leadership"), "머신러닝": ("머신러닝", "Machine learning"),
         "Python": ("Python", "Python")}


def test_skills_read_in_the_page_language(session: Session, client: Any) -> None:
    now = datetime.now(UTC)
    firm = factories.organisation(session)
    school = factories.organisation(session, kind="university")
    job = Job(organisation_id=firm.id, title_ko="개발 팀장", title_en="Lead developer", status="published",
              skills_must=["Team leadership", "Python"], skills_nice=["머신러닝"], published_at=now - timedelta(days=1))
    starts = now + timedelta(days=10)
    course = Course(provider_id=school.id, title_ko="리더 과정", title_en="Leaders' course", status="published",
                    starts_at=starts, ends_at=starts + timedelta(days=30), skills=list(NAMES),
                    taught=[CourseSkill(skill=k, position=i)
                            for i, k in enumerate(["team leadership", "machine learning", "python"])])
    session.add_all([job, course])
    session.commit()

    pages = {"skills-gap": "/education/skills-gap", "course": f"/education/courses/{course.id}",
             "job": f"/talent/jobs/{job.id}"}
    for name, path in pages.items():
        for lang, other in (("ko", "en"), ("en", "ko")):
            page = client.get(f"{path}?lang={lang}")
            assert page.status_code == 200, (name, lang)
            for stored, (ko, en) in NAMES.items():
                shown, not_shown = (ko, en) if lang == "ko" else (en, ko)
                assert shown in page.text, (name, lang, stored)
                if shown != not_shown:
                    assert not_shown not in page.text, (name, lang, stored, other)
