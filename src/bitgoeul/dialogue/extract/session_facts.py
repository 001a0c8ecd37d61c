"""Session facts stated in running text: number ("제38회", "38번째"), date, place, topic and field."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from bitgoeul.dialogue.extract.dates import SESSION_DATE, resolve_session_date
from bitgoeul.dialogue.extract.korean import Word

_DIALOGUE = r"(?:월요대화|대화|간담회|토론회|타운홀\s?미팅|좌담회|만남|소통회|소통의\s?날)"
_NUMBER = re.compile(
    r"(?:제\s?)?(?P<number>\d{1,4})\s?(?:회차|회|차|번째)(?:째)?\s*(?:[^\s.]{1,20}\s+){0,3}?['‘\"“]?[^\s.]{0,16}?"
    + _DIALOGUE
)
_HELD = re.compile(r"열었|열린|열고|열어|개최|가졌|가진|진행|만났|마련")
_DIALOGUE_WORD = re.compile(_DIALOGUE)
_TOPIC_PATTERNS = (
    re.compile(
        r"[‘'\"“「]([^’'\"”」\n]{2,80})[’'\"”」]\s*(?:을|를|이라는|라는|란)?\s*(?:주제|테마|슬로건)(?:로|로는|를|아래)"
    ),
    re.compile(r"주제(?:는|로는|가)\s*[‘'\"“「]([^’'\"”」\n]{2,80})[’'\"”」]"),
    re.compile(r"(?:^|[\s,])([^\s,.'\"‘“]+(?:\s[^\s,.'\"‘“]+){0,5}?)(?:을|를)\s*주제로"),
)
FIELD_NAMES = {
    "시민사회·환경": "civil_society_environment",
    "복지": "welfare",
    "여성·교육·청년": "women_education_youth",
    "문화·체육": "culture_sports",
    "제조업·산업계": "manufacturing_industry",
    "노동·인권": "labour_human_rights",
    "경제·골목상권": "economy_local_business",
    "도시·관광": "urban_tourism",
}
_FIELD = re.compile(r"['‘]?(" + "|".join(re.escape(name) for name in FIELD_NAMES) + r")['’]?\s*분야")
_TIME_WORD = re.compile(
    r"^(?:오전|오후|저녁|아침|낮|밤|이날|당일|지난|지난달|오는|지난해|올해|"
    r"\d+(?:일|시|분|월|년)(?:\(.\))?|\d{1,2}:\d{2}|\(.\))$"
)
_PLACE_PARTICLES = ("에서", "에서는", "에서도")


def find_number(text: str) -> int | None:
    match = _NUMBER.search(text)
    return int(match["number"]) if match else None


def find_topic(text: str) -> str | None:
    for pattern in _TOPIC_PATTERNS:
        match = pattern.search(text)
        if match:
            return match.group(1).strip()
    return None


def find_field(text: str) -> str | None:
    match = _FIELD.search(text)
    return FIELD_NAMES[match.group(1)] if match else None


def session_sentences(text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences that report the session being held, in order, each followed by its neighbours.

    Neighbours count because articles often say where and when in the sentence before the one that
    names the session ("…이 14일 쉼터에서 노동자들을 만났다. 제7차 월요대화로 마련된 …").
    """
    found: list[tuple[int, int]] = []
    for start, end in sentences:
        sentence = text[start:end]
        if _NUMBER.search(sentence) or (_DIALOGUE_WORD.search(sentence) and _HELD.search(sentence)):
            found.append((start, end))
    with_neighbours: list[tuple[int, int]] = []
    for span in found:
        index = sentences.index(span)
        for neighbour in (span, *sentences[max(0, index - 1) : index], *sentences[index + 1 : index + 2]):
            if neighbour not in with_neighbours:
                with_neighbours.append(neighbour)
    return with_neighbours


def find_date(text: str, candidates: Sequence[tuple[int, int]], published: date | None) -> date | None:
    """The first date stated in a session sentence, resolved against the publication date."""
    for start, end in candidates:
        for match in SESSION_DATE.finditer(text, start, end):
            resolved = resolve_session_date(match, published)
            if resolved is not None:
                return resolved
    return None


def find_place(words: Sequence[Word], candidates: Sequence[tuple[int, int]]) -> str | None:
    """The noun phrase before "에서" in the first session sentence that has one."""
    for start, end in candidates:
        inside = [word for word in words if start <= word.start and word.end <= end]
        for index, word in enumerate(inside):
            if word.particle not in _PLACE_PARTICLES or word.predicate:
                continue
            phrase = [word.bare]
            scan = index - 1
            while scan >= 0 and len(phrase) < 7:
                previous = inside[scan]
                if previous.particle or previous.predicate or previous.comma_after:
                    break
                if _TIME_WORD.match(previous.bare) or previous.bare.endswith(")"):
                    break
                phrase.insert(0, previous.bare)
                scan -= 1
            place = " ".join(part for part in phrase if part)
            if place:
                return place
    return None
