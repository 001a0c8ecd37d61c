"""Talent pages and API through HTTP: Korean and English, CSRF, errors beside fields, refusals, exports."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bitgoeul.core.forms import validate
from bitgoeul.talent import alerts
from bitgoeul.talent.models import Alert as AlertRow
from bitgoeul.talent.models import Application, Job
from bitgoeul.talent.schemas import SubscriptionIn
from tests import factories as f
from tests.factories import csrf_of, login
from tests.talent import talent_factories as tf


@dataclass
class World:
    member: Any
    graduate: Any
    job: Job
    late: Job


@pytest.fixture
def world(session: Session) -> World:
    firm = f.organisation(session, name_ko="빛고을데이터", name_en="Bitgoeul Data")
    member, graduate = f.member(session, firm), f.user(session)
    tf.profile(session, graduate)
    alerts.subscribe(session, graduate, validate(SubscriptionIn, {"kind": "match"}))
    job = tf.job(session, member)
    late = tf.job(session, member, title_ko="마감된 공고", deadline=(date.today() - timedelta(days=2)).isoformat())
    session.commit()
    return World(member, graduate, job, late)


def count(session: Session, model: Any) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize(("lang", "words"), [("ko", ["채용 공고", "팀장급만", "경력 수준"]),
                                             ("en", ["Jobs", "Team lead only", "Seniority"])])
def test_job_list_in_both_languages_with_filters_and_exports(client: TestClient, world: World, lang: str,
                                                             words: list[str]) -> None:
    page = client.get(f"/talent/jobs?lang={lang}")
    assert page.status_code == 200 and all(w in page.text for w in words)
    assert "웹 프론트엔드 개발자" in page.text or "Web front-end developer" in page.text
    assert client.get("/talent/jobs?team_lead=true").text.count("/talent/jobs/") <= 1
    rows = json.loads(client.get("/talent/jobs?format=json").text)
    assert {r["id"] for r in rows} == {world.job.id, world.late.id}
    exported = client.get("/talent/jobs?format=csv")
    assert exported.text.startswith("\ufeffid,") and "text/csv" in exported.headers["content-type"]


def test_person_sees_jobs_for_me_with_reasons_and_alerts(client: TestClient, world: World) -> None:
    login(client, world.graduate.email)
    me = client.get("/talent/me")
    assert "나에게 맞는 공고" in me.text and "필수 기술" in me.text and f"/talent/jobs/{world.job.id}" in me.text
    english = client.get("/talent/me?lang=en")
    assert "Jobs for me" in english.text and "must-have skills" in english.text
    page = client.get("/talent/alerts?lang=ko")
    assert "웹 프론트엔드 개발자" in page.text and "새 알림" in page.text
    assert "새 알림" not in client.get("/talent/alerts?lang=ko").text  # opening the page marks them read


def test_apply_needs_csrf_refuses_duplicates_and_past_deadlines(client: TestClient, world: World,
                                                               session: Session) -> None:
    login(client, world.graduate.email)
    assert client.post(f"/talent/jobs/{world.job.id}/apply", data={"message": "hi"}).status_code == 403
    assert count(session, Application) == 0
    token = csrf_of(client, f"/talent/jobs/{world.job.id}")
    done = client.post(f"/talent/jobs/{world.job.id}/apply", data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303 and count(session, Application) == 1
    again = client.post(f"/talent/jobs/{world.job.id}/apply", data={"csrf_token": token})
    assert again.status_code == 409 and "이미 이 공고에 지원했습니다" in again.text
    late = client.post(f"/talent/jobs/{world.late.id}/apply?lang=en", data={"csrf_token": token})
    assert late.status_code == 409 and "deadline" in late.text and count(session, Application) == 1


def test_job_form_shows_errors_beside_fields_and_saves_nothing(client: TestClient, world: World,
                                                              session: Session) -> None:
    login(client, world.member.email)
    before = count(session, Job)
    token = csrf_of(client, "/talent/jobs/new")
    refused = client.post("/talent/jobs/new", data={"csrf_token": token, "title_ko": "x", "description_ko": "짧음",
                                                    "region": "광주 북구", "salary_min": "5000", "salary_max": "100"})
    assert refused.status_code == 422
    assert 'id="e-title_ko"' in refused.text and 'id="e-description_ko"' in refused.text
    assert count(session, Job) == before
    made = client.post("/talent/jobs/new", data={
        "csrf_token": token, "title_ko": "데이터 엔지니어링 팀장",
        "description_ko": "데이터 플랫폼 팀을 이끌 팀장을 찾습니다.",
        "seniority": "lead", "skills_must": "Python, SQL, Team leadership", "region": "광주 남구",
        "work_mode": "hybrid", "status": "published", "languages": "ko"}, follow_redirects=False)
    assert made.status_code == 303 and count(session, Job) == before + 1
    detail = client.get(made.headers["location"] + "?lang=en")
    assert "People for this job" in detail.text and "Team Leadership" not in detail.text
    people = client.get(made.headers["location"] + "/people?lang=ko")
    assert people.status_code == 200 and "이 공고에 맞는 인재" in people.text


def test_outsiders_cannot_edit_or_see_people(client: TestClient, world: World, session: Session) -> None:
    outsider = f.member(session, f.organisation(session))
    session.commit()
    login(client, outsider.email)
    assert client.get(f"/talent/jobs/{world.job.id}/edit").status_code == 403
    assert client.get(f"/talent/jobs/{world.job.id}/people").status_code == 403


def test_profile_and_subscription_forms(client: TestClient, session: Session) -> None:
    person = f.user(session)
    session.commit()
    login(client, person.email)
    token = csrf_of(client, "/talent/profile")
    refused = client.post("/talent/profile?lang=en", data={"csrf_token": token, "headline": "웹 개발자",
                                                           "programme": "ai_academy", "cohort": ""})
    assert refused.status_code == 422 and "cohort" in refused.text.lower()
    saved = client.post("/talent/profile", data={
        "csrf_token": token, "headline": "AI사관학교 5기 교육생", "skills": "Python, SQL",
        "seniority": "junior",
        "programme": "ai_academy", "cohort": "AI사관학교 5기", "home_region": "광주 동구",
        "wish_regions": "광주, 전남",
        "work_mode": "any", "languages": "ko", "visible": "true"}, follow_redirects=False)
    assert saved.status_code == 303
    empty = client.post("/talent/subscriptions", data={"csrf_token": token, "kind": "search", "query": ""})
    assert empty.status_code == 422 and 'role="alert"' in empty.text
    ok = client.post("/talent/subscriptions", data={"csrf_token": token, "kind": "match", "min_score": "40"},
                     follow_redirects=False)
    assert ok.status_code == 303
    assert "나에게 맞는 공고" in client.get("/talent/subscriptions?lang=ko").text


def test_dashboard_page_and_api(client: TestClient, world: World, session: Session) -> None:
    page = client.get("/talent/dashboard")
    assert page.status_code == 200 and "<svg" in page.text and "AI사관학교 수료생의 지역 채용 비율" in page.text
    assert "Median days to hire" in client.get("/talent/dashboard?lang=en").text
    figures = client.get("/api/v1/talent/dashboard").json()
    assert figures["hires"] == 0 and figures["city"] == "광주"


def test_api_jobs_matches_and_applications(client: TestClient, world: World, session: Session) -> None:
    listed = client.get("/api/v1/talent/jobs").json()
    assert listed["total"] == 2 and {"items", "page", "per_page"} <= set(listed)
    assert client.get("/api/v1/talent/matches").status_code == 401
    login(client, world.graduate.email)
    token = csrf_of(client, "/talent/me")
    headers = {"X-CSRF-Token": token}
    matches = client.get("/api/v1/talent/matches").json()
    assert matches[0]["job"]["id"] == world.job.id and matches[0]["reasons"][0]["ko"]
    made = client.post(f"/api/v1/talent/jobs/{world.job.id}/applications", json={}, headers=headers)
    assert made.status_code == 201 and made.json()["state"] == "applied"
    twice = client.post(f"/api/v1/talent/jobs/{world.job.id}/applications", json={}, headers=headers)
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "conflict"
    bad = client.put("/api/v1/talent/profiles/me", json={"headline": "x"}, headers=headers)
    assert bad.status_code == 422 and "headline" in bad.json()["error"]["fields"]
    assert [a["job_id"] for a in client.get("/api/v1/talent/alerts").json()] == [world.job.id]
    assert count(session, AlertRow) == 1


def test_the_cli_dashboard_counts_hires_in_the_platforms_city(
        world: World, session: Session, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """No city is written into talent: the command's default is BITGOEUL_CITY, and --city overrides it."""
    from typer.testing import CliRunner

    from bitgoeul.talent import service
    from bitgoeul.talent.cli import app as talent_cli
    from bitgoeul.talent.schemas import MoveIn

    away = tf.job(session, world.member, region="대전 유성구")
    application = service.apply(session, world.graduate, away.id)
    for target in ("interviewing", "offer", "hired"):
        service.move_application(session, world.member, application.id, validate(MoveIn, {"target": target}))
    session.commit()
    monkeypatch.setenv("BITGOEUL_DATABASE_URL", db_url)
    runner = CliRunner()
    for city, options in (("대전", []), ("광주", ["--city", "광주"])):
        monkeypatch.setenv("BITGOEUL_CITY", "대전|Daejeon")
        result = runner.invoke(talent_cli, ["dashboard", "--json", *options])
        assert result.exit_code == 0, result.output
        figures = json.loads(result.stdout)
        assert (figures["city"], figures["hires"]) == (city, 1)
        assert figures["local_hires"] == (1 if city == "대전" else 0)


SCORE = re.compile(r'<span class="score"[^>]*>[^<0-9]*(\d+)</span>')


def test_a_match_shows_the_same_0_to_100_score_on_page_api_and_cli(
        client: TestClient, world: World, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from bitgoeul.talent.cli import app as talent_cli

    monkeypatch.setenv("BITGOEUL_DATABASE_URL", db_url)
    cli = CliRunner().invoke(talent_cli, ["matches", world.graduate.email, "--json"])
    assert cli.exit_code == 0, cli.output
    on_cli = {r["job_id"]: r["score"] for r in json.loads(cli.stdout)}
    login(client, world.graduate.email)
    on_api = {m["job"]["id"]: m["score"] for m in client.get("/api/v1/talent/matches").json()}
    job_page = client.get(f"/talent/jobs/{world.job.id}").text
    on_page = int(SCORE.findall(job_page[job_page.index('id="fit"'):])[0])
    assert on_page == on_api[world.job.id] == on_cli[world.job.id]
    assert all(isinstance(s, int) and 0 <= s <= 100 for s in [*on_api.values(), *on_cli.values()])

    cli = CliRunner().invoke(talent_cli, ["people", str(world.job.id), "--json"])
    assert cli.exit_code == 0, cli.output
    people_cli = [r["score"] for r in json.loads(cli.stdout)]
    login(client, world.member.email)
    people_api = [m["score"] for m in client.get(f"/api/v1/talent/jobs/{world.job.id}/people").json()]
    people_page = [int(s) for s in SCORE.findall(client.get(f"/talent/jobs/{world.job.id}/people").text)]
    assert people_page == people_api == people_cli and on_page in people_api  # the same pair, the same number
