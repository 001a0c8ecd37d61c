"""Operations surface of one worker: /healthz, /readyz, /metrics, request ids, JSON logs, warm-up gate."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from bitgoeul.core.db import upgrade
from bitgoeul.core.logs import JsonFormatter, RequestIdFilter, set_request_id
from bitgoeul.core.settings import Settings
from bitgoeul.web import readiness
from bitgoeul.web.app import create_app
from bitgoeul.web.observability import ObservabilityMiddleware


def _count(metrics: str, route: str, status: str) -> float:
    pattern = rf'^bitgoeul_http_requests_total\{{method="GET",route="{re.escape(route)}",status="{status}"\}} (\S+)$'
    found = re.search(pattern, metrics, re.M)
    return float(found[1]) if found else 0.0


def test_healthz_and_readyz_on_a_migrated_database(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"database": "ok", "migrations": "ok", "queue": "ok", "models": "skipped"}


def test_readyz_is_503_on_a_database_behind_the_migrations(tmp_path: Path, settings: Settings) -> None:
    url = f"sqlite:///{tmp_path}/old.db"
    upgrade(url, "0001")
    app = create_app(Settings(**{**settings.__dict__, "database_url": url}))
    with TestClient(app) as client:
        answer = client.get("/readyz")
    app.state.engine.dispose()
    assert answer.status_code == 503
    assert answer.json()["checks"]["migrations"].startswith("behind")
    assert answer.json()["checks"]["database"] == "ok"


def test_readyz_is_503_while_warming_and_pages_wait(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    real = readiness.warm_up
    monkeypatch.setattr(readiness, "warm_up", lambda engine: (release.wait(30), real(engine))[1])
    monkeypatch.setattr(readiness, "WARM_PAGES", ())
    app = create_app(settings, warm=True)
    with TestClient(app) as client:
        warming = client.get("/readyz")
        assert warming.status_code == 503 and warming.json()["checks"]["models"] == "warming"
        assert client.get("/healthz").status_code == 200  # alive all along
        page: dict[str, Any] = {}
        waiter = threading.Thread(target=lambda: page.update(answer=client.get("/")))
        waiter.start()
        time.sleep(0.3)
        assert "answer" not in page  # held by the gate, not served cold
        release.set()
        waiter.join(60)
        assert page["answer"].status_code == 200
        deadline = time.monotonic() + 60
        while (ready := client.get("/readyz")).status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert ready.status_code == 200 and ready.json()["checks"]["models"] == "warm"
    app.state.engine.dispose()


def test_metrics_count_a_request_by_route(client: TestClient) -> None:
    before = _count(client.get("/metrics").text, "/", "200")
    assert client.get("/").status_code == 200
    metrics = client.get("/metrics")
    assert metrics.headers["content-type"].startswith("text/plain")
    assert _count(metrics.text, "/", "200") == before + 1
    assert "bitgoeul_http_request_duration_seconds_bucket" in metrics.text
    assert re.search(r"^bitgoeul_embedding_backlog \S+$", metrics.text, re.M)
    assert re.search(r"^bitgoeul_embedding_failures \S+$", metrics.text, re.M)
    route = "/api/v1/solutions/{solution_id}"  # the template with its router's prefix, not the raw path
    missing = _count(client.get("/metrics").text, route, "404")
    assert client.get("/api/v1/solutions/999999").status_code == 404
    assert _count(client.get("/metrics").text, route, "404") == missing + 1


def test_a_failing_request_logs_and_answers_the_same_request_id(client: TestClient,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="bitgoeul.access"):
        answer = client.get("/api/v1/no-such-thing")
    assert answer.status_code == 404
    request_id = answer.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    envelope = answer.json()["error"]
    if "request_id" in envelope:  # the error envelope names it too (api error handlers)
        assert envelope["request_id"] == request_id
    lines = [r for r in caplog.records if r.name == "bitgoeul.access" and getattr(r, "request_id", "") == request_id]
    assert len(lines) == 1 and lines[0].status == 404 and lines[0].duration_ms >= 0
    sent = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.1"})
    assert sent.headers["x-request-id"] == "lb-7f3a.1"
    assert client.get("/healthz", headers={"X-Request-ID": "bad id\n"}).headers["x-request-id"] != "bad id\n"


def test_json_log_lines_carry_the_request_id_and_extras() -> None:
    record = logging.LogRecord("bitgoeul.test", logging.ERROR, __file__, 1, "failed %s", ("x",), None)
    record.route = "/a/{id}"
    set_request_id("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        set_request_id("")
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "abc123" and line["message"] == "failed x" and line["route"] == "/a/{id}"
    assert line["level"] == "ERROR" and line["time"].endswith("+00:00")


def test_refusals_with_429_are_counted_by_route() -> None:
    from prometheus_client import REGISTRY

    def limited(request: Any) -> PlainTextResponse:
        return PlainTextResponse("slow down", status_code=429)

    app = ObservabilityMiddleware(Starlette(routes=[Route("/limited/{n}", limited)]))
    before = REGISTRY.get_sample_value("bitgoeul_rate_limit_refusals_total", {"route": "/limited/{n}"}) or 0.0
    with TestClient(app) as client:
        assert client.get("/limited/1").status_code == 429
        assert client.get("/limited/2").status_code == 429
    after = REGISTRY.get_sample_value("bitgoeul_rate_limit_refusals_total", {"route": "/limited/{n}"})
    assert after == before + 2
