"""Whole words as written: the phrases of a text that hold given index terms, for explanations people read.

Index terms are morphemes ("찾" from 찾아, "분석" from 영상분석, "system" from systems); shown to a
person they read as fragments. `surface_phrases` finds where the terms occur in the original text
and returns the words as written there, joining neighbouring matches into one phrase ("영상 분석").
A word is the run of the text between spaces and punctuation, without its particles ("영상분석을" ->
영상분석, "병해로" -> 병해), so a term Kiwi cut out of a longer word shows as that whole word. Only
words holding a matched noun, foreign word, hanja or number are shown: a match on a verb or
adjective stem ("찾", "알리") is weak evidence and would show an inflected form.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache

from kiwipiepy import Token

from bitgoeul.text.analyse import _english_terms, _number_term, dictionary_version, kiwi

_SHOWN = frozenset({"NNG", "NNP", "SH"})
# Tokens that end a word: punctuation and brackets. Particles (J*) and the copula end the shown part.
_BOUNDARY = frozenset({"SF", "SP", "SSO", "SSC", "SE", "SO"})


CACHE_SIZE = 4096  # analysed texts kept per process (a few MiB at a search passage's length)


@lru_cache(maxsize=CACHE_SIZE)
def _tokens(text: str, _version: int) -> tuple[Token, ...]:
    return tuple(kiwi().tokenize(text))


def prime(texts: Iterable[str]) -> int:
    """Analyse texts now, so explaining a hit on them later costs no Kiwi call; returns how many were new.

    A search page explains each hit by its passage's whole words, and analysing a passage costs
    milliseconds: 20 new hits made a new query's page several times slower than a repeated one's. A web
    worker primes the passages it may show before its first visitor (at most CACHE_SIZE of them).
    """
    version = dictionary_version()
    before = _tokens.cache_info().misses
    for text in itertools.islice(texts, CACHE_SIZE):
        if text:
            _tokens(text, version)
    return _tokens.cache_info().misses - before


def _segments(text: str, tokens: Sequence[Token]) -> list[list[int]]:
    """Token indexes of each word: runs of tokens not separated by whitespace or punctuation."""
    words: list[list[int]] = []
    end = -1
    for i, tok in enumerate(tokens):
        if tok.tag in _BOUNDARY:
            end = -1
            continue
        if end < 0 or (tok.start > end and text[end:tok.start].strip() == ""):
            words.append([i])
        else:
            words[-1].append(i)
        end = max(end, tok.start + tok.len)
    return words


def _matches(tokens: Sequence[Token], i: int, wanted: Collection[str]) -> bool:
    tok = tokens[i]
    if tok.tag == "SN":
        return _number_term(tokens, i)[0] in wanted
    if tok.tag == "SL":
        return any(t in wanted for t in _english_terms(tok.form))
    if tok.tag in _SHOWN:
        return (tok.form.lower() if tok.tag == "SH" else tok.form) in wanted
    return False  # verb and adjective stems, suffixes, endings: never the evidence shown


def _ends_shown_part(word: Sequence[Token], k: int) -> bool:
    """Particles and the copula end the shown word (농가를 -> 농가); so does a verb-making suffix (확인하고 ->
    확인), unless only one syllable would be left: Kiwi reads 병해 as 병 + 하, and 병 alone is a fragment."""
    tok = word[k]
    if tok.tag.startswith("J") or tok.tag in ("VCP", "VCN"):
        return True
    return tok.tag in ("XSV", "XSA") and tok.start - word[0].start > 1


def _spans(text: str, wanted: Collection[str]) -> list[tuple[int, int]]:
    """(start, end) of each whole word holding a wanted noun, foreign word or number, particles cut off."""
    tokens: Sequence[Token] = _tokens(text, dictionary_version())
    spans: list[tuple[int, int]] = []
    for word in _segments(text, tokens):
        toks = [tokens[i] for i in word]
        cut = next((k for k in range(1, len(word)) if _ends_shown_part(toks, k)), len(word))
        kept = word[:cut]
        if any(_matches(tokens, i, wanted) for i in kept):
            spans.append((tokens[kept[0]].start, max(tokens[i].start + tokens[i].len for i in kept)))
    return spans


def surface_phrases(text: str, terms: Collection[str], limit: int = 8) -> list[str]:
    """Phrases of `text` made of tokens whose index term is in `terms`, as written, first occurrence first.

    Matches separated only by spaces (not by a line break or punctuation) and written in the same script
    form one phrase ("영상 분석", "computer vision", but not "헬스케어 Health").
    A phrase already shown, alone or inside an earlier phrase (ignoring case), is dropped; at most `limit`.
    """
    wanted = frozenset(terms)
    if not text or not wanted:
        return []
    merged: list[list[int]] = []
    for start, end in _spans(text, wanted):
        same_script = bool(merged) and has_hangul(text[merged[-1][0]:merged[-1][1]]) == has_hangul(text[start:end])
        if merged and same_script and text[merged[-1][1]:start].strip(" ") == "":
            merged[-1][1] = end
        else:
            merged.append([start, end])
    out: list[str] = []
    for start, end in merged:
        phrase = text[start:end]
        if any(phrase.lower() in kept.lower() for kept in out):
            continue  # already shown (alone or inside a longer phrase)
        out.append(phrase)
        if len(out) >= limit:
            break
    return out


def has_hangul(text: str) -> bool:
    """Whether the text holds a Hangul syllable or letter (a Korean word, for choosing the reader's words)."""
    return any("\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e" for ch in text)
