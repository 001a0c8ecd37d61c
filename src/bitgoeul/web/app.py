"""The FastAPI app, built by looping over the capabilities' manifests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from bitgoeul import __version__
from bitgoeul.accounts.public import unread_count
from bitgoeul.core.db import make_engine, make_session_factory
from bitgoeul.core.errors import DomainError, LoginRequired
from bitgoeul.core.forms import error_field, field_message
from bitgoeul.core.i18n import translate
from bitgoeul.core.logs import current_request_id
from bitgoeul.core.ratelimit import TooManyRequests, limiter_for
from bitgoeul.core.registry import capabilities, install_hooks, load, load_models
from bitgoeul.core.settings import Settings, load_settings
from bitgoeul.talent.public import application_state_label
from bitgoeul.web import observability, readiness
from bitgoeul.web.bounds import bound_integer_parameters
from bitgoeul.web.deps import (
    CurrentUser,
    LanguageMiddleware,
    SessionDep,
    require_login_for_writes,
    verify_api_csrf,
    verify_csrf,
)
from bitgoeul.web.edge import install_edge
from bitgoeul.web.flash import FlashMiddleware
from bitgoeul.web.home import home_for
from bitgoeul.web.openapi import build_openapi
from bitgoeul.web.rendering import render
from bitgoeul.web.security import Protection, install_api_docs

API_PREFIX = "/api/v1"
STATIC = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class UserView:
    """What templates may show of the user: a plain copy, still readable after the request's
    transaction was rolled back (error pages render after that)."""

    id: int
    email: str
    display_name: str
    role: str
    organisation_id: int | None
    language: str
    unread: int = 0  # unread notifications, shown beside the name


async def remember_user(request: Request, user: CurrentUser, session: SessionDep) -> None:
    """Pages render the user in the header; keep a detached copy on the request for the templates (with the
    unread notification count: one COUNT query per page)."""
    request.state.user = None if user is None else UserView(
        id=user.id, email=user.email, display_name=user.display_name, role=user.role,
        organisation_id=user.organisation_id, language=user.language, unread=unread_count(session, user))


def create_app(settings: Settings | None = None, *, warm: bool = False) -> FastAPI:
    """The app; with `warm`, each worker loads models and caches before serving pages (web/readiness.py)."""
    settings = settings or load_settings()
    load_models()
    install_hooks()  # the session hooks the manifests declare (search index, match cards, write stamps)
    app = FastAPI(title="Bitgoeul API", version=__version__, openapi_url="/openapi.json", docs_url=None,
                  redoc_url=None, lifespan=readiness.lifespan(warm))
    for capability in capabilities():
        if capability.check:
            load(capability.check)(settings)
    engine = make_engine(settings.database_url)
    app.state.settings = settings
    app.state.limiter = limiter_for(settings)
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.add_middleware(FlashMiddleware, api_prefix=API_PREFIX + "/")  # inside the session: added before it
    app.add_middleware(LanguageMiddleware)  # inside the session middleware: it reads the remembered language
    app.add_middleware(SessionMiddleware, secret_key=settings.secret_key, session_cookie="bitgoeul_session",
                       same_site="lax", https_only=settings.environment == "production", max_age=14 * 24 * 3600)
    install_api_docs(app, settings)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for capability in capabilities():
        if capability.pages:
            app.include_router(bound_integer_parameters(load(capability.pages)),
                               dependencies=[Depends(verify_csrf), Depends(remember_user)], include_in_schema=False)
        if capability.api:
            app.include_router(bound_integer_parameters(load(capability.api)), prefix=API_PREFIX,
                               dependencies=[Depends(require_login_for_writes), Depends(verify_api_csrf)])
    app.include_router(_home_router(), dependencies=[Depends(remember_user)], include_in_schema=False)
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    _install_error_handlers(app)
    install_edge(app, max_body_bytes=settings.max_body_bytes, render_error=_error_page)
    # Added last, so outermost: a refused Host, a 413 or a 500 from the edge still carry the headers.
    app.add_middleware(Protection, settings=settings)
    readiness.install(app, warm)
    observability.install(app)  # last: outermost, so it sees every answer
    return app


def _error_page(request: Request, message: str, status: int) -> Response:
    request.state.user = getattr(request.state, "user", None)
    return render(request, "error.html", {"error": DomainError(message)}, status_code=status)


def _home_router() -> APIRouter:
    router = APIRouter()

    @router.get("/", response_class=HTMLResponse)
    def home(request: Request, session: SessionDep, user: CurrentUser) -> Response:
        return render(request, "home.html", {"home": home_for(session, user), "state_label": application_state_label})

    @router.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        # Browsers and tools ask for /favicon.ico whatever the page links to; answer instead of logging a 404.
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml",
                            headers={"cache-control": "public, max-age=86400"})

    return router


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def error_body(code: str, message: str, fields: dict[str, str] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}, "request_id": current_request_id()}}


def _body_field(error: Any) -> str:
    """Where an API validation error goes in `fields`: the field (a cross-field rule names its own), or `body`
    when it is about the request as a whole."""
    name = error_field(error, skip=1)
    return "body" if name == "__all__" else name


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        headers = {"retry-after": str(exc.retry_after)} if isinstance(exc, TooManyRequests) else {}
        if _is_api(request):
            return JSONResponse(error_body(exc.code, exc.message, exc.field_texts()), status_code=exc.status,
                                headers=headers)
        if isinstance(exc, LoginRequired) and request.method == "GET":
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        request.state.user = getattr(request.state, "user", None)
        response = render(request, "error.html", {"error": exc}, status_code=exc.status)
        response.headers.update(headers)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(exc.status_code, "http_error")
        key = {404: "core.not_found", 405: "core.method_not_allowed", 413: "core.too_large"}.get(exc.status_code)
        message = translate(key) if key else str(exc.detail)
        if _is_api(request):
            return JSONResponse(error_body(code, message), status_code=exc.status_code)
        request.state.user = getattr(request.state, "user", None)
        return render(request, "error.html", {"error": DomainError(key or message)}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        fields = {_body_field(e): str(field_message(e)) for e in exc.errors()}
        if _is_api(request):
            return JSONResponse(error_body("validation_failed", translate("field.malformed"), fields), status_code=422)
        if any(e["loc"][:1] == ("path",) for e in exc.errors()):
            # /organisations/abc names no page: say "not found", not the parser's complaint about integers.
            return await http_error(request, StarletteHTTPException(status_code=404))
        request.state.user = getattr(request.state, "user", None)
        return render(request, "error.html", {"error": DomainError("field.malformed", fields=fields)}, status_code=422)
