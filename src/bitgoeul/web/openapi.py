"""The OpenAPI document as the API really behaves: the error envelope and the 4xx answers of every
operation, and the bearer token as a security scheme (required for writes, optional for reads).

FastAPI documents only the success answer and a 422 in its own shape; clients (and schemathesis) would
then meet undocumented 401/403/404/409/413/429 answers in a shape the document does not describe.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts

from bitgoeul.web.deps import UNSAFE, get_current_user, is_open_write

SCHEME = "bearerAuth"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["code", "message", "fields"],
        "properties": {
            "code": {"type": "string", "description": "Stable code for programs, e.g. not_found, conflict."},
            "message": {"type": "string", "description": "For people, in the reader's language."},
            "fields": {"type": "object", "additionalProperties": {"type": "string"},
                       "description": "Each bad field and what is wrong with it."},
            "request_id": {"type": "string", "description": "Also in the X-Request-ID header; quote it."},
        },
    }},
}
ERRORS = {
    "401": "Not logged in, or the token is wrong or expired.",
    "403": "Logged in but not allowed, or the CSRF token of a cookie session is missing.",
    "404": "No such record.",
    "409": "The record's state or a rule (only one of a kind) forbids this now.",
    "413": "The request body is larger than the server accepts.",
    "422": "Malformed input; `fields` names each bad field.",
    "429": "Too many requests; wait and try again.",
}
ERROR_REF = {"$ref": "#/components/schemas/Error"}
REQUEST_ID = {"X-Request-ID": {"description": "The request's id (the caller's own if it sent a plain one).",
                               "schema": {"type": "string"}}}


def _takes_user(dependant: Any) -> bool:
    return dependant.call is get_current_user or any(_takes_user(d) for d in dependant.dependencies)


def _security(route: Any, method: str) -> list[dict[str, list[str]]] | None:
    if method.upper() in UNSAFE and not is_open_write(route):
        return [{SCHEME: []}]
    if _takes_user(route.dependant):
        return [{}, {SCHEME: []}]  # anonymous callers are served too; a token shows more
    return None


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """The document FastAPI generates, completed; cached on the app like FastAPI's own."""
    if app.openapi_schema:
        return app.openapi_schema
    document = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Error"] = ERROR_SCHEMA
    components["securitySchemes"] = {SCHEME: {"type": "http", "scheme": "bearer",
                                              "description": "A token from POST /api/v1/auth/token."}}
    routes = {(route.path_format, method.lower()): route for route in iter_route_contexts(app.routes)
              if isinstance(route.original_route, APIRoute) for method in route.methods or ()}
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            route = routes.get((path, method))
            if route is None:
                continue
            responses = operation.setdefault("responses", {})
            for answer in responses.values():
                answer.setdefault("headers", {}).update(REQUEST_ID)
            for status, description in ERRORS.items():
                responses[status] = {"description": description, "headers": dict(REQUEST_ID),
                                     "content": {"application/json": {"schema": ERROR_REF}}}
            security = _security(route, method)
            if security is not None and "security" not in (route.openapi_extra or {}):
                operation["security"] = security
    app.openapi_schema = document
    return document
