"""The 1:1 meeting journey in headless Chromium, in Korean and in English: two firms register for an
exchange day and mark each other must-meet, the organiser runs the scheduler, sees the draft and publishes
it, and both firms see the same meeting (time and table) in their timetables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

PASSWORD = "bitgoeul-demo"  # the published password of the demo accounts
OPERATOR = "operator@example.org"
SEOUL = ("seoul-trendlab@example.org", "김하늘")  # Trendlab Seoul (added by the exchange demo)
GWANGJU = ("supplier4@example.org", "장우진")  # VisionQC, a Gwangju firm of the try-and-buy demo


@dataclass(frozen=True)
class Journey:
    lang: str
    locale: str
    title: str
    rsvp: str
    save: str
    run: str
    draft: str
    publish: str
    published: str
    timetable: str


KOREAN = Journey("ko", "ko-KR", "브라우저 교류의 날", "참가 신청", "저장", "일정 짜기 (초안 만들기)",
                 "초안 (참가자에게 보이지 않음)", "일정 공개", "공개됨", "내 미팅 일정")
ENGLISH = Journey("en", "en-GB", "Browser exchange day", "Register", "Save", "Run the scheduler (make a draft)",
                  "Draft (attendees do not see it)", "Publish the timetable", "Published", "My meeting timetable")


def submit(page: Any, selector: Any) -> None:
    """Click and wait for the page it leads to, so the next step never acts on the old one."""
    with page.expect_navigation():
        (page.locator(selector) if isinstance(selector, str) else selector).click()


def log_in(page: Any, base: str, email: str, lang: str) -> None:
    page.goto(f"{base}/login?lang={lang}")
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    submit(page, "form[action='/login'] button[type=submit]")


def create_event(page: Any, base: str, journey: Journey) -> int:
    """The organiser sets the event up through the API (the journey under test starts after that)."""
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    headers = {"X-CSRF-Token": token}
    start = (datetime.now(UTC) + timedelta(days=10)).replace(microsecond=0)
    made = page.request.post(f"{base}/api/v1/exchange/events", headers=headers, data={
        "kind": "exchange_day", "title_ko": f"{journey.title}", "title_en": journey.title,
        "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=4)).isoformat(),
        "venue_name": "빛고을 AI 카페", "lat": 35.2289, "lon": 126.8427, "meetings_enabled": True})
    assert made.status == 201, made.text()
    event_id = int(made.json()["id"])
    for path, body in ((f"/events/{event_id}/publish", None),
                       (f"/events/{event_id}/meetings/setup", {"meeting_tables": 3, "max_meetings_per_person": 4}),
                       (f"/events/{event_id}/meetings/slots", {"first_start": (start + timedelta(hours=1)).isoformat(),
                                                               "minutes": 20, "count": 4})):
        call = page.request.put if path.endswith("setup") else page.request.post
        answer = call(f"{base}/api/v1/exchange{path}", headers=headers, data=body)
        assert answer.ok, answer.text()
    return event_id


def register(browser: Any, base: str, journey: Journey, event_id: int, email: str) -> Any:
    context = browser.new_context(locale=journey.locale)
    page = context.new_page()
    log_in(page, base, email, journey.lang)
    page.goto(f"{base}/exchange/events/{event_id}?lang={journey.lang}")
    assert page.locator("p.get-here a").get_attribute("href").startswith("/transit?to=")
    submit(page, page.locator("#rsvp button", has_text=journey.rsvp))
    return context


def mark_must(context: Any, base: str, journey: Journey, event_id: int, other: tuple[str, str]) -> None:
    page = context.pages[0]
    page.goto(f"{base}/exchange/events/{event_id}/meetings/preferences")
    page.select_option(f"select[data-person='{other[1]}']", "must")
    submit(page, page.locator("#preferences-form button[type=submit]", has_text=journey.save))
    assert page.locator("#saved").is_visible()
    assert page.locator(f"select[data-person='{other[1]}']").input_value() == "must"


def timetable_row(context: Any, base: str, event_id: int, journey: Journey) -> tuple[str, str, str]:
    page = context.pages[0]
    page.goto(f"{base}/exchange/events/{event_id}/meetings/mine")
    assert journey.timetable in page.locator("h1").inner_text()
    rows = page.locator("#timetable tr.meeting")
    assert rows.count() == 1
    cells = rows.first.locator("td")
    return cells.nth(0).inner_text(), cells.nth(1).inner_text(), cells.nth(2).inner_text()


@pytest.mark.browser
@pytest.mark.parametrize("journey", [KOREAN, ENGLISH], ids=["ko", "en"])
def test_two_firms_must_meet_and_both_see_the_published_meeting(live_server: str, browser: Any,
                                                                journey: Journey) -> None:
    organiser_context = browser.new_context(locale=journey.locale)
    organiser = organiser_context.new_page()
    log_in(organiser, live_server, OPERATOR, journey.lang)
    event_id = create_event(organiser, live_server, journey)
    seoul = register(browser, live_server, journey, event_id, SEOUL[0])
    gwangju = register(browser, live_server, journey, event_id, GWANGJU[0])
    mark_must(seoul, live_server, journey, event_id, GWANGJU)
    mark_must(gwangju, live_server, journey, event_id, SEOUL)
    # Before publishing, attendees see no timetable.
    page = seoul.pages[0]
    page.goto(f"{live_server}/exchange/events/{event_id}/meetings/mine")
    assert page.locator("#not-published").is_visible()

    organiser.goto(f"{live_server}/exchange/events/{event_id}/meetings/schedule?lang={journey.lang}")
    submit(organiser, organiser.locator("#run", has_text=journey.run))
    assert organiser.locator("#schedule-state").inner_text() == journey.draft
    assert re.search(r"\b6\b.*\b6\b", organiser.locator("#quality").inner_text())  # weight 6 of bound 6
    draft_rows = organiser.locator("#meetings tr.meeting")
    assert draft_rows.count() == 1
    assert SEOUL[1] in draft_rows.first.inner_text() and GWANGJU[1] in draft_rows.first.inner_text()
    submit(organiser, organiser.locator("#publish", has_text=journey.publish))
    assert organiser.locator("#schedule-state").inner_text() == journey.published

    when_a, table_a, partner_a = timetable_row(seoul, live_server, event_id, journey)
    when_b, table_b, partner_b = timetable_row(gwangju, live_server, event_id, journey)
    assert (when_a, table_a) == (when_b, table_b)
    assert GWANGJU[1] in partner_a and SEOUL[1] in partner_b
    for context in (organiser_context, seoul, gwangju):
        context.close()
