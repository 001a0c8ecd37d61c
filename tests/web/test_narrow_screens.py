"""On a phone-sized screen the public pages never scroll sideways: wide tables scroll in their own box,
charts shrink (headless Chromium over the demo data)."""

from __future__ import annotations

from typing import Any

import pytest

# The last element inside <main> whose right edge passes the screen: what to fix when the test fails.
CULPRIT = """() => {
    const w = document.documentElement.clientWidth;
    const out = [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > w + 1);
    const e = out[out.length - 1];
    return e ? `${e.tagName}.${e.className}: ${(e.textContent || '').trim().slice(0, 60)}` : '';
}"""

PAGES = ["/", "/organisations", "/solutions", "/needs", "/demonstrations", "/programme", "/search?q=축산",
         "/talent/jobs", "/exchange/partners", "/exchange/events", "/dialogue", "/dialogue/actions",
         "/dialogue/voices", "/transit", "/transit/meet", "/dashboard"]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_public_pages_fit_a_phone_screen(browser: Any, live_server: str, lang: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        wide = []
        for path in PAGES:
            response = page.goto(f"{live_server}{path}{'&' if '?' in path else '?'}lang={lang}")
            assert response is not None and response.status == 200, path
            sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if sizes[0] > sizes[1] + 1:
                culprit = page.evaluate(CULPRIT)
                wide.append((path, sizes, culprit))
        assert wide == []
    finally:
        context.close()
