"""The try-and-buy journey in headless Chromium, once in Korean and once in English: a buyer posts a need,
sees ranked solutions with reasons and requests a demonstration; an operator reviews, agrees and funds it;
the buyer runs it, records the KPI result and the purchase; the programme page counts the purchase."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PASSWORD = "bitgoeul-demo"  # the published password of the demo accounts
BUYER = "buyer1@example.org"
OPERATOR = "operator@example.org"


@dataclass(frozen=True)
class Journey:
    lang: str
    locale: str
    need: dict[str, str]
    kpi: tuple[str, str, str]  # name, unit, target
    measured: str
    stage_proposed: str
    stage_purchased: str
    ranked_heading: str


KOREAN = Journey(
    lang="ko", locale="ko-KR",
    need={"title_ko": "골목길 불법 주정차 단속",
          "problem_ko": "좁은 골목의 불법 주정차 때문에 소방차가 지나가지 못합니다. "
          "CCTV 영상으로 주정차 차량을 자동으로 찾아 단속하고 싶습니다.",
          "budget_min": "20000000", "budget_max": "60000000"},
    kpi=("단속 정확도", "%", "90"), measured="93.5", stage_proposed="제안", stage_purchased="구매",
    ranked_heading="추천 솔루션")
ENGLISH = Journey(
    lang="en", locale="en-GB",
    need={"title_ko": "횡단보도 보행자 안전", "title_en": "Safer pedestrian crossings",
          "problem_ko": "어르신이 횡단보도를 다 건너기 전에 신호가 바뀝니다. 보행 신호를 늘려 주는 AI가 필요합니다.",
          "problem_en": "Older people are still crossing when the lights change; we want AI to extend the "
          "pedestrian signal.", "budget_min": "10000000", "budget_max": "50000000"},
    kpi=("Crossings completed in time", "%", "95"), measured="97", stage_proposed="Proposed",
    stage_purchased="Purchased", ranked_heading="Ranked solutions")


def submit(page: Any, button: Any) -> None:
    """Click a form's button and wait for the page it leads to, so the next step never acts on the old one."""
    with page.expect_navigation():
        (page.locator(button) if isinstance(button, str) else button).click()


def log_in(page: Any, base: str, email: str, lang: str) -> None:
    page.goto(f"{base}/login?lang={lang}")
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    submit(page, "form[action='/login'] button[type=submit]")
    assert page.url.endswith("/")


def purchased_count(page: Any, base: str, lang: str) -> int:
    page.goto(f"{base}/programme?lang={lang}")
    return int(page.inner_text("#fig-purchased"))


def post_need(page: Any, base: str, journey: Journey) -> None:
    page.goto(f"{base}/needs/new?lang={journey.lang}")
    for name, value in journey.need.items():
        page.fill(f"#f-{name}", value)
    page.select_option("#f-domain", "mobility")
    page.check("input[name=site_available]")
    submit(page, "form[action='/needs/new'] button[type=submit]")
    assert re.search(r"/needs/\d+$", page.url), page.content()


def request_first_match(page: Any, journey: Journey) -> int:
    """Check the ranking shows reasons, then request a demonstration of the best match with one KPI."""
    assert page.locator("h2#ranked").count() == 1, page.content()
    assert page.inner_text("h2#ranked") == journey.ranked_heading
    first = page.locator("li.match").first
    assert first.locator(".reasons li").count() > 0
    solution_id = first.get_attribute("id").removeprefix("match-")
    first.locator("details.request summary").click()
    name, unit, target = journey.kpi
    page.fill(f"#f-kpi_name-{solution_id}", name)
    page.fill(f"#f-kpi_unit-{solution_id}", unit)
    page.fill(f"#f-kpi_target-{solution_id}", target)
    submit(page, first.locator("form.request-form button[type=submit]"))
    assert re.search(r"/demonstrations/\d+$", page.url), page.content()
    assert page.locator("#stage").count() == 1, page.content()
    assert page.inner_text("#stage") == journey.stage_proposed
    return int(page.url.rsplit("/", 1)[1])


def review_and_fund(page: Any, base: str, journey: Journey, demo_id: int) -> None:
    page.goto(f"{base}/review?lang={journey.lang}")
    row = page.locator(f"#review-{demo_id}")
    submit(page, row.locator("form.move-under_review button"))
    row = page.locator(f"#review-{demo_id}")
    row.locator("input[name=funded_amount]").fill("45000000")
    submit(page, row.locator("form.move-agreed button"))
    assert page.url.endswith("/review"), page.content()
    assert page.locator(f"#review-{demo_id}").count() == 0  # agreed: it left the queue


def run_and_buy(page: Any, base: str, journey: Journey, demo_id: int) -> None:
    page.goto(f"{base}/demonstrations/{demo_id}?lang={journey.lang}")
    assert "45,000,000" in page.inner_text("#funded")
    submit(page, "form.move-running button")
    page.fill("#measure-form input[type=number]", journey.measured)
    submit(page, "#measure-form button[type=submit]")
    submit(page, "form.move-reported button")
    page.fill("form.move-purchased input[name=purchase_amount]", "150000000")
    page.fill("form.move-purchased input[name=purchase_date]", "2025-12-01")
    submit(page, "form.move-purchased button")
    assert page.inner_text("#stage") == journey.stage_purchased, page.content()
    assert "150,000,000" in page.inner_text("#purchase")


@pytest.mark.browser
@pytest.mark.parametrize("journey", [KOREAN, ENGLISH], ids=["ko", "en"])
def test_try_and_buy_journey(live_server: str, browser: Any, tmp_path: Path, journey: Journey) -> None:
    buyer_context = browser.new_context(locale=journey.locale)
    operator_context = browser.new_context(locale=journey.locale)
    try:
        buyer = buyer_context.new_page()
        log_in(buyer, live_server, BUYER, journey.lang)
        before = purchased_count(buyer, live_server, journey.lang)
        post_need(buyer, live_server, journey)
        buyer.screenshot(path=str(tmp_path / f"ranked-{journey.lang}.png"), full_page=True)
        demo_id = request_first_match(buyer, journey)

        operator = operator_context.new_page()
        log_in(operator, live_server, OPERATOR, journey.lang)
        review_and_fund(operator, live_server, journey, demo_id)

        run_and_buy(buyer, live_server, journey, demo_id)
        buyer.screenshot(path=str(tmp_path / f"purchased-{journey.lang}.png"), full_page=True)
        assert purchased_count(buyer, live_server, journey.lang) == before + 1
        assert f'lang="{journey.lang}"' in buyer.content()
    finally:
        buyer_context.close()
        operator_context.close()
