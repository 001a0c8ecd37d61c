"""Every answer (page, API, static file, error, refused Host) carries the security headers; the CSP has no
'unsafe-inline'; HSTS only in production; a Host not in the allowed list is refused before any page runs."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bitgoeul.core.settings import Settings
from bitgoeul.web.app import create_app

EVERY = {"content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy"}


def _check(response: Any) -> None:
    missing = EVERY - set(response.headers)
    assert not missing, (response.request.url, missing)
    csp = response.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/needs", "/login", "/transit", "/dashboard", "/api/v1/needs",
                                  "/openapi.json", "/static/app.css", "/static/transit.js", "/healthz",
                                  "/no-such-page", "/api/v1/no-such", "/api/v1/needs/abc", "/needs/99999"])
def test_every_kind_of_answer_carries_the_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    _check(response)
    assert "strict-transport-security" not in response.headers  # test environment: no HSTS


def test_writes_and_refusals_carry_them_too(client: TestClient) -> None:
    _check(client.post("/login", data={"email": "x@example.org", "password": "y"}))  # CSRF refusal (403)
    _check(client.post("/api/v1/auth/token", json={"email": "x@example.org", "password": "wrong-password"}))


def test_production_adds_hsts_and_hides_the_api_docs(settings: Settings) -> None:
    production = replace(settings, environment="production", api_docs=False)
    app = create_app(production)
    try:
        with TestClient(app, base_url="https://testserver") as client:
            response = client.get("/")
            _check(response)
            assert response.headers["strict-transport-security"].startswith("max-age=31536000")
            assert client.get("/api/docs").status_code == 404
            assert client.get("/openapi.json").status_code == 200
    finally:
        app.state.engine.dispose()


def test_api_docs_page_runs_its_inline_script_by_nonce_only(client: TestClient) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce and "unsafe-inline" not in csp
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.text)
    assert inline and all(f'nonce="{nonce.group(1)}"' in attrs for attrs in inline)
    assert client.get("/api/docs").headers["content-security-policy"] != csp  # a new nonce each time


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example"])
def test_a_foreign_host_is_refused_with_the_headers(client: TestClient, host: str) -> None:
    page = client.get("/", headers={"host": host})
    assert page.status_code == 400 and "evil" not in page.text
    _check(page)
    api = client.get("/api/v1/needs", headers={"host": host, "accept-language": "en"})
    assert api.status_code == 400 and api.json()["error"]["code"] == "bad_host"
    assert api.json()["error"]["message"].startswith("This site")


def test_loopback_hosts_with_ports_are_answered(client: TestClient) -> None:
    for host in ("127.0.0.1:8000", "localhost", "[::1]:8000"):
        assert client.get("/healthz", headers={"host": host}).status_code == 200


def test_answers_made_by_the_outer_edge_carry_them_too(client: TestClient) -> None:
    too_big = client.post("/api/v1/auth/token", content=b"x" * 64,
                          headers={"content-type": "application/json", "content-length": str(10**9)})
    assert too_big.status_code == 413
    _check(too_big)
