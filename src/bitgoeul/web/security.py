"""Headers every answer carries (pages, API, static files, errors) and the Host names the site answers to.

The Content-Security-Policy allows scripts and styles from this site only: no inline blocks, no `style=`
attributes, no `unsafe-inline` (templates link /static files instead). The API docs page is the one
exception in shape, not in strictness: its inline start-up script carries a per-response nonce.
"""

from __future__ import annotations

import json
import secrets

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bitgoeul.core.i18n import negotiate, translate
from bitgoeul.core.settings import Settings
from bitgoeul.web.middleware import HttpMiddleware

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'")
DOCS_CDN = "https://cdn.jsdelivr.net"
HSTS = "max-age=31536000; includeSubDomains"


def security_headers(production: bool) -> list[tuple[bytes, bytes]]:
    headers = {
        "content-security-policy": CSP,
        "x-frame-options": "DENY",
        "x-content-type-options": "nosniff",
        "referrer-policy": "strict-origin-when-cross-origin",
        "cross-origin-opener-policy": "same-origin",
        "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }
    if production:  # browsers only honour it over HTTPS, which production runs behind
        headers["strict-transport-security"] = HSTS
    return [(k.encode(), v.encode()) for k, v in headers.items()]


class Protection(HttpMiddleware):
    """Refuses requests for other Host names (400), then adds the security headers to whatever answers.

    A forged Host must never reach a page: links, redirects and calendars are built from the request.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        super().__init__(app)
        self.hosts = set(settings.host_names)
        self.headers = security_headers(settings.is_production)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_headers = Headers(scope=scope)
        if not self._allowed(request_headers.get("host", "")):
            await self._refuse(scope, request_headers)(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers:
                    if name.decode() not in headers:  # a route may set its own (the docs page's nonce CSP)
                        headers.raw.append((name, value))
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _allowed(self, host: str) -> bool:
        name = host.strip().lower()
        if name.startswith("["):
            name = name[: name.find("]") + 1]
        else:
            name = name.rsplit(":", 1)[0] if name.count(":") == 1 else name
        return name in self.hosts

    def _refuse(self, scope: Scope, headers: Headers) -> Response:
        language = negotiate(headers.get("accept-language"))
        message = translate("security.bad_host", language)
        if str(scope.get("path", "")).startswith("/api/"):
            body = {"error": {"code": "bad_host", "message": message, "fields": {}}}
            response: Response = Response(json.dumps(body, ensure_ascii=False), status_code=400,
                                          media_type="application/json")
        else:
            response = Response(message, status_code=400, media_type="text/plain; charset=utf-8")
        response.raw_headers.extend(self.headers)
        return response


def install_api_docs(app: FastAPI, settings: Settings) -> None:
    """/api/docs when the settings allow it (off in production unless BITGOEUL_API_DOCS=1).

    Swagger UI starts from an inline script, so this page alone gets a nonce and the CDN it loads from.
    """
    if not settings.api_docs:
        return

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> Response:
        nonce = secrets.token_urlsafe(16)
        page = get_swagger_ui_html(openapi_url="/openapi.json", title=f"{app.title} - docs")
        html = bytes(page.body).decode().replace("<script>", f'<script nonce="{nonce}">')
        csp = CSP.replace("script-src 'self'", f"script-src 'self' 'nonce-{nonce}' {DOCS_CDN}").replace(
            "style-src 'self'", f"style-src 'self' {DOCS_CDN}").replace("img-src 'self' data:",
                                                                         f"img-src 'self' data: {DOCS_CDN}")
        return HTMLResponse(html, headers={"content-security-policy": csp})
