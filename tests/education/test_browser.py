"""Learning that leads to local work, in headless Chromium, in Korean and in English: a graduate sees a course
suggested for a skill one of their best-matching local jobs asks for, with the reason, and asks to be told
about it; a provider (a member of the AI Academy) publishes a course teaching that skill; the graduate finds it
in their inbox and opens it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

PASSWORD = "bitgoeul-demo"  # the published password of the demo accounts
PROVIDER = "provider1@example.org"  # a member of the AI Academy in the demo data


@dataclass(frozen=True)
class Walk:
    lang: str
    locale: str
    graduate: str
    title_ko: str
    title_en: str
    reason_word: str  # what the reason says of the job's skill
    alert_on: str
    inbox_word: str


KOREAN = Walk("ko", "ko-KR", "grad01@example.com", "현장 실무 집중 과정 (가을)", "Hands-on intensive (autumn)",
              "공고가", "알림 받는 중", "새 교육 과정 알림")
ENGLISH = Walk("en", "en-GB", "grad02@example.com", "실무 집중 과정 (겨울)", "Hands-on intensive (winter)",
               "which your profile does not list", "Alert on", "New course alert")


def submit(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def log_in(browser: Any, base: str, email: str, walk: Walk) -> Any:
    context = browser.new_context(locale=walk.locale)
    page = context.new_page()
    page.goto(f"{base}/login?lang={walk.lang}")
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    submit(page, "form[action='/login'] button[type=submit]")
    return page


@pytest.mark.browser
@pytest.mark.parametrize("walk", [KOREAN, ENGLISH], ids=["ko", "en"])
def test_suggested_course_subscribe_and_told_when_one_opens(browser: Any, live_server: str, walk: Walk) -> None:
    graduate = log_in(browser, live_server, walk.graduate, walk)
    graduate.goto(f"{live_server}/talent/me?lang={walk.lang}")
    assert graduate.locator("html").get_attribute("lang") == walk.lang
    offers = graduate.locator("#learning .suggestion:has(button.subscribe)")
    assert offers.count() > 0, "a graduate with a profile gets suggestions they can subscribe to"
    first = offers.first
    skill = first.get_attribute("data-skill") or ""
    reason = first.locator(".reason").inner_text()
    assert walk.reason_word in reason
    job_link = first.locator(".reason [data-user-content]").nth(1).inner_text()
    assert job_link, "the reason names the job that asks for the skill"
    submit(graduate, f"#learning .suggestion[data-skill='{skill}'] button.subscribe")
    assert graduate.url.split("?")[0].endswith("/talent/me")
    assert graduate.locator("#flash").count() == 1
    assert walk.alert_on in graduate.locator(f"#learning .suggestion[data-skill='{skill}']").inner_text()

    provider = log_in(browser, live_server, PROVIDER, walk)
    provider.goto(f"{live_server}/education/courses?lang={walk.lang}")
    submit(provider, "#publish-course")
    start = date.today() + timedelta(days=70)
    provider.fill("#f-title_ko", walk.title_ko)
    provider.fill("#f-title_en", walk.title_en)
    provider.fill("#f-skills", f"{skill}, Git")
    provider.fill("#f-starts_at", f"{start.isoformat()}T09:00")
    provider.fill("#f-ends_at", f"{(start + timedelta(days=20)).isoformat()}T18:00")
    provider.fill("#f-venue_name", "광주인공지능사관학교 교육장")
    submit(provider, "#save-course")
    assert "/education/courses/" in provider.url
    assert provider.locator("#flash").count() == 1
    assert (walk.title_en if walk.lang == "en" else walk.title_ko) in provider.locator("h1").inner_text()
    assert provider.locator("html").get_attribute("lang") == walk.lang
    course_path = provider.url.split(live_server, 1)[1].split("?")[0]

    graduate.goto(f"{live_server}/notifications?lang={walk.lang}")
    told = graduate.locator(f"a[href='{course_path}']")
    assert told.count() == 1, "the graduate is told once about the course"
    assert walk.inbox_word in graduate.locator("main").inner_text()
    with graduate.expect_navigation():
        told.first.click()
    assert graduate.url.split("?")[0].endswith(course_path)
    assert walk.alert_on in graduate.locator("#skills").inner_text()
    graduate.context.close()
    provider.context.close()
