"""The pipeline: input -> clean body -> sentences, quotes, people -> attributed voices -> draft."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from bitgoeul.dialogue.extract.attribution import Attributor, QuoteContext
from bitgoeul.dialogue.extract.clean import CleanArticle, clean_article
from bitgoeul.dialogue.extract.html_text import html_to_article
from bitgoeul.dialogue.extract.kinds import classify_kind
from bitgoeul.dialogue.extract.korean import Word, analyse_words, sentence_spans
from bitgoeul.dialogue.extract.lexicon import HOST_ROLES
from bitgoeul.dialogue.extract.mentions import attendance_sentences, find_mentions, merge_mentions
from bitgoeul.dialogue.extract.model import ArticleError, DraftSession, Participant, SessionInfo, Voice
from bitgoeul.dialogue.extract.quotes import QuoteSpan, find_quote_spans, is_speech
from bitgoeul.dialogue.extract.session_facts import (
    find_date,
    find_field,
    find_number,
    find_place,
    find_topic,
    session_sentences,
)
from bitgoeul.dialogue.extract.source import decode_article, looks_like_html
from bitgoeul.dialogue.extract.themes import DEFAULT_THEMES, Theme, classify_themes

_PARAGRAPH_BREAK = "\n\n"


def read_article(text_or_html: str | bytes, *, published: date | None = None) -> CleanArticle:
    """Decode and clean the input; raise ArticleError when there is no article in it.

    `published` is the source's date as the operator knows it (from the address or the outlet's page);
    it is used only when the text itself carries no publication stamp.
    """
    raw = decode_article(text_or_html)
    if looks_like_html(raw):
        page = html_to_article(raw)
        article = clean_article(page.text, title=page.title, published_meta=page.published, stamp_text=page.all_text)
    else:
        article = clean_article(raw)
    if not article.paragraphs:
        raise ArticleError("dialogue.extract.no_body")
    if article.published is None and published is not None:
        article = replace(article, published=published)
    return article


def extract_draft(
    text_or_html: str | bytes, *, themes: Sequence[Theme] = DEFAULT_THEMES, published: date | None = None
) -> DraftSession:
    """Read a Korean news article about a dialogue session into a draft for an operator to review.

    Raises ArticleError for empty, binary or oversized input; an article without direct quotes gives
    a draft with no voices and a warning.
    """
    article = read_article(text_or_html, published=published)
    text = _PARAGRAPH_BREAK.join(article.paragraphs)
    paragraph_starts = _paragraph_starts(article.paragraphs)
    words = analyse_words(text)

    quote_spans: list[tuple[QuoteSpan, int]] = []
    sentences: list[tuple[int, int]] = []
    for index, (paragraph, start) in enumerate(zip(article.paragraphs, paragraph_starts, strict=True)):
        end = start + len(paragraph)
        spans = find_quote_spans(paragraph, start)
        sentences.extend(_merge_across_quotes(sentence_spans(paragraph, start), spans))
        quote_spans.extend((span, index) for span in spans if is_speech(span, text, start, end))

    quoted = [(span.open, span.close + 1) for span, _ in quote_spans]
    listed = attendance_sentences(text, sentences)
    people = merge_mentions(find_mentions(words, sentences, quoted, listed))
    host = next((person for person in people if person.role in HOST_ROLES), None)
    if host is not None and host.organisation is None:
        city = _most_named_city(words)
        if city:
            people = [replace(person, organisation=city) if person is host else person for person in people]
            host = replace(host, organisation=city)

    contexts = [_context(span, paragraph, sentences) for span, paragraph in quote_spans]
    speakers = Attributor(text, words, people).attribute(contexts)
    voices = tuple(
        Voice(
            speaker=speaker.label,
            speaker_organisation=speaker.organisation,
            quote=context.span.text.strip(),
            kind=classify_kind(context.span.text, by_host=host is not None and speaker.label == host.name),
            themes=classify_themes(context.span.text, themes),
            position=(context.span.start, context.span.end),
            speaker_kind=speaker.kind,
            speaker_role=speaker.role,
        )
        for context, speaker in zip(contexts, speakers, strict=True)
    )

    held = session_sentences(text, sentences)
    session_date = find_date(text, held, article.published, article.evidence)
    warnings: list[str] = []
    title = article.title
    if not title:
        first = text[sentences[0][0] : sentences[0][1]] if sentences else text
        title = first[:100]
        warnings.append("dialogue.extract.no_headline")
    session = SessionInfo(
        number=find_number(text, article.evidence),
        date=session_date.isoformat() if session_date else None,
        place=find_place(words, held),
        topic=find_topic(text),
        title=title,
        published=article.published.isoformat() if article.published else None,
        field=find_field(text),
        host=host.name if host else None,
    )
    warnings.extend(_warnings(session, voices))
    participants = tuple(
        Participant(person.name, person.organisation, person.role, person.listed, person.first_position)
        for person in people
    )
    return DraftSession(session=session, participants=participants, voices=voices, text=text, warnings=tuple(warnings))


_CITY = re.compile(r"^[가-힣]{1,6}(?:특별자치시|광역시|특별시|시|군)$")


def _most_named_city(words: Sequence[Word]) -> str | None:
    """The city or county the article names most often: the host's organisation when not written."""
    counts = Counter(word.bare for word in words if _CITY.match(word.bare) and len(word.bare) >= 2)
    return counts.most_common(1)[0][0] if counts else None


def _paragraph_starts(paragraphs: Sequence[str]) -> list[int]:
    starts = []
    position = 0
    for paragraph in paragraphs:
        starts.append(position)
        position += len(paragraph) + len(_PARAGRAPH_BREAK)
    return starts


def _merge_across_quotes(sentences: list[tuple[int, int]], spans: Sequence[QuoteSpan]) -> list[tuple[int, int]]:
    """Join Kiwi sentences that a quotation runs across: a quote belongs to one sentence."""
    merged: list[tuple[int, int]] = []
    for start, end in sentences:
        if merged and any(span.open < merged[-1][1] <= span.close for span in spans):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _context(span: QuoteSpan, paragraph: int, sentences: Sequence[tuple[int, int]]) -> QuoteContext:
    index = next(
        (i for i, (start, end) in enumerate(sentences) if start <= span.open < end),
        max(0, len(sentences) - 1),
    )
    following = sentences[index + 1] if index + 1 < len(sentences) else None
    return QuoteContext(span=span, sentence=sentences[index], next_sentence=following, paragraph=paragraph)


def _warnings(session: SessionInfo, voices: Sequence[Voice]) -> list[str]:
    """Message keys of the app's catalog (the core names them; the edge words them in the reader's language;
    `dialogue.extract.unattributed` takes the count of voices without a speaker as `n`)."""
    warnings = []
    if not voices:
        warnings.append("dialogue.extract.no_quotes")
    if session.number is None:
        warnings.append("dialogue.extract.no_number")
    if session.date is None:
        warnings.append("dialogue.extract.no_date")
    if session.published is None:
        warnings.append("dialogue.extract.no_published")
    if any(voice.speaker is None for voice in voices):
        warnings.append("dialogue.extract.unattributed")
    return warnings


def to_contract_dict(draft: DraftSession) -> dict[str, Any]:
    """Exactly the JSON of `bitgoeul dialogue import FILE --json` (issue 5's contract)."""
    session = draft.session
    return {
        "session": {
            "number": session.number,
            "date": session.date,
            "place": session.place,
            "topic": session.topic,
            "title": session.title,
            "published": session.published,
        },
        "participants": [{"name": p.name, "organisation": p.organisation, "role": p.role} for p in draft.participants],
        "voices": [
            {
                "speaker": v.speaker,
                "speaker_organisation": v.speaker_organisation,
                "quote": v.quote,
                "kind": v.kind,
                "themes": list(v.themes),
            }
            for v in draft.voices
        ],
    }


def to_dict(draft: DraftSession) -> dict[str, Any]:
    """Everything in the draft, for a review page: the contract plus positions, kinds and warnings."""
    contract = to_contract_dict(draft)
    contract["session"].update({"field": draft.session.field, "host": draft.session.host})
    for entry, participant in zip(contract["participants"], draft.participants, strict=True):
        entry.update({"listed": participant.listed, "first_position": participant.first_position})
    for entry, voice in zip(contract["voices"], draft.voices, strict=True):
        entry.update(
            {"position": list(voice.position), "speaker_kind": voice.speaker_kind, "speaker_role": voice.speaker_role}
        )
    contract["warnings"] = list(draft.warnings)
    contract["text"] = draft.text
    return contract
