"""What a worker's warm-up covers: every kind of page and API list served once before the first visitor,
the router run once, and the passages search results are explained with analysed ahead."""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests import factories
from tests.transit.transit_fixtures import load_sample

from bitgoeul.core.registry import capabilities
from bitgoeul.core.settings import Settings
from bitgoeul.text import surface
from bitgoeul.transit import service as transit_service
from bitgoeul.web import readiness
from bitgoeul.web.app import create_app


def _warm_app(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    served: list[str] = []
    real = readiness._self_request

    async def spy(app: Any, path: str) -> str:
        served.append(path)
        return await real(app, path)

    monkeypatch.setattr(readiness, "_self_request", spy)
    app = create_app(settings, warm=True)
    with TestClient(app) as client:
        deadline = time.monotonic() + 120
        while (ready := client.get("/readyz")).status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert ready.json()["checks"]["models"] == "warm"
    app.state.engine.dispose()
    return served


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_warm_up_serves_each_kind_of_page_before_the_first_visitor(
        settings: Settings, session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    firm = factories.organisation(session)
    made = factories.solution(session, factories.member(session, firm))
    session.commit()
    served = _warm_app(settings, monkeypatch)
    navigation = [path for capability in capabilities() for path, _ in capability.nav]
    assert navigation and set(navigation) <= set(served)
    assert f"/solutions/{made.id}" in served  # the first record page the list links to
    assert any(p.startswith("/search?q=") for p in served)
    assert {"/api/v1/solutions", "/api/v1/needs"} <= set(served)


def test_primed_passages_are_explained_without_the_analyser(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "딸기 농가의 병해를 영상으로 진단하는 스마트팜 서비스"
    surface._tokens.cache_clear()
    expected = surface.surface_phrases(text, ["병해", "영상"])  # analysed the ordinary way
    surface._tokens.cache_clear()
    assert surface.prime([text, "", text]) == 1
    monkeypatch.setattr(surface, "kiwi", lambda: (_ for _ in ()).throw(AssertionError("analysed again")))
    assert surface.surface_phrases(text, ["병해", "영상"]) == expected
    assert expected  # the reference found the words


def test_warm_plan_runs_the_router_once(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    load_sample(session)
    found: list[int] = []
    real = transit_service.plan

    def spy(*args: Any, **kwargs: Any) -> Any:
        itineraries = real(*args, **kwargs)
        found.append(len(itineraries))
        return itineraries

    monkeypatch.setattr(transit_service, "plan", spy)
    transit_service.warm_plan(session)
    assert len(found) == 1 and found[0] > 0


def test_warm_plan_without_a_feed_does_nothing(session: Session) -> None:
    transit_service.warm_plan(session)  # no feed loaded: returns without an error


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_page_failing_during_warm_up_leaves_the_worker_ready(
        settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    real = readiness.warm_paths
    monkeypatch.setattr(readiness, "warm_paths", lambda app: ["/broken-page", *real(app)])
    app = create_app(settings, warm=True)

    def broken() -> None:
        raise RuntimeError("a page that fails")

    app.add_api_route("/broken-page", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        deadline = time.monotonic() + 120
        while (ready := client.get("/readyz")).status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert client.get("/broken-page").status_code == 500  # the page does fail
    app.state.engine.dispose()
    assert ready.json()["checks"]["models"] == "warm"
