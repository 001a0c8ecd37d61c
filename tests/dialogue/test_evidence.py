"""The evidence sentence shown beside each extracted fact on the review page (issue 15)."""

from __future__ import annotations

from bitgoeul.dialogue.evidence import mention_of, sentence_around

TEXT = (
    "여민호 누리시장은 10일 시민대화를 열었다. 택시 기사 표하람 씨는 “버스가 끊긴다. 손님이 발을 구른다”고 말했다.\n\n"
    "이날 대화에는 여민호 시장과 표하람 씨 등이 참석했다."
)


def test_the_sentence_holding_a_quote_whole_even_with_full_stops_inside() -> None:
    start = TEXT.index("버스가")
    end = TEXT.index("구른다") + len("구른다")
    assert sentence_around(TEXT, start, end) == "택시 기사 표하람 씨는 “버스가 끊긴다. 손님이 발을 구른다”고 말했다."


def test_a_participant_is_shown_where_first_named() -> None:
    assert mention_of(TEXT, "표하람") == "택시 기사 표하람 씨는 “버스가 끊긴다. 손님이 발을 구른다”고 말했다."
    assert mention_of(TEXT, "없는이름") is None
    assert sentence_around(TEXT, None, None) is None
    assert sentence_around(TEXT, 5, len(TEXT) + 10) is None
