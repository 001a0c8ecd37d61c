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
         "/dialogue/voices", "/transit", "/transit/meet", "/dashboard", "/showcase"]


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


# Each word of each navigation link, measured on screen: a word split over two lines has two boxes.
BROKEN_WORDS = """() => {
    const broken = [];
    let words = 0;
    for (const link of document.querySelectorAll('#site-nav a')) {
        const node = link.firstChild;
        if (!node || node.nodeType !== Node.TEXT_NODE) continue;
        const text = node.textContent;
        for (const m of text.matchAll(/\\S+/g)) {
            const range = document.createRange();
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            words += 1;
            if (lines.size > 1) broken.push(m[0]);
        }
    }
    return {broken, words};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_phone_menu_folds_and_breaks_no_word(browser: Any, live_server: str, lang: str) -> None:
    """At 390 px the navigation starts folded behind one button (the first screen shows the page, not 15
    links), opens on a tap with aria-expanded, breaks no word, and the page still does not scroll sideways."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        for path in ("/", "/talent/jobs", "/dialogue"):
            page.goto(f"{live_server}{path}?lang={lang}")
            toggle = page.locator(".nav-toggle")
            assert toggle.is_visible() and not page.locator("#site-nav").is_visible()
            assert toggle.get_attribute("aria-expanded") == "false"
            toggle.click()
            assert page.locator("#site-nav").is_visible() and toggle.get_attribute("aria-expanded") == "true"
            measured = page.evaluate(BROKEN_WORDS)
            assert measured["words"] >= 10 and measured["broken"] == [], (path, measured)
            sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert sizes[0] <= sizes[1] + 1, path
            current = page.locator("#site-nav a[aria-current=page]")
            assert current.count() == (0 if path == "/" else 1)
        wide = browser.new_context(viewport={"width": 1280, "height": 800})
        try:
            desk = wide.new_page()
            desk.goto(f"{live_server}/?lang={lang}")
            assert desk.locator("#site-nav").is_visible() and not desk.locator(".nav-toggle").is_visible()
        finally:
            wide.close()
    finally:
        context.close()
