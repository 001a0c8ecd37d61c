"""Dense search, score fusion and the lexical fallback, with hand-made vectors (no model)."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pytest

from bitgoeul.matching.engine import (
    DenseIndex,
    Document,
    FusionParams,
    HybridIndex,
    LexicalIndex,
    Reason,
    apply_boosts,
    calibrate,
    fuse,
)
from bitgoeul.matching.engine.dense import VectorRows


def unit(*values: float, dim: int = 8) -> npt.NDArray[np.float32]:
    vec = np.zeros(dim, np.float32)
    vec[: len(values)] = values
    return vec / np.linalg.norm(vec)


def test_fuse_is_min_max_weighted_sum() -> None:
    lexical = np.array([10.0, 5.0, 0.0])
    dense = np.array([0.2, 0.6, 1.0])
    fused = fuse(lexical, dense, np.array([True, True, True]), dense_weight=0.8)
    # lexical scaled: 1, .5, 0; dense scaled: 0, .5, 1
    assert fused == pytest.approx([0.2, 0.5, 0.8])


def test_fuse_keeps_lexical_score_for_records_without_vector() -> None:
    fused = fuse(np.array([4.0, 2.0, 0.0]), np.array([0.0, 0.9, 0.1]), np.array([False, True, True]), 0.8)
    assert fused == pytest.approx([1.0, 0.8 * 1.0 + 0.2 * 0.5, 0.0])


def test_vector_rows_bit_prefilter_agrees_with_exact_scan() -> None:
    rng = np.random.default_rng(1)
    centres = rng.standard_normal((40, 64))
    matrix = (centres[rng.integers(40, size=2000)] + 0.5 * rng.standard_normal((2000, 64))).astype(np.float32)
    exact = VectorRows(64, exact_limit=10_000)
    approx = VectorRows(64, exact_limit=100, oversample=20, min_keep=100)
    everything = VectorRows(64, exact_limit=100, min_keep=2000)  # keeps every row: must be exact
    for i, vec in enumerate(matrix):
        for rows in (exact, approx, everything):
            rows.set(i, vec)
    recall = []
    for _ in range(20):
        query = (matrix[rng.integers(2000)] + 0.3 * rng.standard_normal(64)).astype(np.float32)
        query /= np.linalg.norm(query)
        want = set(exact.nearest(query, 10)[0].tolist())
        assert set(everything.nearest(query, 10)[0].tolist()) == want
        recall.append(len(want & set(approx.nearest(query, 10)[0].tolist())) / 10)
    assert np.mean(recall) >= 0.9


def test_dense_index_ranks_by_cosine_and_round_trips() -> None:
    index = DenseIndex(dim=8)
    index.put(("solution", 1), unit(1, 0))
    index.put(("solution", 2), unit(1, 1))
    index.put(("need", "a"), unit(0, 1))
    hits = index.search(unit(1, 0.2), top=3)
    assert [k for k, _ in hits] == [("solution", 1), ("solution", 2), ("need", "a")]
    assert hits[0][1] == pytest.approx(float(unit(1, 0) @ unit(1, 0.2)))
    assert DenseIndex.from_bytes(index.to_bytes()).search(unit(1, 0.2), top=3) == hits
    assert index.remove(("solution", 1))
    assert index.search(unit(1, 0.2), top=3)[0][0] == ("solution", 2)


def build() -> HybridIndex:
    index = HybridIndex(LexicalIndex(), FusionParams(dense_weight=0.8), dim=8, embed=lambda _t: unit(0, 1))
    index.add(Document("solution", 1, {"title": "축산 영상 분석"}, {"region": "광주"}), unit(1, 0))
    index.add(Document("solution", 2, {"title": "가축 행동 인식 카메라"}, {"region": "광주"}), unit(0, 1))
    index.add(Document("solution", 3, {"title": "공장 설비 분석"}, {"region": "전남"}), unit(1, 1))
    return index


def test_dense_finds_paraphrase_without_shared_words() -> None:
    index = build()
    hits = index.search("축산 영상 분석")  # embedder points at record 2
    assert {h.id for h in hits} == {1, 2, 3}
    by_id = {h.id: h for h in hits}
    assert by_id[2].semantic == pytest.approx(1.0)
    assert by_id[2].matched_terms == {}
    assert any(r.kind == "semantic" and r.value == pytest.approx(1.0) for r in by_id[2].reasons)
    assert hits[0].id == 2  # 0.8 dense weight


def test_filters_apply_to_dense_candidates() -> None:
    hits = build().search("축산", filters={"region": "전남"})
    assert [h.id for h in hits] == [3]
    assert Reason("filter", terms=("region = 전남",)) in hits[0].reasons


def test_failed_query_embedding_falls_back_to_lexical() -> None:
    index = build()

    def broken(_text: str) -> npt.NDArray[np.float32]:
        raise RuntimeError("model not loaded")

    index.embed = broken
    hits = index.search("축산 영상")
    assert [h.id for h in hits] == [1]
    assert hits[0].semantic is None
    assert index.last_embedding_error == "RuntimeError: model not loaded"
    assert index.search("축산 영상", mode="dense") == []


def test_records_without_vectors_are_pending_and_searchable() -> None:
    index = build()
    index.add(Document("need", 9, {"title": "축산 농가 실증"}))
    assert index.pending() == [("need", 9)]
    assert 9 in [h.id for h in index.search("축산 농가")]
    index.set_vector(("need", 9), unit(0, 1))
    assert index.pending() == []
    with pytest.raises(KeyError):
        index.set_vector(("need", 10), unit(0, 1))


def test_hybrid_identical_after_restart_and_delete_readd() -> None:
    index = build()
    index.add(Document("need", 9, {"title": "축산 농가 실증"}))
    before = [index.search(q) for q in ["축산", "분석", "livestock"]]
    restored = HybridIndex.from_bytes(index.to_bytes(), embed=index.embed)
    assert [restored.search(q) for q in ["축산", "분석", "livestock"]] == before
    assert restored.pending() == [("need", 9)]
    index.remove("solution", 2)
    index.add(Document("solution", 2, {"title": "가축 행동 인식 카메라"}, {"region": "광주"}), unit(0, 1))
    assert [index.search(q) for q in ["축산", "분석", "livestock"]] == before


def test_bad_vectors_are_refused() -> None:
    index = build()
    with pytest.raises(ValueError, match="finite"):
        index.set_vector(("solution", 1), np.full(8, np.nan))
    with pytest.raises(ValueError, match="zeros"):
        index.set_vector(("solution", 1), np.zeros(8))


def test_prefiltered_index_identical_after_restart_and_readd() -> None:
    rng = np.random.default_rng(4)
    base = rng.standard_normal(8)
    vecs = [(base + rng.standard_normal(8)).astype(np.float32) for _ in range(60)]
    words = ["축산", "영상", "분석", "온실", "에너지", "제조"]
    index = HybridIndex(dim=8, exact_limit=10, embed=lambda _t: vecs[0])
    index.vectors.min_keep = 15
    for i, vec in enumerate(vecs):
        title = " ".join(words[j] for j in range(6) if (i >> j) & 1) or "기타"
        index.add(Document("solution", i, {"title": title}, {"even": i % 2 == 0}), vec)
    queries = [("축산 영상", None), ("에너지", {"even": True}), ("분석 제조", None)]
    before = [index.search(q, filters=f) for q, f in queries]
    assert index.vectors.centre is not None
    restored = HybridIndex.from_bytes(index.to_bytes(), embed=index.embed)
    assert restored.vectors.centre is not None
    assert [restored.search(q, filters=f) for q, f in queries] == before
    index.remove("solution", 7)
    index.add(Document("solution", 7, {"title": "축산 영상 분석"}, {"even": False}), vecs[7])
    assert [index.search(q, filters=f) for q, f in queries] == before


def test_an_empty_lexical_index_passed_in_is_kept() -> None:
    lexical = LexicalIndex(attributes=["region"])
    assert HybridIndex(lexical, dim=8).lexical is lexical


def test_focus_finds_the_best_rows_with_a_smaller_rescoring_budget() -> None:
    rng = np.random.default_rng(3)
    centres = rng.standard_normal((30, 64))
    matrix = (centres[rng.integers(30, size=3000)] + 0.5 * rng.standard_normal((3000, 64))).astype(np.float32)
    exact = VectorRows(64, exact_limit=10_000)
    approx = VectorRows(64, exact_limit=100, oversample=20, min_keep=200)
    for i, vec in enumerate(matrix):
        exact.set(i, vec)
        approx.set(i, vec)
    mask = rng.random(3000) < 0.5
    recall = []
    for _ in range(20):
        query = (matrix[rng.integers(3000)] + 0.3 * rng.standard_normal(64)).astype(np.float32)
        query /= np.linalg.norm(query)
        rows, sims = approx.nearest(query, 100, mask, focus=5)
        assert len(rows) == 100 and mask[rows].all()
        assert sims == pytest.approx(matrix[rows] @ query / np.linalg.norm(matrix[rows], axis=1), abs=1e-5)
        want, _ = exact.nearest(query, 5, mask)
        best = rows[np.argsort(-sims)[:5]]
        recall.append(len(set(want.tolist()) & set(best.tolist())) / 5)
    assert np.mean(recall) >= 0.9


def test_symmetric_flag_names_the_record_role_and_survives_a_restart() -> None:
    assert HybridIndex(LexicalIndex(), dim=8).document_role == "passage"
    index = HybridIndex(LexicalIndex(), dim=8, symmetric=True)
    assert index.document_role == "query"
    index.add(Document("sentence", 1, {"body": "축산 영상 분석"}), unit(1, 0))
    again = HybridIndex.from_bytes(index.to_bytes())
    assert again.symmetric and again.document_role == "query"
    assert not HybridIndex.from_bytes(HybridIndex(LexicalIndex(), dim=8).to_bytes()).symmetric


def test_hybrid_keeps_the_weakest_candidate() -> None:
    """Min-max scaling puts the weakest candidate at 0 in both channels; it is still a result."""
    index = HybridIndex(LexicalIndex(), FusionParams(dense_weight=0.8, scaling="minmax"), dim=8)
    index.add(Document("solution", 1, {"title": "축산 농가 냄새 분석"}), unit(1, 0))
    index.add(Document("solution", 2, {"title": "축산 농가 실증"}), unit(1, 1))
    index.add(Document("solution", 3, {"title": "도서관 좌석 예약"}), unit(0, 1))
    hits = index.search("축산 냄새", top=3, query_vector=unit(1, 0))
    # 3 has no query term and the lowest cosine: fused value 0, found by the dense channel.
    assert [h.id for h in hits] == [1, 2, 3]
    assert hits[-1].score == 0.0
    lexical = index.search("축산 냄새", top=3, mode="lexical")
    assert [h.id for h in lexical] == [1, 2]


def test_calibrated_scores_use_fixed_scales_not_the_result_list() -> None:
    params = FusionParams(dense_weight=0.75, lexical_half=0.5, dense_mid=0.835, dense_spread=0.04)
    bound = 10.0

    def logistic(cos: float) -> float:  # written out independently of the engine
        return 1.0 / (1.0 + math.exp(-(cos - 0.835) / 0.04))

    # lexical share 5/10 -> 0.5 / (0.5 + 0.5) = 0.5; share 2/10 -> 0.2 / 0.7; cosine 0.835 -> 0.5
    got = calibrate(np.array([5.0, 5.0, 0.0, 2.0]), bound, np.array([0.92, 0.835, 0.5, 0.0]),
                    np.array([True, True, True, False]), params)
    assert got == pytest.approx([0.75 * logistic(0.92) + 0.25 * 0.5, 0.75 * 0.5 + 0.25 * 0.5,
                                 0.75 * logistic(0.5), 0.2 / 0.7])
    assert got.min() > 0.0 and got.max() < 1.0
    # The same record scores the same whatever else is in the list (min-max would rescale it).
    alone = calibrate(np.array([5.0]), bound, np.array([0.835]), np.array([True]), params)
    assert alone == pytest.approx([got[1]])


def test_bounded_boosts_stay_within_the_scale_and_keep_order() -> None:
    values = np.array([0.0, 0.4, 0.9, 1.0])
    boosted = apply_boosts(values, np.full(4, 1.25), "calibrated")
    assert boosted == pytest.approx([0.2, 0.52, 0.92, 1.0])
    assert np.all(np.diff(boosted) > 0) and boosted.max() <= 1.0
    assert apply_boosts(values, np.full(4, 0.5), "calibrated") == pytest.approx(values * 0.5)


def test_hybrid_scores_stay_between_0_and_1_before_and_after_vectors() -> None:
    index = HybridIndex(LexicalIndex(), dim=8, embed=lambda _t: unit(1, 0.3))
    index.add(Document("solution", 1, {"title": "축산 영상 분석 축산 영상"}))
    index.add(Document("solution", 2, {"title": "공장 설비"}))
    before = index.search("축산 영상 분석", boosts=None)
    assert before and all(0.0 <= h.score <= 1.0 for h in before) and before[0].lexical > 0
    index.set_vector(("solution", 1), unit(1, 0.3))
    index.set_vector(("solution", 2), unit(0, 1))
    after = index.search("축산 영상 분석", filters=None)
    assert all(0.0 <= h.score <= 1.0 for h in after)
    assert after[0].id == 1 and after[0].score > before[0].score  # a cosine of 1 adds to the words


def test_fusion_params_refuse_unknown_scalings() -> None:
    with pytest.raises(ValueError, match="scaling"):
        FusionParams(scaling="zscore")
    with pytest.raises(ValueError, match="positive"):
        FusionParams(dense_spread=0.0)
