"""Plain data the engine takes and returns: documents in, hits out."""

from __future__ import annotations

from dataclasses import dataclass, field

DocId = str | int
DocKey = tuple[str, DocId]


class QueryError(ValueError):
    """A query or filter the engine refuses; the message is safe to show to the user. The engine imports no
    catalog: it hands over `english` and, where it has one, `korean`; the edge shows the reader's."""

    def __init__(self, english: str, korean: str = "") -> None:
        super().__init__(english)
        self.english = english
        self.korean = korean or english


@dataclass
class Document:
    """One searchable record of any kind (solution, need, organisation, ...).

    `fields` holds the texts by field name (e.g. "title", "body"); `attrs` the structured
    values filters and boosts look at: str, bool, int, float, date/datetime, or a list of str.
    """

    kind: str
    id: DocId
    fields: dict[str, str]
    attrs: dict[str, object] = field(default_factory=dict)

    @property
    def key(self) -> DocKey:
        """The identity of the record across kinds."""
        return (self.kind, self.id)


@dataclass(frozen=True)
class Reason:
    """One piece of evidence for a hit, as data; the app turns it into a sentence in the reader's language.

    `kind` is "terms" (query terms found in `field`), "glossary" (`terms` = the phrase found in the
    query and its other-language pair), "semantic" (`value` = cosine similarity), "filter" or "boost"
    (`terms` = the condition as text, `value` = the boost factor).
    """

    kind: str
    field: str = ""
    terms: tuple[str, ...] = ()
    value: float | None = None

    def __str__(self) -> str:
        """A compact engine-level line ("title: 축산, 분석"), for logs and tests, never for people."""
        if self.kind == "terms":
            return f"{self.field}: {', '.join(self.terms)}"
        if self.kind == "glossary":
            return f"glossary: {' -> '.join(self.terms)}"
        if self.kind == "semantic":
            return f"semantic: {self.value or 0.0:.2f}"
        return f"{self.kind}: {', '.join(self.terms)}"


@dataclass
class Hit:
    """One ranked result with the evidence for it.

    `score` is on the engine's calibrated 0-1 scale in `HybridIndex` (see `hybrid.calibrate`); a
    `LexicalIndex` alone returns raw BM25F.
    """

    kind: str
    id: DocId
    score: float
    reasons: list[Reason] = field(default_factory=list)
    # field name -> index terms of the query found in that field of the record
    matched_terms: dict[str, list[str]] = field(default_factory=dict)
    # cosine similarity of query and record vectors, when both exist
    semantic: float | None = None
    # the raw BM25F score (0 when no query term is in the record)
    lexical: float = 0.0


def sort_key(kind: str, doc_id: DocId) -> tuple[str, int, int, str]:
    """Deterministic tie-break between equal scores: kind, then numeric ids, then text ids."""
    if isinstance(doc_id, int):
        return (kind, 0, doc_id, "")
    return (kind, 1, 0, doc_id)
