"""The bilingual glossary links English and Korean domain phrases in both directions."""

from __future__ import annotations

from bitgoeul.text import DEFAULT_PAIRS, Glossary, default_glossary, index_terms


def test_default_glossary_is_large_and_bilingual() -> None:
    assert len(DEFAULT_PAIRS) >= 80
    for korean, english in DEFAULT_PAIRS:
        assert any("\uac00" <= ch <= "\ud7a3" for ch in korean), korean
        assert english.isascii(), english


def test_english_query_expands_to_korean_and_back() -> None:
    glossary = default_glossary()
    en = glossary.expansions(index_terms("livestock computer vision PoC"), index_terms)
    targets = {e.target for e in en}
    assert {"축산", "영상 분석", "실증"} <= targets
    ko = glossary.expansions(index_terms("축산 농가 영상 분석 실증"), index_terms)
    assert {"livestock", "computer vision", "poc"} <= {e.target for e in ko}


def test_phrases_match_only_as_contiguous_runs() -> None:
    glossary = Glossary(pairs=[("영상 분석", "computer vision")])
    assert glossary.expansions(index_terms("vision computer"), index_terms) == []
    assert len(glossary.expansions(index_terms("computer vision"), index_terms)) == 1


def test_glossary_is_editable() -> None:
    glossary = default_glossary()
    glossary.add("빛고을", "bitgoeul")
    found = glossary.expansions(index_terms("Bitgoeul"), index_terms)
    assert [e.target for e in found] == ["빛고을"]
    assert default_glossary().expansions(index_terms("Bitgoeul"), index_terms) == []
