"""Which index answers the service's searches: in-memory (default) or inside PostgreSQL with pgvector.

`BITGOEUL_SEARCH_BACKEND` chooses, read at each use. Both indexes give the same hits for the same rows
(the pgvector one within HNSW recall), so the service code on top (kinds, audience, the semantic floor,
result titles and links, facets) is written once against `SearchIndex`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from bitgoeul.core.settings import search_backend

if TYPE_CHECKING:  # kept light: the CLI imports this module at start
    import numpy as np
    import numpy.typing as npt
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from bitgoeul.matching.engine import DocKey, Hit
    from bitgoeul.matching.memory import Meta


class BackendUnavailable(RuntimeError):
    """The pgvector backend was asked for where it cannot run; the message says what to do."""


class SearchIndex(Protocol):
    """What the service needs of an index; `memory.LiveIndex` and `pgvector_search.PgIndex` provide it."""

    def search(self, query: str, *, top: int, filters: Mapping[str, object] | None = None,
               kinds: Iterable[str] | None = None, boosts: Mapping[str, Mapping[Any, float]] | None = None,
               query_vector: npt.NDArray[np.float32] | None = None, mode: str = "hybrid") -> tuple[list[Hit], str]:
        """Hits best first and the mode actually used ("lexical" while no vector exists or embedding failed)."""
        ...

    def pending(self) -> int:
        """Records still waiting for a vector."""
        ...

    def vector_of(self, key: DocKey) -> npt.NDArray[np.float32] | None:
        """A record's stored vector, if it has one yet."""
        ...

    def metas(self, keys: Iterable[DocKey]) -> Mapping[DocKey, Meta]:
        """Titles and attributes of these records (missing ones left out)."""
        ...


def search_index(session: Session) -> SearchIndex:
    """The configured index of the session's database, caught up with its rows (this transaction's too).

    With `pgvector` on a database that cannot run it, raises `BackendUnavailable`.
    """
    if search_backend() == "pgvector":
        from bitgoeul.matching.pgvector_search import pg_index

        return pg_index(session)
    from bitgoeul.matching.memory import live_index

    return live_index(session)


def check_startup(database_url: str, backend: str | None = None) -> None:
    """Refuse to start when `pgvector` is chosen but this database cannot serve it (bilingual message)."""
    if (backend or search_backend()) != "pgvector":
        return
    from bitgoeul.core.db import make_engine
    from bitgoeul.matching.pgvector_backend import check

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            check(connection)
    finally:
        engine.dispose()


def describe(connection: Connection) -> dict[str, Any]:
    """Which backend answers searches and, for pgvector, how its tables stand (for `match status`)."""
    name = search_backend()
    if name != "pgvector":
        return {"backend": name}
    from bitgoeul.matching import pgvector_backend as pg

    pg.check(connection)
    state = pg.read_state(connection)
    level = pg.fingerprint(connection, "search_documents") == pg.fingerprint(connection, pg.TABLE)
    return {"backend": name, "pgvector": {"records": state.docs, "vectors": state.vectors,
                                          "pending": state.docs - state.vectors, "in_sync": level}}
