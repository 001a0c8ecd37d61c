"""Korean and English text analysis on Kiwi: index terms, sentences and the user dictionary.

One Kiwi instance per process (loading the model takes seconds); everything here is
thread-safe for reading, and `add_user_words` takes a lock because it changes the model.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kiwipiepy import Kiwi, Token

from bitgoeul.text.stopwords import STOPWORDS

_lock = threading.Lock()


@dataclass
class _Analyser:
    """The process's one Kiwi and what it was made with (module state, changed under `_lock`)."""

    kiwi: Kiwi | None = None
    workers: int = -1  # Kiwi's worker threads: -1 = one per core; 0 = none (see single_threaded)
    # Bumped whenever the user dictionary changes, so callers caching analysed text can tell.
    dictionary_version: int = 0


_state = _Analyser()

# Content tags kept for indexing: general/proper nouns, verb and adjective stems,
# roots, hanja. Foreign words (SL) and numbers (SN) are handled separately.
_CONTENT_TAGS = frozenset({"NNG", "NNP", "VV", "VA", "XR", "SH"})
# Tags that may follow a number as its unit or counter ("3곳", "1억원", "7개월").
_UNIT_TAGS = frozenset({"NR", "NNB"})
_WEB_TAGS = frozenset({"W_URL", "W_EMAIL", "W_HASHTAG", "W_MENTION"})
_ENGLISH_WORD = re.compile(r"[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*")


def kiwi() -> Kiwi:
    """Return the process-wide Kiwi, created on first use (all cores for batch calls, unless
    `single_threaded()` was called first)."""
    model = _state.kiwi
    if model is None:
        with _lock:
            if _state.kiwi is None:
                with warnings.catch_warnings():  # 0 used to mean "all cores"; Kiwi warns that it no longer does
                    warnings.simplefilter("ignore", DeprecationWarning)
                    _state.kiwi = Kiwi(num_workers=_state.workers)
            model = _state.kiwi
    return model


def single_threaded() -> None:
    """Create this process's Kiwi without worker threads (batch calls then analyse one text after another).

    For a process that will fork after loading Kiwi (`bitgoeul serve --workers N` loads it once in the
    supervisor and forks the workers, which share its ~0.5 GB): a fork copies only the calling thread, so a
    Kiwi thread pool made before it would be missing in the children and their batch calls would wait forever.
    """
    with _lock:
        if _state.kiwi is not None and _state.workers != 0:
            raise RuntimeError("Kiwi is already loaded with worker threads")
        _state.workers = 0


def dictionary_version() -> int:
    """A counter that changes whenever user words are added; part of any analysis cache key."""
    return _state.dictionary_version


def add_user_words(words: Iterable[tuple[str, str]]) -> int:
    """Register (word, tag) pairs, e.g. organisation, place or programme names as "NNP".

    Returns how many words were new. Clears the analysis cache, because earlier results
    may have split these names; indexes built before should be re-analysed.
    """
    model = kiwi()
    added = 0
    with _lock:
        for word, tag in words:
            word = word.strip()
            if not word or any(ch.isspace() for ch in word):
                # Kiwi user words are single tokens; multi-word names are matched per word.
                continue
            if model.add_user_word(word, tag or "NNP"):
                added += 1
        if added:
            _state.dictionary_version += 1
            _cached_terms.cache_clear()
    return added


def stem_english(word: str) -> str:
    """Very light English stemming: plural and possessive endings only.

    Kept deliberately weak so that terms stay readable in match explanations.
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ys")):
        return word[:-1]
    return word


def _english_terms(form: str) -> list[str]:
    out = []
    for match in _ENGLISH_WORD.finditer(form.lower()):
        word = match.group(0)
        if len(word) < 2 or word in STOPWORDS:
            continue
        out.append(stem_english(word))
    return out


def _number_term(tokens: Sequence[Token], i: int) -> tuple[str, int]:
    """Join a number with the unit or counter that follows it; return (term, next index)."""
    term = tokens[i].form.replace(",", "")
    end = tokens[i].start + tokens[i].len
    j = i + 1
    while j < len(tokens):
        nxt = tokens[j]
        adjacent = nxt.start == end
        # Counters Kiwi tags as nouns ("3곳") join only when written right after the number.
        short_unit = nxt.tag in {"SL", "SW"} and len(nxt.form) <= 3
        if nxt.tag in _UNIT_TAGS or (adjacent and (short_unit or (nxt.tag == "NNG" and len(nxt.form) == 1))):
            term += nxt.form.lower()
            end = nxt.start + nxt.len
            j += 1
            continue
        break
    return term, j


def terms_from_tokens(tokens: Sequence[Token]) -> list[str]:
    """Turn Kiwi tokens into index terms (see `index_terms`)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        tag = tok.tag
        if tag == "SN":
            term, i = _number_term(tokens, i)
            out.append(term)
            continue
        i += 1
        if tag == "SL" or tag in _WEB_TAGS:
            out.extend(_english_terms(tok.form))
        elif tag in _CONTENT_TAGS:
            # Irregular stems carry a '-R'/'-I' style marker in some Kiwi tags (e.g. VV-R).
            form = tok.form.lower() if tag == "SH" else tok.form
            if form not in STOPWORDS:
                out.append(form)
        elif tag.startswith(("VV-", "VA-")) and tok.form not in STOPWORDS:
            out.append(tok.form)
    return out


@lru_cache(maxsize=65536)
def _cached_terms(text: str) -> tuple[str, ...]:
    return tuple(terms_from_tokens(kiwi().tokenize(text)))


def clear_analysis_cache() -> None:
    """Forget cached analyses, e.g. so a benchmark times Kiwi on every query."""
    _cached_terms.cache_clear()


def index_terms(text: str) -> list[str]:
    """Morphemes for indexing, in text order, duplicates kept (BM25 counts them).

    Nouns (NNG/NNP), verb/adjective stems, roots, hanja; foreign words lower-cased and
    lightly stemmed; numbers joined with their unit or counter ("7개월", "1억원", "30%");
    stopwords dropped. Short texts are cached (queries repeat).
    """
    if not text or text.isspace():
        return []
    if len(text) <= 2000:
        return list(_cached_terms(text))
    return terms_from_tokens(kiwi().tokenize(text))


def index_terms_many(texts: Iterable[str]) -> Iterator[list[str]]:
    """Analyse many texts using all cores (Kiwi's batch mode); same output as `index_terms`."""
    if _state.workers == 0:  # a single-threaded Kiwi has no batch mode
        for text in texts:
            yield terms_from_tokens(kiwi().tokenize(text))
        return
    for tokens in kiwi().tokenize(iter(texts)):
        yield terms_from_tokens(tokens)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences; a newline always ends a sentence, quotes stay whole.

    Kiwi keeps a quoted sentence ('그는 "좋아요. 내일 봐요." 라고 했다.') together; we add the
    newline rule because list items and titles rarely end with punctuation.
    """
    sentences: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        for sent in kiwi().split_into_sents(line):
            piece = sent.text.strip()
            if piece:
                sentences.append(piece)
    return sentences
