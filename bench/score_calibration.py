"""How the calibration constants of the 0-100 match score move need -> solution nDCG@10 (a check, not a tuner).

The score's constants (`FusionParams`: lexical_half, dense_mid, dense_spread) were set for what the numbers
mean (docs/matching.md); this prints nDCG@10 on the 89 graded queries for a small grid around them, on the
even and odd halves and on all queries, beside the per-query min-max fusion they replaced.

    .venv/bin/python bench/score_calibration.py

Uses the embedding cache of bench/matching_quality.py; prints one JSON object per line.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bitgoeul.matching.engine import Document, FusionParams, HybridIndex, LexicalIndex  # noqa: E402
from bitgoeul.matching.engine.embedding import passage_text  # noqa: E402
from matching_quality import EmbeddingCache, emit, ndcg_at_10  # noqa: E402


def main() -> None:
    from bitgoeul.demonstrations.demo_data import build_demo_data

    qrels = json.loads((ROOT / "bench" / "data" / "need_solution_qrels.json").read_text(encoding="utf-8"))
    docs = []
    for sol in build_demo_data()["solutions"]:
        fields = {"title": f"{sol.get('title_ko', '')}\n{sol.get('title_en', '')}",
                  "summary": f"{sol.get('summary_ko', '')}\n{sol.get('summary_en', '')}",
                  "body": "\n".join([sol.get("description_ko", ""), " ".join(sol.get("domain_tags", []))])}
        docs.append(Document("solution", sol["key"], fields))
    index = HybridIndex(LexicalIndex())
    index.add_many(docs, list(EmbeddingCache("passage").get([passage_text(d.fields) for d in docs])))
    qvecs = EmbeddingCache("query").get([q["query"] for q in qrels])

    def run(params: FusionParams, half: int | None) -> float:
        index.params = params
        values = []
        for i, (q, vec) in enumerate(zip(qrels, qvecs, strict=True)):
            if half is not None and i % 2 != half:
                continue
            hits = index.search(q["query"], top=10, mode="hybrid", query_vector=vec)
            values.append(ndcg_at_10([str(h.id) for h in hits], {str(k): int(v) for k, v in q["grades"].items()}))
        return round(float(np.mean(values)), 4)

    def row(name: str, params: FusionParams, **extra: Any) -> None:
        emit(task="score-calibration", system=name, **extra, ndcg10_even=run(params, 0), ndcg10_odd=run(params, 1),
             ndcg10_all=run(params, None))

    row("minmax", FusionParams(scaling="minmax"))
    row("calibrated (product)", FusionParams())
    for half, mid, spread in itertools.product([0.25, 0.5, 0.75], [0.82, 0.835, 0.85], [0.03, 0.04, 0.06]):
        row("calibrated", FusionParams(lexical_half=half, dense_mid=mid, dense_spread=spread),
            lexical_half=half, dense_mid=mid, dense_spread=spread)


if __name__ == "__main__":
    main()
