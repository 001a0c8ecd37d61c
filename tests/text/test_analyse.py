"""Index terms and sentence splitting on hand-checked Korean and English examples."""

from __future__ import annotations

from bitgoeul.text import add_user_words, index_terms, split_sentences
from bitgoeul.text.analyse import stem_english


def test_korean_content_words_numbers_and_foreign_words() -> None:
    terms = index_terms("광주 북구청은 축산 농가에서 AI 영상 분석을 실증했다. 예산은 1억 원, 기간은 7개월.")
    for expected in [
        "광주",
        "북구청",
        "축산",
        "농가",
        "ai",
        "영상",
        "분석",
        "실증",
        "예산",
        "1억원",
        "7개월",
    ]:
        assert expected in terms
    # particles, endings and light verbs are not index terms
    for dropped in ["은", "에서", "을", "하", "었", "다", "."]:
        assert dropped not in terms


def test_numbers_join_adjacent_units_only() -> None:
    terms = index_terms("30% 증가, 10kg, 1,000명")
    assert terms == ["30%", "증가", "10kg", "1000명"]


def test_english_lower_cased_stemmed_and_stopwords_dropped() -> None:
    terms = index_terms("The Smart Farms of the cities use Computer Vision")
    assert terms == ["smart", "farm", "city", "use", "computer", "vision"]


def test_stemming_rules() -> None:
    assert stem_english("studies") == "study"
    assert stem_english("classes") == "class"
    assert stem_english("farms") == "farm"
    assert stem_english("analysis") == "analysis"
    assert stem_english("bus") == "bus"


def test_hanja_and_verb_stems_kept() -> None:
    terms = index_terms("漢字 表記와 깨끗한 환경을 만들었다")
    assert "漢字" in terms
    assert "깨끗" in terms
    assert "만들" in terms


def test_empty_text_has_no_terms() -> None:
    assert index_terms("") == []
    assert index_terms("   \n") == []


def test_sentences_respect_newlines_and_quotes() -> None:
    text = '그는 "좋아요. 내일 봐요." 라고 말했다. 다음 문장입니다.\n제목 줄\n\n마지막 줄'
    assert split_sentences(text) == [
        '그는 "좋아요. 내일 봐요." 라고 말했다.',
        "다음 문장입니다.",
        "제목 줄",
        "마지막 줄",
    ]


def test_user_words_become_single_terms() -> None:
    name = "빛고을AI실증센터"
    before = index_terms(f"{name}에서 만나요")
    assert name not in before
    assert add_user_words([(name, "NNP")]) == 1
    assert name in index_terms(f"{name}에서 만나요")
    # adding the same word twice is not new
    assert add_user_words([(name, "NNP")]) == 0


def test_clear_analysis_cache_forgets_cached_queries_only() -> None:
    from bitgoeul.text import clear_analysis_cache
    from bitgoeul.text.analyse import _cached_terms

    before = index_terms("광주 축산 농가의 영상 분석")
    assert _cached_terms.cache_info().currsize > 0
    clear_analysis_cache()
    assert _cached_terms.cache_info().currsize == 0
    assert index_terms("광주 축산 농가의 영상 분석") == before
