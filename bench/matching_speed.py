"""Matching speed on 100,000 generated records, side by side with `bm25s` over the same tokens.

Records are composed from the distinct KorSTS test+dev sentences (title = one sentence, body =
two or three more); a record's vector is the normalised mean of its sentences' cached e5
vectors, since embedding 100k texts on 2 cores would take hours. Queries are KorSTS *train*
sentences, embedded live when the figure says "incl. embedding".

    .venv/bin/python bench/matching_speed.py [--records 100000] [--queries 200]

Prints one JSON object per result line.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sys
import time
from collections.abc import Callable
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bitgoeul.matching.engine import Document, HybridIndex, LexicalIndex  # noqa: E402
from bitgoeul.matching.engine.embedding import embed_query  # noqa: E402
from bitgoeul.text import clear_analysis_cache, index_terms_many  # noqa: E402
from matching_quality import EmbeddingCache, _embed_chunk, _worker_init, read_pairs  # noqa: E402

REGIONS = ["광주", "전남", "전북", "서울", "부산", "대구", "대전", "제주"]
KINDS = ["solution", "need", "organisation"]


def emit(**row: Any) -> None:
    print(json.dumps(row, ensure_ascii=False), flush=True)


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def percentiles(samples: list[float]) -> dict[str, float]:
    arr = np.array(samples) * 1000
    return {"p50_ms": round(float(np.percentile(arr, 50)), 2), "p99_ms": round(float(np.percentile(arr, 99)), 2)}


def index_terms_many_list(text: str) -> list[list[str]]:
    return list(index_terms_many([text]))


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(42)

    sentences = sorted({s for split in ("test", "dev") for a, b, _ in read_pairs(split) for s in (a, b)})
    vectors = EmbeddingCache("passage").get(sentences)
    terms = list(index_terms_many(sentences))
    emit(task="speed-setup", distinct_sentences=len(sentences))

    base_rss = rss_mb()
    start = time.perf_counter()
    docs, doc_terms, doc_vecs = [], [], []
    for i in range(args.records):
        picks = rng.sample(range(len(sentences)), rng.randint(3, 4))
        title, body = picks[0], picks[1:]
        fields = {"title": sentences[title], "body": " ".join(sentences[j] for j in body)}
        attrs = {
            "region": rng.choice(REGIONS),
            "budget_max": float(rng.choice([3e7, 5e7, 1e8, 2e8, 5e8, 1e9])),
            "deployment": rng.sample(["cloud", "on_premise", "edge"], rng.randint(1, 2)),
        }
        docs.append(Document(KINDS[i % 3], i, fields, attrs))
        doc_terms.append({"title": terms[title], "body": [t for j in body for t in terms[j]]})
        vec = vectors[picks].mean(axis=0)
        doc_vecs.append(vec / np.linalg.norm(vec))
    index = HybridIndex(LexicalIndex())
    for doc, dt_, vec in zip(docs, doc_terms, doc_vecs, strict=True):
        index.add(doc, vec, dt_)
    index.lexical.merge()
    build_s = time.perf_counter() - start
    gc.collect()
    emit(
        task="speed-build",
        records=len(index),
        build_s=round(build_s, 1),
        rss_growth_mb=round(rss_mb() - base_rss, 1),
        lexical_index_mb=round(len(index.lexical.to_bytes()) / 2**20, 1),
        hybrid_index_mb=round(len(index.to_bytes()) / 2**20, 1),
    )

    train = [s for a, b, _ in read_pairs("train") for s in (a, b)]
    queries = rng.sample(sorted(set(train) - set(sentences)), args.queries)
    qvecs = EmbeddingCache("query").get(queries)
    filters = [{"region": rng.choice(REGIONS), "budget_max": {">=": 1e8}} for _ in queries]

    def run(mode: str, with_vec: bool) -> list[float]:
        # Every timed query pays for its Kiwi analysis, as a new query would (bm25s's time
        # below includes it too); the warm-up only warms the index's own caches.
        clear_analysis_cache()
        out = []
        for q, vec, f in zip(queries, qvecs, filters, strict=True):
            start = time.perf_counter()
            index.search(q, top=10, filters=f, mode=mode, query_vector=vec if with_vec else None)
            out.append(time.perf_counter() - start)
        return out

    run("hybrid", True)  # warm the index's caches (normalisers, attribute arrays, term weights)
    lexical = run("lexical", False)
    hybrid_excl = run("hybrid", True)
    embed_only = [t for q in queries for t in timed(partial(embed_query, q + " "), 1)]
    hybrid_incl = run("hybrid", False)  # embeds each query live (queries are not cached yet)

    # The same lexical retrieval in bm25s: same tokens, filters as a weight mask.
    import bm25s

    corpus_tokens = [d["title"] + d["body"] for d in doc_terms]
    retriever = bm25s.BM25(k1=1.2, b=0.75)
    start = time.perf_counter()
    retriever.index(corpus_tokens, show_progress=False)
    bm25s_build = time.perf_counter() - start
    vocab = retriever.vocab_dict
    region_of = np.array([REGIONS.index(str(d.attrs["region"])) for d in docs])
    budget = np.array([float(d.attrs["budget_max"]) for d in docs])  # type: ignore[arg-type]
    query_terms = list(index_terms_many(queries))
    peer = []
    for toks, f in zip(query_terms, filters, strict=True):
        start = time.perf_counter()
        mask = ((region_of == REGIONS.index(str(f["region"]))) & (budget >= 1e8)).astype(np.float32)
        kept = [t for t in toks if t in vocab] or [next(iter(vocab))]
        retriever.retrieve([kept], k=10, show_progress=False, weight_mask=mask, n_threads=1)
        peer.append(time.perf_counter() - start)
    # The Kiwi analysis of the query is part of our lexical time; add it to bm25s's too.
    analyse = [t for q in queries for t in timed(partial(index_terms_many_list, q + "  "), 1)]
    peer = [a + b for a, b in zip(peer, analyse, strict=True)]

    # Recall of the sign-bit prefilter against an exact scan, and the exact scan's cost.
    rows = index.vectors
    limit = rows.exact_limit
    approx_rows = [set(rows.nearest(v, 10)[0].tolist()) for v in qvecs]
    rows.exact_limit = 10**9
    exact_rows = [set(rows.nearest(v, 10)[0].tolist()) for v in qvecs]
    exact_dense = [t for v in qvecs[:50] for t in timed(partial(rows.nearest, v, 10), 1)]
    # How much of the filtered hybrid top 10 the approximate dense side changes.
    exact_hybrid = [
        [h.id for h in index.search(q, top=10, filters=f, query_vector=v)]
        for q, v, f in zip(queries, qvecs, filters, strict=True)
    ]
    rows.exact_limit = limit
    approx_hybrid = [
        [h.id for h in index.search(q, top=10, filters=f, query_vector=v)]
        for q, v, f in zip(queries, qvecs, filters, strict=True)
    ]
    recall = np.mean([len(a & e) / 10 for a, e in zip(approx_rows, exact_rows, strict=True)])
    hybrid_agreement = np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approx_hybrid, exact_hybrid, strict=True)])

    emit(task="speed-query", system="bm25f (ours), filters", **percentiles(lexical))
    emit(task="speed-query", system="bm25s, same tokens, filters", **percentiles(peer), build_s=round(bm25s_build, 1))
    emit(task="speed-query", system="hybrid excl. embedding", **percentiles(hybrid_excl))
    emit(task="speed-query", system="hybrid incl. embedding", **percentiles(hybrid_incl))
    emit(task="speed-query", system="query embedding alone", **percentiles(embed_only))
    emit(task="speed-query", system="exact dense scan (no prefilter)", **percentiles(exact_dense))
    emit(
        task="speed-ratio",
        bm25s_over_bm25f_p50=round(float(np.median(peer) / np.median(lexical)), 2),
        dense_prefilter_recall_at_10=round(float(recall), 3),
        filtered_hybrid_top10_agreement_with_exact_dense=round(float(hybrid_agreement), 3),
        targets={"incl_p50_ms": 40, "incl_p99_ms": 120, "excl_p50_ms": 5},
    )

    # Embedding throughput: one process vs one process per core, on texts not yet embedded.
    fresh = [f"{s} ({i})" for i, s in enumerate(rng.sample(train, 96))]
    start = time.perf_counter()
    _embed_chunk(("passage", fresh[:32]))
    single = 32 / (time.perf_counter() - start)
    cores = os.cpu_count() or 1
    with get_context("spawn").Pool(cores, initializer=_worker_init) as pool:
        pool.map(_embed_chunk, [("passage", ["준비"])] * cores)
        start = time.perf_counter()
        pool.map(_embed_chunk, [("passage", fresh[i : i + 16]) for i in range(32, 96, 16)])
        multi = 64 / (time.perf_counter() - start)
    emit(task="embedding-throughput", one_process_per_s=round(single, 1), all_cores_per_s=round(multi, 1), cores=cores)


if __name__ == "__main__":
    main()
