"""Whole words as written for explanations: never a morpheme stem or a cut-off piece of a word."""

from __future__ import annotations

from bitgoeul.text import index_terms
from bitgoeul.text.surface import has_hangul, surface_phrases


def phrases(text: str, query: str) -> list[str]:
    return surface_phrases(text, index_terms(query))


def test_words_are_whole_and_lose_their_particles() -> None:
    assert phrases("병해로 수확이 줄어", "병해") == ["병해"]  # Kiwi cuts 병해 into 병 + 하: the word stays whole
    assert phrases("영상분석을 위한 장치", "영상 분석") == ["영상분석"]
    assert phrases("소 사육 농가를 돕습니다", "소 사육") == ["소 사육"]  # neighbours join into one phrase
    assert phrases("(주)빛고을비전, 한우. 끝", "한우") == ["한우"]


def test_verb_suffixes_are_cut_and_scripts_are_not_mixed() -> None:
    assert phrases("확인하고 확인할 일을 분석하다", "확인 분석") == ["확인", "분석"]
    assert phrases("의료·헬스케어 Healthcare 헬스케어 Health", "헬스케어 health") == ["헬스케어", "Health"]


def test_verb_stems_are_never_shown() -> None:
    text = "알맞은 솔루션을 찾아 알리고 사다"
    assert {"찾", "알리", "사"} <= set(index_terms(text))
    assert phrases(text, "찾다 알리다 사다") == []
    assert phrases(text, "솔루션 찾기") == ["솔루션"]


def test_english_words_as_written_not_stemmed() -> None:
    text = "Computer Vision systems for Hanwoo cattle, older people living alone"
    assert phrases(text, "computer vision system") == ["Computer Vision systems"]
    assert phrases(text, "older living alone") == ["older", "living alone"]


def test_repeats_and_words_inside_longer_phrases_are_dropped() -> None:
    assert phrases("딸기 병해 영상 진단\n잎 사진으로 병해를 찾습니다", "딸기 병해") == ["딸기 병해"]
    assert phrases("AI 카메라, ai 카메라", "카메라") == ["카메라"]
    assert surface_phrases("", ["x"]) == [] and surface_phrases("text", []) == []


def test_has_hangul() -> None:
    assert has_hangul("영상 분석") and has_hangul("ㄱ") and not has_hangul("Hanwoo 30%")
