"""Kiwi analysis of the article body: sentences, and eojeols (words) with their particles split off.

The extractor keeps its own Kiwi instance so its results do not shift when the platform adds user
words to the shared analyser; loading takes a few seconds once per process.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from kiwipiepy import Kiwi

_lock = threading.Lock()
_kiwis: list[Kiwi] = []  # the extractor's one Kiwi, once made

# Particles (and the punctuation that sticks to words) stripped to get a word's core.
_PARTICLE_TAGS = frozenset({"JKS", "JKC", "JKG", "JKO", "JKB", "JKV", "JKQ", "JX", "JC"})
# SW (other symbols) is kept: "인트플로우㈜" keeps its ㈜.
_PUNCT_TAGS = frozenset({"SF", "SP", "SS", "SSO", "SSC", "SE", "SO"})
# Endings make a word a predicate or modifier clause, not part of a noun phrase. A verb stem alone
# does not: Kiwi reads some place names as verbs ("누리시" -> 누리 + 시), but never with an ending.
_PREDICATE_TAGS = frozenset({"EF", "EC", "ETM", "ETN"})
_QUOTE_CHARS = "“”\"‘’'「」『』"


def kiwi() -> Kiwi:
    """The extractor's Kiwi, created on first use."""
    if not _kiwis:
        with _lock:
            if not _kiwis:
                _kiwis.append(Kiwi())
    return _kiwis[0]


@dataclass(frozen=True)
class Morph:
    form: str
    tag: str
    start: int
    end: int


@dataclass(frozen=True)
class Word:
    """One eojeol: `core` is the text without trailing particles/punctuation, `particle` what was cut."""

    text: str
    start: int
    end: int
    core: str
    particle: str
    predicate: bool  # contains a verb, adjective, copula or ending: a clause, not a name or title
    morphs: tuple[Morph, ...]
    comma_after: bool

    @property
    def bare(self) -> str:
        """The core without quotation marks ("'카페" -> "카페")."""
        return self.core.strip(_QUOTE_CHARS)


def sentence_spans(paragraph: str, offset: int) -> list[tuple[int, int]]:
    """Kiwi sentence boundaries in one paragraph, as absolute (start, end) offsets."""
    spans = [(offset + sentence.start, offset + sentence.end) for sentence in kiwi().split_into_sents(paragraph)]
    return spans or [(offset, offset + len(paragraph))]


def analyse_words(text: str) -> list[Word]:
    """Every eojeol of the text with its Kiwi morphemes; offsets are into `text`."""
    tokens = kiwi().tokenize(text)
    morphs = [Morph(token.form, token.tag, token.start, token.start + token.len) for token in tokens]
    words: list[Word] = []
    position = 0
    index = 0
    length = len(text)
    while position < length:
        while position < length and text[position].isspace():
            position += 1
        if position >= length:
            break
        end = position
        while end < length and not text[end].isspace():
            end += 1
        while index < len(morphs) and morphs[index].start < position:
            index += 1
        inside = []
        scan = index
        while scan < len(morphs) and morphs[scan].start < end:
            inside.append(morphs[scan])
            scan += 1
        words.append(_make_word(text, position, end, tuple(inside)))
        position = end
    return words


def _make_word(text: str, start: int, end: int, morphs: tuple[Morph, ...]) -> Word:
    raw = text[start:end]
    cut = len(morphs)
    while cut > 0 and (morphs[cut - 1].tag in _PARTICLE_TAGS or morphs[cut - 1].tag in _PUNCT_TAGS):
        if cut >= 2 and _carved(morphs[cut - 1], morphs[cut - 2]):
            break  # carved out of the syllable before it ("한유진" -> 한유지 + ㄴ): part of the word
        cut -= 1
    core_end = morphs[cut - 1].end if cut else end
    core_end = max(start, min(core_end, end))
    core = text[start:core_end]
    particle = "".join(m.form for m in morphs[cut:] if m.tag in _PARTICLE_TAGS)
    if not core.strip(_QUOTE_CHARS + ".,"):
        # A word Kiwi read as all particles ("도" as a surname in "도 시장은") keeps its text.
        core, particle = raw.rstrip(".,"), ""
    core = core.rstrip(".,;:!?")
    predicate = _has_predicate(morphs[:cut])
    return Word(
        text=raw,
        start=start,
        end=end,
        core=core,
        particle=particle,
        predicate=predicate,
        morphs=morphs,
        comma_after=raw.rstrip(_QUOTE_CHARS).endswith(","),
    )


def _has_predicate(morphs: tuple[Morph, ...]) -> bool:
    """A verb or ending of its own; Kiwi sometimes carves an ending out of a name's last syllable
    ("한유진" -> 한유지 + ㄴ), and such a morpheme overlaps the one before it, so it does not count."""
    for index, morph in enumerate(morphs):
        if morph.tag not in _PREDICATE_TAGS:
            continue
        if index and _carved(morph, morphs[index - 1]):
            continue
        return True
    return False


def _carved(morph: Morph, previous: Morph) -> bool:
    """Whether Kiwi cut this morpheme out of the last syllable of the noun before it."""
    return morph.start < previous.end and previous.tag in {"NNP", "NNG"}
