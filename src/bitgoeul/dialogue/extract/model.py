"""Plain data the extractor returns: a draft session for an operator to review, never a published one."""

from __future__ import annotations

from dataclasses import dataclass, field


class ArticleError(ValueError):
    """The input cannot be read as an article at all (empty, binary, too large); nothing is extracted.

    It names a message of the app's catalog (`key`, with `params`); the core imports no catalog, the edge
    words it in the reader's language."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class SessionInfo:
    """What the article says about the session itself; every field may be missing from a given article."""

    number: int | None = None
    date: str | None = None  # YYYY-MM-DD, relative dates resolved against `published`
    place: str | None = None
    topic: str | None = None
    title: str = ""
    published: str | None = None  # YYYY-MM-DD
    field: str | None = None  # one of the eight fields' theme codes, when the article names it
    host: str | None = None  # name of the host (the mayor), when found


@dataclass(frozen=True)
class Participant:
    """A named person the article places at the session, with organisation and role as written."""

    name: str | None
    organisation: str | None = None
    role: str | None = None
    listed: bool = False  # named in the closing attendee list ("이날 대화에는 ... 등이 참석했다")
    first_position: int = 0  # offset of the first mention in DraftSession.text


@dataclass(frozen=True)
class Voice:
    """One direct quote, verbatim, with who said it; `position` is (start, end) of the quote in the text."""

    speaker: str | None  # a person's full name, a group or organisation label, or None (unnamed)
    speaker_organisation: str | None
    quote: str
    kind: str  # request | proposal | complaint | praise | commitment | other
    themes: tuple[str, ...]
    position: tuple[int, int]
    speaker_kind: str = "none"  # person | group | organisation | anonymous | none
    speaker_role: str | None = None


@dataclass(frozen=True)
class DraftSession:
    """The whole draft: `text` is the cleaned article body that voice positions point into."""

    session: SessionInfo
    participants: tuple[Participant, ...]
    voices: tuple[Voice, ...]
    text: str
    warnings: tuple[str, ...] = field(default_factory=tuple)
