"""Liveness, readiness and warm-up of a web worker.

- `GET /healthz`: the process answers (nothing else is checked: a load balancer restarts what fails it).
- `GET /readyz`: JSON, 200 only when the database answers, its schema is at every migration head, the
  queue answers and this worker is warm; 503 with what is missing otherwise (route traffic on it).
- Warm-up: when the app is built with `warm=True` (what `bitgoeul serve` runs), each worker loads the
  models and builds its caches in a thread at start-up, through every capability's `warm` hook. Probes
  answer meanwhile; any other request waits for the warm-up instead of paying for it (seconds), so no page
  is ever served by a cold worker.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bitgoeul import __version__
from bitgoeul.core.db import migration_heads
from bitgoeul.core.registry import capabilities, load
from bitgoeul.web.edge import API_PREFIX

log = logging.getLogger(__name__)
PROBES = ("/healthz", "/readyz", "/metrics")
WARM_PAGES = ("/",)  # served once through the app by the warm-up itself, with every navigation page
WARM_QUERY = "광주 인공지능 데이터"  # a Korean search served through the search page once (analyser, embedding, facets)
WARM_SCOPE_KEY = "bitgoeul.warm_up"  # marks those requests: the gate lets them through
WARM_WAIT_SECONDS = 120  # a request arriving during warm-up waits at most this long, then is served cold


@dataclass
class Warmth:
    """Where this worker's warm-up stands: "skipped" (not asked), "warming", "warm" or "failed: ..."."""

    state: str = "skipped"
    seconds: float = 0.0
    done: asyncio.Event | None = None  # made in the server's event loop; set when warming ends


def warm_up(engine: Engine) -> float:
    """Run every capability's warm hook on one session (read-only work, rolled back); seconds taken."""
    from bitgoeul.web.rendering import templates

    started = time.perf_counter()
    env = templates().env
    for name in env.list_templates(extensions=["html"]):  # compiled once here, not in the first page
        env.get_template(name)
    with Session(engine) as session:
        for capability in capabilities():
            if capability.warm:
                load(capability.warm)(session)
        session.rollback()
    return time.perf_counter() - started


def lifespan(warm: bool) -> Callable[[FastAPI], Any]:
    @asynccontextmanager
    async def run(app: FastAPI) -> AsyncIterator[None]:
        warmth: Warmth = app.state.warmth
        task = None
        if warm:
            warmth.state, warmth.done = "warming", asyncio.Event()
            task = asyncio.create_task(_warm(app, warmth))
        yield
        if task is not None:
            task.cancel()

    return run


async def _warm(app: FastAPI, warmth: Warmth) -> None:
    try:
        started = time.perf_counter()
        await run_in_threadpool(warm_up, app.state.engine)
        for path in warm_paths(app):
            body = await _self_request(app, path)
            if path in _navigation():  # and the first record page it links to (a detail page of each kind)
                found = re.search(rf'href="({re.escape(path)}/\d+)"', body)
                if found:
                    await _self_request(app, found.group(1))
        warmth.seconds = time.perf_counter() - started
        warmth.state = "warm"
        log.info("worker warm in %.1f s", warmth.seconds, extra={"warm_seconds": round(warmth.seconds, 2)})
    except Exception as exc:  # readiness says so; requests are still served (cold)
        warmth.state = f"failed: {type(exc).__name__}: {exc}"
        log.exception("warm-up failed")
    finally:
        if warmth.done is not None:
            warmth.done.set()


def _navigation() -> list[str]:
    return [path for capability in capabilities() for path, _ in capability.nav]


def warm_paths(app: FastAPI) -> list[str]:
    """What a worker serves itself before its first visitor: the home page, every navigation page (then the
    first record page each links to), a Korean search page and every API GET without a path parameter
    (lists; those needing a login or parameters answer 401/422, which still warms their stack).

    Every kind of page and API call then has run once through the whole app, so none pays its first-use
    costs (statements compiled, templates and macros first rendered, lazy imports) in a visitor's request.
    """
    api = [path for path, operations in app.openapi().get("paths", {}).items()
           if "get" in operations and "{" not in path and path.startswith(API_PREFIX)]
    return [*WARM_PAGES, *_navigation(), f"/search?q={quote(WARM_QUERY)}", *api]


async def _self_request(app: FastAPI, path: str) -> str:
    """Serve `path` once through the whole app (middleware, session, templates, database) and drop the answer:
    what is left cold after the hooks (first connections, first renders) warms here, not in a caller's page."""
    base = urlsplit(app.state.settings.base_url or "http://localhost")
    host = (base.netloc or "localhost").encode()
    route, _, query = path.partition("?")
    scope: dict[str, Any] = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": base.scheme or "http", "path": unquote(route), "raw_path": route.encode(),
        "query_string": query.encode(),
        "root_path": "", "headers": [(b"host", host), (b"accept", b"text/html")], "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 80), "state": {}, WARM_SCOPE_KEY: True}
    status: list[int] = []
    body: list[bytes] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            status.append(int(message["status"]))
        elif message["type"] == "http.response.body":
            body.append(message.get("body", b""))

    try:
        await app(scope, receive, send)
    except Exception:  # the error page went out and the error is logged; one broken page keeps nothing cold
        status.insert(0, 500)
    if status and status[0] >= 500:
        log.warning("warm-up request %s answered %s", path, status[0])
    return b"".join(body).decode("utf-8", "replace")


class WarmGate:
    """Holds every request but the probes until the worker is warm (pure ASGI)."""

    def __init__(self, app: ASGIApp, warmth: Warmth) -> None:
        self.app = app
        self.warmth = warmth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        done = self.warmth.done
        if (scope["type"] == "http" and done is not None and not done.is_set() and scope["path"] not in PROBES
                and not scope.get(WARM_SCOPE_KEY)):
            try:
                await asyncio.wait_for(done.wait(), WARM_WAIT_SECONDS)
            except TimeoutError:
                log.warning("served %s before the worker was warm", scope["path"])
        await self.app(scope, receive, send)


def _check(name: str, probe: Callable[[], str], checks: dict[str, str]) -> None:
    try:
        checks[name] = probe()
    except Exception as exc:
        checks[name] = f"error: {type(exc).__name__}: {str(exc)[:200]}"


def readiness(app: FastAPI) -> dict[str, str]:
    """Each check's outcome: "ok" (or "warm"/"skipped") when fine, else what is wrong."""
    engine: Engine = app.state.engine
    checks: dict[str, str] = {}

    def database() -> str:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return "ok"

    def migrations() -> str:
        with engine.connect() as connection:
            current, expected = migration_heads(connection)
        missing = sorted(expected - current)
        return "ok" if not missing else f"behind: not at {', '.join(missing)} (run `bitgoeul init`)"

    def queue() -> str:
        from bitgoeul.matching.worker import queue_reachable

        queue_reachable(app.state.settings.database_url)
        return "ok"

    _check("database", database, checks)
    _check("migrations", migrations, checks)
    _check("queue", queue, checks)
    checks["models"] = app.state.warmth.state
    return checks


def install(app: FastAPI, warm: bool) -> None:
    """The probes, the warm-up state and the gate; the lifespan is passed to FastAPI by create_app."""
    app.state.warmth = Warmth()

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/readyz", include_in_schema=False)
    async def ready(request: Request) -> JSONResponse:
        checks = await run_in_threadpool(readiness, request.app)
        good = all(v in ("ok", "warm", "skipped") for v in checks.values())
        return JSONResponse({"status": "ready" if good else "not ready", "version": __version__, "checks": checks},
                            status_code=200 if good else 503)

    if warm:
        app.add_middleware(WarmGate, warmth=app.state.warmth)
