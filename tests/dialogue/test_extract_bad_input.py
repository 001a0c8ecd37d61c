"""Bad input gives a clear error (a catalog key, worded in Korean and English), never a partial draft; scripts
never become text."""

from __future__ import annotations

from pathlib import Path

import pytest

from bitgoeul.core.i18n import translate
from bitgoeul.dialogue.extract import MAX_BYTES, ArticleError, extract_draft

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _is_bilingual(key: str) -> bool:
    """The core names a catalog message that exists in both languages."""
    korean, english = translate(key, "ko"), translate(key, "en")
    return any("가" <= char <= "힣" for char in korean) and english.isascii()


@pytest.mark.parametrize("data", ["", "   \n\t ", b"", b"\xef\xbb\xbf  \n"])
def test_empty(data: str | bytes) -> None:
    with pytest.raises(ArticleError, match=r"dialogue\.extract\.empty") as error:
        extract_draft(data)
    assert _is_bilingual(str(error.value))


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "기사\x00본문",
        bytes([0xFF, 0xFE, 0xFD, 0x80]) * 200,  # neither UTF-8 nor CP949
        "\x01\x02\x03\x04\x05\x06 기사" * 50,
    ],
)
def test_binary(data: str | bytes) -> None:
    with pytest.raises(ArticleError, match=r"dialogue\.extract\.binary") as error:
        extract_draft(data)
    assert _is_bilingual(str(error.value))


def test_enormous_bytes_and_text() -> None:
    with pytest.raises(ArticleError, match=r"dialogue\.extract\.too_large"):
        extract_draft(b"a" * (MAX_BYTES + 1))
    with pytest.raises(ArticleError, match=r"dialogue\.extract\.too_large"):
        extract_draft("가" * (MAX_BYTES // 3 + 1))  # 3 bytes each in UTF-8


def test_page_with_only_scripts_has_no_body() -> None:
    page = "<html><head><script>alert('“인용”')</script></head><body><nav>메뉴</nav><script>x()</script></body></html>"
    with pytest.raises(ArticleError, match=r"dialogue\.extract\.no_body"):
        extract_draft(page)


def test_no_quotes_gives_zero_voices_and_a_warning() -> None:
    draft = extract_draft((FIXTURES / "11-saebom-no-quotes.txt").read_bytes())
    assert draft.voices == ()
    assert "dialogue.extract.no_quotes" in draft.warnings
    assert translate("dialogue.extract.no_quotes", "en") == "No direct quotes were found."
    assert draft.participants  # the rest of the draft is still there for review


@pytest.mark.parametrize("name", ["03-nuri-youth.html", "07-hangyeol-manufacturing.html", "12-hangyeol-ai.html"])
def test_script_text_never_reaches_the_draft(name: str) -> None:
    draft = extract_draft((FIXTURES / name).read_bytes())
    for leaked in ("스크립트", "추출되면 안 된다", "주입된 인용", "document", "function", "alert", "가짜"):
        assert leaked not in draft.text
        assert all(leaked not in v.quote for v in draft.voices)
    for furniture in ("관련기사", "많이 본", "좋아요", "추천", "로그인", "Copyright", "썸네일", "페이스북"):
        assert furniture not in draft.text


def test_euc_kr_page_is_read() -> None:
    data = (FIXTURES / "12-hangyeol-ai.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert extract_draft(data).session.number == 24
