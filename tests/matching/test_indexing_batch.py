"""Analysing a transaction's records in one batch (each distinct text once, on all cores) gives exactly the
terms that analysing every field on its own gives: the speed-up changes no result."""

from __future__ import annotations

from bitgoeul.matching.engine import Document
from bitgoeul.matching.indexing import analyse
from bitgoeul.text import index_terms

TEXTS = ["돼지 기침 소리로 호흡기 질병을 조기 경보", "Predictive maintenance with vibration sensors",
         "한우 발정 탐지 목걸이 3개월 실증", "도서관 좌석 예약 챗봇", "", "광주송정역에서 1억원 규모 사업",
         "스마트팜 온실 병해충 영상 진단", "Cattle heat detection collar"]


def test_batch_analysis_equals_field_by_field_analysis() -> None:
    docs = [Document("solution", i, {"title": TEXTS[i % len(TEXTS)], "summary": TEXTS[(i * 3) % len(TEXTS)],
                                     "body": f"{TEXTS[(i + 1) % len(TEXTS)]} 번호 {i}번"})
            for i in range(40)]
    batched = analyse(docs)  # more than 24 distinct texts: the batch path
    assert batched == [{name: index_terms(text) for name, text in doc.fields.items()} for doc in docs]
    assert analyse(docs[:2]) == batched[:2]  # the small path agrees too
