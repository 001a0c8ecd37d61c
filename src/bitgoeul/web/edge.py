"""What every request passes through around the handlers, so that no request gets a 5xx or a traceback.

- a request id: the caller's `X-Request-ID` (when it is short and plain) or a new one, echoed on every
  answer and named in logs and in the body of an unexpected error;
- a body size cap (`BITGOEUL_MAX_BODY_BYTES`): a declared `Content-Length` above it is refused with 413
  before a byte of the body is read; a body sent without a length is cut off with 413 once it passes it;
- HEAD wherever GET is served (FastAPI routes answer GET only; monitors and link checkers send HEAD);
- `Allow` on every 405, listing the methods of every route of that path;
- the JSON error envelope (API) or an error page for a database refusal (409) and for anything unexpected
  (500 without a traceback; the traceback goes to the log with the request id).
"""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import iter_route_contexts
from sqlalchemy.exc import DataError, IntegrityError
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bitgoeul.core import i18n
from bitgoeul.core.errors import DomainError, LoginRequired, ValidationFailed
from bitgoeul.core.i18n import negotiate, translate
from bitgoeul.core.logs import set_request_id
from bitgoeul.web.deps import login_missing
from bitgoeul.web.middleware import HttpMiddleware

API_PREFIX = "/api/v1"
REQUEST_ID_HEADER = "x-request-id"
_PLAIN_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
log = logging.getLogger("bitgoeul.web")


def request_id_of(scope: Scope) -> str:
    """The id given to this request by `EdgeMiddleware` (a fresh one if it did not run)."""
    state = scope.setdefault("state", {})
    if "request_id" not in state:
        sent = Headers(scope=scope).get(REQUEST_ID_HEADER, "")
        state["request_id"] = sent if _PLAIN_ID.match(sent) else uuid.uuid4().hex
    return str(state["request_id"])


def allowed_methods(app: Any, path: str) -> list[str]:
    """Every method some route serves at `path` (HEAD wherever GET is), for the `Allow` header of a 405."""
    methods: set[str] = set()
    for route in iter_route_contexts(getattr(app, "routes", [])):
        regex = getattr(route, "path_regex", None)
        if route.methods and regex is not None and regex.match(path):
            methods |= set(route.methods)
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


def _language(scope: Scope) -> str:
    session = scope.get("session") or {}
    remembered = session.get("lang") if isinstance(session, dict) else None
    return str(remembered) if remembered in ("ko", "en") else negotiate(Headers(scope=scope).get("accept-language"))


def error_envelope(code: str, message: str, request_id: str, fields: dict[str, str] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}, "request_id": request_id}}


class EdgeMiddleware(HttpMiddleware):
    """Request ids, body limits, HEAD as GET and the Allow header of a 405."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, router: Any) -> None:
        super().__init__(app)
        self.max_body_bytes = max_body_bytes
        self.router = router

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = request_id_of(scope)
        set_request_id(request_id)  # every log line of this request carries it (core/logs.py)
        if self._too_large(scope):
            await self._refuse_too_large(scope, receive, send, request_id)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = dict(scope, method="GET")

        async def send_with_edge(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers[REQUEST_ID_HEADER] = request_id
                if message["status"] == 405 and "allow" not in headers:
                    headers["allow"] = ", ".join(allowed_methods(self.router, scope["path"]))
            elif head and message["type"] == "http.response.body":
                message = {"type": "http.response.body", "body": b"", "more_body": message.get("more_body", False)}
            await send(message)

        received = 0

        async def receive_with_cap() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise HTTPException(413)  # the app's own handler answers it, in the envelope or a page
            return message

        await self.app(scope, receive_with_cap, send_with_edge)

    def _too_large(self, scope: Scope) -> bool:
        declared = Headers(scope=scope).get("content-length", "")
        return declared.isdigit() and int(declared) > self.max_body_bytes

    async def _refuse_too_large(self, scope: Scope, receive: Receive, send: Send, request_id: str) -> None:
        language = _language(scope)
        message = translate("edge.too_large", language, limit=self.max_body_bytes)
        response: Response
        if scope["path"].startswith(API_PREFIX):
            response = JSONResponse(error_envelope("too_large", message, request_id), status_code=413)
        else:
            response = Response(message, status_code=413, media_type="text/plain; charset=utf-8")
        response.headers[REQUEST_ID_HEADER] = request_id
        # "Connection: close": the unread body must not be taken for the next request on this connection.
        response.headers["connection"] = "close"
        await response(scope, receive, send)


async def _call(handler: Any, request: Request, exc: Exception) -> Response:
    answer: Response = await handler(request, exc)
    return answer


def install_edge(app: FastAPI, *, max_body_bytes: int, render_error: Any) -> None:
    """Add the middleware and the handlers for database refusals and unexpected errors; call it after the
    app's own handlers are installed (it puts the login check in front of the validation handler).

    `render_error(request, message, status)` draws the error page for non-API paths.
    """
    app.add_middleware(EdgeMiddleware, max_body_bytes=max_body_bytes, router=app.router)

    def answer(request: Request, code: str, key: str, status: int) -> Response:
        request_id = request_id_of(request.scope)
        message = translate(key, _language(request.scope))
        response: Response | None = None
        if not request.url.path.startswith(API_PREFIX):
            try:
                response = render_error(request, message, status)
            except Exception:  # the page itself failed: still answer, in plain text
                log.exception("error page failed (request %s)", request_id)
                response = Response(message, status_code=status, media_type="text/plain; charset=utf-8")
        if response is None:
            response = JSONResponse(error_envelope(code, message, request_id), status_code=status)
        response.headers[REQUEST_ID_HEADER] = request_id
        return response

    validation_handler = app.exception_handlers[RequestValidationError]
    domain_handler = app.exception_handlers[DomainError]
    http_handler = app.exception_handlers[HTTPException]

    @app.exception_handler(RequestValidationError)
    async def login_before_validation(request: Request, exc: RequestValidationError) -> Response:
        # An anonymous write is refused as such, whatever its body: field errors would teach a stranger
        # the schema of an operation they may not call (a body that is not even JSON fails before any
        # dependency runs, so the check is repeated here).
        if login_missing(request):
            return await _call(domain_handler, request, LoginRequired("core.login_required"))
        return await _call(validation_handler, request, exc)

    @app.exception_handler(HTTPException)
    async def unreadable_body(request: Request, exc: HTTPException) -> Response:
        # Starlette answers 400 for a body it cannot parse (not UTF-8, broken multipart): for the API that is
        # malformed input like any other, so the same 401-first rule and the same 422.
        if exc.status_code == 400 and request.url.path.startswith(API_PREFIX):
            if login_missing(request):
                return await _call(domain_handler, request, LoginRequired("core.login_required"))
            malformed = i18n.Message("field.malformed")
            return await _call(domain_handler, request, ValidationFailed(malformed, fields={"body": malformed}))
        return await _call(http_handler, request, exc)

    @app.exception_handler(IntegrityError)
    async def integrity_error(request: Request, exc: IntegrityError) -> Response:
        # A rule the service checked first was broken by a request that raced it: the database's
        # constraint refused the write, the request's transaction is rolled back, nothing was written.
        log.info("constraint refused a write (request %s): %s", request_id_of(request.scope), exc.orig)
        return answer(request, "conflict", "edge.conflict", 409)

    @app.exception_handler(DataError)
    async def data_error(request: Request, exc: DataError) -> Response:
        log.info("database refused a value (request %s): %s", request_id_of(request.scope), exc.orig)
        return answer(request, "validation_failed", "edge.out_of_range", 422)

    @app.exception_handler(OverflowError)
    async def overflow_error(request: Request, exc: OverflowError) -> Response:
        log.info("value out of range (request %s): %s", request_id_of(request.scope), exc)
        return answer(request, "validation_failed", "edge.out_of_range", 422)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        log.error("unexpected error (request %s)", request_id_of(request.scope), exc_info=exc)
        return answer(request, "internal_error", "edge.internal_error", 500)
