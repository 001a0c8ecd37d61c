"""Cosine search over unit vectors kept in one float32 matrix.

Small collections are scanned exactly. From `exact_limit` rows on, a 1-bit sign code per
vector (48 bytes for 384 dimensions) is scanned by Hamming distance first and only the best
thousand rows are re-scored exactly: a full float scan of 100k rows costs 30-170 ms on this
machine's memory bandwidth, the bit scan a fraction of that. The codes are signs of the
vector minus a fixed centre (the mean vector when the code is first needed): e5 vectors share
a large common direction, and raw signs kept only ~18% of the true top 10 at 100k rows,
centred signs 99% (bench/matching_speed.py). The centre is saved with the index.
"""

from __future__ import annotations

import io
import json

import numpy as np
import numpy.typing as npt

from bitgoeul.matching.engine.attributes import BoolArray
from bitgoeul.matching.engine.documents import DocKey, sort_key
from bitgoeul.matching.engine.embedding import DIM, Vector

FloatArray = npt.NDArray[np.float64]


def _hamming(codes: npt.NDArray[np.uint64], query: npt.NDArray[np.uint64]) -> npt.NDArray[np.int32]:
    """Hamming distance of each packed code to the query's, column by column.

    Adding the few uint64 columns one by one is ~2x faster than `.sum(axis=1)` over them.
    """
    counts = np.bitwise_count(codes ^ query)
    dist: npt.NDArray[np.int32] = counts[:, 0].astype(np.int32)
    for j in range(1, counts.shape[1]):
        dist += counts[:, j]
    return dist


class VectorRows:
    """Unit vectors addressed by row number, with a presence mask and packed sign bits."""

    def __init__(self, dim: int = DIM, exact_limit: int = 4000, oversample: int = 50, min_keep: int = 1000) -> None:
        self.dim = dim
        self.exact_limit = exact_limit
        self.oversample = oversample
        self.min_keep = min_keep
        self.centre: Vector | None = None
        self.matrix = np.zeros((0, dim), np.float32)
        self.present = np.zeros(0, bool)
        self._bits = np.zeros((0, (dim + 63) // 64), np.uint64)

    def grow(self, capacity: int) -> None:
        """Make room for rows below `capacity`."""
        if capacity <= len(self.present):
            return
        capacity = max(capacity, 2 * len(self.present), 16)
        old = len(self.present)
        matrix = np.zeros((capacity, self.dim), np.float32)
        matrix[:old] = self.matrix
        bits = np.zeros((capacity, self._bits.shape[1]), np.uint64)
        bits[:old] = self._bits
        present = np.zeros(capacity, bool)
        present[:old] = self.present
        self.matrix, self._bits, self.present = matrix, bits, present

    def set(self, row: int, vector: npt.ArrayLike) -> None:
        """Store a vector (normalised here, so callers may pass raw model output)."""
        vec = np.asarray(vector, dtype=np.float32).reshape(-1)
        if vec.shape != (self.dim,) or not np.all(np.isfinite(vec)):
            raise ValueError(f"vector must have {self.dim} finite values")
        norm = float(np.linalg.norm(vec))
        if norm == 0.0:
            raise ValueError("vector must not be all zeros")
        self.grow(row + 1)
        # Already-unit vectors are stored untouched, so a save/load round trip is bit-exact.
        self.matrix[row] = vec if abs(norm - 1.0) < 1e-5 else vec / norm
        self._bits[row] = self._pack(self.matrix[row : row + 1])[0]
        self.present[row] = True

    def clear(self, row: int) -> None:
        """Forget the vector in `row`."""
        if row < len(self.present):
            self.present[row] = False
            self.matrix[row] = 0.0

    def set_centre(self, centre: npt.ArrayLike | None) -> None:
        """Fix the centre the sign codes are taken around, and recompute every code."""
        self.centre = None if centre is None else np.asarray(centre, np.float32).reshape(self.dim).copy()
        if len(self.present):
            self._bits = self._pack(self.matrix)

    def _pack(self, vectors: Vector) -> npt.NDArray[np.uint64]:
        if self.centre is not None:
            vectors = vectors - self.centre
        bits = np.packbits(vectors > 0, axis=1)
        pad = self._bits.shape[1] * 8 - bits.shape[1]
        if pad:
            bits = np.concatenate([bits, np.zeros((len(bits), pad), np.uint8)], axis=1)
        return np.ascontiguousarray(bits).view(np.uint64)

    def similarities(self, query: Vector, rows: npt.NDArray[np.int64]) -> FloatArray:
        """Exact cosine of `query` with the given rows.

        einsum rather than BLAS: single-threaded and in a fixed summation order, so it neither
        stalls on a busy machine (BLAS threads spinning cost 20 ms here) nor varies by a bit
        between runs.
        """
        return np.asarray(np.einsum("ij,j->i", np.take(self.matrix, rows, axis=0), query), dtype=np.float64)

    def nearest(
        self, query: Vector, top: int, mask: BoolArray | None = None, *, focus: int | None = None
    ) -> tuple[npt.NDArray[np.int64], FloatArray]:
        """Rows (and cosines) of the `top` nearest vectors among `mask`, unordered.

        `focus` (<= top) says how many of them must be found reliably: the number of rows
        re-scored exactly after the bit scan is sized for `focus`, not `top`. The hybrid search
        asks for 100 dense candidates but only the best few can reach its top 10, and
        re-scoring 50 x 100 rows cost most of a filtered query at 100k records.
        """
        allowed = self.present.copy()
        if mask is not None:
            n = min(len(mask), len(allowed))
            allowed[:n] &= mask[:n]
            allowed[n:] = False
        rows = np.flatnonzero(allowed)
        if len(rows) > self.exact_limit:
            if self.centre is None:
                self.set_centre(self.matrix[self.present].mean(axis=0))
            # Hamming pre-selection on centred sign bits, then exact re-scoring of the survivors.
            qbits = self._pack(query.reshape(1, -1))[0]
            if 4 * len(rows) > len(self.present):
                # Most rows wanted: scanning all codes beats gathering them first.
                dist = _hamming(self._bits, qbits)[rows]
            else:
                # np.take is ~4x faster than fancy indexing for gathering whole rows.
                dist = _hamming(np.take(self._bits, rows, axis=0), qbits)
            wanted = top if focus is None else max(1, min(focus, top))
            keep = min(len(rows), max(self.oversample * wanted, self.min_keep, top))
            rows = rows[np.argpartition(dist, keep - 1)[:keep]]
        sims = self.similarities(query, rows)
        if len(rows) > top:
            best = np.argpartition(-sims, top - 1)[:top]
            rows, sims = rows[best], sims[best]
        return rows, sims


class DenseIndex:
    """A standalone vector index keyed by (kind, id), e.g. for "similar solutions"."""

    def __init__(self, dim: int = DIM, exact_limit: int = 4000) -> None:
        self.rows = VectorRows(dim, exact_limit)
        self._row_of: dict[DocKey, int] = {}
        self._keys: list[DocKey | None] = []
        self._free: list[int] = []

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, key: object) -> bool:
        return key in self._row_of

    def put(self, key: DocKey, vector: npt.ArrayLike) -> None:
        """Store or replace the vector of a record."""
        row = self._row_of.get(key)
        if row is None:
            row = self._free.pop() if self._free else len(self._keys)
            if row == len(self._keys):
                self._keys.append(None)
            self._keys[row] = key
            self._row_of[key] = row
        self.rows.set(row, vector)

    def remove(self, key: DocKey) -> bool:
        """Forget a record's vector; False if it had none."""
        row = self._row_of.pop(key, None)
        if row is None:
            return False
        self.rows.clear(row)
        self._keys[row] = None
        self._free.append(row)
        return True

    def search(self, query: Vector, top: int = 10) -> list[tuple[DocKey, float]]:
        """Nearest records to a query vector, best first (ties by kind and id)."""
        rows, sims = self.rows.nearest(np.asarray(query, np.float32), top)
        pairs = [(k, float(s)) for r, s in zip(rows.tolist(), sims.tolist(), strict=True) if (k := self._keys[r])]
        pairs.sort(key=lambda p: (-p[1], sort_key(*p[0])))
        return pairs

    def to_bytes(self) -> bytes:
        """Keys and vectors; no pickle."""
        keys = [k for k in self._keys if k is not None]
        matrix = (
            np.stack([self.rows.matrix[self._row_of[k]] for k in keys])
            if keys
            else np.zeros((0, self.rows.dim), np.float32)
        )
        buf = io.BytesIO()
        header = json.dumps({"keys": [list(k) for k in keys], "dim": self.rows.dim}).encode()
        centre = self.rows.centre if self.rows.centre is not None else np.zeros(0, np.float32)
        np.savez(buf, header=np.frombuffer(header, np.uint8), matrix=matrix, centre=centre)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> DenseIndex:
        """Inverse of `to_bytes`."""
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            header = json.loads(npz["header"].tobytes().decode())
            matrix = npz["matrix"]
            centre = npz["centre"]
        index = cls(dim=header["dim"])
        if len(centre):
            index.rows.set_centre(centre)
        for (kind, doc_id), vec in zip(header["keys"], matrix, strict=True):
            index.put((kind, doc_id), vec)
        return index
