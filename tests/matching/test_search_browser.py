"""Site search in headless Chromium, in Korean and in English: an English word finds a record written only
in Korean (a citizen's voice, through the bilingual glossary), a Korean query finds a job, each result
shows its kind and links to its page, and the kind facet narrows the list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest


@dataclass(frozen=True)
class Ui:
    locale: str
    voice_label: str
    job_label: str
    job_title: str


KOREAN = Ui(locale="ko-KR", voice_label="시민 의견", job_label="채용", job_title="백엔드 개발자 (Python)")
ENGLISH = Ui(locale="en-GB", voice_label="Voice", job_label="Job", job_title="Backend developer (Python)")


def search(page: Any, base: str, query: str) -> None:
    page.goto(f"{base}/search")
    page.fill("#f-q", query)
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector("section.results")


@pytest.mark.browser
@pytest.mark.parametrize("ui", [KOREAN, ENGLISH], ids=["ko", "en"])
def test_site_search_finds_korean_records_and_jobs(live_server: str, browser: Any, ui: Ui) -> None:
    context = browser.new_context(locale=ui.locale)
    page = context.new_page()
    try:
        # An English word, a record written only in Korean: the market's parking complaint.
        search(page, live_server, "parking")
        voice = page.locator("ol.search-results > li", has=page.locator("span.tag", has_text=ui.voice_label)).first
        assert "주차" in voice.locator("a").inner_text()
        assert voice.locator("a").get_attribute("href").startswith("/dialogue/voices/")
        # The kind facet names kinds in the page's language and narrows to that kind.
        page.click(f"aside.facets a:has-text('{ui.voice_label}')")
        tags = page.locator("ol.search-results span.tag").all_inner_texts()
        assert tags and set(tags) == {ui.voice_label}

        # A Korean query finds a job; its link opens the job page.
        search(page, live_server, "백엔드 개발자")
        job = page.locator("ol.search-results > li", has=page.locator("span.tag", has_text=ui.job_label)).first
        link = job.locator("a")
        assert link.inner_text() == ui.job_title
        assert link.get_attribute("href").startswith("/talent/jobs/")
        link.click()
        page.wait_for_load_state()
        assert ui.job_title in page.locator("h1").inner_text()
    finally:
        context.close()
