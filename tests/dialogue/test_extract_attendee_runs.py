"""Attendee lists as real reports write them (issue 15), in articles written here for the test.

Everything below is our own writing about fictional places and people. Each article imitates one
habit of real press reports that cost the import whole attendee lists: names joined by commas or
spaces and closed by "등" or a head count instead of a title, bulleted lists with a neighbourhood
before or after each name, a note in parentheses glued to a name, rescue ranks as titles. The
expected people were worked out by hand from the text, not from the extractor's output.
"""

from __future__ import annotations

from bitgoeul.dialogue.extract import DraftSession, extract_draft

# A first line long enough to open the body, and a closing quote so each case reads as an article.
_OPENING = "다온구의회는 지난 5일 의회 회의실에서 지역 단체 임원들과 간담회를 열었다고 6일 밝혔다.\n"
_CLOSING = "\n참석자들은 “작은 의견도 정책에 닿도록 자주 만나자”는 목소리를 함께 냈다고 의회는 전했다.\n"


def _people(body: str) -> dict[str, tuple[str | None, str | None]]:
    draft: DraftSession = extract_draft((_OPENING + body + _CLOSING).encode("utf-8"))
    return {p.name: (p.organisation, p.role) for p in draft.participants if p.name}


def test_comma_run_closed_by_deung_and_a_plural_title() -> None:
    people = _people(
        "이날 간담회에는 한가람 의장을 비롯한 오새봄, 진하루, 표나래, 남궁솔 등 다온구의원들이 참석했다.\n"
    )
    assert set(people) == {"한가람", "오새봄", "진하루", "표나래", "남궁솔"}
    # "다온구의원들" names what the four are: the title read out of the plural word.
    assert people["진하루"][1] is not None and people["진하루"][1].endswith("의원")


def test_names_joined_by_spaces_and_closed_by_deung() -> None:
    people = _people("해솔대 최가을 나도윤 등 학생 12명이 함께 참석했다.\n")
    assert set(people) == {"최가을", "나도윤"}
    assert people["최가을"][1] == "학생"


def test_bulleted_names_with_neighbourhoods_in_parentheses_and_a_head_count() -> None:
    people = _people("이날 한가람 의장은 △모정우(새솔1동) △차은별(해울동) △변시우(푸른2동) 3명에게 감사장을 전했다.\n")
    assert set(people) == {"한가람", "모정우", "차은별", "변시우"}


def test_bulleted_names_after_their_towns_share_one_honorific() -> None:
    people = _people("모범 회원 표창은 ▲해울읍 곽미소 ▲새솔면 맹지호 ▲푸른면 온다인 씨가 받았다.\n")
    assert set(people) == {"곽미소", "맹지호", "온다인"}


def test_a_note_in_parentheses_glued_to_a_name() -> None:
    people = _people("패널로는 ‘화분 키우는 기사’ 도한결씨(7번 마을버스 기사)와 해솔대 홍보대사 석보람씨가 참여했다.\n")
    assert set(people) == {"도한결", "석보람"}
    assert people["석보람"] == ("해솔대", "홍보대사")


def test_rescue_ranks_are_titles() -> None:
    people = _people(
        "패널로는 불난 집에서 이웃을 구한 탁민재 해솔소방서 소방대원과 방서윤 해솔병원 간호팀장이 나섰다.\n"
    )
    assert people == {"탁민재": ("해솔소방서", "소방대원"), "방서윤": ("해솔병원", "간호팀장")}


def test_common_nouns_closed_by_deung_are_not_people() -> None:
    people = _people("이날 한가람 의장은 주거, 일자리, 교육, 돌봄 등 생활 현안을 두고 의견을 나눴다.\n")
    assert set(people) == {"한가람"}


def test_a_body_before_a_name_and_title_stays_an_organisation() -> None:
    # "ORG NAME TITLE" after space-joined words is one person, not a run of two names.
    people = _people("이날 간담회에는 해솔대 연다온 총학생회장과 다온지부 변하람 사무국장이 함께했다.\n")
    assert set(people) == {"연다온", "변하람"}
    assert people["변하람"] == ("다온지부", "사무국장")
