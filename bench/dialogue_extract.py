"""Precision/recall of dialogue article extraction against hand-written gold, beside a naive baseline.

Run: PYTHONPATH=src .venv/bin/python bench/dialogue_extract.py [FIXTURE_DIR]
Prints one JSON object per line: per article and system, then the overall figures and their ratios.
Pairs are (speaker, quote) with whitespace and final punctuation ignored; participants are names;
organisation/role agreement is counted on matched names (equal, or one contains the other).

Real articles (issue 15): PYTHONPATH=src .venv/bin/python bench/dialogue_extract.py --real heldout
(or tune, all; --batch 3 or --batch 1,2 measures those labelling batches only; --table prints the
written, tuning and held-out figures side by side). Labels are in
bench/data/dialogue_real_labels.json; the texts are not in the repository but in the git-ignored
.cache/articles/ (see bench/data/README.md), and the bench says so and stops when they are absent;
--partial measures the texts that are there and names the missing ones (a different figure: say so).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable
from datetime import date
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


# ---- real articles (issue 15): participant P/R/F1, attribution, date and number accuracy ----

LABELS = Path(__file__).resolve().parent / "data" / "dialogue_real_labels.json"
CACHE = Path(__file__).resolve().parents[1] / ".cache" / "articles"
_NAIVE_NUMBER = re.compile(r"(?:제\s?)?(\d{1,3})\s?(?:회|번째|차)")
_NAIVE_DATE = re.compile(r"(20\d{2})\s*[.년-]\s*(\d{1,2})\s*[.월-]\s*(\d{1,2})")


def _speaker_ok(predicted: str | None, gold: str | None) -> bool:
    if predicted is None or gold is None:
        return predicted == gold  # an unnamed speaker is right only as unnamed
    if predicted == gold:
        return True
    # Groups and organisations are labelled as written ("참석자들", "상인들", "전남도"): loose match.
    a, b = _norm(predicted), _norm(gold)
    return bool(a and b) and (a in b or b in a) and not _is_person(gold)


def _is_person(label: str) -> bool:
    return 2 <= len(label) <= 4 and label[0] in SURNAMES and not label.endswith("들")


def _naive_session(raw: str) -> dict[str, Any]:
    number = _NAIVE_NUMBER.search(raw)
    full = _NAIVE_DATE.search(raw)
    return {
        "number": int(number.group(1)) if number else None,
        "date": f"{int(full[1]):04d}-{int(full[2]):02d}-{int(full[3]):02d}" if full else None,
    }


def score_real(result: dict[str, Any], gold: dict[str, Any]) -> dict[str, Any]:
    """One article: counts for participants, voices (phrase + speaker) and the session facts."""
    predicted_names = {p["name"] for p in result["participants"] if p["name"]}
    gold_names = {p["name"] for p in gold["participants"]}
    tp = len(predicted_names & gold_names)
    attributed = 0
    matched_predictions: set[int] = set()
    for voice in gold["voices"]:
        phrase = _norm_quote(voice["phrase"])
        hits = [i for i, v in enumerate(result["voices"]) if phrase in _norm_quote(v["quote"])]
        matched_predictions.update(hits)
        if any(_speaker_ok(result["voices"][i]["speaker"], voice["speaker"]) for i in hits):
            attributed += 1
    # A predicted voice is right when it holds a gold phrase and names that phrase's speaker.
    right_predictions = sum(
        1
        for v in result["voices"]
        if any(
            _norm_quote(g["phrase"]) in _norm_quote(v["quote"]) and _speaker_ok(v["speaker"], g["speaker"])
            for g in gold["voices"]
        )
    )
    session = result.get("session", {})
    return {
        "people_tp": tp,
        "people_fp": len(predicted_names) - tp,
        "people_fn": len(gold_names) - tp,
        "missed": sorted(gold_names - predicted_names),
        "extra": sorted(predicted_names - gold_names),
        "voices_gold": len(gold["voices"]),
        "attributed": attributed,
        "voices_predicted": len(result["voices"]),
        "voices_right": right_predictions,
        "date_ok": session.get("date") == gold["session"]["date"],
        "number_ok": session.get("number") == gold["session"]["number"],
        "date": [session.get("date"), gold["session"]["date"]],
        "number": [session.get("number"), gold["session"]["number"]],
    }


def _real_articles(
    split: str, *, partial: bool = False, batches: set[int] | None = None
) -> list[tuple[str, bytes, date | None, dict[str, Any]]]:
    labels = json.loads(LABELS.read_text(encoding="utf-8"))["articles"]
    chosen = [a for a in labels if split == "all" or a["split"] == split]
    if batches is not None:
        # Articles without a batch mark are the first batch; a later batch is measured blind on its own first.
        chosen = [a for a in chosen if a.get("batch", 1) in batches]
    missing = [a["id"] for a in chosen if not (CACHE / f"{a['id']}.txt").is_file()]
    if missing and partial:
        # Measuring a subset is a different figure from the labelled set's: say so on every run.
        print(
            json.dumps(
                {
                    "warning": f"{split}: {len(missing)} of {len(chosen)} texts missing, measured the rest",
                    "missing": missing,
                }
            ),
            file=sys.stderr,
        )
        chosen = [a for a in chosen if a["id"] not in missing]
    elif missing:
        sys.exit(
            f"The article texts are not in the repository: {len(missing)} of {len(chosen)} are missing from "
            f"{CACHE} (e.g. {missing[0]}.txt). Save each labelled article's text there (see "
            "bench/data/README.md); nothing was measured."
        )
    articles = []
    for label in chosen:
        raw = (CACHE / f"{label['id']}.txt").read_bytes()
        if hashlib.sha256(raw).hexdigest() != label["sha256"]:
            print(json.dumps({"warning": f"{label['id']}: cached text differs from the labelled one"}), file=sys.stderr)
        published = date.fromisoformat(label["published"]) if label["published_from"] == "address" else None
        articles.append((label["id"], raw, published, label))
    return articles


def _written_articles(directory: Path = FIXTURES) -> list[tuple[str, bytes, date | None, dict[str, Any]]]:
    articles = []
    for gold_path in sorted(directory.glob("*.gold.json")):
        stem = gold_path.name.removesuffix(".gold.json")
        source = next(p for p in directory.glob(stem + ".*") if not p.name.endswith(".gold.json"))
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        label = {
            "participants": gold["participants"],
            "voices": [{"speaker": v["speaker"], "phrase": v["quote"]} for v in gold["voices"]],
            "session": {"date": gold["session"]["date"], "number": gold["session"]["number"]},
        }
        articles.append((source.name, source.read_bytes(), None, label))
    return articles


def evaluate(articles: list[tuple[str, bytes, date | None, dict[str, Any]]], *, verbose: bool) -> dict[str, Any]:
    totals: dict[str, Counter[str]] = {"extract": Counter(), "baseline": Counter()}
    for name, raw, published, label in articles:
        for system in ("extract", "baseline"):
            if system == "extract":
                draft = extract_draft(raw, published=published)
                result: dict[str, Any] = {
                    "voices": [{"speaker": v.speaker, "quote": v.quote} for v in draft.voices],
                    "participants": [{"name": p.name} for p in draft.participants],
                    "session": {"date": draft.session.date, "number": draft.session.number},
                }
            else:
                text = _read_bytes(raw)
                result = baseline(text) | {"session": _naive_session(text)}
            row = score_real(result, label)
            if verbose and system == "extract":
                print(json.dumps({"article": name, **row}, ensure_ascii=False))
            for key, value in row.items():
                if isinstance(value, bool | int):
                    totals[system][key] += int(value)
    summary: dict[str, Any] = {"articles": len(articles)}
    for system, total in totals.items():
        people = _prf(total["people_tp"], total["people_fp"], total["people_fn"])
        summary[system] = {
            "participants": people,
            "attribution": round(total["attributed"] / total["voices_gold"], 3) if total["voices_gold"] else None,
            "voice_precision": round(total["voices_right"] / total["voices_predicted"], 3)
            if total["voices_predicted"]
            else None,
            "voices": f"{total['attributed']}/{total['voices_gold']}",
            "date": round(total["date_ok"] / len(articles), 3) if articles else None,
            "number": round(total["number_ok"] / len(articles), 3) if articles else None,
        }
    return summary


def _read_bytes(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp949")


def _table(*, partial: bool = False) -> None:
    rows = {
        "written (tests/dialogue/fixtures)": evaluate(_written_articles(), verbose=False),
        "written, held out (fixtures/heldout)": evaluate(_written_articles(FIXTURES / "heldout"), verbose=False),
        "real, tuning half": evaluate(_real_articles("tune", partial=partial), verbose=False),
        "real, held-out half": evaluate(_real_articles("heldout", partial=partial), verbose=False),
    }
    print("| set | system | articles | participants P / R / F1 | attribution | voice precision | date | number |")
    print("|---|---|---|---|---|---|---|---|")
    for name, summary in rows.items():
        for system in ("extract", "baseline"):
            s = summary[system]
            p = s["participants"]
            print(
                f"| {name} | {system} | {summary['articles']} | {p['p']:.2f} / {p['r']:.2f} / {p['f1']:.2f} | "
                f"{s['attribution']:.2f} ({s['voices']}) | {s['voice_precision']:.2f} | {s['date']:.2f} | "
                f"{s['number']:.2f} |"
            )


if __name__ == "__main__":
    partial = "--partial" in sys.argv
    chosen_batches = (
        {int(b) for b in sys.argv[sys.argv.index("--batch") + 1].split(",")} if "--batch" in sys.argv else None
    )
    if "--table" in sys.argv:
        _table(partial=partial)
    elif "--real" in sys.argv:
        after = sys.argv[sys.argv.index("--real") + 1 :]
        split = after[0] if after and not after[0].startswith("--") else "heldout"
        chosen = _real_articles(split, partial=partial, batches=chosen_batches)
        print(json.dumps(evaluate(chosen, verbose=True), ensure_ascii=False))
    else:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else FIXTURES)
