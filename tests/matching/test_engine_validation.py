"""Bad queries fail with a clear QueryError, never a crash or a silent empty result."""

from __future__ import annotations

import pytest

from bitgoeul.matching.engine import MAX_QUERY_CHARS, Document, LexicalIndex, QueryError, check_query


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    ix = LexicalIndex()
    ix.add(Document("solution", 1, {"title": "영상 분석"}))
    return ix


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("가" * (MAX_QUERY_CHARS + 1), "too long"),
        ("영상\x00분석", "control"),
        ("abc\x1b[31m", "control"),
        ("깨진\ufffd문자", "binary"),
        (b"\xff\xfe", "bytes"),
        (None, "string"),
    ],
)
def test_bad_queries(index: LexicalIndex, query: object, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        index.search(query)  # type: ignore[arg-type]


def test_query_error_is_a_value_error() -> None:
    assert issubclass(QueryError, ValueError)


def test_limits_are_inclusive_and_whitespace_controls_allowed() -> None:
    assert check_query(" 영상\t분석\n") == "영상\t분석"
    assert len(check_query("가" * MAX_QUERY_CHARS)) == MAX_QUERY_CHARS


@pytest.mark.parametrize("top", [0, -1, 1001, 2.5, True])
def test_bad_top(index: LexicalIndex, top: object) -> None:
    with pytest.raises(QueryError, match="top"):
        index.search("영상", top=top)  # type: ignore[arg-type]


def test_query_without_known_terms_is_empty_not_error(index: LexicalIndex) -> None:
    assert index.search("!!! ???") == []
    assert index.search("완전히 다른 단어") == []
