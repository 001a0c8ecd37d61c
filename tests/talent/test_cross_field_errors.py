"""Cross-field rules of the talent forms stand beside the field they are about, in the page's language, and a
refused form saves nothing: salary order (job), cohort (profile), a saved search with nothing to search."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bitgoeul.core.i18n import translate
from bitgoeul.talent.models import Job, Subscription, TalentProfile
from tests import factories as f
from tests.factories import csrf_of, login
from tests.form_fields import beside, on_whole_form


def rows(session: Session, model: Any) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def refused_beside(response: Any, field: str, key: str, lang: str) -> None:
    assert response.status_code == 422
    assert beside(response.text, field) == translate(key, lang)
    assert on_whole_form(response.text) == translate("form.check_fields", lang)  # the top only points down


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_salary_maximum_below_minimum_beside_the_maximum(client: TestClient, session: Session, lang: str) -> None:
    member = f.member(session, f.organisation(session))
    session.commit()
    login(client, member.email)
    token = csrf_of(client, "/talent/jobs/new")
    before = rows(session, Job)
    refused = client.post(f"/talent/jobs/new?lang={lang}", data={
        "csrf_token": token, "title_ko": "데이터 엔지니어",
        "description_ko": "데이터 플랫폼을 함께 만들 사람을 찾습니다.", "region": "광주 북구",
        "salary_min": "5000", "salary_max": "3000"})
    refused_beside(refused, "salary_max", "talent.schemas.salary_maximum_below_minimum", lang)
    assert beside(refused.text, "salary_min") is None
    assert 'value="3000"' in refused.text  # what was typed stays
    assert rows(session, Job) == before


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_programme_without_cohort_beside_the_cohort(client: TestClient, session: Session, lang: str) -> None:
    person = f.user(session)
    session.commit()
    login(client, person.email)
    token = csrf_of(client, "/talent/profile")
    refused = client.post(f"/talent/profile?lang={lang}", data={
        "csrf_token": token, "headline": "웹 개발자", "programme": "ai_academy", "cohort": ""})
    refused_beside(refused, "cohort", "talent.schemas.give_cohort_for_programme_e", lang)
    assert rows(session, TalentProfile) == 0


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_saved_search_with_nothing_to_search_beside_the_words(client: TestClient, session: Session,
                                                              lang: str) -> None:
    person = f.user(session)
    session.commit()
    login(client, person.email)
    token = csrf_of(client, "/talent/subscriptions")
    refused = client.post(f"/talent/subscriptions?lang={lang}", data={"csrf_token": token, "kind": "search",
                                                                      "query": ""})
    refused_beside(refused, "query", "talent.schemas.give_at_least_one_word", lang)
    assert rows(session, Subscription) == 0


def test_the_api_names_the_field_too(client: TestClient, session: Session) -> None:
    member = f.member(session, f.organisation(session))
    session.commit()
    login(client, member.email)
    token = csrf_of(client, "/talent/jobs/new")
    refused = client.post("/api/v1/talent/jobs?lang=en", headers={"x-csrf-token": token}, json={
        "title_ko": "데이터 엔지니어", "description_ko": "데이터 플랫폼을 함께 만들 사람을 찾습니다.",
        "region": "광주 북구", "salary_min": 5000, "salary_max": 3000})
    assert refused.status_code == 422, refused.text
    fields = refused.json()["error"]["fields"]
    assert fields == {"salary_max": translate("talent.schemas.salary_maximum_below_minimum", "en")}


@pytest.mark.parametrize(("lang", "label"), [("ko", "최소 적합도 (0~100)"), ("en", "Minimum fit (0-100)")])
def test_subscription_minimum_is_on_the_0_to_100_scale(client: TestClient, session: Session, lang: str,
                                                       label: str) -> None:
    person = f.user(session)
    session.commit()
    login(client, person.email)
    page = client.get(f"/talent/subscriptions?lang={lang}")
    assert label in page.text and 'name="min_score" type="number" value="50"' in page.text
    token = csrf_of(client, "/talent/subscriptions")
    refused = client.post(f"/talent/subscriptions?lang={lang}", data={"csrf_token": token, "kind": "match",
                                                                      "min_score": "150"})
    assert refused.status_code == 422
    assert beside(refused.text, "min_score") == translate("field.less_than_equal", lang, le=100)
    assert rows(session, Subscription) == 0
    saved = client.post("/talent/subscriptions", data={"csrf_token": token, "kind": "search", "query": "데이터",
                                                       "min_score": "70"},
                        follow_redirects=False)
    assert saved.status_code == 303
    session.expire_all()
    assert session.scalars(select(Subscription.min_score)).all() == [70]


def test_the_api_takes_0_to_100_and_still_reads_old_fractions(client: TestClient, session: Session) -> None:
    person = f.user(session)
    session.commit()
    login(client, person.email)
    headers = {"X-CSRF-Token": csrf_of(client, "/talent/subscriptions")}
    new = client.post("/api/v1/talent/subscriptions", headers=headers,
                      json={"kind": "search", "query": "AI", "min_score": 70})
    old = client.post("/api/v1/talent/subscriptions", headers=headers,
                      json={"kind": "search", "query": "데이터", "min_score": 0.35})
    assert (new.status_code, old.status_code) == (201, 201)
    assert (new.json()["min_score"], old.json()["min_score"]) == (70, 35)
    too_high = client.post("/api/v1/talent/subscriptions", headers=headers, json={"kind": "match", "min_score": 101})
    assert too_high.status_code == 422 and "min_score" in too_high.json()["error"]["fields"]
