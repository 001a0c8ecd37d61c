"""What every request passes through first: its request id, one access-log line with the latency, and the
Prometheus counters; plus `GET /metrics`.

The id is the one `web/edge.py` gives (`request_id_of`: the caller's plain `X-Request-ID`, else a new one,
echoed on the answer and in error envelopes); taken here first so that the access line and every log
line of the request carry it (core/logs.py).

Counters are per process; `bitgoeul serve --workers N` gives the workers a shared directory
(BITGOEUL_METRICS_DIR) and /metrics then adds up every worker's, whichever worker answers the scrape.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from bitgoeul.core.logs import set_request_id
from bitgoeul.core.settings import setting
from bitgoeul.web.edge import request_id_of
from bitgoeul.web.middleware import HttpMiddleware

access_log = logging.getLogger("bitgoeul.access")
log = logging.getLogger(__name__)

REQUESTS = Counter("bitgoeul_http_requests_total", "HTTP requests answered, by method, route and status.",
                   ["method", "route", "status"])
LATENCY = Histogram("bitgoeul_http_request_duration_seconds", "Time to answer, by method and route.",
                    ["method", "route"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
RATE_LIMITED = Counter("bitgoeul_rate_limit_refusals_total", "Requests refused with 429 Too Many Requests, by route.",
                       ["route"])


def route_of(scope: Scope) -> str:
    """The route template that served the request (`/api/v1/organisations/{org_id}`), never the raw path, so
    the metrics' label values stay few; requests no route matched count as "unmatched".

    An included router's route knows only its own part (`/organisations/{org_id}`); the prefix it was
    included under is the literal part of the path before what that route matched.
    """
    route = scope.get("route")
    template, regex = getattr(route, "path", None), getattr(route, "path_regex", None)
    path = str(scope.get("path", ""))
    if isinstance(template, str) and regex is not None:
        for cut in (i for i, char in enumerate(path) if char == "/"):
            if regex.match(path[cut:]):
                return path[:cut] + template
        return template
    return "/static" if path.startswith("/static/") else "unmatched"


class ObservabilityMiddleware(HttpMiddleware):
    """Pure ASGI, outermost: ids, access log and metrics see every answer, error pages included."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = request_id_of(scope)
        set_request_id(request_id)
        started = time.perf_counter()
        status = 500  # an exception escaping every handler still counts as a 500

        async def send_counted(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_counted)
        finally:
            self._record(scope, status, time.perf_counter() - started, request_id)

    @staticmethod
    def _record(scope: Scope, status: int, seconds: float, request_id: str) -> None:
        route, method = route_of(scope), scope["method"]
        REQUESTS.labels(method, route, str(status)).inc()
        LATENCY.labels(method, route).observe(seconds)
        if status == 429:
            RATE_LIMITED.labels(route).inc()
        client = scope.get("client")
        access_log.info("%s %s %s %.1f ms", method, scope["path"], status, seconds * 1000, extra={
            "method": method, "path": scope["path"], "route": route, "status": status,
            "duration_ms": round(seconds * 1000, 1), "client": client[0] if client else "",
            "request_id": request_id})


class BacklogCollector(Collector):
    """Figures read from the database at scrape time, so every worker reports the same truth."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator[Metric]:
        from bitgoeul.matching.indexing import failed_vectors, missing_vectors

        try:
            with self.engine.connect() as connection:
                pending, failed = missing_vectors(connection), failed_vectors(connection)
        except Exception as exc:  # the scrape still answers with the request counters
            log.warning("metrics: could not read the embedding backlog: %s", exc)
            return
        yield GaugeMetricFamily("bitgoeul_embedding_backlog", "Texts waiting for a vector (search is lexical "
                                "for them until the worker embeds them).", value=pending)
        yield GaugeMetricFamily("bitgoeul_embedding_failures", "Of those, texts whose last embedding attempt "
                                "failed (retried every 10 minutes).", value=failed)


def metrics_text(engine: Engine) -> bytes:
    """The Prometheus text exposition of this process (or every worker's) and the database figures."""
    from prometheus_client import REGISTRY

    shared_dir = setting("BITGOEUL_METRICS_DIR").strip()
    if shared_dir:
        from prometheus_client import multiprocess

        counters = CollectorRegistry()
        multiprocess.MultiProcessCollector(counters, path=shared_dir)  # type: ignore[no-untyped-call]
    else:
        counters = REGISTRY
    database = CollectorRegistry()
    database.register(BacklogCollector(engine))
    return generate_latest(counters) + generate_latest(database)


async def metrics_endpoint(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool

    body = await run_in_threadpool(metrics_text, request.app.state.engine)
    return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")


def install(app: Any) -> None:
    """Add the middleware (call last: it must be outermost) and the /metrics route."""
    app.add_route("/metrics", metrics_endpoint, methods=["GET"], include_in_schema=False)
    app.add_middleware(ObservabilityMiddleware)
