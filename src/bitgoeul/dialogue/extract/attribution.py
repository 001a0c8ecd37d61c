"""Who said each quote: the subject before it, the speaker named after it, or the one before it.

Order of evidence for one quote:
1. a subject (…은/는/이/가) between the sentence start (or the previous quote) and the quote;
2. the previous quote of the same sentence (“…”며 “…”고 말했다);
3. a speaker named after it (“…”라고 노 회장은 말했다; “…” 노 회장의 말이다; … 이렇게 말했다);
4. an explicit "no speaker" (“…”는 목소리도 나왔다);
5. the previous voice, when the quote opens its sentence with nothing or a connective (“이어”).
A subject is read as a person (full name, or surname + title resolved to someone named before),
a group ("기업 대표들"), an organisation ("가람환경운동연합") or an unnamed individual ("한 참석자").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bitgoeul.dialogue.extract.korean import Word
from bitgoeul.dialogue.extract.lexicon import (
    ANONYMOUS_DETERMINERS,
    ANONYMOUS_NOUNS,
    NOT_SUBJECTS,
    ORG_ENDINGS,
    PRONOUNS,
)
from bitgoeul.dialogue.extract.mentions import PersonRecord, verb_read_name
from bitgoeul.dialogue.extract.people import is_role, parse_mention, surname_title
from bitgoeul.dialogue.extract.quotes import QuoteSpan

_SUBJECT_PARTICLES = frozenset({"은", "는", "이", "가", "께서", "께서는", "도"})
_MAX_SUBJECT_WORDS = 6
_CONTINUATION = frozenset(
    ("이어", "또", "또한", "그러면서", "아울러", "덧붙여", "특히", "이와", "함께", "이에", "대해", "그리고", "다만")
)
_INVERTED = re.compile(
    r"^\s*(?:이?라고|고|이?라며|며)\s+(?P<np>[^“”\"「」.]{1,60}?)(?:은|는|이|가)\s+(?:\S+\s+){0,3}?"
    r"(?:말|밝|강조|전했|덧붙|설명|답|지적|주장|요청|요구|호소|토로|제안|약속|당부|털어|했|꼬집|목소리)"
)
_SAYS_NOUN = re.compile(
    r"(?P<np>[^“”\"「」.]{1,60}?)의\s*(?:말|설명|지적|얘기|이야기|전언|주장|당부|하소연|귀띔)(?:이다|이었다)"
)
_THUS_SAID = re.compile(
    r"(?:이렇게|이같이|이와\s?같이)\s*(?:말|밝|강조|설명|전|덧붙|토로|호소|지적|제안|요청|당부|건의|주문|답)"
)
_NOBODY = re.compile(
    r"^\s*(?:이?라는|는)\s*(?:목소리|의견|지적|하소연|호소|요구|건의|반응|말|주장|얘기|이야기|우려|비판|바람)"
    r"(?:도|가|이|들도|들이)?\s*(?:나왔|이어졌|잇따랐|쏟아졌|나오기도|제기|많았|있었|터져)"
)


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: `label` is a person's name, a group or organisation label, or None."""

    kind: str  # person | group | organisation | anonymous | none
    label: str | None
    organisation: str | None = None
    role: str | None = None


NOBODY = Speaker("none", None)


@dataclass(frozen=True)
class QuoteContext:
    """Where one quote sits: its sentence and paragraph, and the words of the body."""

    span: QuoteSpan
    sentence: tuple[int, int]
    next_sentence: tuple[int, int] | None
    paragraph: int


class Attributor:
    """Resolves speakers against the people found in the article."""

    def __init__(self, text: str, words: Sequence[Word], people: Sequence[PersonRecord]) -> None:
        self._text = text
        self._words = words
        self._people = {person.name: person for person in people}
        self._people_list = list(people)
        self._last_speaker: Speaker | None = None

    # --- public -----------------------------------------------------------------------------
    def attribute(self, quotes: Sequence[QuoteContext]) -> list[Speaker]:
        speakers: list[Speaker] = []
        for index, context in enumerate(quotes):
            previous = quotes[index - 1] if index else None
            previous_speaker = speakers[-1] if speakers else None
            same_paragraph = previous is not None and previous.paragraph == context.paragraph
            self._last_speaker = previous_speaker if same_paragraph else None
            speakers.append(self._one(context, previous, previous_speaker))
        return speakers

    # --- steps ------------------------------------------------------------------------------
    def _one(self, context: QuoteContext, previous: QuoteContext | None, previous_speaker: Speaker | None) -> Speaker:
        span = context.span
        same_sentence = previous is not None and previous.sentence == context.sentence
        segment_start = previous.span.close + 1 if same_sentence and previous else context.sentence[0]
        before = self._words_between(segment_start, span.open)
        subject = self._subject(before)
        if subject is not None:
            return self.resolve(subject, span.open)
        if same_sentence and previous_speaker is not None:
            return previous_speaker
        named_after = self._named_after(context)
        if named_after is not None:
            return named_after
        after = self._text[span.close + 1 : context.sentence[1]]
        if _NOBODY.match(after):
            return NOBODY
        adjacent = previous is not None and context.paragraph - previous.paragraph <= 1
        connective_only = all(word.bare in _CONTINUATION for word in before)
        if previous_speaker is not None and adjacent and connective_only:
            return previous_speaker
        return NOBODY

    def _words_between(self, start: int, end: int) -> list[Word]:
        return [word for word in self._words if word.start >= start and word.end <= end]

    def _subject(self, words: Sequence[Word]) -> list[Word] | None:
        """The noun phrase of the last subject-marked word, without modifiers ("참석한" etc.)."""
        for index in range(len(words) - 1, -1, -1):
            word = words[index]
            if word.particle not in _SUBJECT_PARTICLES or word.predicate or word.bare in NOT_SUBJECTS:
                continue
            if word.particle == "도" and not is_role(word.bare):
                continue
            phrase = [word]
            scan = index - 1
            while scan >= 0 and len(phrase) < _MAX_SUBJECT_WORDS:
                previous = words[scan]
                if previous.predicate and scan == index - 1 and verb_read_name(previous):
                    phrase.insert(0, previous)
                    scan -= 1
                    continue
                if previous.particle or previous.predicate or previous.comma_after:
                    break
                if previous.bare in NOT_SUBJECTS or previous.bare in _CONTINUATION:
                    break
                phrase.insert(0, previous)
                scan -= 1
            return phrase
        # No particle: "박승주씨 “…”" — a name right before the quote is the speaker.
        tail: list[Word] = []
        for word in reversed(words):
            if word.particle or word.predicate or word.comma_after or len(tail) >= _MAX_SUBJECT_WORDS:
                break
            tail.insert(0, word)
        if tail and (parse_mention(tail) is not None or surname_title(tail) is not None):
            return tail
        return None

    def _named_after(self, context: QuoteContext) -> Speaker | None:
        span = context.span
        after_start = span.close + 1
        after = self._text[after_start : context.sentence[1]]
        inverted = _INVERTED.match(after)
        if inverted:
            phrase = self._words_between(after_start + inverted.start("np"), after_start + inverted.end("np") + 2)
            subject = self._subject(phrase)
            if subject:
                return self.resolve(subject, span.open)
        following_start = after_start
        following_end = context.sentence[1]
        if not after.strip(" .") and context.next_sentence is not None:
            following_start, following_end = context.next_sentence
        following = self._text[following_start:following_end]
        says = _SAYS_NOUN.search(following)
        if says:
            phrase = self._words_between(following_start + says.start("np"), following_start + says.end("np") + 1)
            tail: list[Word] = []
            for word in reversed(phrase):
                if tail and (word.particle or word.predicate or word.comma_after):
                    break
                tail.insert(0, word)
            if tail:
                return self.resolve(tail, span.open)
        thus = _THUS_SAID.search(following)
        if thus:
            subject = self._subject(self._words_between(following_start, following_start + thus.start()))
            if subject:
                return self.resolve(subject, span.open)
        return None

    # --- resolution -------------------------------------------------------------------------
    def resolve(self, phrase: Sequence[Word], position: int) -> Speaker:
        """Read a subject phrase as a person, group, organisation or unnamed individual."""
        cores = [word.bare for word in phrase]
        if len(cores) == 1 and (cores[0] in PRONOUNS or cores[0] in {"그", "그녀"}):
            # "그는": the person who spoke last in this paragraph, else the last person named.
            if self._last_speaker is not None and self._last_speaker.kind == "person":
                return self._last_speaker
            return self._last_person_before(position)
        determiner = cores[0] in ANONYMOUS_DETERMINERS and len(cores) >= 2
        back_reference = surname_title(phrase)
        if back_reference is not None:
            person = self._by_surname(*back_reference, position)
            if person is not None:
                return self._person(person)
            if not determiner:
                return Speaker("anonymous", None)
        if determiner:
            organisation = " ".join(cores[1:-1]) or None
            return Speaker("anonymous", None, organisation)
        last = cores[-1]
        if last.endswith("들") and len(last) >= 2 and last not in self._people:
            # "신당동 골목형 상점가 상인들은": a group, even when a word in it could read as a name.
            return Speaker("group", " ".join(cores))
        mention = parse_mention(phrase)
        if mention is not None and mention.name in self._people:
            return self._person(self._people[mention.name])
        if mention is not None:
            return Speaker("person", mention.name, mention.organisation, mention.role)
        label = " ".join(cores)
        if last in ANONYMOUS_NOUNS or is_role(last):
            organisation = " ".join(cores[:-1]) or None
            return Speaker("anonymous", None, organisation)
        if _looks_like_organisation(last):
            return Speaker("organisation", label, label)
        return Speaker("anonymous", None)

    def _person(self, person: PersonRecord) -> Speaker:
        return Speaker("person", person.name, person.organisation, person.role)

    def _last_person_before(self, position: int) -> Speaker:
        best: tuple[int, PersonRecord] | None = None
        for person in self._people_list:
            before = [start for start in person.positions if start < position]
            if before and (best is None or max(before) > best[0]):
                best = (max(before), person)
        return self._person(best[1]) if best else NOBODY

    def _by_surname(self, surname: str, title: str | None, position: int) -> PersonRecord | None:
        candidates = [
            person
            for person in self._people_list
            if person.name.startswith(surname) and len(person.name) - len(surname) in (1, 2)
        ]
        if title is not None:
            candidates = [person for person in candidates if _title_matches(title, person)]
        if not candidates:
            return None

        def recency(person: PersonRecord) -> tuple[int, int]:
            before = [start for start in person.positions if start < position]
            return (1, max(before)) if before else (0, -person.first_position)

        return max(candidates, key=recency)


def _title_matches(title: str, person: PersonRecord) -> bool:
    roles = [*person.roles, *([person.role] if person.role else [])]
    return any(role == title or role.endswith(title) or title.endswith(role) for role in roles)


def _looks_like_organisation(core: str) -> bool:
    return core.endswith(ORG_ENDINGS) and len(core) >= 3
