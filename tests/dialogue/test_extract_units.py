"""Hand-worked cases for the pieces: dates, names and titles, HTML text, quotes, kinds and themes."""

from __future__ import annotations

from datetime import date

import pytest

from bitgoeul.dialogue.extract import DEFAULT_THEMES, classify_kind, classify_themes, extract_draft, to_contract_dict
from bitgoeul.dialogue.extract.dates import SESSION_DATE, resolve_session_date
from bitgoeul.dialogue.extract.html_text import html_to_article
from bitgoeul.dialogue.extract.korean import analyse_words
from bitgoeul.dialogue.extract.people import name_score, parse_mention, split_compound_role


@pytest.mark.parametrize(
    ("expression", "published", "expected"),
    [
        ("지난 27일", date(2024, 5, 28), date(2024, 5, 27)),
        ("27일", date(2024, 5, 28), date(2024, 5, 27)),
        ("30일", date(2024, 10, 2), date(2024, 9, 30)),  # a day after publication's: the month before
        ("지난달 30일", date(2024, 10, 2), date(2024, 9, 30)),
        ("지난 30일", date(2024, 1, 2), date(2023, 12, 30)),
        ("오는 3일", date(2024, 12, 28), date(2025, 1, 3)),
        ("이날", date(2024, 12, 2), date(2024, 12, 2)),
        ("어제", date(2024, 3, 1), date(2024, 2, 29)),
        ("12월 30일", date(2025, 1, 3), date(2024, 12, 30)),
        ("2023년 7월 4일", date(2024, 5, 28), date(2023, 7, 4)),
        ("31일", date(2024, 3, 1), None),  # 31 February does not exist
    ],
)
def test_session_date_resolution(expression: str, published: date, expected: date | None) -> None:
    match = SESSION_DATE.search(expression)
    assert match is not None
    assert resolve_session_date(match, published) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("광주시의원", ("광주시의회", "시의원")),
        ("한빛시장", ("한빛시", "시장")),
        ("광주광역시장", ("광주광역시", "시장")),
        ("북구청장", ("북구", "구청장")),
        ("다온종합사회복지관장", ("다온종합사회복지관", "관장")),
        ("해솔관광협회장", ("해솔관광협회", "회장")),
        ("새봄노동인권센터장", ("새봄노동인권센터", "센터장")),
        ("대표", (None, "대표")),
        ("사무처장", (None, "사무처장")),
        ("부시장", (None, "부시장")),
    ],
)
def test_compound_titles(role: str, expected: tuple[str | None, str]) -> None:
    assert split_compound_role(role) == expected


@pytest.mark.parametrize(
    ("phrase", "name", "organisation", "role"),
    [
        ("홍길동 누리대학교 AI인재양성사업단장", "홍길동", "누리대학교", "AI인재양성사업단장"),
        ("누리대학교 AI인재양성사업단장 홍길동", "홍길동", "누리대학교", "AI인재양성사업단장"),
        ("소상공인연합회 가람지부 박정민 사무국장", "박정민", "소상공인연합회 가람지부", "사무국장"),
        ("이지웅 인공지능사관학교 제5기 교육생", "이지웅", "인공지능사관학교", "제5기 교육생"),
        ("정창현 학생(조선대)", "정창현", "조선대", "학생"),
        ("요양보호사 정경숙씨", "정경숙", None, "요양보호사"),
        ("김태호 한빛시의원", "김태호", "한빛시의회", "시의원"),
        ("홍길동 OO 대표", "홍길동", "OO", "대표"),
    ],
)
def test_mentions(phrase: str, name: str, organisation: str | None, role: str) -> None:
    mention = parse_mention(analyse_words(phrase))
    assert mention is not None
    assert (mention.name, mention.organisation, mention.role) == (name, organisation, role)


@pytest.mark.parametrize("word", ["조선대", "가람천", "남궁", "황보", "금형", "이날", "한빛시", "대표"])
def test_not_names(word: str) -> None:
    assert name_score(analyse_words(word)[0]) == 0


def test_html_keeps_the_marked_body_and_drops_furniture() -> None:
    page = (
        "<html><head><title>제목 - 신문</title><meta property='article:published_time' content='2024-05-28'>"
        "<style>p{}</style></head><body><nav>메뉴 <a>로그인</a></nav>"
        "<div class='share-box'>공유</div><div class='article_body'><p>첫 문단 &quot;인용&quot;"
        "<script>evil('“주입”')</script><p>둘째 문단<br>줄바꿈</div>"
        "<aside><p>관련 기사</p></aside><div class='reply'>댓글</div></body></html>"
    )
    article = html_to_article(page)
    assert article.title == "제목"
    assert article.published == "2024-05-28"
    assert article.text.split() == ["첫", "문단", '"인용"', "둘째", "문단", "줄바꿈"]


def test_group_anonymous_organisation_and_pronoun_speakers() -> None:
    text = (
        "한빛시 월요대화\n입력 2024.06.11 10:00\n"
        "윤서진 한빛시장은 10일 한빛시청 대회의실에서 제5회 월요대화를 열었다.\n"
        "참석자들은 “버스가 너무 늦게 온다”고 입을 모았다.\n"
        "한 참석자는 “주차장이 부족하다”고 말했다.\n"
        "한빛상공회의소는 “기업 교류회를 열어 달라”는 입장을 밝혔다.\n"
        "김민수 한빛정밀 대표는 공장 이야기를 꺼냈다. 그는 “인력을 구하기 어렵다”고 말했다.\n"
        "윤 시장은 “교류회를 분기마다 열겠다”고 답했다.\n"
    )
    draft = extract_draft(text)
    speakers = [(v.speaker, v.speaker_kind) for v in draft.voices]
    assert speakers == [
        ("참석자들", "group"),
        (None, "anonymous"),
        ("한빛상공회의소", "organisation"),
        ("김민수", "person"),
        ("윤서진", "person"),
    ]
    assert draft.voices[-1].kind == "commitment"
    assert draft.session.date == "2024-06-10"
    assert draft.session.place == "한빛시청 대회의실"


def test_kinds() -> None:
    assert classify_kind("예산을 늘려 달라", by_host=False) == "request"
    assert classify_kind("함께 기금을 만들자고 제안한다", by_host=False) == "proposal"
    assert classify_kind("너무 불편하다", by_host=False) == "complaint"
    assert classify_kind("덕분에 많이 좋아졌다", by_host=False) == "praise"
    assert classify_kind("내년에 꼭 하겠다", by_host=True) == "commitment"
    assert classify_kind("내년에 꼭 하겠다", by_host=False) != "commitment"
    assert classify_kind("오늘은 날씨가 맑다", by_host=False) == "other"


def test_theme_taxonomy() -> None:
    codes = [theme.code for theme in DEFAULT_THEMES]
    assert len(codes) == len(set(codes)) == 14
    assert {"customers", "talent", "exchange", "transport", "education", "infrastructure"} <= set(codes)
    assert sum(theme.family == "field" for theme in DEFAULT_THEMES) == 8
    assert all(theme.ko and theme.en and theme.cues for theme in DEFAULT_THEMES)
    assert classify_themes("시내버스 배차 간격이 길다") == ("transport",)
    assert classify_themes("어르신 돌봄 인력이 부족하다") == ("welfare", "talent")
    assert classify_themes("오늘은 맑다") == ()


def test_contract_keys_exactly() -> None:
    draft = extract_draft("제목 줄입니다 여기\n홍길동 대표는 “지원을 늘려 달라”고 말했다. 그 뒤로 여러 의견이 나왔다.")
    contract = to_contract_dict(draft)
    assert set(contract) == {"session", "participants", "voices"}
    assert set(contract["session"]) == {"number", "date", "place", "topic", "title", "published"}
    assert set(contract["voices"][0]) == {"speaker", "speaker_organisation", "quote", "kind", "themes"}
    assert contract["voices"][0]["speaker"] == "홍길동"
    assert isinstance(contract["session"]["title"], str)
