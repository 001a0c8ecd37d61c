"""The habits of real press articles (issue 15), each in a short article written here for the test.

Every article below is our own writing about fictional places and people; it imitates how real
reports are put together (runs of names sharing one role, titles before names, dates relative to
publication, ordinals in words, quotes named after the fact, captions repeating a quote), never
their sentences.
"""

from __future__ import annotations

from datetime import date

import pytest

from bitgoeul.dialogue.extract import DraftSession, extract_draft
from bitgoeul.dialogue.extract.session_facts import native_number

# A closing line so that one-sentence cases still read as an article body.
_CLOSING = "\n참석자들은 “정책이 생활에 닿도록 자주 만나자”는 목소리를 함께 냈다고 주최 측은 전했다.\n"


def _draft(text: str, published: date | None = None) -> DraftSession:
    return extract_draft(text.encode("utf-8"), published=published)


def _short(text: str, published: date | None = None) -> DraftSession:
    return _draft(text + _CLOSING, published)


def _people(draft: DraftSession) -> dict[str, tuple[str | None, str | None]]:
    return {p.name: (p.organisation, p.role) for p in draft.participants if p.name}


def _speaker_of(draft: DraftSession, phrase: str) -> str | None:
    hits = [voice for voice in draft.voices if phrase in voice.quote]
    assert len(hits) == 1, (phrase, [voice.quote for voice in draft.voices])
    return hits[0].speaker


RUNS = (
    "한빛시는 지난 3일 시청 다목적실에서 청년 정책 간담회를 열었다고 4일 밝혔다.\n"
    "이날 간담회에는 윤서진 한빛시장을 비롯해 김하늘·이바다‧박구름 청년, 최별ㆍ정달래"
    " 대학생, 한누리, 오가람, 서다온 씨 등이 참석했다.\n"
    "김하늘 씨는 “첫 직장 월세를 감당하기 어렵다”고 말했다.\n"
    "윤 시장은 “청년 주거 지원을 늘리겠다”고 답했다.\n"
)


def test_names_in_runs_share_the_role_after_the_last_name() -> None:
    draft = _draft(RUNS)
    people = _people(draft)
    for name in ("김하늘", "이바다", "박구름"):
        assert people[name][1] == "청년"
    for name in ("최별", "정달래"):
        assert people[name][1] == "대학생"
    for name in ("한누리", "오가람", "서다온"):
        assert name in people
    assert people["윤서진"] == ("한빛시", "시장")
    assert len(people) == 9
    assert all(p.listed for p in draft.participants)
    assert _speaker_of(draft, "월세") == "김하늘"
    assert _speaker_of(draft, "주거 지원") == "윤서진"


TITLES = (
    "가람구(구청장 도하린)가 주민 목소리를 듣는 현장 구청장실을 운영한다.\n"
    "도 구청장은 12일 새벽시장을 찾아 상인 대표 등 30여명을 만났다. 새벽시장"
    " 상인들은 “하역 차량의 주차 단속을 늦춰 줄 것”을 요청했다.\n"
    "이에 도 구청장은 “주민들과 상의해 시간대를 정하는 방안을 찾을 것”을 제안했다.\n"
    "한편 한승대 나래구청장은 같은 날 “골목상권 회복을 함께 고민하겠다”고 말했다.\n"
    "이날 청년들은 ‘청년 신조어 퀴즈’를 풀었고 시민 가운데 열 명이 소감을 남겼다.\n"
)


def test_title_before_a_name_groups_and_common_nouns() -> None:
    draft = _draft(TITLES)
    people = _people(draft)
    assert people["도하린"] == ("가람구", "구청장")
    assert people["한승대"][1] == "구청장"  # a name ending like a place ("-대") right before a head's title
    assert "신조어" not in people and "가운데" not in people
    assert _speaker_of(draft, "주차 단속") == "새벽시장 상인들"
    assert next(v for v in draft.voices if "주차 단속" in v.quote).speaker_kind == "group"
    assert _speaker_of(draft, "시간대를 정하는") == "도하린"
    assert _speaker_of(draft, "골목상권") == "한승대"


QUOTES = (
    "[누리일보] “아이 돌봄은 동네가 함께 져야 할 짐입니다”\n"
    "여민호 누리시장은 14일 시청에서 부모 12명을 초청해 돌봄 간담회를 갖고 이같이"
    " 밝혔다.\n"
    "여 시장은 “틈새 돌봄을 메우겠다”며 “주말 돌봄센터를 두 곳 더 열겠다\"고 말했다.\n"
    "누리학부모회 남궁솔 회장은 “오늘 자리에 불러 주셔서 감사하다.\n"
    "\n"
    "맞벌이 가정의 방학 돌봄이 가장 급하다”고 밝혔다.\n"
    "“엘리베이터 없는 센터가 많습니다.” 지난 2일 센터를 찾은 여민호 시장이 이같이"
    " 말했다.\n"
)


def test_quote_marks_speakers_after_quotes_and_quotes_over_paragraphs() -> None:
    draft = _draft(QUOTES)
    assert _speaker_of(draft, "동네가 함께") == "여민호"  # the speaker's sentence follows the quote
    assert _speaker_of(draft, "틈새 돌봄") == "여민호"  # surname + title
    assert _speaker_of(draft, "주말 돌봄센터") == "여민호"  # curly opening, straight closing mark
    assert _speaker_of(draft, "방학 돌봄") == "남궁솔"  # the quote runs over two paragraphs
    assert _speaker_of(draft, "불러 주셔서") == "남궁솔"
    assert _speaker_of(draft, "엘리베이터") == "여민호"


CAPTION = (
    "해솔군수 “어촌 청년 정착 돕겠다”\n"
    "▲ 백나래 해솔군수가 지난 29일 해솔항 어촌계 사무실에서 열린 어촌 청년 간담회에서"
    " “어촌에 머무는 청년을 끝까지 돕겠다”고 말하고 있다.(해솔군"
    " 제공)2024.4.30/뉴스1\n"
    "(해솔=뉴스1) 한지후 기자 = 백나래 해솔군수는 “어촌에 머무는 청년을 끝까지"
    " 돕겠다”고 말했다.\n"
    "어촌계 청년 회원들은 냉동 창고와 선박 면허 교육을 건의했다. 간담회에는 청년 어업인"
    " 9명이 함께했다.\n"
    "송고시간2024-04-30 09:12\n"
    "관련기사\n"
    "해솔군, 귀어 박람회 연다\n"
)


def test_caption_with_agency_credit_is_not_a_second_voice_and_gives_the_date() -> None:
    draft = _draft(CAPTION)
    assert [voice.speaker for voice in draft.voices] == ["백나래"]
    assert draft.session.published == "2024-04-30"
    assert draft.session.date == "2024-04-29"  # stated in the caption only, the month omitted
    assert "관련기사" not in draft.text and "송고" not in draft.text and "뉴스1" not in draft.text


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # the article appears the day after: "29일 오후 … 열었다", published on the 30th
        ("가람시는 29일 오후 시청에서 시민 대화를 열었다.", date(2024, 5, 30), "2024-05-29"),
        # a day after the publication's: the month before
        ("가람시는 지난 30일 시민 대화를 열었다고 2일 밝혔다.", date(2024, 10, 2), "2024-09-30"),
        # "… 나선다고 27일 밝혔다": 27 is the report's day, 25 the session's
        (
            "다솜군은 군수가 지난 25일 이장회의에 참석하는 등 현장소통에 나선다고 27일 밝혔다.",
            date(2021, 1, 27),
            "2021-01-25",
        ),
        # an announcement: "오는 5일"
        (
            "누리시장이 오는 5일 복합커뮤니티센터에서 시민과의 대화를 갖는다고 4일 밝혔다.",
            date(2024, 9, 4),
            "2024-09-05",
        ),
        # a date of something else in the session sentence ("취임 후") is not the session's
        ("이번 간담회는 지난달 12일 구청장 취임 후 동 현안을 듣고자 마련됐다.", date(2023, 8, 23), None),
        # "이날" after the date of the sentence before
        ("가온구청장은 17일 청년센터를 찾았다. 이날 간담회에는 청년 20명이 참석했다.", date(2025, 7, 18), "2025-07-17"),
    ],
)
def test_session_dates_relative_to_publication(text: str, published: date, expected: str | None) -> None:
    assert _short(text, published).session.date == expected


def test_a_full_date_opening_the_page_is_its_stamp() -> None:
    text = " date 2026-03-10 [가람일보=정하은 기자] 가람시는 오는 20일 시민 토크쇼를 연다고 10일 밝혔다.\n"
    draft = _draft(text)
    assert draft.session.published == "2026-03-10"
    assert draft.session.date == "2026-03-20"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "가온시는 17일 청년 소통 프로그램의 두 번째 행사인 ‘청년톡톡’을 개최했다."
            " 첫 번째 소통 프로그램 영상이 상영됐다.",
            2,
        ),
        ("다솜시는 27일 서른여덟 번째 월요대화를 열었다.", 38),
        ("해솔군은 9일 이동군수실을 운영했다. 이동군수실은 군수의 공약사업으로, 이번이 8회째 운영되고 있다.", 8),
        ("지난해 1월 첫 번째 도민회의에서 제안한 사업을 소개하는 도민과의 대화가 1일 열렸다.", None),
        ("가람시는 제9회 시민 원탁회의를 열었다.", 9),
    ],
)
def test_session_numbers_in_words_and_figures(text: str, expected: int | None) -> None:
    assert _short(text).session.number == expected


def test_session_number_from_the_subtitle_only() -> None:
    text = (
        "3·4생활권 주민 대상…올해 3번째 ‘시민과의 대화’ 개최\n"
        "누리시장이 오는 5일 오후 반곡동 복합커뮤니티센터에서 주민들과 대화 시간을 갖는다고 4일 밝혔다.\n"
        "누리시장은 “주민 여러분이 많이 참석해 주시길 바란다”고 말했다.\n"
    )
    assert _draft(text).session.number == 3


@pytest.mark.parametrize(
    ("words", "value"),
    [("첫", 1), ("두", 2), ("열", 10), ("열두", 12), ("스무", 20), ("서른여덟", 38), ("마흔 한", 41)],
)
def test_native_korean_ordinals(words: str, value: int) -> None:
    assert native_number(words) == value


def test_indirect_speech_is_not_a_voice() -> None:
    text = (
        "새봄군은 9일 신원면에서 이동군수실을 운영했다.\n"
        "주민과의 대화시간에 강도윤 이장자율협의회장은 게이트볼장 신축에 관심을 가져달라고 건의했다.\n"
        "이에 민서영 군수는 행정에서 가능한 부분은 최대한 지원하겠다고 답변했다.\n"
    )
    draft = _draft(text, date(2019, 9, 10))
    assert draft.voices == ()
    assert {"강도윤", "민서영"} <= set(_people(draft))
    assert draft.session.date == "2019-09-09"


ROUND_TABLE = (
    "다솜군은 지난 13일 농업기술센터에서 제3회 농민청을 운영했다고 26일 밝혔다.\n"
    "이날 농민청에는 한용한 이장협의회장, 다솜약초협동조합 서가온 조합장,"
    " 민하람·길소리 양 단체 회장, 표나래 부회장과 탁이슬, 봉다온 감사 등이 참석했다.\n"
    "한용한 이장협의회장은 “오늘 같은 자리가 자주 열리면 좋겠다”고 말했다.\n"
)


def test_round_table_roster_numbered_event_and_a_name_read_as_a_verb() -> None:
    draft = _draft(ROUND_TABLE)
    people = _people(draft)
    assert people["한용한"] == ("이장협의회", "회장")  # Kiwi reads 한 + 용하 + ㄴ: a clause, but a name here
    assert people["서가온"] == ("다솜약초협동조합", "조합장")
    assert people["민하람"][1] == people["길소리"][1] == "회장"  # "A·B 양 단체 회장"
    assert people["탁이슬"][1] == people["봉다온"][1] == "감사"
    assert "감사" not in people
    assert draft.session.number == 3  # "제3회 농민청을 운영했다": any numbered event that was held
    assert _speaker_of(draft, "자주 열리면") == "한용한"


def test_today_inside_a_quote_does_not_date_the_session() -> None:
    text = (
        "가람군은 농업인단체 회장 등 30여명이 참석해 하반기 농업 발전 간담회를 했다고 14일 밝혔다.\n"
        "백하람 군수는 “오늘 간담회에서 나온 건의는 자세히 검토하겠다”고 전했다.\n"
    )
    assert _draft(text, date(2021, 7, 14)).session.date is None
