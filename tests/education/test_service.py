"""Courses: who may publish (institutions' members and operators, never firms), drafts kept from the public,
the skill filter in talent's vocabulary, suggestions with their reason, course alerts told once through the
inbox (queued for mail), and the two command-line contracts."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from bitgoeul.accounts.models import Notification
from bitgoeul.cli import app
from bitgoeul.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from bitgoeul.core.forms import validate
from bitgoeul.education import alerts, service
from bitgoeul.education.schemas import CourseIn, SubscribeIn
from bitgoeul.education.suggest import courses_for_job, suggestions_for
from tests import factories
from tests.talent import talent_factories


def course_in(**values: Any) -> CourseIn:
    start = datetime.now(UTC) + timedelta(days=30)
    data: dict[str, Any] = {"title_ko": "리액트 실무", "title_en": "React at work", "skills": "리액트, TypeScript",
                            "starts_at": start.isoformat(), "ends_at": (start + timedelta(days=20)).isoformat()}
    data.update(values)
    return validate(CourseIn, data)


def test_only_institutions_publish_and_drafts_stay_private(session: Session) -> None:
    school = factories.organisation(session, kind="university")
    firm = factories.organisation(session, kind="ai_firm")
    teacher, hirer, person = factories.member(session, school), factories.member(session, firm), factories.user(session)
    with pytest.raises(PermissionDenied):
        service.create_course(session, hirer, course_in())
    with pytest.raises(PermissionDenied):
        service.create_course(session, person, course_in())
    with pytest.raises(PermissionDenied):  # an operator names a firm: still not an institution
        service.create_course(session, factories.operator(session), course_in(provider_id=firm.id))
    draft = service.create_course(session, teacher, course_in(status="draft"))
    published = service.create_course(session, teacher, course_in(title_ko="타입스크립트 입문"))
    assert published.provider_id == school.id and published.published_at is not None
    assert [row.skill for row in published.taught] == ["react", "typescript"]
    with pytest.raises(NotFound):
        service.view_course(session, person, draft.id)
    assert service.view_course(session, teacher, draft.id) is draft
    with pytest.raises(PermissionDenied):
        service.update_course(session, hirer, published.id, course_in())
    public = service.list_courses(session, None, skill="React")  # "React" finds "리액트"
    assert [c.id for c in public.items] == [published.id]
    mine = service.list_courses(session, teacher, status=None)
    assert {c.id for c in mine.items} == {draft.id, published.id}
    assert {c.id for c in service.list_courses(session, hirer, status=None).items} == {published.id}


def test_course_input_is_checked_beside_its_fields(session: Session) -> None:
    with pytest.raises(ValidationFailed) as refused:
        course_in(skills=" , ", ends_at=(datetime.now(UTC) - timedelta(days=400)).isoformat())
    assert "skills" in refused.value.fields
    with pytest.raises(ValidationFailed):
        course_in(kind="academy")  # a cohort needs its name


def test_suggestion_reason_subscription_and_one_alert(session: Session) -> None:
    school = factories.organisation(session, kind="university")
    firm = factories.organisation(session, kind="ai_firm")
    teacher, hirer = factories.member(session, school), factories.member(session, firm)
    graduate = factories.user(session)
    profile = talent_factories.profile(session, graduate, skills=["React", "JavaScript"])
    job = talent_factories.job(session, hirer, skills_must=["React", "JavaScript", "팀 리딩"], skills_nice=["Docker"])
    course = service.create_course(session, teacher, course_in(skills="Team leadership"))
    session.commit()

    found = {s.key: s for s in suggestions_for(session, profile)}
    assert set(found) == {"team leadership", "docker"}, "the job's skills the profile lacks, nothing else"
    lead = found["team leadership"]
    assert lead.required and lead.job.id == job.id and lead.course is not None and lead.course.id == course.id
    assert found["docker"].course is None and not found["docker"].required
    assert [(skill, c.id) for skill, c in courses_for_job(session, profile, job)] == [("팀 리딩", course.id)]

    alerts.subscribe(session, graduate, SubscribeIn(skill="도커"))
    session.commit()
    with pytest.raises(Conflict):
        alerts.subscribe(session, graduate, SubscribeIn(skill="Docker"))  # the same skill, spelt otherwise
    session.rollback()
    before = session.scalars(select(Notification).where(Notification.user_id == graduate.id)).all()
    docker = service.create_course(session, teacher, course_in(skills="Docker, Kubernetes", status="draft"))
    assert len(session.scalars(select(Notification).where(Notification.user_id == graduate.id)).all()) == len(before)
    service.set_status(session, teacher, docker.id, "published")
    service.set_status(session, teacher, docker.id, "cancelled")
    service.set_status(session, teacher, docker.id, "published")  # published again: told once, not twice
    told = session.scalars(select(Notification).where(Notification.user_id == graduate.id,
                                                     Notification.kind == alerts.COURSE_ALERT)).all()
    assert [n.url for n in told] == [f"/education/courses/{docker.id}"]
    assert told[0].email and "docker" in told[0].text_en.lower()


@pytest.fixture
def cli_env(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("BITGOEUL_DATABASE_URL", db_url)
    monkeypatch.setenv("BITGOEUL_ENV", "development")
    return db_url


def test_command_line_contracts(cli_env: str, session: Session) -> None:
    school = factories.organisation(session, kind="support_agency")
    teacher = factories.member(session, school)
    firm_member = factories.member(session, factories.organisation(session))
    python = service.create_course(session, teacher, course_in(title_ko="파이썬 기초", skills="Python, SQL"))
    service.create_course(session, teacher, course_in(title_ko="피그마", skills="Figma"))
    service.create_course(session, teacher, course_in(title_ko="초안", skills="Python", status="draft"))
    talent_factories.job(session, firm_member, skills_must=["Python", "Spark"], skills_nice=[])
    session.commit()
    runner = CliRunner()
    listed = runner.invoke(app, ["--lang", "ko", "education", "courses", "--skill", "파이썬", "--json"])
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.stdout)
    assert data["total"] == 1 and len(data["items"]) == 1
    item = data["items"][0]
    assert set(item) == {"id", "title", "provider", "starts", "skills"}
    assert (item["id"], item["title"], item["skills"]) == (python.id, "파이썬 기초", ["python", "sql"])
    assert datetime.fromisoformat(item["starts"]) == python.starts_at

    gap = runner.invoke(app, ["talent", "skills-gap", "--months", "3", "--json"])
    assert gap.exit_code == 0, gap.output
    skills = json.loads(gap.stdout)["skills"]
    assert all(set(row) == {"skill", "open_jobs", "people", "courses"} for row in skills)
    by_skill = {row["skill"]: row for row in skills}
    assert by_skill["spark"] == {"skill": "spark", "open_jobs": 1, "people": 0, "courses": 0}
    assert by_skill["python"]["courses"] == 1 and by_skill["figma"]["open_jobs"] == 0
    gaps = [row["open_jobs"] - row["people"] for row in skills]
    assert gaps == sorted(gaps, reverse=True)
    assert runner.invoke(app, ["talent", "skills-gap", "--months", "0"]).exit_code == 2


def test_courses_in_site_search_drafts_left_out(session: Session) -> None:
    from bitgoeul.matching import memory, worker
    from bitgoeul.matching import service as search
    from bitgoeul.matching.models import SearchDocument
    from tests.matching.test_service import bag_embed, bag_vector

    worker.configure("immediate", embedder=bag_embed, query_embedder=bag_vector)
    memory.forget()
    try:
        teacher = factories.member(session, factories.organisation(session, kind="university"))
        shown = service.create_course(session, teacher, course_in(title_ko="데이터 과학 입문", skills="Python"))
        hidden = service.create_course(session, teacher, course_in(title_ko="데이터 과학 심화", skills="Python",
                                                                   status="draft"))
        session.commit()
        indexed = set(session.scalars(select(SearchDocument.record_id).where(SearchDocument.kind == "course")))
        assert indexed == {str(shown.id)}
        found = search.search(session, "파이썬", kinds=["course"], mode="lexical").results
        assert [str(hit.id) for hit in found] == [str(shown.id)]
        service.set_status(session, teacher, hidden.id, "published")
        session.commit()
        indexed = set(session.scalars(select(SearchDocument.record_id).where(SearchDocument.kind == "course")))
        assert indexed == {str(shown.id), str(hidden.id)}
    finally:
        worker.configure(None)
        memory.forget()
