"""Screenshots for docs/screenshots/: the home page of each role, the need page with its matches, the trip
planner with a plan from 인천공항 to 광주, the education pages (course list, a course, courses for a
graduate, the skills gap) and the showcase (its page, its trip from Incheon Airport, the operators' visit
requests), in Korean and English, at 1280 and 390 px.

    python scripts/screenshots.py                 # serves a fresh demo database of its own on loopback
    python scripts/screenshots.py --base http://127.0.0.1:8000   # or photographs a running demo
    python scripts/screenshots.py --only education-courses education-course   # only these pages

Uses Playwright with Debian's Chromium (/usr/bin/chromium, or BITGOEUL_CHROMIUM). Writes
docs/screenshots/<page>-<lang>-<width>.png and prints one JSON line per file.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
CHROMIUM = os.environ.get("BITGOEUL_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PASSWORD = "bitgoeul-demo"  # noqa: S105 (the published password of the demo accounts)
ROLES = {"visitor": None, "buyer": "buyer5@example.org", "ai-firm": "supplier6@example.org",
         "person": "grad01@example.com", "operator": "operator@example.org"}
NEED = "시각장애인 관람 접근성"  # buyer5's need, matched to supplier6's solutions
WIDTHS = {1280: 900, 390: 844}
TRIP = {"ko": ("인천공항", "광주"), "en": ("Incheon Airport", "Gwangju")}


@contextmanager
def running(base: str) -> Iterator[str]:
    yield base


@contextmanager
def demo_server() -> Iterator[str]:
    """The app under uvicorn on a free loopback port, over a temporary SQLite database holding the demo."""
    sys.path.insert(0, str(REPO / "src"))
    import uvicorn

    from bitgoeul.core.db import make_engine, make_session_factory, session_scope, upgrade
    from bitgoeul.core.settings import load_settings
    from bitgoeul.demo import load_all
    from bitgoeul.web.app import create_app

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/screens.db"
        upgrade(url)
        engine = make_engine(url)
        with session_scope(make_session_factory(engine)) as db:
            load_all(db)
        engine.dispose()
        settings = load_settings({**os.environ, "BITGOEUL_DATABASE_URL": url, "BITGOEUL_ENV": "development"})
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                               log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 60
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the demo server did not start")
            time.sleep(0.1)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            thread.join(timeout=10)


def log_in(page: Any, base: str, email: str, lang: str) -> None:
    page.goto(f"{base}/login?lang={lang}")
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    with page.expect_navigation():
        page.locator("form[action='/login'] button[type=submit]").click()


def need_page(page: Any, base: str, lang: str) -> None:
    page.goto(f"{base}/needs?q={NEED}&lang={lang}")
    with page.expect_navigation():
        page.locator("table a[href^='/needs/']").first.click()


def trip_page(page: Any, base: str, lang: str) -> None:
    origin, destination = TRIP[lang]
    page.goto(f"{base}/transit?lang={lang}")
    page.fill("#f-from", origin)
    page.fill("#f-to", destination)
    page.fill("#f-when", "2026-12-09T09:00")
    page.click("#planner button[type=submit]")
    page.wait_for_selector(".itinerary", timeout=60_000)


def course_page(page: Any, base: str, lang: str) -> None:
    """The AI Academy's coming cohort: dates, curriculum, eligibility, how to apply and the jobs it leads to."""
    page.goto(f"{base}/education/courses?kind=academy&upcoming=true&lang={lang}")
    with page.expect_navigation():
        page.locator("table a[href^='/education/courses/']").first.click()


def showcase_trip_page(page: Any, base: str, lang: str) -> None:
    """The showcase's "from Incheon Airport" link: the planner pre-filled to the data center, then planned."""
    page.goto(f"{base}/showcase?lang={lang}")
    with page.expect_navigation():
        page.locator("#site-ai-data-center a.trip-link[data-origin='1']").click()
    page.fill("#f-when", "2026-12-09T09:00")
    page.click("#planner button[type=submit]")
    page.wait_for_selector(".itinerary", timeout=60_000)


def shoot(browser: Any, base: str, out: Path, name: str, lang: str, width: int, email: str | None,
          go: Callable[[Any, str, str], None]) -> Path:
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]},
                                  locale="ko-KR" if lang == "ko" else "en-GB", device_scale_factor=1)
    try:
        page = context.new_page()
        if email:
            log_in(page, base, email, lang)
        go(page, base, lang)
        path = out / f"{name}-{lang}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        return path
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", help="photograph a running demo at this address instead of serving one")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNG files (docs/screenshots)")
    parser.add_argument("--only", nargs="+", metavar="PAGE", help="only these pages (e.g. education-courses)")
    args = parser.parse_args()
    out: Path = args.out
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    shots: list[tuple[str, str | None, Callable[[Any, str, str], None]]] = [
        (f"home-{role}", email, lambda page, base, lang: page.goto(f"{base}/?lang={lang}"))
        for role, email in ROLES.items()]
    # The trip planner's file names are the ones docs/transit.md links.
    shots += [("need-matches", ROLES["buyer"], need_page), ("transit-incheon-gwangju", None, trip_page)]
    shots += [("education-courses", None, lambda page, base, lang: page.goto(f"{base}/education/courses?lang={lang}")),
              ("education-course", None, course_page),
              ("education-for-me", ROLES["person"],
               lambda page, base, lang: page.goto(f"{base}/education/for-me?lang={lang}")),
              ("education-skills-gap", None,
               lambda page, base, lang: page.goto(f"{base}/education/skills-gap?lang={lang}"))]
    shots += [("showcase", None, lambda page, base, lang: page.goto(f"{base}/showcase?lang={lang}")),
              ("showcase-trip", None, showcase_trip_page),
              ("showcase-visits", ROLES["operator"],
               lambda page, base, lang: page.goto(f"{base}/showcase/visits?lang={lang}"))]
    if args.only:
        shots = [shot for shot in shots if shot[0] in args.only]
    with (running(args.base) if args.base else demo_server()) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for name, email, go in shots:
                for lang in ("ko", "en"):
                    for width in WIDTHS:
                        path = shoot(browser, base, out, name, lang, width, email, go)
                        print(json.dumps({"file": str(path), "page": name, "lang": lang,
                                          "width": width}, ensure_ascii=False))
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
