"""The edge of the app: bounded integers, the error envelope with a request id (unexpected errors too),
login before body validation, `Allow` on 405, HEAD, the body size cap and the OpenAPI document."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bitgoeul.core.bounds import MAX_INT
from bitgoeul.core.settings import Settings

API = "/api/v1"
TOO_BIG = str(MAX_INT + 1)


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    assert {"code", "message", "fields", "request_id"} <= set(body["error"])
    assert body["error"]["request_id"] == response.headers["x-request-id"]
    return dict(body["error"])


@pytest.mark.parametrize("url", [
    f"{API}/needs/{TOO_BIG}", f"{API}/needs/99999999999999999999", f"{API}/solutions?page={MAX_INT}",
    f"{API}/solutions?organisation_id={TOO_BIG}", f"{API}/dialogue/sessions?year=10000",
    f"{API}/dialogue/sessions?year=-5", f"{API}/talent/jobs/{TOO_BIG}", f"{API}/needs?per_page=101",
])
def test_out_of_range_numbers_are_422_not_500(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422, response.text
    assert error_of(response)["code"] == "validation_failed"


def test_pages_answer_an_odd_number_with_a_page_in_the_readers_language(client: TestClient) -> None:
    for path in ("/talent/jobs/99999999999999999999", "/dialogue/sessions?year=10000", f"/needs/{TOO_BIG}"):
        client.cookies.clear()  # ?lang=en below is remembered in the session
        korean = client.get(path, headers={"Accept-Language": "ko"})
        assert korean.status_code in (404, 422), (path, korean.status_code)
        assert korean.headers["content-type"].startswith("text/html")
        assert '<html lang="ko"' in korean.text
        english = client.get(path + ("&" if "?" in path else "?") + "lang=en")
        assert english.status_code == korean.status_code
        assert '<html lang="en"' in english.text


def test_request_id_is_echoed_or_made(client: TestClient) -> None:
    mine = client.get(f"{API}/needs/1", headers={"X-Request-ID": "trace-42"})
    assert mine.headers["x-request-id"] == "trace-42"
    assert error_of(mine)["request_id"] == "trace-42"
    made = client.get(f"{API}/needs", headers={"X-Request-ID": "not plain <script>"})
    assert made.status_code == 200
    assert len(made.headers["x-request-id"]) == 32 and "<" not in made.headers["x-request-id"]


def test_anonymous_write_with_an_invalid_body_is_401_not_422(client: TestClient) -> None:
    for body in ({"title_ko": 5}, {}, None):
        response = client.post(f"{API}/needs", json=body)
        assert response.status_code == 401, response.text
        assert error_of(response)["code"] == "login_required"
    not_json = client.post(f"{API}/needs", content=b"{not json", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 401
    # An operation open to everyone still validates its body.
    assert client.post(f"{API}/auth/token", json={"email": 1}).status_code == 422


def test_405_names_the_allowed_methods(client: TestClient) -> None:
    response = client.delete(f"{API}/needs")
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD", "POST"}
    assert error_of(response)["code"] == "method_not_allowed"


def test_head_is_served_wherever_get_is(client: TestClient) -> None:
    for path in ("/", "/needs", f"{API}/needs", "/healthz"):
        response = client.head(path)
        assert response.status_code == 200, path
        assert response.content == b""


def test_a_body_over_the_limit_is_413_before_it_is_read(settings: Settings) -> None:
    from bitgoeul.web.app import create_app

    app = create_app(dataclasses.replace(settings, max_body_bytes=2048))
    with TestClient(app) as small:
        response = small.post(f"{API}/auth/token", content=b"x" * 4096, headers={"Content-Type": "application/json"})
        assert response.status_code == 413
        assert error_of(response)["code"] == "too_large"
        # Streamed without a length: FastAPI's own cap at the same size stops it while reading.
        chunks = iter([b"{" + b" " * 1500, b" " * 1500 + b"}"])
        streamed = small.post(f"{API}/auth/token", content=chunks, headers={"Content-Type": "application/json"})
        assert streamed.status_code == 413
        assert small.post(f"{API}/auth/token", json={"email": "a@b.c", "password": "x"}).status_code == 401
    app.state.engine.dispose()


def test_an_unexpected_error_answers_the_envelope_without_a_traceback(app: Any) -> None:
    def explode() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route(f"{API}/explode", explode)
    app.add_api_route("/explode", explode)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get(f"{API}/explode", headers={"X-Request-ID": "boom-1"})
        assert response.status_code == 500
        error = error_of(response)
        assert error["code"] == "internal_error" and error["request_id"] == "boom-1"
        assert "secret" not in response.text and "Traceback" not in response.text
        page = client.get("/explode", headers={"Accept-Language": "en"})
        assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
        assert "secret" not in page.text and page.headers["x-request-id"]


def test_openapi_documents_errors_security_and_bounds(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "description": "A token from POST /api/v1/auth/token."}
    error_ref = {"$ref": "#/components/schemas/Error"}
    unbounded = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status in ("401", "403", "404", "409", "413", "422", "429"):
                assert operation["responses"][status]["content"]["application/json"]["schema"] == error_ref
            if method in {"post", "put", "delete"} and path != f"{API}/auth/token" and path != f"{API}/search":
                assert operation["security"] == [{"bearerAuth": []}], (method, path)
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                for option in schema.get("anyOf", [schema]):
                    if option.get("type") == "integer" and not {"minimum", "maximum"} <= set(option):
                        unbounded.append((method, path, parameter["name"]))
    assert unbounded == []
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_every_integer_a_client_sends_is_bounded(client: TestClient) -> None:
    """Request bodies too: an id or amount without a maximum would let a 20-digit number reach the database."""
    document = client.get("/openapi.json").json()
    bodies = {operation["requestBody"]["content"]["application/json"]["schema"].get("$ref", "").rsplit("/", 1)[-1]
              for operations in document["paths"].values() for operation in operations.values()
              if "application/json" in operation.get("requestBody", {}).get("content", {})}
    schemas = document["components"]["schemas"]
    unbounded: list[str] = []

    def walk(schema: Any, where: str, seen: set[str]) -> None:
        if isinstance(schema, dict):
            reference = schema.get("$ref", "")
            if reference:
                name = reference.rsplit("/", 1)[-1]
                if name not in seen:
                    walk(schemas[name], name, seen | {name})
                return
            if schema.get("type") == "integer" and not ({"maximum", "exclusiveMaximum"} & set(schema)):
                unbounded.append(where)
            for key, value in schema.items():
                walk(value, f"{where}.{key}", seen)
        elif isinstance(schema, list):
            for value in schema:
                walk(value, where, seen)

    for name in sorted(b for b in bodies if b):
        walk(schemas[name], name, {name})
    assert bodies and unbounded == []


def test_a_body_that_cannot_be_read_is_401_for_strangers_and_422_for_members(client: TestClient,
                                                                           session: Any) -> None:
    from tests import factories as f

    member = f.member(session, f.organisation(session, kind="buyer"))
    session.commit()
    garbage = {"content": b"\x80{not utf-8", "headers": {"Content-Type": "application/json"}}
    assert client.post(f"{API}/needs", **garbage).status_code == 401  # type: ignore[arg-type]
    answer = client.post(f"{API}/auth/token", json={"email": member.email, "password": f.PASSWORD})
    bearer = {"Authorization": f"Bearer {answer.json()['access_token']}", "Content-Type": "application/json"}
    refused = client.post(f"{API}/needs", content=b"\x80{not utf-8", headers=bearer)
    assert refused.status_code == 422, refused.text
    assert error_of(refused)["code"] == "validation_failed" and "body" in error_of(refused)["fields"]
