"""Headless Chromium over public pages, and an operator's forms, in both languages: the strict CSP reports
no violation (no inline script or style left anywhere), and no page can be framed."""

from __future__ import annotations

from typing import Any

import pytest

PUBLIC = ["/", "/organisations", "/solutions", "/needs", "/demonstrations", "/programme", "/search?q=축산",
          "/talent/jobs", "/exchange/partners", "/exchange/events", "/dialogue", "/dialogue/actions",
          "/dialogue/voices", "/transit", "/transit/meet", "/dashboard", "/login", "/signup", "/no-such-page",
          "/transit?from=incheon_t1&to=gwangju_songjeong&when=2026-11-30T14:05"]
OPERATOR = ["/review", "/needs/new", "/solutions/new", "/dialogue/import", "/notifications", "/talent/jobs/new",
            "/account/password",
            "/exchange/events/new"]
LISTEN = """window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});"""


def _visit(page: Any, base: str, paths: list[str], lang: str, console: list[str]) -> list[tuple[str, Any]]:
    found = []
    for path in paths:
        page.goto(f"{base}{path}{'&' if '?' in path else '?'}lang={lang}")
        page.wait_for_load_state("load")
        # Type into a stop field where there is one, so the suggestion script runs and fetches.
        if page.locator("input[data-stop-search]").count():
            page.locator("input[data-stop-search]").first.fill("광주")
            page.wait_for_timeout(400)
        violations = page.evaluate("window.__violations")
        if violations or console:
            found.append((path, violations + console))
            console.clear()
    return found


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_no_csp_violation_on_any_page(browser: Any, live_server: str, lang: str) -> None:
    context = browser.new_context()
    context.add_init_script(LISTEN)
    console: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
        found = _visit(page, live_server, PUBLIC, lang, console)
        page.goto(f"{live_server}/login?lang={lang}")
        page.fill("#f-email", "operator@example.org")
        page.fill("#f-password", "bitgoeul-demo")
        page.click("form[action='/login'] button[type=submit]")
        page.wait_for_load_state("load")
        found += _visit(page, live_server, OPERATOR, lang, console)
        assert found == []
    finally:
        context.close()


@pytest.mark.browser
def test_a_page_cannot_be_framed(browser: Any, live_server: str) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(f'<iframe id="f" src="{live_server}/login"></iframe>')
        page.wait_for_timeout(1000)
        frame = page.frame_locator("#f")
        assert frame.locator("form[action='/login']").count() == 0
    finally:
        context.close()
