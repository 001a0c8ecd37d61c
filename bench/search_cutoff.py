"""Choose the semantic cut-off of site search: below it, a result without a lexical match is dropped.

Once vectors exist every record gets some cosine similarity to a query, so without a floor site
search always returns its 100-result cap and facets count junk. Two calibrations, never on test data:
(1) KorSTS *dev*: s1 embedded as a query, s2 as a passage (as search does); gold >= 3 related,
gold < 2 unrelated. (2) The labelled need -> solution set, queries against whole demo solutions:
graded (1-3) pairs related, ungraded unrelated; chosen on the odd-numbered queries, checked on the
even ones. In both the threshold maximising balanced accuracy (Youden's J) wins. Sentence pairs
sit higher than query-to-record pairs, so (1) alone would drop most semantic-only record matches;
the product uses (2) (see docs/bench/matching-search.md).

    .venv/bin/python bench/search_cutoff.py

Prints one JSON object per result line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from matching_quality import KORSTS, EmbeddingCache, emit, read_pairs  # noqa: E402

RELATED, UNRELATED = 3.0, 2.0


def youden(related: npt.NDArray[np.float64], unrelated: npt.NDArray[np.float64]) -> tuple[float, float, float]:
    """(threshold, share of related kept, share of unrelated dropped) at the best balanced accuracy."""
    best = (0.0, 0.0, 0.0, -1.0)
    for t in np.unique(np.round(np.concatenate([related, unrelated]), 3)):
        kept, dropped = float((related >= t).mean()), float((unrelated < t).mean())
        if kept + dropped - 1 > best[3]:
            best = (float(t), kept, dropped, kept + dropped - 1)
    return best[0], best[1], best[2]


def korsts_dev() -> float:
    pairs = [(a, b, g) for a, b, g in read_pairs("dev") if a != b]
    queries = EmbeddingCache("query").get([a for a, _, _ in pairs])
    passages = EmbeddingCache("passage").get([b for _, b, _ in pairs])
    sims = np.einsum("ij,ij->i", queries, passages).astype(np.float64)
    gold = np.array([g for _, _, g in pairs])
    related, unrelated = sims[gold >= RELATED], sims[gold < UNRELATED]
    threshold, kept, dropped = youden(related, unrelated)
    emit(task="cutoff-korsts-dev", pairs=len(pairs), related=len(related), unrelated=len(unrelated),
         related_median=round(float(np.median(related)), 4), unrelated_median=round(float(np.median(unrelated)), 4),
         threshold=threshold, related_kept=round(kept, 4), unrelated_dropped=round(dropped, 4))
    return threshold


def need_solution_check(threshold: float) -> None:
    from bitgoeul.demonstrations.demo_data import build_demo_data
    from bitgoeul.matching.engine.embedding import passage_text

    qrels = json.loads((ROOT / "bench" / "data" / "need_solution_qrels.json").read_text(encoding="utf-8"))
    solutions = build_demo_data()["solutions"]
    texts = [passage_text({"title": f"{s.get('title_ko', '')}\n{s.get('title_en', '')}",
                           "summary": f"{s.get('summary_ko', '')}\n{s.get('summary_en', '')}",
                           "body": s.get("description_ko", "")}) for s in solutions]
    pvecs = EmbeddingCache("passage").get(texts)
    qvecs = EmbeddingCache("query").get([q["query"] for q in qrels])
    sims = qvecs @ pvecs.T
    keys = [s["key"] for s in solutions]

    def split(part: int) -> tuple[dict[int, list[float]], list[float], int]:
        graded: dict[int, list[float]] = {1: [], 2: [], 3: []}
        ungraded: list[float] = []
        queries = [qi for qi in range(len(qrels)) if qi % 2 == part]
        for qi in queries:
            for si, key in enumerate(keys):
                grade = int(qrels[qi]["grades"].get(key, 0))
                (graded[grade] if grade else ungraded).append(float(sims[qi, si]))
        return graded, ungraded, len(queries)

    def report(task: str, t: float, part: int) -> None:
        graded, ungraded, n = split(part)
        emit(task=task, threshold=t, queries=n, solutions=len(keys),
             **{f"grade{g}_kept": round(float((np.array(v) >= t).mean()), 4) for g, v in graded.items() if v},
             ungraded_dropped=round(float((np.array(ungraded) < t).mean()), 4),
             ungraded_kept_per_query=round(float((np.array(ungraded) >= t).sum()) / n, 1))

    report("cutoff-need-solution-korsts-floor", threshold, 0)
    graded, ungraded, _ = split(1)
    related = np.array([v for vs in graded.values() for v in vs])
    chosen, _, _ = youden(related, np.array(ungraded))
    report("cutoff-need-solution-tuned-odd", chosen, 1)
    report("cutoff-need-solution-heldout-even", chosen, 0)


def main() -> None:
    if not KORSTS.exists():
        emit(task="cutoff", skipped="KorSTS not found beside the repository")
        return
    threshold = korsts_dev()
    need_solution_check(threshold)


if __name__ == "__main__":
    main()
