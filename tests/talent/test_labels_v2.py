"""Format checks of the second labelled person-job set, so the benchmark can load it like the first one."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bitgoeul.talent.schemas import JobIn, ProfileIn

DATA = Path(__file__).resolve().parents[2] / "bench" / "data"


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def v2() -> dict[str, Any]:
    return _load("person_job_labels_v2.json")


def test_sizes_meet_the_issue(v2: dict[str, Any]) -> None:
    assert len(v2["people"]) == 40
    assert len(v2["jobs"]) >= 60
    assert len(v2["labels"]) >= 600
    assert isinstance(v2["about"], str) and v2["about"]


def test_records_have_the_same_fields_as_the_first_set(v2: dict[str, Any]) -> None:
    # The benchmark reads both sets with one loader: same record fields, labels may add `mutual`.
    v1 = _load("person_job_labels.json")
    assert {frozenset(p) for p in v2["people"]} == {frozenset(v1["people"][0])}
    assert {frozenset(j) for j in v2["jobs"]} == {frozenset(v1["jobs"][0])}
    assert {frozenset(label) for label in v2["labels"]} == {frozenset(v1["labels"][0]) | {"mutual"}}


def test_keys_are_unique_and_labels_point_at_records(v2: dict[str, Any]) -> None:
    people = [p["key"] for p in v2["people"]]
    jobs = [j["key"] for j in v2["jobs"]]
    assert len(set(people)) == len(people)
    assert len(set(jobs)) == len(jobs)
    pairs = [(label["person"], label["job"]) for label in v2["labels"]]
    assert len(set(pairs)) == len(pairs), "a pair is graded twice"
    assert {p for p, _ in pairs} == set(people), "every person is graded"
    assert {j for _, j in pairs} <= set(jobs)


def test_grades_and_mutual_flags_agree(v2: dict[str, Any]) -> None:
    for label in v2["labels"]:
        assert label["grade"] in (0, 1, 2, 3), label
        assert label["mutual"] is (label["grade"] >= 2), label


def test_each_person_has_enough_graded_jobs_and_distractors(v2: dict[str, Any]) -> None:
    graded = Counter(label["person"] for label in v2["labels"])
    non_fits = Counter(label["person"] for label in v2["labels"] if not label["mutual"])
    assert min(graded.values()) >= 15
    assert min(non_fits.values()) >= 10
    mutual = sum(label["mutual"] for label in v2["labels"])
    assert mutual >= 80


def test_records_pass_the_talent_input_schemas(v2: dict[str, Any]) -> None:
    # Fields the services would refuse (unknown codes, salary max below min, a programme without cohort)
    # would make the benchmark measure records the product cannot hold.
    for person in v2["people"]:
        ProfileIn.model_validate({k: v for k, v in person.items() if k != "key"})
    for job in v2["jobs"]:
        JobIn.model_validate({k: v for k, v in job.items() if k not in ("key", "organisation")})
        assert job["organisation"]
        assert job["title_ko"] and job["title_en"]
