"""A visitor opens the dashboard from the navigation, picks a period, and reads the same numbers the API
gives (headless Chromium over the demo data)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bitgoeul.core.time import to_local


def months_back(by: int) -> str:
    """The Korean-time month `by` months before this one, as "YYYY-MM"."""
    today = to_local(datetime.now(UTC))
    index = today.year * 12 + today.month - 1 - by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@pytest.mark.browser
def test_visitor_picks_a_period(page: Any, live_server: str) -> None:
    page.goto(f"{live_server}/?lang=en")
    with page.expect_navigation():
        page.locator("nav.main-nav a[href='/dashboard']").click()
    assert page.locator("h1").inner_text() == "Programme dashboard"
    cards = page.locator("section.indicator")
    assert cards.count() >= 17
    # The hidden tables for screen readers take no room: nothing sticks out of the page sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    with page.expect_navigation():
        page.locator("input[name=months][value='24']").check()
        page.locator("#dashboard-period button[type=submit]").click()
    assert "months=24" in page.url
    # The demo's latest Monday Dialogue was six weeks before it was loaded: within the last four months.
    start, end = months_back(3), months_back(0)
    page.fill("input[name=from]", start)
    page.fill("input[name=to]", end)
    with page.expect_navigation():
        page.locator("#dashboard-period button[type=submit]").click()
    assert page.locator("#dashboard-range").inner_text() == f"{start} to {end}"
    api = page.request.get(f"{live_server}/api/v1/dashboard/voices_received?from={start}&to={end}").json()
    card = page.locator("#indicator-voices_received")
    cells = card.locator("tbody tr td").all_inner_texts()
    assert [int(c) for c in reversed(cells)] == [p["value"] for p in api["series"]]
    assert card.locator("svg circle").count() == 4
    assert sum(p["value"] for p in api["series"]) > 0  # the demo dialogue sessions fall in this period
