"""Headless Chromium over the demo, in Korean and English: each role's home shows its own next steps with
live counts; posting a need and requesting a demonstration confirm on the next page; the request and a stage
move reach the other party's inbox.

The demo's buyer5 (a museum) has the need "시각장애인 관람 접근성", whose best matches are supplier6's two
solutions; each language requests one of them, so the two runs never collide on the shared live server."""

from __future__ import annotations

import re
from typing import Any

import pytest

PASSWORD = "bitgoeul-demo"
BUYER, SUPPLIER = "buyer5@example.org", "supplier6@example.org"
NEED_TITLE = "시각장애인 관람 접근성"
TEXT = {"ko": {"posted": "수요를 등록했습니다.", "requested": "실증을 요청했습니다.",
               "moved": "실증 단계를 바꿨습니다.", "inbox_request": "새 실증 요청", "inbox_move": "검토 중"},
        "en": {"posted": "Your need is posted.", "requested": "Demonstration requested.",
               "moved": "The demonstration moved on.", "inbox_request": "New demonstration request",
               "inbox_move": "Under review"}}


def submit(page: Any, button: Any) -> None:
    with page.expect_navigation():
        (page.locator(button) if isinstance(button, str) else button).click()


def log_in(browser: Any, base: str, email: str, lang: str) -> tuple[Any, Any]:
    context = browser.new_context(locale="ko-KR" if lang == "ko" else "en-GB")
    page = context.new_page()
    page.goto(f"{base}/login?lang={lang}")
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    submit(page, "form[action='/login'] button[type=submit]")
    return context, page


def figure(page: Any, key: str) -> int:
    return int(page.inner_text(f'[data-figure="{key}"] .value'))


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_homes_confirmations_and_notifications(browser: Any, live_server: str, lang: str) -> None:
    words = TEXT[lang]
    visitor = browser.new_context()
    try:
        page = visitor.new_page()
        page.goto(f"{live_server}/?lang={lang}")
        steps = page.locator(".next-steps a.card").evaluate_all("cards => cards.map(c => c.dataset.step)")
        assert steps == ["buyer", "ai_firm", "person", "citizen", "guest", "visit", "city"]
        jobs_open = figure(page, "home.fig.jobs_open")
        page.goto(f"{live_server}/talent/jobs?lang={lang}")
        assert jobs_open > 0
    finally:
        visitor.close()

    buyer_context, buyer = log_in(browser, live_server, BUYER, lang)
    supplier_context, supplier = log_in(browser, live_server, SUPPLIER, lang)
    try:
        # The buyer's home: post a need, our needs with their best matches, our demonstrations.
        buyer.goto(f"{live_server}/?lang={lang}")
        assert buyer.locator("#post-need").is_visible()
        needs_before = figure(buyer, "home.fig.my_needs")
        demos_before = figure(buyer, "home.fig.my_demonstrations")
        submit(buyer, "#post-need")
        buyer.fill("#f-title_ko", f"관람객 동선 분석 ({lang})")
        buyer.fill("#f-problem_ko", "전시실마다 관람객이 얼마나 머무는지 알고 싶습니다. 혼잡한 시간도 알고 싶습니다.")
        buyer.select_option("#f-domain", index=1)
        submit(buyer, "form[action='/needs/new'] button[type=submit]")
        assert buyer.inner_text("#flash") == words["posted"] + (" 아래에서 맞는 솔루션을 확인하세요." if lang == "ko"
                                                                 else " The matching solutions are below.")
        buyer.goto(f"{live_server}/?lang={lang}")
        assert figure(buyer, "home.fig.my_needs") == needs_before + 1  # live
        assert buyer.locator("#flash").count() == 0  # the confirmation was shown once

        # Request a demonstration of one of supplier6's solutions for the accessibility need.
        buyer.goto(f"{live_server}/needs?q={NEED_TITLE}&lang={lang}")
        submit(buyer, buyer.locator("table a[href^='/needs/']").first)
        match = buyer.locator("li.match").nth(0 if lang == "ko" else 1)
        solution_id = match.get_attribute("id").removeprefix("match-")
        match.locator("details.request summary").click()
        buyer.fill(f"#f-kpi_name-{solution_id}", "설명 만족도")
        buyer.fill(f"#f-kpi_unit-{solution_id}", "%")
        buyer.fill(f"#f-kpi_target-{solution_id}", "80")
        submit(buyer, match.locator("form.request-form button[type=submit]"))
        assert re.search(r"/demonstrations/\d+$", buyer.url)
        demo_path = buyer.url.removeprefix(live_server)
        assert words["requested"] in buyer.inner_text("#flash")
        buyer.goto(f"{live_server}/?lang={lang}")
        assert figure(buyer, "home.fig.my_demonstrations") == demos_before + 1

        # The supplier's home counts the request, and the inbox has it, linking to the demonstration.
        supplier.goto(f"{live_server}/?lang={lang}")
        assert figure(supplier, "home.fig.requests") >= 1
        assert supplier.locator(f'#home-requests a[href="{demo_path}"]').count() == 1
        supplier.goto(f"{live_server}/notifications?lang={lang}")
        newest = supplier.locator(".notifications li").first
        assert words["inbox_request"] in newest.inner_text()
        assert newest.locator(f'a[href="{demo_path}"]').count() == 1

        # The supplier moves it to review; the buyer hears about it.
        supplier.goto(f"{live_server}{demo_path}?lang={lang}")
        submit(supplier, "form.move-under_review button")
        assert words["moved"] in supplier.inner_text("#flash")
        buyer.goto(f"{live_server}/notifications?lang={lang}")
        newest = buyer.locator(".notifications li").first
        assert words["inbox_move"] in newest.inner_text()
        assert newest.locator(f'a[href="{demo_path}"]').count() == 1
    finally:
        buyer_context.close()
        supplier_context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_operator_and_person_homes(browser: Any, live_server: str, lang: str) -> None:
    context, page = log_in(browser, live_server, "operator@example.org", lang)
    try:
        page.goto(f"{live_server}/?lang={lang}")
        queued = figure(page, "home.fig.to_review")
        assert page.locator("#home-queue tbody tr").count() == min(queued, 10)
        page.goto(f"{live_server}/review?lang={lang}")
        assert page.locator("[id^=review-]").count() == queued  # the same count as the review page
        page.goto(f"{live_server}/?lang={lang}")
        overdue = figure(page, "home.fig.overdue_actions")
        assert page.locator("#home-overdue li").count() == min(overdue, 5)
    finally:
        context.close()
    context, page = log_in(browser, live_server, "person1@example.com", lang)
    try:  # no profile yet: the next step is to write one
        page.goto(f"{live_server}/?lang={lang}")
        assert page.locator("h1").inner_text() == ("나의 홈" if lang == "ko" else "My home")
        assert page.locator("#write-profile").is_visible() and figure(page, "home.fig.jobs_fit") == 0
    finally:
        context.close()
    context, page = log_in(browser, live_server, "grad01@example.com", lang)
    try:  # a graduate with a profile: jobs that fit, the application, as the talent pages list them
        page.goto(f"{live_server}/?lang={lang}")
        fitting = figure(page, "home.fig.jobs_fit")
        assert fitting >= 1 and page.locator("#home-jobs li").count() == fitting
        assert page.locator("#write-profile").count() == 0
        applied = page.locator("#home-applications li").count()
        page.goto(f"{live_server}/talent/me?lang={lang}")
        assert applied >= 1 and page.locator("a[href^='/talent/jobs/']").count() >= applied
    finally:
        context.close()
