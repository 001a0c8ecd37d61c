"""Reasons people read: sentences in the page's language from structured evidence; no engine strings."""

from __future__ import annotations

import re

from bitgoeul.matching.engine import Hit, Reason
from bitgoeul.matching.reasons import MatchReason, build, display_score, josa, render, render_all, render_html

PASSAGE = ("한우 영상분석 솔루션\nHanwoo cattle video analytics\n축사 카메라로 소를 찾아 알리고 사다\n"
           "older people living alone")


def hit(**extra: object) -> Hit:
    reasons = [Reason("semantic", value=0.92),
               Reason("terms", field="title", terms=("한우", "영상", "분석", "hanwoo", "cattle")),
               Reason("terms", field="summary", terms=("찾", "알리", "사", "older", "living", "alone")),
               Reason("glossary", terms=("hanwoo cattle", "한우")),
               Reason("filter", terms=("kind in [need]",)), Reason("boost", terms=("domain = livestock x1.25",))]
    return Hit(kind="solution", id=1, score=0.8, reasons=reasons, semantic=0.92, **extra)  # type: ignore[arg-type]


def test_sentences_in_korean_from_whole_words() -> None:
    reasons = build(hit(), PASSAGE, ["livestock"])
    assert [r.kind for r in reasons] == ["semantic", "words", "glossary", "domain"]
    assert render_all(reasons, "ko") == [
        "뜻이 비슷합니다 (92%)",
        "제목과 요약에 '한우 영상분석'이 있습니다",
        "용어집으로 이어진 말: 한우 = hanwoo cattle",
        "같은 분야: 축산",
    ]


def test_sentences_in_english_show_english_words_only() -> None:
    text = render_all(build(hit(), PASSAGE, ["livestock"]), "en")
    assert text[0] == "Similar in meaning (92%)"
    assert text[1] == "Found 'Hanwoo cattle', 'older', 'living alone' in the title and summary"
    assert text[2] == "Linked by the glossary: 한우 = hanwoo cattle"  # a glossary pair is shown as a pair
    assert text[3].startswith("Same field: ") and not re.search("[가-힣]", text[3])


def test_no_field_names_filters_or_fragments_anywhere() -> None:
    for language in ("ko", "en"):
        text = " ".join(render_all(build(hit(), PASSAGE, ["livestock"]), language))
        for leak in ("title:", "summary:", "filter", "kind in", "boost", "x1.25", "semantic", "의미 유사도", " / "):
            assert leak not in text, (language, leak)
        for fragment in ("'찾'", "'알리'", "'사'"):
            assert fragment not in text


def test_weak_similarity_stays_data_but_is_not_a_sentence() -> None:
    weak = MatchReason("semantic", value=0.61)
    assert render(weak, "ko") is None and weak.as_json() == {"kind": "semantic", "value": 0.61}


def test_only_stems_matched_means_no_words_reason() -> None:
    only_stems = Hit(kind="solution", id=2, score=0.1, reasons=[Reason("terms", field="body", terms=("찾", "사"))])
    assert build(only_stems, PASSAGE) == []


def test_words_in_the_other_language_only() -> None:
    english_only = MatchReason("words", fields=("body",), words=("cattle",))
    assert render(english_only, "ko") == "본문에 검색한 말이 영어로 있습니다"
    korean_only = MatchReason("words", fields=("title", "summary", "body"), words=("한우",))
    assert render(korean_only, "en") == "Found the words searched for in the title, summary and description, in Korean"


def test_particles_fit_the_word() -> None:
    assert (josa("한우", "이", "가"), josa("영상 분석", "이", "가"), josa("30", "이", "가")) == ("가", "이", "이")
    assert josa("AI", "이", "가") == "이(가)"


def test_display_score_is_a_whole_number_between_0_and_100() -> None:
    assert [display_score(x) for x in (-0.2, 0.0, 0.004, 0.5, 0.996, 1.0, 1.25)] == [0, 0, 0, 50, 100, 100, 100]


def test_pages_get_escaped_words_marked_as_user_content() -> None:
    reasons = [MatchReason("words", fields=("title",), words=("<b>&한우",)),
               MatchReason("glossary", pairs=(("한우", "hanwoo cattle"),))]
    html = [str(x) for x in render_html(reasons, "ko")]
    assert html[0] == """제목에 '<span class="user-content" lang="ko">&lt;b&gt;&amp;한우</span>'가 있습니다"""
    assert '<span class="user-content" lang="en">hanwoo cattle</span>' in html[1]
