"""One score on one 0-100 scale: the same match shows the same number on the page, in the API and on the
CLI, before its vectors exist and after (the stand-in embedder of the other matching tests)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session
from tests import factories as f
from tests.matching.test_service import bag_embed, bag_vector
from typer.testing import CliRunner

from bitgoeul.cli import app as cli_app
from bitgoeul.matching import memory, worker

runner = CliRunner()
PAGE_SCORE = re.compile(r'id="match-(\d+)">\s*<h3>.*?<span class="score"[^>]*>[^<0-9]*(\d+)</span>', re.S)
SEARCH_SCORE = re.compile(r'<a href="/(solution|need|organisation)s/(\d+)">[^<]*</a>\s*'
                          r'<span class="meta score"[^>]*>[^<0-9]*(\d+)</span>')


@pytest.fixture
def world(session: Session, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    monkeypatch.setenv("BITGOEUL_DATABASE_URL", db_url)
    # A queue nobody consumes: records are written without vectors until embed_pending runs.
    worker.configure(f"sqlite:///{tmp_path}/queue.db", embedder=bag_embed, query_embedder=bag_vector)
    memory.forget()
    firm = f.organisation(session, name_ko="빛고을비전", region="광주 북구")
    buyer = f.organisation(session, kind="buyer", name_ko="담양딸기농원", region="전남 담양군")
    firm_member, buyer_member = f.member(session, firm), f.member(session, buyer)
    solutions = [
        f.solution(session, firm_member, title_ko="딸기 병해 영상 진단", title_en="Strawberry disease imaging",
                   summary_ko="잎 사진으로 병해를 찾습니다", domain_tags=["agriculture"]),
        f.solution(session, firm_member, title_ko="온실 병해충 조기 경보", summary_ko="딸기 온실의 해충을 셉니다",
                   domain_tags=["agriculture"]),
        f.solution(session, firm_member),  # the factory's barn video analytics (livestock)
    ]
    need = f.need(session, buyer_member, title_ko="딸기 잿빛곰팡이병 조기 발견", title_en="",
                  problem_ko="병해로 딸기 수확이 줄어 영상으로 일찍 찾고 싶습니다", problem_en="", domain="agriculture")
    session.commit()
    yield {"need": need, "solutions": solutions, "url": db_url}
    worker.configure(None)
    memory.forget()


def need_scores(client: Any, need_id: int) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
    page = client.get(f"/needs/{need_id}")
    assert page.status_code == 200
    on_page = {int(i): int(s) for i, s in PAGE_SCORE.findall(page.text)}
    api = {m["solution"]["id"]: m["score"] for m in client.get(f"/api/v1/needs/{need_id}/matches").json()}
    result = runner.invoke(cli_app, ["match", "solutions", "--need", str(need_id), "--json"])
    assert result.exit_code == 0, result.output
    cli = {r["id"]: r["score"] for r in json.loads(result.stdout)["results"]}
    return on_page, api, cli


def search_scores(client: Any, query: str) -> tuple[dict[tuple[str, int], int], ...]:
    page = client.get("/search", params={"q": query})
    on_page = {(k, int(i)): int(s) for k, i, s in SEARCH_SCORE.findall(page.text)}
    answer = client.get("/api/v1/search", params={"q": query}).json()
    api = {(r["kind"], r["id"]): r["score"] for r in answer["results"]}
    result = runner.invoke(cli_app, ["match", "search", query, "--json"])
    assert result.exit_code == 0, result.output
    cli = {(r["kind"], r["id"]): r["score"] for r in json.loads(result.stdout)["results"]}
    return on_page, api, cli


def test_same_score_on_page_api_and_cli_before_and_after_vectors(client: Any, world: dict[str, Any]) -> None:
    need = world["need"]
    seen = []
    for phase in ("before", "after"):
        if phase == "after":
            assert worker.embed_pending(world["url"]).remaining == 0
        on_page, api, cli = need_scores(client, need.id)
        assert on_page and on_page == api == cli, phase
        assert all(isinstance(s, int) and 0 <= s <= 100 for s in on_page.values()), (phase, on_page)
        found_page, found_api, found_cli = search_scores(client, "딸기 병해")
        assert found_page and found_page == found_api == found_cli, phase
        assert all(0 <= s <= 100 for s in found_api.values()), (phase, found_api)
        seen.append(on_page)
    evidence = client.get(f"/api/v1/needs/{need.id}/matches").json()[0]["evidence"]
    assert any(e["kind"] == "semantic" for e in evidence)  # the second phase really ranked with vectors
    assert seen[0] != seen[1]  # vectors add evidence: the numbers may move, the scale does not
