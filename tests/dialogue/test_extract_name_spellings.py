"""Names written the way real reports write them (issue 15), in sentences written here for the test.

Everything below is our own writing about fictional places and people. Each case imitates one
spelling habit that cost the import a participant on real articles: a two-syllable name spaced after
its surname ("오 결 교수"), a two-syllable name Kiwi reads as a common noun before the head of a named
office ("김솔 새솔면장"), and a name with its organisation between it and the title, the title
followed by a photo caption's note ("도하진 해울시 공보관(왼쪽 두 번째)이"). The counter-cases are
the ordinary words these rules must leave alone. Expected people were worked out by hand.
"""

from __future__ import annotations

from bitgoeul.dialogue.extract import DraftSession, extract_draft

_OPENING = "해울군은 지난 5일 새솔면 복지회관에서 주민과의 대화를 열었다고 6일 밝혔다.\n"
_CLOSING = "\n참석자들은 “작은 의견도 군정에 닿도록 자주 만나자”는 목소리를 함께 냈다고 군은 전했다.\n"


def _people(body: str) -> dict[str, tuple[str | None, str | None]]:
    draft: DraftSession = extract_draft((_OPENING + body + _CLOSING).encode("utf-8"))
    return {p.name: (p.organisation, p.role) for p in draft.participants if p.name}


def test_two_syllable_name_spaced_after_the_surname() -> None:
    people = _people("이날 대화에는 한가람 군수와 오 결 목원대 행정학과 교수, 차다온 새솔대 교수가 함께했다.\n")
    assert "오결" in people
    assert (people["오결"][1] or "").endswith("교수")
    assert {"한가람", "차다온"} <= set(people)


def test_spaced_syllables_that_are_not_a_name() -> None:
    # A determiner and a counter ("한 명"), and a longer foreign name ("응우옌 반 안") are not joined.
    people = _people(
        "이날 대화에는 한가람 군수와 주민 한 명 대표, 응우옌 반 안 다문화센터 상담사가 참석했다.\n"
    )
    assert "한명" not in people
    assert "반안" not in people


def test_two_syllable_name_before_the_head_of_a_named_office() -> None:
    people = _people("이날 대화에는 한가람 군수와 김솔 새솔면장, 박윤 이장협의회장이 참석했다.\n")
    assert people.get("김솔") == ("새솔면", "면장")


def test_common_noun_before_a_bare_head_title_is_not_a_name() -> None:
    # "국내 시장" is a market, not a mayor called 국내: the rule needs the office's own name glued on.
    people = _people("한가람 군수는 국내 시장 동향을 설명하고 주민 의견을 들었다.\n")
    assert "국내" not in people


def test_organisation_between_name_and_title_in_a_caption() -> None:
    people = _people(
        "한가람 군수가 인사말을 하고 있다.\n"
        "▲도하진 해울군 공보관(왼쪽 두 번째)이 주민들과 함께 제안사항을 두고 이야기하고 있다.\n"
    )
    assert people.get("도하진") == ("해울군", "공보관")


def test_foreign_name_in_two_words() -> None:
    people = _people(
        "이날 대화에는 한가람 군수와 안드레아 뮐러 해울군 국제교류위원장, 마이클 존슨 새솔대 교수가 참석했다.\n"
    )
    assert "안드레아 뮐러" in people and "마이클 존슨" in people
    assert people["마이클 존슨"] == ("새솔대", "교수")
    assert "안드레아" not in people and "마이클" not in people


def test_korean_name_before_a_foreign_looking_word_stays_alone() -> None:
    # "스타트업" is a common noun to Kiwi: the name is 김하늘, not "김하늘 스타트업".
    people = _people("이날 대화에는 한가람 군수와 김하늘 스타트업 대표가 참석했다.\n")
    assert "김하늘" in people
    assert not any(" " in name for name in people)


def test_korean_name_before_a_loanword_business_stays_alone() -> None:
    people = _people("이날 대화에는 한가람 군수와 변수정 게스트하우스 대표가 참석했다.\n")
    assert "변수정" in people
    assert not any(" " in name for name in people)


def test_name_after_a_title_with_its_organisation_glued_on() -> None:
    people = _people("이날 대화에는 한가람 군수, 해울상인회장 오미르, 새솔복지관장 도한결 씨 등이 참석했다.\n")
    assert people.get("오미르") == ("해울상인회", "회장")
    assert "도한결" in people


def test_bare_title_before_a_common_noun_is_not_a_name() -> None:
    # A bare title does not name one office: the word after it needs Kiwi's proper-noun reading.
    people = _people("이날 대화에서 한가람 군수는 회장 선거, 마을 축제 일정을 두고 주민 의견을 들었다.\n")
    assert set(people) == {"한가람"}
