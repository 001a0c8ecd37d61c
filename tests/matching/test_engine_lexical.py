"""BM25F scores against a brute-force formula and a hand-worked case; ranking and explanations."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest

from bitgoeul.matching.engine import BM25Params, Document, LexicalIndex


def split(text: str) -> list[str]:
    """A whitespace analyser, so the reference below sees exactly the same terms."""
    return text.split()


def brute_bm25f(docs: list[dict[str, list[str]]], query: list[str], params: BM25Params) -> list[float]:
    """BM25F written straight from its definition, one document at a time."""
    n = len(docs)
    fields = sorted({f for d in docs for f in d})
    avg = {f: sum(len(d.get(f, [])) for d in docs) / n for f in fields}
    scores = []
    for d in docs:
        total = 0.0
        for term in set(query):
            df = sum(1 for other in docs if any(term in ts for ts in other.values()))
            if df == 0:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            pseudo = 0.0
            for f in fields:
                tf = Counter(d.get(f, []))[term]
                if tf and avg[f] > 0:
                    pseudo += params.weight(f) * tf / (1 - params.b + params.b * len(d.get(f, [])) / avg[f])
            if pseudo:
                total += idf * pseudo * (params.k1 + 1) / (pseudo + params.k1)
        scores.append(total)
    return scores


def test_hand_worked_single_field_case() -> None:
    # Two docs, field "body", k1=1.2, b=0.75. Doc A = "a b" (len 2), doc B = "b c c" (len 3), avg 2.5.
    # Query "a": df=1, idf=ln(1+(2-1+.5)/(1+.5))=ln 2; A: norm=1-.75+.75*2/2.5=0.85, tf~=1/0.85,
    # score = ln2 * tf~ * 2.2/(tf~+1.2).
    params = BM25Params(k1=1.2, b=0.75, field_weights={"body": 1.0})
    index = LexicalIndex(params, analyse=split, glossary=None)
    index.add(Document("doc", "A", {"body": "a b"}))
    index.add(Document("doc", "B", {"body": "b c c"}))
    tf = 1 / 0.85
    expected = math.log(2) * tf * 2.2 / (tf + 1.2)
    hits = index.search("a")
    assert [h.id for h in hits] == ["A"]
    assert hits[0].score == pytest.approx(expected, rel=1e-12)


def test_scores_match_brute_force_on_random_corpus() -> None:
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(40)]
    params = BM25Params(k1=1.5, b=0.6, field_weights={"title": 2.5, "body": 1.0})
    index = LexicalIndex(params, analyse=split, glossary=None)
    docs = []
    for i in range(120):
        fields = {
            "title": rng.choices(vocab[:15], k=rng.randint(1, 4)),
            "body": rng.choices(vocab, k=rng.randint(0, 30)),
        }
        docs.append(fields)
        index.add(Document("doc", i, {f: " ".join(ts) for f, ts in fields.items()}))
    for _ in range(25):
        query = rng.sample(vocab, k=rng.randint(1, 4))
        reference = brute_bm25f(docs, query, params)
        hits = index.search(" ".join(query), top=1000)
        got = {h.id: h.score for h in hits}
        for i, score in enumerate(reference):
            if score > 0:
                assert got[i] == pytest.approx(score, rel=1e-9)
            else:
                assert i not in got
        # best first, ties broken by id
        assert [(-h.score, h.id) for h in hits] == sorted((-h.score, h.id) for h in hits)


def test_title_outweighs_body() -> None:
    index = LexicalIndex(glossary=None)
    index.add(Document("solution", 1, {"title": "축산 관리", "body": "농가 데이터를 모읍니다"}))
    index.add(Document("solution", 2, {"title": "농가 관리", "body": "축산 데이터를 모읍니다"}))
    hits = index.search("축산")
    assert [h.id for h in hits] == [1, 2]
    assert hits[0].matched_terms == {"title": ["축산"]}
    assert hits[1].matched_terms == {"body": ["축산"]}


def test_english_query_finds_korean_record_through_glossary() -> None:
    index = LexicalIndex()
    index.add(Document("solution", 1, {"title": "축산 농가 영상 분석", "body": "소의 행동을 분석합니다"}))
    index.add(Document("solution", 2, {"title": "공장 설비 관리", "body": "설비 데이터 수집"}))
    hits = index.search("livestock computer vision")
    assert [h.id for h in hits] == [1]
    assert "축산" in hits[0].matched_terms["title"]
    assert any(str(r).startswith("glossary: livestock") for r in hits[0].reasons)


def test_remove_and_update() -> None:
    index = LexicalIndex(glossary=None)
    index.add(Document("need", 1, {"title": "온실 제어"}))
    index.add(Document("need", 2, {"title": "온실 난방"}))
    assert index.remove("need", 1)
    assert not index.remove("need", 1)
    assert [h.id for h in index.search("온실")] == [2]
    index.update(Document("need", 2, {"title": "공장 난방"}))
    assert index.search("온실") == []
    assert len(index) == 1


def test_many_updates_trigger_merges_without_changing_scores() -> None:
    rng = random.Random(3)
    index = LexicalIndex(analyse=split, glossary=None, merge_min=200)
    reference = LexicalIndex(analyse=split, glossary=None)
    texts: dict[int, str] = {}
    for step in range(3000):
        i = rng.randrange(400)
        text = " ".join(rng.choices([f"t{j}" for j in range(60)], k=rng.randint(1, 12)))
        if rng.random() < 0.15 and i in texts:
            index.remove("d", i)
            del texts[i]
        else:
            index.add(Document("d", i, {"body": text}))
            texts[i] = text
        if step % 50 == 0:
            index.search("t1 t2")  # merges along the way once the delta is big enough
    for i, text in sorted(texts.items()):
        reference.add(Document("d", i, {"body": text}))
    for query in ["t1", "t5 t7", "t10 t20 t30"]:
        assert index.search(query, top=50) == reference.search(query, top=50)


def test_cached_term_weights_follow_every_write() -> None:
    # Scores are cached per term between writes; querying between adds, updates and removes
    # (including ones that trigger merges) must still match the brute-force formula each time.
    rng = random.Random(11)
    vocab = [f"w{i}" for i in range(12)]
    params = BM25Params(field_weights={"title": 2.0, "body": 1.0})
    index = LexicalIndex(params, analyse=split, glossary=None, merge_min=15)
    live: dict[int, dict[str, list[str]]] = {}
    for step in range(60):
        doc_id = rng.randrange(25)
        if doc_id in live and rng.random() < 0.3:
            index.remove("doc", doc_id)
            del live[doc_id]
        else:
            fields = {"title": rng.choices(vocab, k=rng.randint(1, 3)), "body": rng.choices(vocab, k=rng.randint(0, 8))}
            live[doc_id] = fields
            index.add(Document("doc", doc_id, {f: " ".join(ts) for f, ts in fields.items()}))
        query = rng.sample(vocab, k=2)
        for _ in range(2):  # the second search is served from the cache
            got = {h.id: h.score for h in index.search(" ".join(query), top=1000)}
            ids = sorted(live)
            reference = brute_bm25f([live[i] for i in ids], query, params)
            assert got == pytest.approx({i: s for i, s in zip(ids, reference, strict=True) if s > 0}, rel=1e-9), step
