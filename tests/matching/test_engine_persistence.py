"""Results are identical after a save and load, and after deleting and re-adding a record."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from bitgoeul.matching.engine import Document, LexicalIndex

WORDS = [
    "축산",
    "농가",
    "영상",
    "분석",
    "스마트팜",
    "온실",
    "의료",
    "진단",
    "에너지",
    "태양광",
    "제조",
    "불량",
    "검사",
    "교통",
    "주차",
    "문화",
    "관광",
    "안전",
    "재난",
]


def corpus(n: int = 150) -> list[Document]:
    rng = random.Random(11)
    docs = []
    for i in range(n):
        docs.append(
            Document(
                "solution" if i % 3 else "need",
                i if i % 2 else f"s{i}",
                {
                    "title": " ".join(rng.sample(WORDS, 3)),
                    "body": " ".join(rng.choices(WORDS, k=rng.randint(3, 25))) + " AI solution",
                },
                {
                    "region": rng.choice(["광주", "전남", "서울"]),
                    "budget_max": rng.choice([3e7, 1e8, 5e8]),
                    "tags": rng.sample(["vision", "iot", "nlp", "robot"], 2),
                    "deadline": dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365)),
                },
            )
        )
    return docs


QUERIES = [
    ("영상 분석", None),
    ("livestock computer vision", None),
    ("스마트팜 온실 에너지", {"region": "광주"}),
    ("불량 검사 AI", {"budget_max": {">=": 1e8}, "tags": ["vision", "robot"]}),
    ("의료 진단", {"deadline": {"<": dt.date(2025, 6, 1)}}),
]


def run_all(index: LexicalIndex) -> list[object]:
    return [index.search(q, top=20, filters=f) for q, f in QUERIES]


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    ix = LexicalIndex()
    ix.add_many(corpus())
    return ix


def test_identical_after_restart(index: LexicalIndex, tmp_path: Path) -> None:
    before = run_all(index)
    path = tmp_path / "lexical.idx"
    path.write_bytes(index.to_bytes())
    restored = LexicalIndex.from_bytes(path.read_bytes())
    assert run_all(restored) == before
    assert LexicalIndex.from_bytes(restored.to_bytes()).to_bytes() == restored.to_bytes()


def test_identical_after_delete_and_readd(index: LexicalIndex) -> None:
    before = run_all(index)
    docs = corpus()
    for doc in docs[::7]:
        assert index.remove(doc.kind, doc.id)
    assert run_all(index) != before
    for doc in docs[::7]:
        index.add(doc)
    assert run_all(index) == before
    index.merge()
    assert run_all(index) == before


def test_add_many_equals_one_by_one(index: LexicalIndex) -> None:
    single = LexicalIndex()
    for doc in corpus():
        single.add(doc)
    assert run_all(single) == run_all(index)


def test_bad_saved_data_is_refused() -> None:
    with pytest.raises(ValueError, match="not a saved lexical index"):
        LexicalIndex.from_bytes(b"not an index")
