"""CSLS hubness reduction on a hand-worked three-record case (no model)."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import numpy.typing as npt
import pytest

from bitgoeul.matching.engine import Document, FusionParams, HybridIndex, LexicalIndex
from bitgoeul.matching.engine.hubness import csls, neighbour_means, query_mean


def unit(*values: float, dim: int = 8) -> npt.NDArray[np.float32]:
    vec = np.zeros(dim, np.float32)
    vec[: len(values)] = values
    return vec / np.linalg.norm(vec)


# a.b = 0.6, a.c = 0, b.c = 0.8: with k = 1, r_a = 0.6 and r_b = r_c = 0.8 (b is the hub).
A, B, C = unit(1, 0, 0), unit(0.6, 0.8, 0), unit(0, 1, 0)
# q.a = 0.7, q.b = 0.74, q.c = 0.4, so r_q (k = 1) = 0.74. Plain cosine ranks b, a, c; CSLS:
# a = 1.4 - 0.74 - 0.6 = 0.06, b = 1.48 - 0.74 - 0.8 = -0.06, c = 0.8 - 0.74 - 0.8 = -0.74.
Q = unit(0.7, 0.4, math.sqrt(0.35))


def build(k: int) -> HybridIndex:
    # Raw channel values (no calibration): these tests check the CSLS arithmetic itself.
    index = HybridIndex(LexicalIndex(), FusionParams(scaling="minmax"), dim=8, symmetric=True, hubness_k=k)
    for key, vec, title in (("a", A, "가"), ("b", B, "나"), ("c", C, "다")):
        index.add(Document("s", key, {"title": title}), vec)
    return index


def dense(index: HybridIndex) -> list[tuple[object, float]]:
    return [(h.id, h.score) for h in index.search("질문", top=3, mode="dense", query_vector=Q)]


def test_neighbour_and_query_means_by_hand() -> None:
    assert neighbour_means(np.stack([A, B, C]), 1) == pytest.approx([0.6, 0.8, 0.8], abs=1e-6)
    assert neighbour_means(np.stack([A, B, C]), 2) == pytest.approx([0.3, 0.7, 0.4], abs=1e-6)
    assert query_mean(np.array([0.7, 0.74, 0.4]), 2) == pytest.approx(0.72)
    assert csls(np.array([0.7, 0.74]), 0.74, np.array([0.6, 0.8])) == pytest.approx([0.06, -0.06])


def test_csls_demotes_the_hub() -> None:
    plain = dense(build(0))
    assert [i for i, _ in plain] == ["b", "a", "c"]
    assert [s for _, s in plain] == pytest.approx([0.74, 0.7, 0.4], abs=1e-6)
    hits = build(1).search("질문", top=3, mode="dense", query_vector=Q)
    assert [h.id for h in hits] == ["a", "b", "c"]
    assert [h.score for h in hits] == pytest.approx([0.06, -0.06, -0.74], abs=1e-6)
    assert hits[0].semantic == pytest.approx(0.7, abs=1e-6)  # explanations keep the plain cosine


def test_record_changes_update_neighbour_means() -> None:
    index = build(1)
    assert index.remove("s", "c")  # b's nearest is now a: r_b = 0.6, b wins again
    assert [i for i, _ in dense(index)] == ["b", "a"]
    index.add(Document("s", "c", {"title": "다"}), C)
    assert dense(index) == dense(build(1))


def test_hubness_k_survives_a_restart_and_old_blobs_mean_off() -> None:
    index = build(1)
    again = HybridIndex.from_bytes(index.to_bytes())
    assert again.hubness_k == 1 and dense(again) == dense(index)
    # A blob saved before the option existed has no "hubness_k" in its header: it loads as off.
    with np.load(io.BytesIO(index.to_bytes()), allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in npz.files}
    header = json.loads(arrays["header"].tobytes().decode())
    del header["hubness_k"]
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), np.uint8)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    old = HybridIndex.from_bytes(buf.getvalue())
    assert old.hubness_k == 0 and dense(old) == dense(build(0))
    with pytest.raises(ValueError, match="hubness_k"):
        HybridIndex(LexicalIndex(), dim=8, hubness_k=-1)
