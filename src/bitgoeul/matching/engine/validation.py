"""Checks on query text before any analysis, so bad input fails fast with a clear message."""

from __future__ import annotations

import unicodedata

from bitgoeul.matching.engine.documents import QueryError

MAX_QUERY_CHARS = 100_000
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def check_query(query: object) -> str:
    """Return the stripped query or raise `QueryError` (empty, too long, binary)."""
    if isinstance(query, bytes | bytearray | memoryview):
        raise QueryError("query must be text, not bytes", "검색어는 바이트가 아닌 문자열이어야 합니다")
    if not isinstance(query, str):
        raise QueryError("query must be a string", "검색어는 문자열이어야 합니다")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"query is too long ({len(query)} > {MAX_QUERY_CHARS} characters)",
                         f"검색어가 너무 깁니다 ({len(query)}자, 최대 {MAX_QUERY_CHARS}자)")
    for ch in query:
        if ch in _ALLOWED_CONTROLS:
            continue
        category = unicodedata.category(ch)
        # Cc: control characters (NUL, ESC, ...); Cs: lone surrogates from broken decoding.
        if category in ("Cc", "Cs") or ch == "\ufffd":
            raise QueryError(
                f"query contains a control or binary character (U+{ord(ch):04X})",
                f"검색어에 제어 문자 또는 이진 데이터가 있습니다 (U+{ord(ch):04X})",
            )
    text = query.strip()
    if not text:
        raise QueryError("query is empty", "검색어가 비어 있습니다")
    return text
