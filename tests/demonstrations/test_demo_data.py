"""The demo ecosystem is complete, consistent, deterministic and free of real-looking personal data."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bitgoeul.demo_time import HISTORY_DAYS as HISTORY
from bitgoeul.demonstrations import stages
from bitgoeul.demonstrations.demo_data import CLOCK, DOMAINS, REGIONS, STAGES, build_demo_data

Data = dict[str, list[dict[str, Any]]]

# The stage machine written out by hand (the issue's text), independent of the code under test.
ALLOWED = {
    ("proposed", "under_review"),
    ("under_review", "agreed"),
    ("agreed", "running"),
    ("running", "reported"),
    ("reported", "purchased"),
    ("reported", "not_purchased"),
    *((s, "withdrawn") for s in ("proposed", "under_review", "agreed", "running", "reported")),
}

KEYS = {
    "organisations": {
        "key",
        "name_ko",
        "name_en",
        "kind",
        "region",
        "size",
        "founded_year",
        "hq_moved_from",
        "description_ko",
        "description_en",
    },
    "solutions": {
        "key",
        "org_key",
        "title_ko",
        "title_en",
        "summary_ko",
        "summary_en",
        "description_ko",
        "domain_tags",
        "deployment",
        "price_model",
        "references",
        "created_at",
    },
    "needs": {
        "key",
        "org_key",
        "title_ko",
        "title_en",
        "problem_ko",
        "domain",
        "budget_min",
        "budget_max",
        "deadline",
        "site_available",
        "site_description_ko",
        "data_available_ko",
        "created_at",
    },
    "demonstrations": {
        "key",
        "need_key",
        "solution_key",
        "stage",
        "funded_amount",
        "not_purchased_reason",
        "history",
        "kpis",
        "purchase",
    },
    "people": {"key", "email", "display_name", "role", "org_key"},
}


@pytest.fixture(scope="module")
def data() -> Data:
    return build_demo_data()


def by_key(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["key"]: row for row in rows}


def test_lists_have_exactly_the_agreed_fields(data: Data) -> None:
    assert set(data) == set(KEYS)
    for name, rows in data.items():
        for row in rows:
            assert set(row) == KEYS[name], (name, row["key"])


def test_counts_meet_the_issue(data: Data) -> None:
    kinds = Counter(org["kind"] for org in data["organisations"])
    assert kinds["ai_firm"] >= 60
    assert kinds["buyer"] >= 40
    assert {"public_institution", "university", "support_agency"} <= set(kinds)
    assert len(data["solutions"]) >= 120
    assert len(data["needs"]) >= 80
    assert len(data["demonstrations"]) >= 30


def test_keys_are_unique_within_and_across_lists(data: Data) -> None:
    every = [row["key"] for rows in data.values() for row in rows]
    duplicates = [key for key, n in Counter(every).items() if n > 1]
    assert duplicates == []


def test_references_point_at_the_right_kind_of_record(data: Data) -> None:
    orgs = by_key(data["organisations"])
    needs, solutions = by_key(data["needs"]), by_key(data["solutions"])
    assert all(orgs[s["org_key"]]["kind"] == "ai_firm" for s in data["solutions"])
    assert all(orgs[n["org_key"]]["kind"] == "buyer" for n in data["needs"])
    for demo in data["demonstrations"]:
        need, solution = needs[demo["need_key"]], solutions[demo["solution_key"]]
        assert need["domain"] in solution["domain_tags"], demo["key"]  # a sensible pairing
    assert all(p["org_key"] is None or p["org_key"] in orgs for p in data["people"])


def test_firms_cover_every_domain_and_every_firm_offers_something(data: Data) -> None:
    firms = [o for o in data["organisations"] if o["kind"] == "ai_firm"]
    owners = Counter(s["org_key"] for s in data["solutions"])
    assert all(owners[f["key"]] >= 1 for f in firms)
    primary = {s["domain_tags"][0] for s in data["solutions"]}
    assert primary == set(DOMAINS)
    assert any(f["hq_moved_from"] for f in firms)  # the firm that moved its HQ from Seoul has company


def test_enumerations_hold(data: Data) -> None:
    for org in data["organisations"]:
        assert org["size"] in {"micro", "small", "medium", "large"}
        assert org["region"] in REGIONS
        assert org["founded_year"] is None or 1980 <= org["founded_year"] <= 2025
    for solution in data["solutions"]:
        assert solution["domain_tags"]
        assert set(solution["domain_tags"]) <= set(DOMAINS)
        assert solution["deployment"] in {"cloud", "on_premise", "edge", "hybrid"}
        assert solution["price_model"] in {"subscription", "license", "per_use", "project"}
        assert 1 <= len(solution["references"]) <= 4
    for need in data["needs"]:
        assert need["domain"] in DOMAINS
        assert 0 < need["budget_min"] <= need["budget_max"]
        posted = datetime.fromisoformat(need["created_at"])
        assert CLOCK - timedelta(days=HISTORY) <= posted < CLOCK
        deadline = date.fromisoformat(need["deadline"])
        assert posted.date() < deadline <= CLOCK.date() + timedelta(days=366)
        if need["key"] not in {d["need_key"] for d in data["demonstrations"]}:
            assert deadline > CLOCK.date()  # an open need still takes proposals


def test_texts_are_bilingual_and_solution_descriptions_have_three_to_six_sentences(data: Data) -> None:
    kiwi = pytest.importorskip("kiwipiepy").Kiwi()
    hangul = re.compile("[가-힣]")
    for solution in data["solutions"]:
        assert hangul.search(solution["title_ko"])
        assert solution["title_en"].isascii()
        assert solution["title_en"]
        assert solution["summary_en"]
        sentences = kiwi.split_into_sents(solution["description_ko"])
        assert 3 <= len(sentences) <= 6, solution["key"]
    for need in data["needs"]:
        assert hangul.search(need["problem_ko"])
        assert need["title_en"].isascii()


def test_every_stage_is_present(data: Data) -> None:
    assert {d["stage"] for d in data["demonstrations"]} == set(STAGES)


def test_histories_are_valid_paths_in_time_order(data: Data) -> None:
    for demo in data["demonstrations"]:
        walked = [step["stage"] for step in demo["history"]]
        assert walked[0] == "proposed"
        assert walked[-1] == demo["stage"]
        assert all(pair in ALLOWED for pair in itertools.pairwise(walked)), walked
        assert stages.is_valid_path(walked)  # the loader's own machine agrees
        times = [datetime.strptime(step["at"], "%Y-%m-%dT%H:%M") for step in demo["history"]]
        assert times == sorted(times)
        assert len(set(times)) == len(times)
        assert CLOCK - timedelta(days=HISTORY) <= times[0]
        assert times[-1] < CLOCK
        assert all(step["actor"] in {"buyer", "supplier", "operator"} and step["note_ko"] for step in demo["history"])


def test_needs_and_solutions_exist_before_the_demonstrations_naming_them(data: Data) -> None:
    created = {row["key"]: datetime.fromisoformat(row["created_at"]) for row in data["needs"] + data["solutions"]}
    for demo in data["demonstrations"]:
        proposed = datetime.strptime(demo["history"][0]["at"], "%Y-%m-%dT%H:%M")
        assert created[demo["need_key"]] < proposed and created[demo["solution_key"]] < proposed


def test_dates_follow_now_and_texts_do_not() -> None:
    """Another `now` moves every date by about the same span (the same draws, placed from a later instant)
    and changes no solution text: the matching benchmarks read those."""
    later = CLOCK + timedelta(days=400)
    before, after = build_demo_data(), build_demo_data(later)
    assert build_demo_data(later) == after
    text_fields = ("title_ko", "title_en", "summary_ko", "summary_en", "description_ko", "domain_tags")
    for old, new in zip(before["solutions"], after["solutions"], strict=True):
        assert {k: old[k] for k in ("key", *text_fields)} == {k: new[k] for k in ("key", *text_fields)}
        assert datetime.fromisoformat(new["created_at"]) - datetime.fromisoformat(old["created_at"]) == timedelta(
            days=400)
    for old, new in zip(before["demonstrations"], after["demonstrations"], strict=True):
        assert [s["note_ko"] for s in old["history"]] == [s["note_ko"] for s in new["history"]]
        first_old = datetime.strptime(old["history"][0]["at"], "%Y-%m-%dT%H:%M")
        first_new = datetime.strptime(new["history"][0]["at"], "%Y-%m-%dT%H:%M")
        assert first_new - first_old == timedelta(days=400)


def test_money_and_kpis_follow_the_stage(data: Data) -> None:
    for demo in data["demonstrations"]:
        walked = [step["stage"] for step in demo["history"]]
        if "agreed" in walked:
            assert 30_000_000 <= demo["funded_amount"] <= 150_000_000
        else:
            assert demo["funded_amount"] is None
        if demo["stage"] == "purchased":
            assert isinstance(demo["purchase"]["amount"], int)
            assert demo["purchase"]["amount"] > 0
            assert demo["purchase"]["date"] == demo["history"][-1]["at"][:10]
        else:
            assert demo["purchase"] is None
        assert bool(demo["not_purchased_reason"]) == (demo["stage"] == "not_purchased")
        assert 2 <= len(demo["kpis"]) <= 4
        for kpi in demo["kpis"]:
            assert isinstance(kpi["target"], float)
            assert (kpi["measured"] is not None) == ("running" in walked), (demo["key"], kpi)
            if kpi["unit"] == "%" and kpi["measured"] is not None:
                assert 0 <= kpi["measured"] <= 100


def test_people_are_the_promised_demo_accounts(data: Data) -> None:
    orgs = by_key(data["organisations"])
    roles = Counter(p["role"] for p in data["people"])
    assert roles["operator"] == 1
    assert roles["person"] == 3
    member_kinds = Counter(orgs[p["org_key"]]["kind"] for p in data["people"] if p["role"] == "member")
    assert member_kinds["buyer"] >= 5
    assert member_kinds["ai_firm"] >= 5
    assert len({p["email"] for p in data["people"]}) == len(data["people"])


def test_no_real_looking_personal_data(data: Data) -> None:
    assert all(re.fullmatch(r"[a-z0-9.]+@example\.(org|com)", p["email"]) for p in data["people"])
    text = json.dumps(data, ensure_ascii=False)
    emails = re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
    assert all(e.endswith(("@example.org", "@example.com")) for e in emails)
    assert not re.search(r"\b01[016789]-?\d{3,4}-?\d{4}\b", text)  # mobile numbers
    assert not re.search(r"\b\d{6}-[1-4]\d{6}\b", text)  # resident registration numbers
    assert not re.search(r"https?://", text)


def test_two_builds_are_equal_and_independent(data: Data) -> None:
    first, second = build_demo_data(), build_demo_data()
    assert first == second
    assert json.dumps(first, ensure_ascii=False, sort_keys=True) == json.dumps(data, ensure_ascii=False, sort_keys=True)
    first["solutions"][0]["domain_tags"].append("changed")
    first["demonstrations"][0]["kpis"][0]["target"] = -1.0
    assert build_demo_data() == second  # callers may mutate what they get without changing the next build


QRELS = Path(__file__).resolve().parents[2] / "bench" / "data" / "need_solution_qrels.json"


def test_relevance_set_grades_existing_solutions(data: Data) -> None:
    if not QRELS.exists():
        pytest.skip("bench/data is not part of this checkout")
    queries = json.loads(QRELS.read_text(encoding="utf-8"))
    solutions = set(by_key(data["solutions"]))
    assert len(queries) >= 80
    assert len({q["id"] for q in queries}) == len(queries)
    assert len({q["query"] for q in queries}) == len(queries)
    langs = Counter(q["lang"] for q in queries)
    assert langs["ko"] >= 55
    assert langs["en"] >= 20
    need_texts = {n["title_ko"] for n in data["needs"]} | {n["title_en"] for n in data["needs"]}
    for query in queries:
        assert query["query"] not in need_texts  # phrased freshly, not copied from needs
        assert set(query["grades"]) <= solutions, query["id"]
        assert set(query["grades"].values()) <= {1, 2, 3}
        assert 3 in query["grades"].values()  # every query has at least one solution that solves it
