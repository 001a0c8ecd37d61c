"""`bitgoeul match ...`: the JSON contract, reindex with vectors, and clean errors (exit 2, no traceback)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session
from tests import factories as f
from tests.matching.test_service import bag_embed, bag_vector
from typer.testing import CliRunner

from bitgoeul.cli import app
from bitgoeul.matching import memory, worker

runner = CliRunner()


@pytest.fixture
def world(session: Session, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    monkeypatch.setenv("BITGOEUL_DATABASE_URL", db_url)
    worker.configure("immediate", embedder=bag_embed, query_embedder=bag_vector)
    memory.forget()
    firm = f.organisation(session, name_ko="빛고을비전", region="광주 북구")
    buyer = f.organisation(session, kind="buyer", name_ko="담양딸기농원", region="전남 담양군")
    firm_member, buyer_member = f.member(session, firm), f.member(session, buyer)
    berry = f.solution(session, firm_member, title_ko="딸기 병해 영상 진단", title_en="Strawberry disease imaging",
                       summary_ko="잎 사진으로 병해를 찾습니다", domain_tags=["agriculture"])
    pig = f.solution(session, firm_member)  # the factory's barn video analytics (livestock)
    need = f.need(session, buyer_member, title_ko="딸기 잿빛곰팡이병 조기 발견", title_en="",
                  problem_ko="병해로 수확이 줄어", problem_en="", domain="agriculture")
    session.commit()
    yield {"berry": berry, "pig": pig, "need": need}
    worker.configure(None)
    memory.forget()


def run(*args: str) -> Any:
    """`bitgoeul match ARGS` through the real command line (the `solutions` command joins the group there)."""
    return runner.invoke(app, ["match", *args])


def test_solutions_json_contract(world: dict[str, Any]) -> None:
    result = run("solutions", "딸기 병해", "--top", "2", "--json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert list(body) == ["results"]
    first = body["results"][0]
    assert set(first) == {"kind", "id", "title", "score", "reasons"}
    assert (first["kind"], first["id"], first["title"]) == ("solution", world["berry"].id, "딸기 병해 영상 진단")
    assert isinstance(first["score"], int) and 0 <= first["score"] <= 100
    assert all(isinstance(r, str) for r in first["reasons"])
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)

    for_need = json.loads(run("solutions", "--need", str(world["need"].id), "--json").stdout)["results"]
    assert for_need[0]["id"] == world["berry"].id
    assert any("같은 분야" in r for r in for_need[0]["reasons"])


def test_search_json_contract_and_kinds(world: dict[str, Any]) -> None:
    body = json.loads(run("search", "딸기", "--json").stdout)
    assert {(r["kind"], r["id"]) for r in body["results"]} >= {("solution", world["berry"].id),
                                                              ("need", world["need"].id)}
    needs = json.loads(run("search", "딸기", "--kind", "need", "--json").stdout)["results"]
    assert [(r["kind"], r["id"]) for r in needs] == [("need", world["need"].id)]
    english = json.loads(run("search", "strawberry", "--json", "--lang", "en").stdout)["results"]
    assert english[0]["title"] == "Strawberry disease imaging"
    text = run("search", "딸기")
    assert text.exit_code == 0 and "딸기 병해 영상 진단" in text.stdout


def test_reindex_and_status(world: dict[str, Any]) -> None:
    result = run("reindex", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert {k: v for k, v in summary["indexed"].items() if v} == {"solution": 2, "need": 1, "organisation": 2}
    assert summary["remaining"] == 0 and summary["failed"] == 0
    status = json.loads(run("status", "--json").stdout)
    assert status["documents"] == {"solution": 2, "need": 1, "organisation": 2}
    assert status["texts_waiting_for_vectors"] == 0


@pytest.mark.parametrize("args", [["search", ""], ["search", "돼지\x00"], ["search", "돼지", "--kind", "spaceship"],
                                  ["solutions", "--need", "999999"], ["solutions", ""], ["reindex", "--kind", "nope"],
                                  ["search", "돼지", "--lang", "fr"], ["search", "돼지", "--mode", "magic"]])
def test_bad_input_exits_2_without_traceback(world: dict[str, Any], args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "오류:" in result.output
