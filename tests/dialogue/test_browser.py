"""The dialogue journey in headless Chromium, in Korean and in English: an operator imports an article,
corrects a speaker, publishes the session, turns a voice into an action and answers it; a visitor sees the
answer on the session page. Scripts inside the imported page must never run."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
PASSWORD = "bitgoeul-demo"  # the published password of the demo accounts
OPERATOR = "operator@example.org"


@dataclass(frozen=True)
class Journey:
    lang: str
    locale: str
    article: Path
    quote: str  # words of the voice whose speaker the operator corrects
    speaker: str  # the participant the operator adds and names as its speaker
    answer_ko: str
    answer_en: str
    published_label: str


KOREAN = Journey("ko", "ko-KR", HERE / "browser_article.txt", "운동장 조명", "박도현",
                 "운동장 조명을 12월까지 바꿉니다", "New pitch lights by December", "공개")
ENGLISH = Journey("en", "en-GB", HERE / "xss_article.html", "골목 가로등", "나예린",
                  "가로등 40개를 LED로 바꿨습니다", "Forty street lights were changed to LED", "Published")


def submit(page: Any, button: Any) -> None:
    """Click and wait for the page it leads to, so the next step never acts on the old one."""
    with page.expect_navigation():
        (page.locator(button) if isinstance(button, str) else button).click()


def log_in(page: Any, base: str, lang: str) -> None:
    page.goto(f"{base}/login?lang={lang}")
    page.fill("#f-email", OPERATOR)
    page.fill("#f-password", PASSWORD)
    submit(page, "form[action='/login'] button[type=submit]")


def import_article(page: Any, base: str, journey: Journey) -> int:
    page.goto(f"{base}/dialogue/import?lang={journey.lang}")
    page.set_input_files("#f-file", str(journey.article))
    submit(page, "form[action='/dialogue/import'] button[type=submit]")
    found = re.search(r"/dialogue/sessions/(\d+)/review", page.url)
    assert found, page.content()
    return int(found.group(1))


def correct_speaker(page: Any, journey: Journey) -> int:
    """Add the person the article failed to name as a participant, then make them the voice's speaker."""
    page.locator("#participant-new summary").click()
    page.fill("#f-name-new", journey.speaker)
    page.select_option("#f-kind-new", "citizen")
    submit(page, "#participant-new button[type=submit]")
    section = page.locator("section.voice-edit", has=page.locator(f"textarea:has-text('{journey.quote}')"))
    voice_id = int(section.get_attribute("id").removeprefix("voice-"))
    option = section.locator("select[name=participant_id] option",
                             has_text=re.compile(rf"^\s*{journey.speaker}\s*(·|$)"))
    section.locator("select[name=participant_id]").select_option(option.get_attribute("value"))
    submit(page, section.locator("form.voice-form button[type=submit]"))
    chosen = page.locator(f"#voice-{voice_id} select[name=participant_id] option:checked")
    assert chosen.inner_text().startswith(journey.speaker), page.content()
    return voice_id


def act_and_answer(page: Any, base: str, journey: Journey, voice_id: int) -> None:
    page.goto(f"{base}/dialogue/voices/{voice_id}?lang={journey.lang}")
    page.fill("#f-title_ko-new", "후속조치: " + journey.quote)
    page.fill("#f-due_on-new", "2030-12-31")
    submit(page, "#create-action")
    assert re.search(r"/dialogue/actions/\d+", page.url), page.content()
    page.fill("#f-body_ko-ans", journey.answer_ko)
    page.fill("#f-body_en-ans", journey.answer_en)
    page.select_option("#f-status-ans", "in_progress")
    submit(page, "#answer-button")
    shown = journey.answer_en if journey.lang == "en" else journey.answer_ko
    assert shown in page.inner_text("ol.answers"), page.content()


@pytest.mark.browser
@pytest.mark.parametrize("journey", [KOREAN, ENGLISH], ids=["ko", "en"])
def test_dialogue_journey(live_server: str, browser: Any, tmp_path: Path, journey: Journey) -> None:
    operator_context = browser.new_context(locale=journey.locale)
    visitor_context = browser.new_context(locale=journey.locale)
    dialogs: list[str] = []
    try:
        operator = operator_context.new_page()
        operator.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        log_in(operator, live_server, journey.lang)
        session_id = import_article(operator, live_server, journey)
        voice_id = correct_speaker(operator, journey)
        submit(operator, "#publish-button")
        assert operator.url.split("#")[0].endswith(f"/dialogue/sessions/{session_id}"), operator.content()
        act_and_answer(operator, live_server, journey, voice_id)

        visitor = visitor_context.new_page()
        visitor.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        visitor.goto(f"{live_server}/dialogue/sessions/{session_id}?lang={journey.lang}")
        voice = visitor.locator(f"#voice-{voice_id}")
        assert voice.locator(".speaker").inner_text() == journey.speaker
        expected = journey.answer_en if journey.lang == "en" else journey.answer_ko
        assert expected in voice.locator(".answer").inner_text(), visitor.content()
        assert f'lang="{journey.lang}"' in visitor.content()
        visitor.screenshot(path=str(tmp_path / f"session-{journey.lang}.png"), full_page=True)
        for page in (operator, visitor):
            assert page.evaluate("() => window.__pwned === undefined")
        assert dialogs == []
    finally:
        operator_context.close()
        visitor_context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_two_articles_merge_and_the_date_disagreement_is_shown(live_server: str, browser: Any, lang: str) -> None:
    """Issue 15: a second outlet's article joins the draft; the operator sees both sources and the dates."""
    context = browser.new_context(locale="ko-KR" if lang == "ko" else "en-GB")
    try:
        page = context.new_page()
        log_in(page, live_server, lang)
        first = Journey(lang, "", HERE / "merge_article_a.txt", "", "", "", "", "")
        session_id = import_article(page, live_server, first)
        page.locator("#merge summary").click()
        page.set_input_files("#f-merge-file", str(HERE / "merge_article_b.txt"))
        submit(page, "#merge-button")
        assert f"/dialogue/sessions/{session_id}/review" in page.url, page.content()
        flag = page.locator("section.warnings li.warning-merge-date-disagrees")
        assert flag.is_visible(), page.content()
        text = flag.inner_text()
        assert "2024-06-10" in text and "2024-06-11" in text
        assert ("날짜가 다릅니다" in text) if lang == "ko" else ("Dates disagree" in text)
        sources = page.locator("h2#source + ul li")
        assert sources.count() == 2, page.content()
        assert page.locator("textarea", has_text="쉼터").count() == 1
        assert page.locator("textarea", has_text="집에 갈 방법").count() == 1
        # each voice shows the sentence it came from, the second article's included
        evidence = page.locator("section.voice-edit", has=page.locator("textarea", has_text="쉼터"))
        assert "문세찬 씨는" in evidence.locator("blockquote.evidence").inner_text(), page.content()
    finally:
        context.close()
