"""The transport journey in headless Chromium, in Korean and in English: a visitor plans Incheon Airport
14:05 -> the AI data center and sees the itinerary; the meeting planner for a client landing at Incheon
and a CEO in Gwangju returns ranked places with both itineraries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

DAY = "2026-11-30"


@dataclass(frozen=True)
class Visit:
    lang: str
    locale: str
    origin: str
    destination: str
    gwangju: str
    sample: str
    client: str
    ceo: str
    side_by_side: str
    ranked: str


KOREAN = Visit("ko", "ko-KR", "인천공항 제1여객터미널", "국가AI데이터센터 (첨단)", "광주송정역", "예시 시간표",
               "고객", "대표", "나란히 비교", "가장 공평한 곳")
ENGLISH = Visit("en", "en-GB", "Incheon Airport Terminal 1", "National AI Data Center (Cheomdan)",
                "Gwangju Songjeong", "Sample timetable", "client", "CEO", "Side by side", "By fairness")


@pytest.mark.browser
@pytest.mark.parametrize("visit", [KOREAN, ENGLISH], ids=["ko", "en"])
def test_plan_and_meet(live_server: str, browser: Any, visit: Visit) -> None:
    context = browser.new_context(locale=visit.locale)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/transit?lang={visit.lang}")
        assert visit.sample in page.inner_text(".sample-notice")
        page.fill("#f-from", visit.origin)
        page.fill("#f-to", visit.destination)
        page.fill("#f-when", f"{DAY}T14:05")
        page.click("#planner button[type=submit]")
        page.wait_for_selector(".itinerary")
        first = page.locator(".itinerary").first
        text = first.inner_text()
        assert visit.destination in text and "14:" in text
        assert first.locator("svg.sketch polyline").count() >= 1
        assert page.locator(".itinerary").count() >= 2

        page.goto(f"{live_server}/transit/meet?lang={visit.lang}")
        page.fill("#f-t1_name", visit.client)
        page.fill("#f-t1", visit.origin)
        page.fill("#f-t1_at", f"{DAY}T14:05")
        page.fill("#f-t2_name", visit.ceo)
        page.fill("#f-t2", visit.gwangju)
        page.fill("#f-t2_at", f"{DAY}T09:00")
        page.click("#meet-form button[type=submit]")
        page.wait_for_selector(".scenario")
        assert visit.side_by_side in page.inner_text("#scenarios-h")
        assert page.locator(".scenario").count() == 3
        fairest = page.locator(".scenario-fairest")
        assert fairest.locator(".itinerary").count() == 2
        assert visit.client in fairest.inner_text() and visit.ceo in fairest.inner_text()
        assert visit.ranked in page.inner_text(".rankings")
        option = page.locator(".ranking-fair .meet-option").first
        option.locator("summary").click()
        assert option.locator(".itinerary").count() == 2
    finally:
        context.close()


@dataclass(frozen=True)
class Typed:
    lang: str
    locale: str
    origin: str
    destination: str
    used_from: str
    used_to: str
    ambiguous: str
    choice: str


TYPED = [
    Typed("ko", "ko-KR", "인천공항", "광주", "인천국제공항: 인천공항 제", "광주광역시: ", "여럿입니다", "용산역"),
    Typed("en", "en-GB", "Incheon Airport", "Gwangju", "Incheon International Airport: leaves from Incheon Airport",
          "Gwangju: arrives at ", "several places", "Yongsan"),
]


@pytest.mark.browser
@pytest.mark.parametrize("typed", TYPED, ids=[t.lang for t in TYPED])
def test_airport_to_city_as_people_type_it(live_server: str, browser: Any, typed: Typed) -> None:
    """The headline question, typed as a visitor would: a plan that says which stops it uses, arriving 2 to
    6.5 hours later; words naming unrelated places ask "which one?" and a click on a choice plans."""
    context = browser.new_context(locale=typed.locale)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/transit?lang={typed.lang}")
        page.fill("#f-from", typed.origin)
        page.fill("#f-to", typed.destination)
        page.fill("#f-when", "2026-12-09T09:00")
        page.click("#planner button[type=submit]")
        page.wait_for_selector(".itinerary")
        first = page.locator(".itinerary").first
        ends = first.inner_text()
        assert typed.used_from in ends and typed.used_to in ends
        arrive = first.locator(".times time").nth(1).inner_text()
        hours = int(arrive[:2]) + int(arrive[3:5]) / 60 - 9
        assert "(+" not in arrive and 2 <= hours <= 6.5
        assert "_" not in page.inner_text("main")  # no internal stop ids anywhere a person looks

        page.fill("#f-from", "KTX")
        page.click("#planner button[type=submit]")
        page.wait_for_selector(".choices")
        assert typed.ambiguous in page.inner_text("#e-from") and page.locator(".itinerary").count() == 0
        page.locator(".choice", has_text=typed.choice).first.click()
        page.wait_for_selector(".itinerary")
        assert page.input_value("#f-from").startswith(typed.choice)
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "locale", "origin", "arrives"), [
    ("ko", "ko-KR", "인천공항", "빛고을 AI 카페: "), ("en", "en-GB", "Incheon Airport", "빛고을 AI 카페: arrives at")])
def test_how_to_get_here_from_an_event_page(live_server: str, browser: Any, lang: str, locale: str, origin: str,
                                            arrives: str) -> None:
    """An event's "how to get here" opens the planner with its venue filled in; adding where one leaves from
    plans to it."""
    context = browser.new_context(locale=locale)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/exchange/events?lang={lang}&when=upcoming")
        event = page.locator("main a[href^='/exchange/events/']").first.get_attribute("href")
        page.goto(f"{live_server}{event.split('?')[0]}?lang={lang}")
        page.click("p.get-here a")
        page.wait_for_selector("#f-to")
        assert page.input_value("#f-to") == "빛고을 AI 카페" and page.input_value("#f-from") == ""
        page.fill("#f-from", origin)
        page.fill("#f-when", "2026-12-09T09:00")
        page.click("#planner button[type=submit]")
        page.wait_for_selector(".itinerary")
        assert arrives in page.locator(".itinerary").first.inner_text()
    finally:
        context.close()
