"""Direct quotes: find “…”, "…" and 「…」 spans and keep the ones that are speech, not emphasis.

Korean press also puts names, slogans and topics in quotation marks (‘교류와 교통’, “월요대화”);
single quotes are always read as emphasis, and a double-quoted span counts as speech when it ends
like a sentence, is followed by a quotative ending (“…”며, “…”라고, “…”고 말했다), or stands alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CURLY = re.compile(r"“([^“”]*)”")
_CORNER = re.compile(r"「([^「」]*)」")
# A curly opening closed by a straight mark (or the reverse): a slip real pages make.
_MIXED = (re.compile(r"“([^“”\"]*)\""), re.compile(r"\"([^“”\"]*)”"))
# What follows the closing mark when the quote is reported speech.
_QUOTATIVE_AFTER = re.compile(
    r"^(?:이?라(?:고|며|면서|는\s*(?:말|뜻|취지|입장|의견|당부|바람|요청|지적|주장))|고(?=[\s,.]|$)|며|면서|"
    r"하며|하고|라|란|고요|는\s*(?:목소리|지적|의견|주장|입장|말|요청|호소|당부|제안|바람|설명|답변|반응|"
    r"우려|비판|하소연|건의|요구|데)|등의?\s*(?:의견|목소리|말|요청|제안)|"
    r"(?:을|를)\s*(?:요청|제안|당부|주문|촉구|건의|강조|약속|요구|부탁)|라고?\s*했)"
)
_SENTENCE_END = re.compile(
    r"(?:다|요|까|죠|자|네|니다|군요|세요|어요|아요|습니다|ㅂ니다|지요|달라|하라|주라)\s*[.!?…~]*\s*$"
)
_MIN_LENGTH = 4


@dataclass(frozen=True)
class QuoteSpan:
    """A quotation-mark span: `start`/`end` bound the inner text, `open`/`close` the marks."""

    open: int
    start: int
    end: int
    close: int
    text: str


def _straight_pairs(paragraph: str, skip: set[int] | frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    marks = [index for index, char in enumerate(paragraph) if char == '"' and index not in skip]
    return [(marks[i], marks[i + 1]) for i in range(0, len(marks) - 1, 2)]


def _matched(match: re.Match[str], offset: int) -> QuoteSpan:
    """The span of a quote pattern's match: the marks are the match's ends, the text its first group."""
    return QuoteSpan(
        offset + match.start(), offset + match.start(1), offset + match.end(1), offset + match.end() - 1, match.group(1)
    )


def find_quote_spans(paragraph: str, offset: int) -> list[QuoteSpan]:
    """Every double-quote or corner-bracket span in one paragraph, in order, absolute offsets."""
    spans: list[QuoteSpan] = []
    for pattern in (_CURLY, _CORNER):
        for match in pattern.finditer(paragraph):
            spans.append(_matched(match, offset))
    covered = [(span.open - offset, span.close - offset) for span in spans]
    mixed: list[tuple[int, int]] = []
    for pattern in _MIXED:
        for match in pattern.finditer(paragraph):
            if not any(first <= match.start() <= last for first, last in covered):
                mixed.append((match.start(), match.end() - 1))
                spans.append(_matched(match, offset))
    used = {mark for pair in mixed for mark in pair}
    for first, second in _straight_pairs(paragraph, skip=used):
        spans.append(
            QuoteSpan(
                offset + first, offset + first + 1, offset + second, offset + second, paragraph[first + 1 : second]
            )
        )
    spans.sort(key=lambda span: span.open)
    # Drop spans nested in an earlier one (a straight quote inside curly quotes).
    kept: list[QuoteSpan] = []
    for span in spans:
        if kept and span.open < kept[-1].close:
            continue
        kept.append(span)
    return kept


def is_speech(span: QuoteSpan, text: str, paragraph_start: int, paragraph_end: int) -> bool:
    """Whether a quoted span is reported speech (a voice) rather than a name, title or emphasis."""
    inner = span.text.strip()
    if len(inner) < _MIN_LENGTH or not re.search(r"[가-힣]", inner):
        return False
    after = text[span.close + 1 : min(paragraph_end, span.close + 30)]
    before = text[paragraph_start : span.open].strip()
    ends_like_sentence = bool(_SENTENCE_END.search(inner))
    if _QUOTATIVE_AFTER.match(after):
        # "“AI 도시”라는 비전" is a name; "“…하겠다”라는 입장" is speech.
        return ends_like_sentence or not after.startswith(("라는", "이라는", "는", "란", "라 "))
    stripped_after = after.lstrip()
    if not stripped_after or stripped_after[0] in ".":
        return ends_like_sentence or not before
    # A quote that opens a sentence and is followed by a new sentence: "“…습니다.” 노 회장의 말이다."
    return bool(ends_like_sentence and re.search(r"[.!?]\s*$", inner) and after[:1].isspace())
