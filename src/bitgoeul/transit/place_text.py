"""How well typed words name a place: folded text, Korean particles removed with Kiwi, word by word, and
small typos forgiven by edit distance over Hangul jamo (so one wrong vowel costs one, not a whole syllable).

Scores run from 0 to 1. The tiers a caller can rely on:
1.0 the whole name (or an alias) typed, however spaced or cased; 0.9-0.95 every typed word begins a word of
the name; 0.8 every typed word is inside a word of the name; below 0.8 only with typos.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from bitgoeul.transit.storage import fold

_CHUNK = re.compile(r"[^\s·\-_()\[\]/.,'’]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
EXACT, PREFIX, INSIDE = 1.0, 0.9, 0.8
TYPO = 0.78  # a typo-forgiven match never beats a clean one
SYNONYM = 0.97  # a word matched through its glossary translation counts a little less than the word itself


@lru_cache(maxsize=65536)
def _chunks(text: str) -> tuple[str, ...]:
    return tuple(f for f in (fold(c) for c in _CHUNK.findall(unicodedata.normalize("NFKC", text))) if f)


def chunks(text: str) -> list[str]:
    """Words as written (split on spaces and the punctuation names vary in), folded."""
    return list(_chunks(text))


@lru_cache(maxsize=4096)
def strip_particles(word: str) -> str:
    """'인천공항에서' -> '인천공항', '광주로' -> '광주': Kiwi's particles (J*) and endings (E*) at the end go."""
    if not _HANGUL.search(word):
        return word
    from bitgoeul.text import kiwi  # Kiwi loads in seconds: only when Korean is typed

    tokens = kiwi().tokenize(word)
    cut = len(word)
    for token in reversed(tokens):
        if token.tag.startswith(("J", "E")) or token.tag == "VCP":
            cut = token.start
            continue
        break
    return word[:cut] if cut > 0 else word


@cache
def synonyms() -> dict[str, tuple[str, ...]]:
    """One-word Korean <-> English pairs of the shared glossary (bitgoeul.text), both ways, folded."""
    from bitgoeul.text import DEFAULT_PAIRS

    out: dict[str, set[str]] = {}
    for ko, en in DEFAULT_PAIRS:
        if len(chunks(ko)) == 1 and len(chunks(en)) == 1:
            out.setdefault(fold(ko), set()).add(fold(en))
            out.setdefault(fold(en), set()).add(fold(ko))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def query_words(text: str) -> list[str]:
    return [w for w in (strip_particles(c) for c in chunks(text)) if w]


def jamo(text: str) -> str:
    """Hangul syllables as their letters (NFD), so '광쥬' and '광주' differ by one letter, not one syllable."""
    return unicodedata.normalize("NFD", text)


def prefix_distances(a: str, b: str, limit: int) -> list[int]:
    """Optimal-string-alignment edit distance (insert, delete, substitute, swap neighbours) from `a` to every
    beginning of `b` (`out[j]` is the distance to `b[:j]`), each capped at limit + 1. One table gives the
    whole word and its beginnings; only beginnings up to len(a) + limit can be within the limit, so longer
    names cost no more, and the search stops once a whole row is over the limit."""
    cap = limit + 1
    b = b[: len(a) + limit]
    previous2: list[int] = []
    previous = [min(j, cap) for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        current = [min(i, cap)] + [cap] * len(b)
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = min(value, cap)
        if min(current) >= cap:
            return [cap] * (len(b) + 1)
        previous2, previous = previous, current
    return previous


def distance(a: str, b: str, limit: int) -> int:
    """Edit distance from `a` to `b` (see prefix_distances), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    return prefix_distances(a, b, limit)[len(b)]


def allowed_typos(letters: int) -> int:
    """Typos forgiven for a word of this many letters (jamo for Korean): none under 4, then one per 5."""
    return 0 if letters < 4 else min(3, 1 + (letters - 4) // 5)


@lru_cache(maxsize=65536)  # the same stop-name words come back in every lookup
def typo_score(typed: str, word: str) -> float:
    """How close `typed` is to `word` or to its beginning, by jamo edit distance; 0 when too far."""
    a = jamo(typed)
    limit = allowed_typos(len(a))
    if limit == 0:
        return 0.0
    b = jamo(word)
    row = prefix_distances(a, b, limit)
    best = 0.0
    # The whole word, or its beginning about as long as what was typed (a typo in "인천공항" of a longer name).
    ends = [(len(b), 0.0)] if len(b) < len(row) else []
    ends += [(n, 0.05) for n in (len(a) - 1, len(a), len(a) + 1) if 0 < n < len(b) and n < len(row)]
    for n, penalty in ends:
        if row[n] <= limit:
            best = max(best, TYPO * (1 - row[n] / (len(a) + 1)) - penalty)
    return best


def word_score(typed: str, word: str) -> float:
    if typed == word:
        return EXACT
    if word.startswith(typed):
        return PREFIX
    if typed in word:
        return INSIDE
    return typo_score(typed, word)


@lru_cache(maxsize=65536)
def name_score(typed: str, name: str) -> float:
    """How well the typed text names `name` (0..1); see the module docstring for the tiers."""
    words = query_words(typed)
    whole = "".join(words)
    target = fold(name)
    if not whole or not target:
        return 0.0
    if whole == target or fold(typed) == target:
        return EXACT
    parts = chunks(name)
    per_word = []
    for w in words:
        own = max((word_score(w, p) for p in parts), default=0.0)
        # The glossary's one-word pairs stand in for each other ("AI 사관학교" finds "인공지능사관학교").
        other = max((word_score(x, p) for x in synonyms().get(w, ()) for p in parts), default=0.0)
        per_word.append(max(own, SYNONYM * other))
    best = 0.0
    if per_word and min(per_word) > 0:
        extra = max(len(parts) - len(words), 0)
        best = sum(per_word) / len(per_word) - 0.01 * extra  # "인천공항" fits "인천공항 T1" better than a longer name
    if target.startswith(whole):
        best = max(best, PREFIX - 0.01 * max(len(parts) - 1, 0))
    elif whole in target and len(whole) >= 2:
        best = max(best, INSIDE)
    else:
        best = max(best, typo_score(whole, target))
    return round(min(best, EXACT), 4)
