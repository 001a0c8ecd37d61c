"""Session facts stated in running text: number ("제38회", "38번째"), date, place, topic and field."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from bitgoeul.dialogue.extract.dates import SESSION_DATE, resolve_session_date
from bitgoeul.dialogue.extract.korean import Word

_DIALOGUE = r"(?:월요대화|대화|간담회|토론회|타운홀\s?미팅|좌담회|만남|소통회|소통의\s?날)"
_HELD = re.compile(
    r"열었|열린|열고|열어|연다|열며|개최|가졌|가진|갖고|갖는|진행|만났|만나|마련|참석|참여|찾아|찾은|방문|운영|나섰|나선"
)
# Any gathering the article reports on: the dialogue words plus what real articles call theirs.
_EVENT = (
    r"(?:월요대화|대화|간담회|토론회|타운홀\s?미팅|좌담회|만남|소통회|소통의\s?날|행사|토크\s?콘서트|토크쇼|톡톡|"
    r"콘서트|회의|오찬|모임|설명회|포럼|미팅|군수실|구청장실|시장실|집무실|대회)"
)
_NUMBER = re.compile(
    r"(?:제\s?)?(?P<number>\d{1,4})\s?(?:회차|회|차|번째)(?:째)?\s*(?:[^\s.]{1,20}\s+){0,3}?['‘\"“]?[^\s.]{0,16}?"
    + _EVENT
)
_DIALOGUE_WORD = re.compile(_EVENT)
# "제3회 농사청을 운영했다": a numbered event of any name, held in the same sentence.
_NUMBERED_HELD = re.compile(
    r"제\s?(?P<number>\d{1,4})\s?회(?!\s?째)\s*[^.]{0,60}?(?:을|를)\s*(?:개최|운영|열었|열고|진행|가졌|마련)"
)
_NATIVE_UNITS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9}
_NATIVE_TENS = {"열": 10, "스무": 20, "스물": 20, "서른": 30, "마흔": 40, "쉰": 50, "예순": 60, "일흔": 70, "여든": 80}
_NATIVE = (
    r"(?P<native>첫|(?:열|스무|스물|서른|마흔|쉰|예순|일흔|여든)?\s?(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉)|"
    r"열|스무|서른|마흔|쉰|예순|일흔|여든)"
)
# "두 번째 행사", "서른여덟 번째 월요대화": a native Korean ordinal before the event word.
_NATIVE_NUMBER = re.compile(
    r"(?<![가-힣])" + _NATIVE + r"\s?번째(?:로)?\s*(?:[^\s.]{1,24}\s+){0,3}?['‘\"“]?[^\s.]{0,24}?" + _EVENT
)
# "이번이 8회째", "올해 3번째": the ordinal of the session the sentence is about.
_THIS_TIME = re.compile(r"(?:이번이|이번에|올해|올해로|올들어)\s*(?:제\s?)?(?P<number>\d{1,4})\s?(?:회째|번째|회|차)")
# A number that belongs to another, earlier event ("지난해 1월 첫 번째 도민회의").
_EARLIER = re.compile(r"(?:지난해|지난달|작년|앞서)\s*(?:\d{1,2}월\s*)?$")
# A date that is the report's, not the session's: "27일 밝혔다", "10일 전북도에 따르면", "30일 “…”고 밝혔다".
_REPORT_DATE_AFTER = re.compile(r"^\s*(?:밝혔|전했|알렸|발표|[가-힣]{1,8}에\s*따르면|[“\"])")
# A date of something else the sentence mentions: "지난달 12일 구청장 취임 후", "12월 2일 발족된".
_OTHER_EVENT_AFTER = re.compile(r"^[^,.“\"]{0,16}?(?:취임|발족|출범|창립|개관|준공|개소)")
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


def native_number(words: str) -> int | None:
    """"서른여덟" -> 38, "두" -> 2, "첫" -> 1: native Korean numerals as ordinals use them."""
    words = words.replace(" ", "")
    if words == "첫":
        return 1
    value = 0
    for tens, amount in _NATIVE_TENS.items():
        if words.startswith(tens):
            value, words = amount, words[len(tens) :]
            break
    if words:
        if words not in _NATIVE_UNITS:
            return None
        value += _NATIVE_UNITS[words]
    return value or None


def _numbers_in(text: str) -> list[tuple[int, int]]:
    """(position, number) of every session ordinal in the text, not counting earlier events'."""
    found: list[tuple[int, int]] = []
    for match in _NUMBER.finditer(text):
        found.append((match.start(), int(match["number"])))
    for match in _NATIVE_NUMBER.finditer(text):
        value = native_number(match["native"])
        if value:
            found.append((match.start(), value))
    for match in _NUMBERED_HELD.finditer(text):
        found.append((match.start(), int(match["number"])))
    for match in _THIS_TIME.finditer(text):
        sentence_start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
        sentence_end = text.find(".", match.end())
        sentence = text[sentence_start : sentence_end if sentence_end >= 0 else len(text)]
        if _DIALOGUE_WORD.search(sentence):
            found.append((match.start(), int(match["number"])))
    kept = [(start, value) for start, value in found if not _EARLIER.search(text[max(0, start - 12) : start])]
    return sorted(kept)


def find_number(text: str, evidence: Sequence[str] = ()) -> int | None:
    """The session number from the body, else from the headline, subtitle or a caption."""
    for source in (text, *evidence):
        found = _numbers_in(source)
        if found:
            return found[0][1]
    return None


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
        event = _DIALOGUE_WORD.search(sentence)
        numbered = _NUMBER.search(sentence) or _NUMBERED_HELD.search(sentence)
        if numbered or (event and (_HELD.search(sentence) or SESSION_DATE.search(sentence))):
            found.append((start, end))
    with_neighbours: list[tuple[int, int]] = []
    for span in found:
        index = sentences.index(span)
        for neighbour in (span, *sentences[max(0, index - 1) : index], *sentences[index + 1 : index + 2]):
            if neighbour not in with_neighbours:
                with_neighbours.append(neighbour)
    return with_neighbours


def find_date(
    text: str, candidates: Sequence[tuple[int, int]], published: date | None, evidence: Sequence[str] = ()
) -> date | None:
    """The first date stated in a session sentence, resolved against the publication date.

    Dates of the report ("…고 27일 밝혔다", "10일 도에 따르면") are skipped: the session's date is
    wanted. When the body states none, the headline, subtitle and photo captions are read the same way.
    """
    for start, end in candidates:
        found = _first_session_date(text, start, end, published)
        if found is not None:
            return found
    for line in evidence:
        if _DIALOGUE_WORD.search(line):
            found = _first_session_date(line, 0, len(line), published)
            if found is not None:
                return found
    return None


def _first_session_date(text: str, start: int, end: int, published: date | None) -> date | None:
    for match in SESSION_DATE.finditer(text, start, end):
        after = text[match.end() : match.end() + 24]
        if match.group("day") and _REPORT_DATE_AFTER.match(after):
            continue
        if _OTHER_EVENT_AFTER.match(after):
            continue
        if match.group("today") and _in_quote(text, start, match.start()):
            continue  # "오늘 간담회에서…" in someone's words is not the report's anchor
        if match.group("today"):
            # "이날" points back to the last date the text stated before it, when there is one.
            earlier = _last_date_before(text, match.start(), published)
            if earlier is not None:
                return earlier
        resolved = resolve_session_date(match, published)
        if resolved is not None:
            return resolved
    return None


def _in_quote(text: str, start: int, position: int) -> bool:
    before = text[start:position]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _last_date_before(text: str, position: int, published: date | None) -> date | None:
    found: date | None = None
    for match in SESSION_DATE.finditer(text, 0, position):
        if match.group("today") or match.group("yesterday"):
            continue
        after = text[match.end() : match.end() + 24]
        if (match.group("day") and _REPORT_DATE_AFTER.match(after)) or _OTHER_EVENT_AFTER.match(after):
            continue
        resolved = resolve_session_date(match, published)
        if resolved is not None:
            found = resolved
    return found


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
