"""`exchange schedule INPUT.json [--json] [--exact]` through Typer's runner on the exchange app itself."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.exchange.test_scheduler_reference import brute_force_optimum, random_instance, violations
from typer.testing import CliRunner

from bitgoeul.core.i18n import speaking
from bitgoeul.exchange.cli import app


@pytest.fixture(autouse=True)
def _english_reader() -> Iterator[None]:
    """These tests read the CLI's English words (it speaks one language: --lang, else the locale)."""
    with speaking("en"):
        yield

runner = CliRunner()


def write(tmp_path: Path, doc: Any, name: str = "event.json") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def korean_event() -> dict[str, Any]:
    return {
        "slots": ["10:00", "10:30"],
        "tables": 1,
        "max_meetings_per_person": 2,
        "attendees": [
            {"id": "광주AI", "available": ["10:00", "10:30"]},
            {"id": "서울솔루션", "available": ["10:00", "10:30"]},
            {"id": "빛고을랩", "available": ["10:30"]},
        ],
        "preferences": [
            {"from": "광주AI", "to": "서울솔루션", "level": "must"},
            {"from": "서울솔루션", "to": "광주AI", "level": "meet"},
            {"from": "빛고을랩", "to": "광주AI", "level": "meet"},
        ],
    }


def test_json_output_is_exactly_the_contract(tmp_path: Path) -> None:
    doc = korean_event()
    result = runner.invoke(app, ["schedule", str(write(tmp_path, doc)), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == {"meetings", "total_weight", "upper_bound", "seconds"}
    assert all(set(m) == {"slot", "table", "a", "b"} and isinstance(m["table"], int) for m in out["meetings"])
    assert isinstance(out["seconds"], float)
    assert out["total_weight"] == 5 == out["upper_bound"]
    assert violations(doc, out) == []


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_exact_flag_reaches_the_brute_force_optimum(tmp_path: Path, seed: int) -> None:
    doc = random_instance(seed, people=7, slots=3, tables=2, cap=2, wishes=3)
    result = runner.invoke(app, ["schedule", str(write(tmp_path, doc)), "--json", "--exact"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["total_weight"] == brute_force_optimum(doc) == out["upper_bound"]
    assert violations(doc, out) == []


def test_without_json_prints_a_table(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schedule", str(write(tmp_path, korean_event()))])
    assert result.exit_code == 0, result.output
    assert "광주AI" in result.stdout
    assert "slot" in result.stdout and "시간대" not in result.stdout


def test_impossible_must_meets_are_explained_on_stderr(tmp_path: Path) -> None:
    doc = korean_event()
    doc["preferences"].append({"from": "빛고을랩", "to": "서울솔루션", "level": "must"})
    doc["attendees"][1]["available"] = ["10:00"]  # 서울솔루션 and 빛고을랩 share no slot
    result = runner.invoke(app, ["schedule", str(write(tmp_path, doc)), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["meetings"]
    assert "no slot when both are available" in result.stderr


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "invalid JSON"),
        ('{"slots": ["a"], "tables": -1, "max_meetings_per_person": 1, "attendees": []}', "non-negative"),
        (
            '{"slots": ["a"], "tables": 1, "max_meetings_per_person": 1,'
            ' "attendees": [{"id": "x", "available": ["b"]}]}',
            "unknown slot",
        ),
        (
            '{"slots": ["a"], "tables": 1, "max_meetings_per_person": 1, "attendees": [{"id": "x", "available": []}],'
            ' "preferences": [{"from": "x", "to": "y", "level": "must"}]}',
            "unknown attendee",
        ),
        (
            '{"slots": ["a"], "tables": 1, "max_meetings_per_person": 1, "attendees": [{"id": "x", "available": []},'
            ' {"id": "y", "available": []}], "preferences": [{"from": "x", "to": "y", "level": "maybe"}]}',
            "must, meet or no",
        ),
        ("[1, 2]", "JSON object"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_no_traceback(tmp_path: Path, content: str, words: str) -> None:
    result = runner.invoke(app, ["schedule", str(write(tmp_path, content)), "--json"])
    assert result.exit_code == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schedule", str(tmp_path / "absent.json")])
    assert result.exit_code == 2
    assert "cannot read" in result.stderr


def test_many_left_out_must_meets_are_counted_not_listed(tmp_path: Path) -> None:
    people = [f"p{k}" for k in range(30)]
    doc = {
        "slots": ["s1"],
        "tables": 1,
        "max_meetings_per_person": 1,
        "attendees": [{"id": p, "available": ["s1"]} for p in people],
        "preferences": [{"from": a, "to": b, "level": "must"} for a, b in zip(people[::2], people[1::2], strict=True)],
    }
    result = runner.invoke(app, ["schedule", str(write(tmp_path, doc)), "--json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["meetings"]) == 1
    assert "only 1 places (slots x tables)" in result.stderr
    assert "4 more must-meet pairs not scheduled" in result.stderr
    assert result.stderr.count("not scheduled:") == 10
