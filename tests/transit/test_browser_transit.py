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
