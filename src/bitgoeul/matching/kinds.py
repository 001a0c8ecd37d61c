"""The registry of searchable kinds: how a model's rows become engine `Document`s.

Capabilities add theirs with `register_kind(...)` in a `register()` function their manifest names
(`search_kinds="bitgoeul.talent.search_kinds:register"`); the registry calls each the first time it is
asked (so the engine stays pure and no capability imports matching at start). The session hooks in
`indexing.py` then keep those rows indexed on every insert, update and delete.
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from bitgoeul.core.registry import capabilities, load
from bitgoeul.matching.engine import Document

# Who may find a kind's records in site search: everyone, or signed-in organisation members and operators.
AUDIENCES = ("public", "members")

# Field weights every kind shares: a word in a title says more about a record than one in its body.
FIELD_WEIGHTS: dict[str, float] = {"title": 3.0, "tags": 2.0, "summary": 1.5, "body": 1.0}


@dataclass(frozen=True)
class SearchKind:
    """One searchable kind. `to_document` gives fields (title/tags/summary/body) and filter attributes."""

    kind: str
    model: type[Any]
    to_document: Callable[[Any], Document]
    title_of: Callable[[Any], tuple[str, str]]  # (Korean, English)
    label: tuple[str, str]  # the kind's name for people (Korean, English)
    path: str = ""  # "/solutions/{id}": the page of a record, for search results
    attributes: tuple[str, ...] = ()  # filter attribute names this kind may carry
    int_ids: bool = True
    # Rows whose documents embed this record's data (e.g. an organisation's region in its solutions).
    related: Callable[[Session, Any], Iterable[Any]] | None = None
    order: int = 100
    # Rows that are not searchable (drafts, hidden profiles) are kept out of the index; False drops a row.
    include: Callable[[Any], bool] | None = None
    audience: str = "public"
    # Names in a record Kiwi should keep whole (organisations, programmes, places): the user dictionary.
    user_words: Callable[[Any], Iterable[str]] | None = None

    def url(self, record_id: object, attrs: Mapping[str, object] | None = None) -> str:
        """The page of a record, or "" when the kind has none; `{name}` in the path takes an attribute."""
        if not self.path:
            return ""
        values = {k: urllib.parse.quote(str(v), safe="") for k, v in (attrs or {}).items()}
        try:
            return self.path.format_map({**values, "id": record_id})
        except (KeyError, IndexError, ValueError):
            return ""

    def searchable(self, record: Any) -> bool:
        """Whether the record belongs in the index at all."""
        return self.include is None or bool(self.include(record))


_lock = threading.Lock()
_kinds: dict[str, SearchKind] = {}
# kind -> more `related` functions, added by other capabilities (see add_related).
_extra_related: dict[str, list[Callable[[Session, Any], Iterable[Any]]]] = {}
_loaded: dict[str, bool] = {"done": False, "in_progress": False}  # the capabilities' kinds, registered once


def register_kind(
    kind: str,
    model: type[Any],
    to_document: Callable[[Any], Document],
    title_of: Callable[[Any], tuple[str, str]],
    *,
    label: tuple[str, str] | None = None,
    path: str = "",
    attributes: Iterable[str] = (),
    int_ids: bool = True,
    related: Callable[[Session, Any], Iterable[Any]] | None = None,
    order: int = 100,
    include: Callable[[Any], bool] | None = None,
    audience: str = "public",
    user_words: Callable[[Any], Iterable[str]] | None = None,
) -> SearchKind:
    """Make `model` searchable as `kind`; registering the same kind again replaces it."""
    if not kind or not kind.replace("_", "").isalnum() or len(kind) > 40:
        raise ValueError(f"kind must be a short identifier, not {kind!r}")
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}, not {audience!r}")
    spec = SearchKind(kind=kind, model=model, to_document=to_document, title_of=title_of,
                      label=label or (kind, kind), path=path, attributes=tuple(attributes), int_ids=int_ids,
                      related=related, order=order, include=include, audience=audience, user_words=user_words)
    with _lock:
        _kinds[kind] = spec
    return spec


def add_related(kind: str, related: Callable[[Session, Any], Iterable[Any]]) -> None:
    """Re-index `related(session, record)` too whenever a record of `kind` changes, and drop it from the
    index with the record: for another capability's rows whose documents embed the record's data and that
    the database deletes with it (e.g. jobs, which show their organisation's name). Idempotent; kept when
    `kind` is registered again."""
    with _lock:
        functions = _extra_related.setdefault(kind, [])
        if related not in functions:
            functions.append(related)


def related_records(session: Session, spec: SearchKind, record: Any) -> list[Any]:
    """The rows to re-index (or drop) with `record`: the kind's own `related` and those others added."""
    with _lock:
        extra = list(_extra_related.get(spec.kind, ()))
    rows = list(spec.related(session, record)) if spec.related is not None else []
    for function in extra:
        rows.extend(function(session, record))
    return rows


_loading = threading.RLock()


def kind_modules() -> list[str]:
    """Every capability's `register` for its search kinds, as its manifest names it (by capability name, the
    order kinds were registered in when the registry found them by file)."""
    return [c.search_kinds for c in sorted(capabilities(), key=lambda c: c.name) if c.search_kinds]


def _ensure_builtins() -> None:
    if _loaded["done"]:
        return
    # Other threads wait for the whole registry; the loading thread itself may call back in (re-entrant).
    with _loading:
        if _loaded["done"] or _loaded["in_progress"]:
            return
        _loaded["in_progress"] = True
        try:
            for path in kind_modules():
                load(path)()
            _loaded["done"] = True
        finally:
            _loaded["in_progress"] = False


def kinds() -> list[SearchKind]:
    """Every registered kind, in display order."""
    _ensure_builtins()
    with _lock:
        return sorted(_kinds.values(), key=lambda k: (k.order, k.kind))


def get_kind(kind: str) -> SearchKind | None:
    """The registered kind named `kind`, if any."""
    _ensure_builtins()
    return _kinds.get(kind)


def kind_for(instance: object) -> SearchKind | None:
    """The kind an ORM instance is indexed as (exact class match, then subclasses)."""
    _ensure_builtins()
    cls = type(instance)
    for spec in _kinds.values():
        if spec.model is cls:
            return spec
    for spec in _kinds.values():
        if isinstance(instance, spec.model):
            return spec
    return None


def all_attributes() -> list[str]:
    """Every filter attribute any kind declares (the engine accepts filters on these)."""
    return sorted({a for spec in kinds() for a in spec.attributes})


def record_id_of(spec: SearchKind, stored: str) -> int | str:
    """A stored record id back in the kind's own type."""
    return int(stored) if spec.int_ids else stored


def join_fields(*parts: str) -> str:
    """Non-empty texts, one per line: a document field made of a record's Korean and English texts."""
    return "\n".join(p.strip() for p in parts if p and p.strip())


def languages_of(korean: Iterable[str], english: Iterable[str]) -> list[str]:
    """Which languages a record is written in (a filter: "records I can read")."""
    out = []
    if any(t and t.strip() for t in korean):
        out.append("ko")
    if any(t and t.strip() for t in english):
        out.append("en")
    return out


def unregister_kind(kind: str) -> None:
    """Stop indexing `kind` (its rows stay until `match reindex`); for tests and retired capabilities."""
    _ensure_builtins()
    with _lock:
        _kinds.pop(kind, None)
