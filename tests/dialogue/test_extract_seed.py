"""The source article (third-party, read from ../shared): the issue's "done when" for the import.

Expected values were worked out by hand from the article. Quotes are identified by a short phrase
each, so no sentence of the article is copied here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bitgoeul.dialogue.extract import DraftSession, extract_draft, to_contract_dict

# ../shared beside the repository; BITGOEUL_SHARED_DIR points there from a worktree elsewhere.
SHARED = Path(os.environ.get("BITGOEUL_SHARED_DIR") or Path(__file__).resolve().parents[2] / ".." / "shared")
SEED = SHARED / "seed" / "gwangju-ai-monday-dialogue-2024-05-28.txt"

# (name, organisation, role) of the ten people in the closing attendee list.
ATTENDEES = [
    ("강기정", "광주광역시", "시장"),
    ("전광명", "인트플로우㈜", "대표"),
    ("함민혁", "젠데이터", "대표"),
    ("신범식", "㈜AI캠퍼스", "연구원"),
    ("박승주", "㈜엔큐브", "주니어"),
    ("이지웅", "인공지능사관학교", "제5기 교육생"),
    ("정창현", "조선대", "학생"),
    ("박수기", "광주시의회", "시의원"),
    ("이은경", "호남대", "인공지능(AI)융합인재양성사업단장"),
    ("김용승", "광주시", "인공지능산업실장"),
]
# A phrase inside each direct quote of the body, in order, and who said it.
QUOTES = [
    ("불모지", "전광명"),
    ("고객층", "전광명"),
    ("실증 지원", "전광명"),
    ("팀장급", "함민혁"),
    ("하반기", "함민혁"),
    ("대전에 취직", "박승주"),
    ("깨달았다", "박승주"),
    ("4시간", "기업 대표들"),
    ("중간지점", "기업 대표들"),
    ("데이터센터만으로는", "강기정"),
    ("대표도시로", "강기정"),
]


@pytest.fixture(scope="module")
def draft() -> DraftSession:
    if not SEED.is_file():
        pytest.skip("shared/seed is not beside the repository")
    return extract_draft(SEED.read_bytes())


def test_session_facts(draft: DraftSession) -> None:
    assert draft.session.number == 38
    assert draft.session.date == "2024-05-27"
    assert draft.session.published == "2024-05-28"
    assert draft.session.place is not None
    assert "인공지능사관학교" in draft.session.place
    assert "AI카페" in draft.session.place
    assert draft.session.topic == "광주 AI사업의 현재와 미래"
    assert draft.session.host == "강기정"
    assert "인프라" in draft.session.title


def test_all_ten_attendees_with_organisation_and_role(draft: DraftSession) -> None:
    found = {(p.name, p.organisation, p.role) for p in draft.participants}
    for attendee in ATTENDEES:
        assert attendee in found
    assert len(draft.participants) == len(ATTENDEES)
    assert all(p.listed for p in draft.participants)


def test_every_direct_quote_attributed(draft: DraftSession) -> None:
    assert len(draft.voices) == len(QUOTES)
    for voice, (phrase, speaker) in zip(draft.voices, QUOTES, strict=True):
        assert phrase in voice.quote
        assert voice.speaker == speaker
    organisations = {v.speaker: v.speaker_organisation for v in draft.voices}
    assert organisations["전광명"] == "인트플로우㈜"
    assert organisations["박승주"] == "㈜엔큐브"
    assert organisations["기업 대표들"] is None
    assert {v.speaker_kind for v in draft.voices if v.speaker == "기업 대표들"} == {"group"}


def test_positions_point_at_the_verbatim_quote(draft: DraftSession) -> None:
    for voice in draft.voices:
        start, end = voice.position
        assert draft.text[start:end].strip() == voice.quote


def test_headline_and_emphasis_are_not_voices(draft: DraftSession) -> None:
    # The headline's quotation and single-quoted phrases (‘교류와 교통’, ‘월요대화’) are not speech.
    assert not any(v.quote == "교류와 교통" or "사람과 교통" in v.quote for v in draft.voices)
    assert not any(v.quote == "월요대화" for v in draft.voices)


def test_page_noise_is_dropped(draft: DraftSession) -> None:
    for noise in ("좋아요", "썸네일", "포토뉴스", "도배방지", "기사입력", "메인사진"):
        assert noise not in draft.text
    assert "김수현" not in {p.name for p in draft.participants}  # the reporter


def test_kinds_and_themes(draft: DraftSession) -> None:
    by_phrase = {phrase: voice for voice, (phrase, _) in zip(draft.voices, QUOTES, strict=True)}
    assert by_phrase["대표도시로"].kind == "commitment"
    assert by_phrase["실증 지원"].kind == "request"
    assert "customers" in by_phrase["고객층"].themes
    assert "talent" in by_phrase["팀장급"].themes
    assert "exchange" in by_phrase["하반기"].themes
    assert "transport" in by_phrase["4시간"].themes


def test_contract_shape(draft: DraftSession) -> None:
    contract = to_contract_dict(draft)
    assert contract["session"]["number"] == 38
    assert {p["name"] for p in contract["participants"]} == {a[0] for a in ATTENDEES}
