"""The sentence each extracted fact came from, for the review page (issue 15): an operator checks a
speaker or a participant against the words of the article and corrects it in the form beside it."""

from __future__ import annotations

import re

_END = re.compile(r"[.!?][\"”’']?(?=\s|$)")
_LIMIT = 400


def sentence_around(text: str, start: int | None, end: int | None) -> str | None:
    """The whole sentence holding text[start:end] (a quote runs inside its sentence), within its paragraph."""
    if start is None or end is None or not (0 <= start <= end <= len(text)):
        return None
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", end)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    opening = max(paragraph_start, start - 1)
    before = [m.end() for m in _END.finditer(text, paragraph_start, opening)]
    sentence_start = before[-1] if before else paragraph_start
    sentence_end = paragraph_end
    for after in _END.finditer(text, min(end + 1, paragraph_end), paragraph_end):
        if _balanced(text[sentence_start : after.start()]):
            sentence_end = after.end()  # a full stop inside a quotation does not end the sentence
            break
    sentence = text[sentence_start:sentence_end].strip()
    if len(sentence) > _LIMIT:
        sentence = sentence[:_LIMIT].rstrip() + "…"
    return sentence or None


def _balanced(part: str) -> bool:
    return part.count("“") <= part.count("”") and part.count('"') % 2 == 0


def mention_of(text: str, name: str | None) -> str | None:
    """The sentence where a participant is first named in the article, if the name is in it."""
    if not name:
        return None
    found = text.find(name)
    if found < 0:
        return None
    return sentence_around(text, found, found + len(name))
