"""Our own articles (tests/dialogue/fixtures) against their hand-written gold annotations.

The gold files were committed before the extractor was tuned; this keeps what it gets right.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from bitgoeul.dialogue.extract import extract_draft

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDS = sorted(FIXTURES.glob("*.gold.json"))


def _source(gold: Path) -> Path:
    stem = gold.name.removesuffix(".gold.json")
    return next(p for p in FIXTURES.glob(stem + ".*") if not p.name.endswith(".gold.json"))


def _quote_key(text: str) -> str:
    return re.sub(r"\s+", "", text).rstrip(".!?…")


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp949")


def test_there_are_at_least_twelve_articles() -> None:
    assert len(GOLDS) >= 12


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_gold_is_consistent_with_its_article(gold_path: Path) -> None:
    gold: dict[str, Any] = json.loads(gold_path.read_text(encoding="utf-8"))
    text = _read_text(_source(gold_path)).replace("&quot;", '"')
    for voice in gold["voices"]:
        assert voice["quote"] in text
    for person in gold["participants"]:
        assert person["name"] in text


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_article_matches_gold(gold_path: Path) -> None:
    gold: dict[str, Any] = json.loads(gold_path.read_text(encoding="utf-8"))
    draft = extract_draft(_source(gold_path).read_bytes())
    assert [(v.speaker, _quote_key(v.quote)) for v in draft.voices] == [
        (v["speaker"], _quote_key(v["quote"])) for v in gold["voices"]
    ]
    assert {p.name for p in draft.participants} == {p["name"] for p in gold["participants"]}
    session = gold["session"]
    assert draft.session.number == session["number"]
    assert draft.session.date == session["date"]
    assert draft.session.published == session["published"]
    assert draft.session.topic == session["topic"]
    assert draft.session.place is not None
    assert session["place_contains"] in draft.session.place
    if not gold["voices"]:
        assert "dialogue.extract.no_quotes" in draft.warnings
