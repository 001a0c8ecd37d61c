"""Why a record matched, as data the service returns and as sentences the edges render.

The engine explains a hit with index terms per field, glossary pairs, a cosine and filter lines
(`engine.Reason`). People read none of those as they are: terms are morphemes ("찾", "알리"),
fields are internal names, filters are engine syntax. `build` turns a hit into `MatchReason`s
holding whole words as written in the record (`text.surface_phrases`), the glossary pairs used,
the similarity and shared domains; `render` writes one sentence in the reader's language from
the message catalog. Filters and boosts are the searcher's own conditions, never reasons.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from bitgoeul.core.domains import DOMAINS, label
from bitgoeul.core.i18n import translate
from bitgoeul.core.scores import display_score as display_score  # re-exported: one scale for every match
from bitgoeul.matching.engine import Hit
from bitgoeul.text.surface import has_hangul, surface_phrases

FIELD_ORDER = ("title", "summary", "body", "tags")
WORDS_SHOWN = 4
# A similarity is a reason only where site search would keep the record on meaning alone
# (service.SEMANTIC_FLOOR); below it every record is "somewhat similar" to everything.
SIMILAR_FROM = 0.83


@dataclass(frozen=True)
class MatchReason:
    """One reason, as data: `kind` is "words", "glossary", "semantic" or "domain"."""

    kind: str
    fields: tuple[str, ...] = ()  # words: where they are (title, summary, body, tags)
    words: tuple[str, ...] = ()  # words: as written in the record, first occurrence first
    pairs: tuple[tuple[str, str], ...] = ()  # glossary: (Korean, English) pairs that linked query and record
    value: float | None = None  # semantic: cosine similarity of query and record
    code: str = ""  # domain: the shared domain code

    def as_json(self) -> dict[str, Any]:
        """The structured form the API shows beside the sentence."""
        out: dict[str, Any] = {"kind": self.kind}
        if self.kind == "words":
            out.update(fields=list(self.fields), words=list(self.words))
        elif self.kind == "glossary":
            out["pairs"] = [list(p) for p in self.pairs]
        elif self.kind == "semantic":
            out["value"] = round(float(self.value or 0.0), 4)
        elif self.kind == "domain":
            out["code"] = self.code
        return out


def _ordered_fields(names: Iterable[str]) -> tuple[str, ...]:
    names = set(names)
    return tuple([f for f in FIELD_ORDER if f in names] + sorted(names - set(FIELD_ORDER)))


def _pair(terms: Sequence[str]) -> tuple[str, str]:
    first, second = (terms[0], terms[-1]) if terms else ("", "")
    return (first, second) if has_hangul(first) or not has_hangul(second) else (second, first)


def build(hit: Hit, passage: str, domains: Iterable[str] = ()) -> list[MatchReason]:
    """Reasons for a hit: the record's words that matched, glossary pairs, similarity, shared domains."""
    out: list[MatchReason] = []
    if hit.semantic is not None:
        out.append(MatchReason("semantic", value=float(hit.semantic)))
    shared = [code for code in dict.fromkeys(domains) if code in DOMAINS]
    # With a shared domain stated as its own reason, the domain names in the tags field add nothing.
    found = [r for r in hit.reasons if r.kind == "terms" and not (shared and r.field == "tags")]
    terms = [t for r in found for t in r.terms]
    fields = _ordered_fields(r.field for r in found)
    words = tuple(surface_phrases(passage, terms)) if terms else ()
    if words:  # only verb stems or lone syllables matched: no word a person would recognise, no reason
        out.append(MatchReason("words", fields=fields, words=words))
    pairs = tuple(dict.fromkeys(_pair(r.terms) for r in hit.reasons if r.kind == "glossary"))
    if pairs:
        out.append(MatchReason("glossary", pairs=pairs))
    out += [MatchReason("domain", code=code) for code in shared]
    return out


# ----------------------------------------------------------------------------------- rendering


def _has_final_consonant(word: str) -> bool | None:
    """Whether the last Hangul syllable has a final consonant (받침); None when the word ends otherwise."""
    last = word.rstrip("'\" )")[-1:] if word.strip() else ""
    if "\uac00" <= last <= "\ud7a3":
        return (ord(last) - 0xAC00) % 28 != 0
    if last.isdigit():
        return last in "013678"  # 영, 일, 삼, 육, 칠, 팔 end in a consonant
    return None


def josa(word: str, with_final: str, without_final: str) -> str:
    """The Korean particle that fits `word` (이/가, 과/와, 은/는); both forms when it cannot tell."""
    final = _has_final_consonant(word)
    if final is None:
        return f"{with_final}({without_final})"
    return with_final if final else without_final


def _join(items: Sequence[str], language: str) -> str:
    if language == "en":
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
    if len(items) == 1:
        return items[0]
    head = ", ".join(items[:-1])
    return f"{head}{josa(items[-2], '과', '와')} {items[-1]}"


def _field_label(name: str, language: str) -> str:
    key = name if name in FIELD_ORDER else "other"
    return translate(f"matching.why.field.{key}", language)


def reader_words(words: Sequence[str], language: str) -> list[str]:
    """The words written in the reader's language (Hangul for Korean, others for English)."""
    return [w for w in words if has_hangul(w) == (language != "en")]


def _plain(text: str) -> str:
    return text


def _marked(text: str) -> str:
    # Words quoted from a record are user content: pages mark them so checks (and screen readers) can tell.
    lang = "ko" if has_hangul(text) else "en"
    return str(Markup('<span class="user-content" lang="{}">{}</span>').format(lang, text))


def render(reason: MatchReason, language: str, mark: Callable[[str], str] = _plain) -> str | None:
    """One reason as a sentence in `language`, from the message catalog; None for a similarity too weak to
    be a reason for a person (it stays in the structured form). `mark` wraps text quoted from records."""
    if reason.kind == "semantic":
        if float(reason.value or 0.0) < SIMILAR_FROM:
            return None
        return translate("matching.why.semantic", language, percent=round(100 * float(reason.value or 0.0)))
    if reason.kind == "domain":
        return translate("matching.why.domain", language, domain=label(DOMAINS, reason.code, language))
    if reason.kind == "glossary":
        return translate("matching.why.glossary", language,
                         pairs=", ".join(f"{mark(ko)} = {mark(en)}" for ko, en in reason.pairs))
    fields = _join([_field_label(f, language) for f in reason.fields] or [_field_label("", language)], language)
    words = reader_words(reason.words, language)[:WORDS_SHOWN]
    if not words:
        return translate("matching.why.words_other_language", language, fields=fields)
    quoted = ", ".join(f"'{mark(w)}'" for w in words)
    return translate("matching.why.words", language, fields=fields, words=quoted,
                     josa=josa(words[-1], "이", "가"))


def render_all(reasons: Iterable[MatchReason], language: str) -> list[str]:
    """Every reason worth a sentence, in order (plain text: API, CLI, e-mail)."""
    return [text for r in reasons if (text := render(r, language)) is not None]


def render_html(reasons: Iterable[MatchReason], language: str) -> list[Markup]:
    """Every reason worth a sentence, for pages: quoted record words escaped and marked as user content."""
    out = []
    for reason in reasons:
        text = render(reason, language, _marked)  # _marked escapes every word taken from a record
        if text is not None:
            out.append(Markup(text))  # noqa: S704 - catalog text and escaped record words only
    return out
