"""People in the article: finding names, and reading "NAME ORG ROLE" mentions in any of their orders.

A name is a 2-4 syllable word that starts with a Korean surname, that Kiwi reads as a proper noun (or a
single noun), and that stands next to a title, role or "씨". Organisation and role come from the words
around it: the role is the title word at the end (with modifiers such as "제5기"), the organisation is
what is left; "한빛시장" and "다온종합사회복지관장" are split into body and title when no other word
names the organisation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bitgoeul.dialogue.extract.korean import Word
from bitgoeul.dialogue.extract.lexicon import (
    COMPOUND_SURNAMES,
    NOT_NAME_ENDINGS,
    NOT_NAMES,
    ORG_ENDINGS,
    ROLE_ENDINGS,
    ROLE_MODIFIERS,
    SURNAMES,
)

_HANGUL_NAME = re.compile(r"^[가-힣]{2,5}$")
_COHORT = re.compile(r"^제?\d+(?:기|회|년차|학년)$")
_DEPARTMENT = re.compile(r"^[가-힣A-Za-z]+(?:학과|학부|전공|과)$")
_PARENS = re.compile(r"^(?P<main>.*?)\((?P<inner>[^()]*)\)?$")
_STRIP = "“”\"‘’'「」『』,·"
_TRAILING_PARENS = re.compile(r"\([^()]*\)?$")
# "한빛시장" -> 한빛시 + 시장; "광주광역시장" -> 광주광역시 + 시장
_MAYOR = re.compile(r"^(?P<org>.+(?:특별자치시|광역시|특별시|시))장$")
_COUNCILLOR = re.compile(r"^(?P<org>.+?)(?P<level>시|도|구|군)의원$")
_DISTRICT_HEAD = re.compile(r"^(?P<org>.+)(?P<role>구청장|군수|도지사|교육감|면장|읍장|동장)$")
# "다온종합사회복지관장" -> 다온종합사회복지관 + 관장; "해솔관광협회장" -> 해솔관광협회 + 회장
_BODY_HEAD = re.compile(
    r"^(?P<org>.{2,}?(?P<unit>센터|복지관|협회|협의회|연구원|진흥원|사업단|재단|연구소|학교|상인회|관|단|회|소))장$"
)
# Heads' titles: a word right before one of them is a name even with a place-like ending.
# Heads of a township or neighbourhood ("새솔면장", "해울동장") count too: the title names one office.
HOST_TITLES = frozenset(
    {"시장", "군수", "구청장", "도지사", "지사", "교육감", "청장", "장관", "총리", "면장", "읍장", "동장"}
)
_ORG_SUFFIX_FOR_HEAD = {
    "구청장": "구",
    "군수": "군",
    "도지사": "도",
    "교육감": "교육청",
    "면장": "면",
    "읍장": "읍",
    "동장": "동",
}


def office_title(word: str) -> bool:
    """A head's title glued to the place it heads: "새솔면장", "해울군수", "다온구청장" (not "시장" alone)."""
    title = next((title for title in HOST_TITLES if word.endswith(title)), None)
    return title is not None and len(word) >= len(title) + 2


@dataclass(frozen=True)
class Mention:
    """One reading of a name with what stood around it; `start` is the name's offset."""

    name: str
    organisation: str | None
    role: str | None
    start: int
    end: int
    listed: bool = False


def strip_honorific(core: str) -> str:
    return core[:-1] if core.endswith("씨") and len(core) > 2 else core


def is_role(core: str) -> bool:
    """A title or role word ("대표", "사무처장", "AI인재양성사업단장", "광주시의원")."""
    bare = _TRAILING_PARENS.sub("", core.strip(_STRIP))
    return len(bare) >= 2 and bare.endswith(ROLE_ENDINGS)


def _surname_of(word: str) -> str | None:
    if word[:2] in COMPOUND_SURNAMES and len(word) >= 3:
        return word[:2]
    if word[:1] in SURNAMES:
        return word[:1]
    return None


def name_score(
    word: Word, *, honorific_next: bool = False, host_title_next: bool = False, office_next: bool = False
) -> float:
    """How much a word looks like a person's name; 0 when it cannot be one."""
    core = word.bare
    if re.fullmatch(r"[가-힣]{1,6} [가-힣]{1,6}", core):
        return 3.0  # a foreign name in two words, joined by `mentions.join_spaced_names` before a title
    honorific = core.endswith("씨") or honorific_next
    name = strip_honorific(core)
    if name.endswith("씨") or not _HANGUL_NAME.match(name) or name in NOT_NAMES or is_role(name):
        return 0.0
    surname = _surname_of(name)
    if surname is None or name in COMPOUND_SURNAMES:
        return 0.0
    given = len(name) - len(surname)
    if given not in (1, 2):
        return 0.0
    if name[-1] in NOT_NAME_ENDINGS and not honorific:
        # "조선대", "가람천" are places; but right before a head's title ("조용대 구청장") it is a name
        # when Kiwi reads the whole word as a proper noun.
        whole_proper = bool(word.morphs) and word.morphs[0].tag == "NNP" and word.morphs[0].end - word.start >= 3
        if not (host_title_next and given == 2 and whole_proper):
            return 0.0
    score = 1.0 if given == 2 else 0.0
    first = word.morphs[0] if word.morphs else None
    proper = 0.0
    if first is not None and first.start == word.start:
        span = first.end - first.start
        if first.tag == "NNP":
            proper = 2.0 if span >= 2 else 1.0
        elif first.tag == "NNG" and span >= len(name):
            proper = 1.0
    if given == 1 and proper < 2.0 and not honorific:
        # A two-syllable name needs Kiwi's proper-noun reading ("금형" is not a name), or the title of
        # one named office right after it ("김솔 새솔면장", "박윤 해울군수"): Kiwi often reads such a
        # name as a common noun, but a common noun does not stand before a place's own head ("주식
        # 시장" does; "주식 해울시장" does not).
        noun = first is not None and first.tag in {"NNP", "NNG"} and first.start == word.start
        if not (office_next and noun and len(word.morphs) <= 2):
            return 0.0
    score += proper
    if honorific:
        score += 2.0
    return score


def _split_role_tail(words: list[str]) -> tuple[list[str], str | None]:
    """Split words into (organisation words, role): the last role word plus the modifiers before it."""
    if not words or not is_role(words[-1]):
        return words, None
    start = len(words) - 1
    while start > 0 and (
        words[start - 1] in ROLE_MODIFIERS or _COHORT.match(words[start - 1]) or _DEPARTMENT.match(words[start - 1])
    ):
        start -= 1
    return words[:start], " ".join(words[start:])


def split_compound_role(role: str) -> tuple[str | None, str]:
    """Read the organisation out of a one-word title when it is there ("한빛시의원" -> 한빛시의회, 시의원)."""
    councillor = _COUNCILLOR.match(role)
    if councillor and len(councillor["org"]) >= 2:
        return councillor["org"] + councillor["level"] + "의회", councillor["level"] + "의원"
    mayor = _MAYOR.match(role)
    if mayor and len(mayor["org"]) >= 3 and role not in {"부시장"}:
        return mayor["org"], "시장"
    head = _DISTRICT_HEAD.match(role)
    if head and len(head["org"]) >= 1 and head["role"] in _ORG_SUFFIX_FOR_HEAD:
        suffix = _ORG_SUFFIX_FOR_HEAD[head["role"]]
        org = head["org"] if head["org"].endswith(suffix) else head["org"] + suffix
        return org, head["role"]
    body = _BODY_HEAD.match(role)
    if body and len(body["org"]) >= 4 and not role.endswith("위원장"):
        unit = body["unit"]
        title = unit + "장" if len(unit) >= 2 and unit in {"센터"} else unit[-1] + "장"
        return body["org"], title
    return None, role


def _is_org(text: str) -> bool:
    return text.strip(_STRIP).endswith(ORG_ENDINGS)


def _clean_org(words: Sequence[str]) -> str | None:
    kept = [word.strip(_STRIP) for word in words if word.strip(_STRIP) and word.strip(_STRIP) != "소속"]
    return " ".join(kept) or None


_NAME_THEN_NOTE = re.compile(r"^(?P<name>[가-힣]{2,5})\(")


def without_note(word: Word) -> Word:
    """The word with a parenthesised note after the name cut off: "이도윤씨(7번" -> "이도윤씨".

    Real reports write a person's role or neighbourhood in parentheses glued to the name
    ("도한결씨(7번 마을버스 기사)", "모정우(새솔1동)"); the note is not part of the name.
    """
    note = _NAME_THEN_NOTE.match(word.bare)
    if note is None:
        return word
    end = word.core.find(note["name"]) + len(note["name"])
    name_end = word.start + word.text.find(word.core) + end
    # Kiwi may read the note as a clause ("(푸른2동" -> 푸르 + ...): only the name's morphemes count.
    morphs = tuple(morph for morph in word.morphs if morph.end <= name_end)
    return replace(word, core=word.core[:end], particle="", predicate=False, morphs=morphs)


def pick_name(words: Sequence[Word]) -> int | None:
    """Index of the word most likely to be the person's name, or None."""
    best: tuple[float, int] | None = None
    words = [without_note(word) for word in words]
    for index, word in enumerate(words):
        following = words[index + 1].bare if index + 1 < len(words) else ""
        host_next = following.endswith(tuple(HOST_TITLES))
        score = name_score(
            word, honorific_next=following == "씨", host_title_next=host_next, office_next=office_title(following)
        )
        # Where names stand: first in "NAME ORG ROLE", or right before the title in "ORG NAME ROLE".
        if score and (index == 0 or is_role(following)):
            score += 1.0
        if score >= 2.0 and (best is None or score > best[0]):
            best = (score, index)
    return None if best is None else best[1]


def parse_mention(words: Sequence[Word], *, listed: bool = False) -> Mention | None:
    """Read name, organisation and role from the words of one mention ("최민서 다온종합사회복지관장")."""
    index = pick_name(words)
    if index is None:
        return None
    name_word = without_note(words[index])
    name = strip_honorific(name_word.bare)
    cores = [word.bare for word in words]
    left, right = cores[:index], cores[index + 1 :]
    if right and right[0] == "씨":
        right = right[1:]
    paren_org: str | None = None
    for position, text in enumerate(right):
        parens = _PARENS.match(text)
        if parens and parens["inner"]:
            right[position] = parens["main"]
            if _is_org(parens["inner"]):
                paren_org = parens["inner"]
    right = [text for text in right if text]
    org_right, role = _split_role_tail(right)
    org_left, pre_role = _split_role_tail(left)
    role = role or pre_role
    organisation = _clean_org(org_right) or _clean_org(org_left) or paren_org
    if role and organisation is None:
        organisation, role = split_compound_role(role)
    return Mention(
        name=name,
        organisation=organisation,
        role=role,
        start=name_word.start,
        end=name_word.start + len(name),
        listed=listed,
    )


def surname_title(words: Sequence[Word]) -> tuple[str, str | None] | None:
    """("김", "대표") for "김 대표", ("변", None) for "변씨": a back-reference to someone named before."""
    cores = [word.bare for word in words]
    if len(cores) == 1:
        core = cores[0]
        for surname in (core[:2], core[:1]):
            if surname and core == surname + "씨" and (surname in SURNAMES or surname in COMPOUND_SURNAMES):
                return surname, None
        return None
    if len(cores) == 2 and (cores[0] in SURNAMES or cores[0] in COMPOUND_SURNAMES):
        title = cores[1]
        if title == "씨":
            return cores[0], None
        if is_role(title):
            return cores[0], title
    return None
