"""Plain data the engine takes and returns: documents in, hits out."""

from __future__ import annotations

from dataclasses import dataclass, field

DocId = str | int
DocKey = tuple[str, DocId]


class QueryError(ValueError):
    """A query or filter the engine refuses; the message is safe to show to the user."""


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


@dataclass
class Hit:
    """One ranked result with the evidence for it."""

    kind: str
    id: DocId
    score: float
    reasons: list[str] = field(default_factory=list)
    # field name -> index terms of the query found in that field of the record
    matched_terms: dict[str, list[str]] = field(default_factory=dict)
    # cosine similarity of query and record vectors, when both exist
    semantic: float | None = None


def sort_key(kind: str, doc_id: DocId) -> tuple[str, int, int, str]:
    """Deterministic tie-break between equal scores: kind, then numeric ids, then text ids."""
    if isinstance(doc_id, int):
        return (kind, 0, doc_id, "")
    return (kind, 1, 0, doc_id)
