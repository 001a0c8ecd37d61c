"""Headless Chromium over the demo, in Korean and in English: a visitor opens the showcase, follows "from
Incheon Airport" to a pre-filled trip plan that ends at the data center, logs in and asks to visit; an
operator finds the request in the list, answers it, and the answer reaches the requester's inbox.

Each language uses its own demo person and group name, so the two runs never collide on the shared server."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

PASSWORD = "bitgoeul-demo"
OPERATOR = "operator@example.org"


@dataclass(frozen=True)
class Visit:
    lang: str
    locale: str
    person: str
    site: str
    airport: str
    group: str
    sent: str
    waiting: str
    accepted: str
    answered: str


KOREAN = Visit("ko", "ko-KR", "mid03@example.com", "국가AI데이터센터", "인천공항", "빛고을중학교 과학동아리",
               "방문 신청을 보냈습니다", "답변 대기", "수락", "답변을 보냈습니다")
ENGLISH = Visit("en", "en-GB", "mid04@example.com", "National AI Data Center", "Incheon Airport",
                "Osaka AI start-up delegation", "Your visit request is sent", "Waiting", "Accepted", "Answer sent")


def submit(page: Any, button: str) -> None:
    with page.expect_navigation():
        page.locator(button).click()


def log_in(page: Any, base: str, email: str) -> None:
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    submit(page, "form[action='/login'] button[type=submit]")


@pytest.mark.browser
@pytest.mark.parametrize("visit", [KOREAN, ENGLISH], ids=["ko", "en"])
def test_visitor_plans_the_trip_asks_to_visit_and_hears_the_answer(live_server: str, browser: Any,
                                                                   visit: Visit) -> None:
    visitor = browser.new_context(locale=visit.locale)
    operator = browser.new_context(locale=visit.locale)
    try:
        page = visitor.new_page()
        page.goto(f"{live_server}/?lang={visit.lang}")
        submit(page, "header a[href='/showcase']")
        section = page.locator("#site-ai-data-center")
        assert visit.site in section.locator("h2").inner_text()
        assert section.locator(".site-demonstrations li").count() >= 1  # the demo's data-center demonstrations

        submit(page, "#site-ai-data-center a.trip-link[data-origin='1']")
        assert page.input_value("#f-from") == visit.airport
        assert page.input_value("#f-to") == visit.site
        page.click("#planner button[type=submit]")
        page.wait_for_selector(".itinerary")
        assert visit.site in page.locator(".itinerary").first.inner_text()

        page.goto(f"{live_server}/showcase?lang={visit.lang}")
        submit(page, "#login-to-visit")
        log_in(page, live_server, visit.person)
        assert "/showcase" in page.url  # back where the visitor was
        page.goto(f"{live_server}/showcase?lang={visit.lang}")  # signing in takes the account's own language
        page.fill("#f-group_name", visit.group)
        page.fill("#f-group_size", "12")
        page.fill("#f-preferred_date", (date.today() + timedelta(days=21)).isoformat())
        page.fill("#f-purpose", visit.group)
        submit(page, "#visit-form button[type=submit]")
        assert visit.sent in page.inner_text("main")
        assert visit.waiting in page.inner_text("#visit-status")
        request_url = page.url

        staff = operator.new_page()
        staff.goto(f"{live_server}/login?lang={visit.lang}")
        log_in(staff, live_server, OPERATOR)
        staff.goto(f"{live_server}/showcase?lang={visit.lang}")
        submit(staff, "#visit-requests")
        staff.fill("#f-q", visit.group)
        submit(staff, "form.filters button[type=submit]")
        assert staff.locator(".visit-list tbody tr").count() == 1
        submit(staff, ".visit-list tbody tr a")
        staff.select_option("#f-status", "accepted")
        answer = f"{visit.group}: 10:00"
        staff.fill("#f-answer", answer)
        submit(staff, "#answer-form button[type=submit]")
        assert visit.answered in staff.inner_text("main")
        assert visit.accepted in staff.inner_text("#visit-status")

        page.goto(f"{live_server}/notifications")
        told = page.locator("#notifications li").first
        assert visit.site in told.inner_text()
        with page.expect_navigation():
            told.locator("a").click()
        assert page.url == request_url
        assert answer in page.inner_text("#visit-answer")
        assert visit.accepted in page.inner_text("#visit-status")
    finally:
        visitor.close()
        operator.close()
