"""A file of vectors by content hash that outlives the database (BITGOEUL_EMBED_CACHE).

Embedding is the slow part of loading data (tens of texts a second). `make demo` deletes and
reloads its database every time, and a test or staging database is often rebuilt from the same
texts; with this cache the worker embeds a text once per machine, not once per database. The key
is the content hash, which already names the model and prefix, so a new model never reads old
vectors. The cache is an optimisation only: if it is missing, locked or corrupt, the worker logs
it and embeds as if it were empty.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bitgoeul.core.settings import setting

log = logging.getLogger(__name__)

Vector = npt.NDArray[np.float32]
_CHUNK = 500  # SQLite's bound-parameter limit is 999 on old builds


def cache_path(environ: Mapping[str, str] | None = None) -> Path | None:
    """The cache file from BITGOEUL_EMBED_CACHE, or None when caching is off (the default)."""
    value = setting("BITGOEUL_EMBED_CACHE", environ).strip()
    return Path(value) if value else None


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=5)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE IF NOT EXISTS vectors (hash TEXT PRIMARY KEY, dim INTEGER NOT NULL, "
                       "vector BLOB NOT NULL)")
    return connection


def load(path: Path, hashes: Sequence[str], dim: int) -> dict[str, Vector]:
    """Cached vectors of `dim` values for whichever of `hashes` the file holds."""
    found: dict[str, Vector] = {}
    try:
        with _connect(path) as connection:
            for start in range(0, len(hashes), _CHUNK):
                chunk = list(hashes[start : start + _CHUNK])
                marks = ",".join("?" * len(chunk))
                rows = connection.execute(
                    f"SELECT hash, vector FROM vectors WHERE dim = ? AND hash IN ({marks})",  # noqa: S608 - only '?' marks
                    [dim, *chunk])
                for key, blob in rows:
                    vector = np.frombuffer(blob, dtype="<f4").astype(np.float32)
                    if vector.shape == (dim,) and np.all(np.isfinite(vector)):
                        found[key] = vector
    except (sqlite3.Error, OSError) as exc:
        log.warning("embedding cache %s unreadable, embedding without it: %s", path, exc)
        return {}
    return found


def store(path: Path, items: Iterable[tuple[str, Vector]]) -> int:
    """Add vectors (existing keys are kept: same hash, same text, same model); returns rows written."""
    rows = [(key, int(vec.shape[0]), np.asarray(vec, dtype="<f4").tobytes()) for key, vec in items]
    if not rows:
        return 0
    try:
        with _connect(path) as connection:
            before = connection.total_changes
            connection.executemany("INSERT OR IGNORE INTO vectors (hash, dim, vector) VALUES (?, ?, ?)", rows)
            return connection.total_changes - before
    except (sqlite3.Error, OSError) as exc:
        log.warning("embedding cache %s not written: %s", path, exc)
        return 0
