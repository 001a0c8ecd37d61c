"""axe-core over every public page and each role's main signed-in pages, in Korean and English, at a laptop
(1280 px) and a phone (390 px) width: no serious or critical violation. axe-core is npm's package, installed
by `make test` into .cache/axe (the test skips when it is absent) and injected by Playwright into headless
Chromium (the context bypasses the site's CSP only for this injected script)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import REPO

AXE = REPO / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "bitgoeul-demo"  # the published password of the demo accounts
WIDTHS = {"laptop": (1280, 800), "phone": (390, 844)}

PUBLIC = ["/", "/organisations", "/organisations/1", "/solutions", "/solutions/1", "/needs", "/needs/1",
          "/demonstrations", "/demonstrations/1", "/demonstrations/board", "/programme", "/search?q=축산",
          "/talent/jobs", "/talent/jobs/1", "/exchange/partners", "/exchange/events", "/exchange/events/1",
          "/dialogue", "/dialogue/sessions", "/dialogue/sessions/1", "/dialogue/actions", "/dialogue/voices",
          "/transit", "/transit/meet", "/dashboard", "/showcase", "/education/courses", "/education/courses/40",
          "/education/skills-gap", "/login", "/signup", "/no-such-page"]
SIGNED_IN = {
    "buyer5@example.org": ["/", "/needs/new", "/notifications"],
    "supplier6@example.org": ["/", "/solutions/new", "/talent/jobs/new"],
    "person1@example.com": ["/", "/talent/profile"],  # no profile yet
    "grad01@example.com": ["/", "/talent/me", "/talent/alerts", "/education/for-me"],  # a profile and a job
    "provider1@example.org": ["/education/courses/new", "/education/courses/40/edit"],  # the AI Academy
    "operator@example.org": ["/", "/review", "/dialogue/moderation", "/dialogue/actions?overdue=1", "/showcase",
                             "/showcase/visits", "/showcase/visits/1", "/showcase/ai-data-center/edit"],
}

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not AXE.exists(), reason="axe-core not installed (make test installs it)")]


def with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def serious(page: Any) -> list[str]:
    """Serious and critical violations on the current page, one line each (rule, impact, first targets)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
    }""")
    return list(result)


def context_for(browser: Any, width: str, lang: str) -> Any:
    w, h = WIDTHS[width]
    return browser.new_context(viewport={"width": w, "height": h}, bypass_csp=True,
                               locale="ko-KR" if lang == "ko" else "en-GB")


def log_in(page: Any, base: str, email: str, lang: str) -> None:
    page.goto(f"{base}/login?lang={lang}")
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    with page.expect_navigation():
        page.locator("form[action='/login'] button[type=submit]").click()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_public_pages_have_no_serious_violations(browser: Any, live_server: str, lang: str, width: str) -> None:
    context = context_for(browser, width, lang)
    try:
        page = context.new_page()
        found = {}
        for path in PUBLIC:
            page.goto(f"{live_server}{with_lang(path, lang)}")
            problems = serious(page)
            if problems:
                found[path] = problems
        assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
    finally:
        context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_signed_in_pages_have_no_serious_violations(browser: Any, live_server: str, lang: str, width: str) -> None:
    found = {}
    for email, paths in SIGNED_IN.items():
        context = context_for(browser, width, lang)
        try:
            page = context.new_page()
            log_in(page, live_server, email, lang)
            for path in paths:
                page.goto(f"{live_server}{with_lang(path, lang)}")
                problems = serious(page)
                if problems:
                    found[f"{email} {path}"] = problems
        finally:
            context.close()
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_the_check_can_fail(browser: Any) -> None:
    """The harness reports what it should: grey-on-white text and an unlabelled field are serious."""
    context = context_for(browser, "laptop", "en")
    try:
        page = context.new_page()
        page.set_content('<html lang="en"><title>t</title><main><p style="color:#bbb;background:#fff">faint</p>'
                         '<input type="text"></main></html>')
        rules = {line.split(" ")[0] for line in serious(page)}
        assert {"color-contrast", "label"} <= rules
    finally:
        context.close()


def test_axe_is_the_npm_package() -> None:
    """The file injected is axe-core itself (not a stand-in): it names itself in its licence header."""
    head = Path(AXE).read_text(encoding="utf-8")[:400]
    assert "axe v" in head
