"""Filters and boosts against a brute-force check of every record's attributes."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from bitgoeul.matching.engine import Document, LexicalIndex, QueryError

REGIONS = ["광주", "전남", "서울"]
TAGS = ["vision", "iot", "nlp", "robot"]


def make_docs() -> list[Document]:
    rng = random.Random(5)
    docs = []
    for i in range(200):
        attrs: dict[str, object] = {
            "region": rng.choice(REGIONS),
            "tags": rng.sample(TAGS, rng.randint(0, 3)),
            "remote": rng.random() < 0.5,
            "deadline": dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365)),
        }
        if i % 5:  # some records have no budget at all
            attrs["budget_max"] = rng.choice([2e7, 1e8, 3e8, 1e9])
        docs.append(Document("need" if i % 4 else "solution", i, {"title": "AI 실증 사업", "body": "영상 분석"}, attrs))
    return docs


def passes(doc: Document, name: str, spec: object) -> bool:
    value = doc.attrs.get(name)
    if value is None:
        return False
    if isinstance(spec, dict):
        ops = {
            ">": lambda a, b: a > b,
            ">=": lambda a, b: a >= b,
            "<": lambda a, b: a < b,
            "<=": lambda a, b: a <= b,
        }
        return all(ops[op](value, bound) for op, bound in spec.items())
    values = value if isinstance(value, list) else [value]
    wanted = spec if isinstance(spec, list) else [spec]
    return any(v in values for v in wanted)


CASES: list[dict[str, object]] = [
    {"region": "광주"},
    {"region": ["광주", "전남"]},
    {"tags": "vision"},
    {"tags": ["nlp", "robot"], "region": "서울"},
    {"budget_max": {">=": 1e8}},
    {"budget_max": {">": 2e7, "<=": 3e8}, "remote": True},
    {"deadline": {">=": dt.date(2025, 6, 1), "<": dt.date(2025, 9, 1)}},
]


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    ix = LexicalIndex()
    ix.add_many(make_docs())
    return ix


@pytest.mark.parametrize("filters", CASES)
def test_filters_match_brute_force(index: LexicalIndex, filters: dict[str, object]) -> None:
    expected = {d.id for d in make_docs() if all(passes(d, k, v) for k, v in filters.items())}
    hits = index.search("영상 분석", top=1000, filters=filters)
    assert {h.id for h in hits} == expected
    assert all(any(r.kind == "filter" for r in h.reasons) for h in hits)


def test_kinds_restrict_results(index: LexicalIndex) -> None:
    hits = index.search("영상", top=1000, kinds=["solution"])
    assert hits
    assert {h.kind for h in hits} == {"solution"}
    assert len(hits) == 50


def test_boost_reorders_and_is_explained(index: LexicalIndex) -> None:
    plain = index.search("영상", top=1000)
    boosted = index.search("영상", top=1000, boosts={"region": {"전남": 2.0}})
    assert len(plain) == len(boosted)
    top_regions = {next(d for d in make_docs() if d.id == h.id).attrs["region"] for h in boosted[:30]}
    assert top_regions == {"전남"}
    assert all("boost: region = 전남 x2" in map(str, h.reasons) for h in boosted[:30])
    assert all(not any(r.kind == "boost" for r in h.reasons) for h in boosted[-10:])


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"colour": "red"}, "unknown filter"),
        ({"region": {">=": 3}}, "not numeric"),
        ({"budget_max": {"~": 3}}, "unknown operator"),
        ({"budget_max": {">=": "lots"}}, "not a number"),
        ({"region": []}, "empty list"),
        ({"region": None}, "no value"),
    ],
)
def test_bad_filters_raise_query_error(index: LexicalIndex, filters: dict[str, object], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        index.search("영상", filters=filters)


def test_bad_boosts_raise_query_error(index: LexicalIndex) -> None:
    with pytest.raises(QueryError, match="unknown boost"):
        index.search("영상", boosts={"colour": {"red": 2.0}})
    with pytest.raises(QueryError, match="positive"):
        index.search("영상", boosts={"region": {"광주": -1}})


def test_declared_attributes_are_known_before_any_record() -> None:
    empty = LexicalIndex(attributes=["region"])
    assert empty.search("영상", filters={"region": "광주"}) == []
    with pytest.raises(QueryError):
        empty.search("영상", filters={"budget": 1})
