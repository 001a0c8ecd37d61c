"""Precision/recall of dialogue article extraction against hand-written gold, beside a naive baseline.

Run: PYTHONPATH=src .venv/bin/python bench/dialogue_extract.py [FIXTURE_DIR]
Prints one JSON object per line: per article and system, then the overall figures and their ratios.
Pairs are (speaker, quote) with whitespace and final punctuation ignored; participants are names;
organisation/role agreement is counted on matched names (equal, or one contains the other).
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bitgoeul.dialogue.extract import extract_draft
from bitgoeul.dialogue.extract.lexicon import ROLE_ENDINGS, SURNAMES

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "dialogue" / "fixtures"
_QUOTES = re.compile(r"“([^“”]*)”|「([^「」]*)」|\"([^\"]*)\"")
_TAG = re.compile(r"<[^>]+>")
_NAME = re.compile(r"(?<![가-힣])([" + "".join(sorted(SURNAMES)) + r"][가-힣]{2})(?=씨|\s|은|는|이|가)")
_ROLE_AFTER = re.compile(r"^(?:씨|\s+(?:\S+\s+){0,2}?\S*(?:" + "|".join(ROLE_ENDINGS) + r"))")


def _norm_quote(text: str) -> str:
    return re.sub(r"\s+", "", text).rstrip(".!?…")


def _norm(text: str | None) -> str:
    return re.sub(r"[\s㈜()]|\(주\)", "", text or "")


def _read(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp949")


def baseline(raw: str) -> dict[str, Any]:
    """Naive: strip tags with a regex, every quoted span is a voice, speaker = nearest name before it."""
    text = _TAG.sub(" ", raw).replace("&quot;", '"')
    voices = []
    for match in _QUOTES.finditer(text):
        quote = next(group for group in match.groups() if group is not None)
        names = _NAME.findall(text[: match.start()])
        voices.append({"speaker": names[-1] if names else None, "quote": quote})
    participants = []
    for match in _NAME.finditer(text):
        if _ROLE_AFTER.match(text[match.end() :]) and match.group(1) not in participants:
            participants.append(match.group(1))
    return {"voices": voices, "participants": [{"name": n, "organisation": None, "role": None} for n in participants]}


def ours(raw: bytes) -> dict[str, Any]:
    draft = extract_draft(raw)
    return {
        "voices": [{"speaker": v.speaker, "quote": v.quote} for v in draft.voices],
        "participants": [{"name": p.name, "organisation": p.organisation, "role": p.role} for p in draft.participants],
        "session": {
            "number": draft.session.number,
            "date": draft.session.date,
            "place": draft.session.place,
            "topic": draft.session.topic,
            "published": draft.session.published,
        },
    }


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": round(precision, 3), "r": round(recall, 3), "f1": round(f1, 3), "tp": tp, "fp": fp, "fn": fn}


def _counts(predicted: Iterable[Any], gold: Iterable[Any]) -> tuple[int, int, int]:
    predicted_counter, gold_counter = Counter(predicted), Counter(gold)
    tp = sum((predicted_counter & gold_counter).values())
    return tp, sum(predicted_counter.values()) - tp, sum(gold_counter.values()) - tp


def _loose(a: str | None, b: str | None) -> bool:
    a_norm, b_norm = _norm(a), _norm(b)
    if not a_norm or not b_norm:
        return a_norm == b_norm
    return a_norm == b_norm or a_norm in b_norm or b_norm in a_norm


def score(result: dict[str, Any], gold: dict[str, Any]) -> dict[str, Any]:
    pairs = _counts(
        ((v["speaker"], _norm_quote(v["quote"])) for v in result["voices"]),
        ((v["speaker"], _norm_quote(v["quote"])) for v in gold["voices"]),
    )
    quotes = _counts(
        (_norm_quote(v["quote"]) for v in result["voices"]), (_norm_quote(v["quote"]) for v in gold["voices"])
    )
    predicted_people = {p["name"]: p for p in result["participants"]}
    gold_people = {p["name"]: p for p in gold["participants"]}
    people = _counts(list(predicted_people), list(gold_people))
    matched = [name for name in gold_people if name in predicted_people]
    row: dict[str, Any] = {
        "pairs": _prf(*pairs),
        "quotes": _prf(*quotes),
        "participants": _prf(*people),
        "org_ok": sum(_loose(predicted_people[n]["organisation"], gold_people[n]["organisation"]) for n in matched),
        "role_ok": sum(_loose(predicted_people[n]["role"], gold_people[n]["role"]) for n in matched),
        "matched": len(matched),
    }
    if "session" in result:
        expected, got = gold["session"], result["session"]
        row["session"] = {
            "number": got["number"] == expected["number"],
            "date": got["date"] == expected["date"],
            "published": got["published"] == expected["published"],
            "place": bool(got["place"]) and expected["place_contains"] in (got["place"] or ""),
            "topic": (got["topic"] or None) == expected["topic"],
        }
    return row


def main(directory: Path = FIXTURES) -> None:
    totals: dict[str, Counter[str]] = {"extract": Counter(), "baseline": Counter()}
    golds = sorted(directory.glob("*.gold.json"))
    for gold_path in golds:
        stem = gold_path.name.removesuffix(".gold.json")
        source = next(p for p in directory.glob(stem + ".*") if not p.name.endswith(".gold.json"))
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for system in ("extract", "baseline"):
            started = time.perf_counter()
            result = ours(source.read_bytes()) if system == "extract" else baseline(_read(source))
            elapsed = time.perf_counter() - started
            row = score(result, gold)
            print(
                json.dumps(
                    {"article": source.name, "system": system, **row, "ms": round(elapsed * 1000)}, ensure_ascii=False
                )
            )
            total = totals[system]
            for key in ("pairs", "quotes", "participants"):
                for part in ("tp", "fp", "fn"):
                    total[f"{key}_{part}"] += row[key][part]
            for key in ("org_ok", "role_ok", "matched"):
                total[key] += row[key]
            for key, ok in row.get("session", {}).items():
                total[f"session_{key}"] += ok
    overall = {}
    for system, total in totals.items():
        summary: dict[str, Any] = {"article": "ALL", "system": system, "articles": len(golds)}
        for key in ("pairs", "quotes", "participants"):
            summary[key] = _prf(total[f"{key}_tp"], total[f"{key}_fp"], total[f"{key}_fn"])
        summary["org_ok"] = f"{total['org_ok']}/{total['matched']}"
        summary["role_ok"] = f"{total['role_ok']}/{total['matched']}"
        if system == "extract":
            summary["session"] = {
                k.removeprefix("session_"): f"{v}/{len(golds)}" for k, v in total.items() if k.startswith("session_")
            }
        overall[system] = summary
        print(json.dumps(summary, ensure_ascii=False))
    ratios = {
        f"{key}_f1_ratio": round(overall["extract"][key]["f1"] / overall["baseline"][key]["f1"], 2)
        if overall["baseline"][key]["f1"]
        else None
        for key in ("pairs", "quotes", "participants")
    }
    print(json.dumps({"article": "RATIO extract/baseline", **ratios}, ensure_ascii=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else FIXTURES)
