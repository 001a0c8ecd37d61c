"""The talent journey in headless Chromium, in Korean and in English: a graduate subscribes to "jobs that match
me", a Gwangju firm posts a matching job, the graduate sees the alert, opens the job, sees why it fits and applies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

PASSWORD = "bitgoeul-demo"  # the published password of the demo accounts
FIRM_MEMBER = "supplier3@example.org"  # a member of a Gwangju AI firm in the demo data


@dataclass(frozen=True)
class Journey:
    lang: str
    locale: str
    graduate: str
    job: dict[str, str]
    subscribed: str
    fit_heading: str
    applied: str


KOREAN = Journey(
    lang="ko", locale="ko-KR", graduate="grad07@example.com",
    job={"title_ko": "주니어 웹 서비스 개발자", "title_en": "Junior web service developer",
         "description_ko": "광주 시민이 쓰는 웹 서비스를 React로 개발합니다. AI사관학교 수료생 환영.",
         "skills_must": "React, JavaScript", "skills_nice": "Python", "region": "광주 동구",
         "salary_min": "3200", "salary_max": "3900"},
    subscribed="구독했습니다", fit_heading="나와의 적합도", applied="지원했습니다")
ENGLISH = Journey(
    lang="en", locale="en-GB", graduate="grad06@example.com",
    job={"title_ko": "주니어 데이터 분석가", "title_en": "Junior data analyst",
         "description_ko": "현장 데이터를 분석해 보고서를 만듭니다.",
         "description_en": "Analyse field data and write reports for clients.",
         "skills_must": "Python, SQL", "skills_nice": "Data analysis", "region": "광주 동구",
         "salary_min": "3100", "salary_max": "3600"},
    subscribed="Subscribed", fit_heading="How well it fits you", applied="You have applied")


def submit(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def log_in(browser: Any, base: str, email: str, journey: Journey) -> Any:
    context = browser.new_context(locale=journey.locale)
    page = context.new_page()
    page.goto(f"{base}/login?lang={journey.lang}")
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    submit(page, "form[action='/login'] button[type=submit]")
    return page


@pytest.mark.browser
@pytest.mark.parametrize("journey", [KOREAN, ENGLISH], ids=["ko", "en"])
def test_graduate_subscribes_firm_posts_graduate_applies(live_server: str, browser: Any, journey: Journey) -> None:
    graduate = log_in(browser, live_server, journey.graduate, journey)
    graduate.goto(f"{live_server}/talent/subscriptions?lang={journey.lang}")
    graduate.select_option("#f-kind", "match")
    graduate.fill("#f-min_score", "50")
    submit(graduate, "#subscribe-button")
    assert journey.subscribed in graduate.locator("#subscribed").inner_text()

    firm = log_in(browser, live_server, FIRM_MEMBER, journey)
    firm.goto(f"{live_server}/talent/jobs/new?lang={journey.lang}")
    for name, value in journey.job.items():
        firm.fill(f"#f-{name}", value)
    firm.select_option("#f-seniority", "junior")
    firm.select_option("#f-work_mode", "onsite")
    firm.select_option("#f-status", "published")
    firm.fill("#f-deadline", (date.today() + timedelta(days=20)).isoformat())
    submit(firm, "form.narrow button[type=submit]")
    assert "/talent/jobs/" in firm.url
    title = journey.job["title_en"] if journey.lang == "en" else journey.job["title_ko"]
    assert title in firm.locator("h1").inner_text()

    graduate.goto(f"{live_server}/talent/me?lang={journey.lang}")
    assert graduate.locator("#unread").is_visible()
    graduate.goto(f"{live_server}/talent/alerts?lang={journey.lang}")
    alert = graduate.locator("#alerts li", has_text=title).first
    assert alert.is_visible()
    with graduate.expect_navigation():
        alert.locator("a").first.click()
    assert journey.fit_heading in graduate.locator("#fit h2").inner_text()
    assert graduate.locator("#fit li.good").count() >= 2
    submit(graduate, "#apply-button")
    assert journey.applied in graduate.locator("#applied").inner_text()
    graduate.context.close()
    firm.context.close()
