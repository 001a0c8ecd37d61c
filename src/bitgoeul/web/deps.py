"""Request-scoped dependencies shared by every capability's routes: DB session, user, language, CSRF."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session
from starlette.types import Receive, Scope, Send

from bitgoeul.accounts.models import User
from bitgoeul.accounts.public import signed_in_user
from bitgoeul.core.db import session_scope
from bitgoeul.core.errors import DomainError, LoginRequired
from bitgoeul.core.i18n import LANGUAGES, negotiate, speaking
from bitgoeul.core.ratelimit import RateLimiter
from bitgoeul.core.settings import Settings
from bitgoeul.web.middleware import HttpMiddleware

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
TOKEN_MAX_AGE = 30 * 24 * 3600


class CsrfFailed(DomainError):
    code = "csrf_failed"
    status = 403


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def public_base_url(request: Request) -> str:
    """The site's address for absolute links (iCal, e-mails): BITGOEUL_BASE_URL when set, else the request's
    own, whose Host the Protection middleware has already checked against the allowed hosts."""
    return get_settings(request).base_url.rstrip("/") or str(request.base_url).rstrip("/")


def client_address(request: Request) -> str:
    """The caller's address (uvicorn puts the proxy's X-Forwarded-For here for trusted proxies only)."""
    return request.client.host if request.client else "unknown"


def rate_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.limiter
    return limiter


def rate_limited(kind: str) -> Callable[[Request], None]:
    """A route dependency counting one try of `kind` per request, by address and (when signed in) by
    account; past the limit the request gets 429 with Retry-After before its handler runs."""

    def count(request: Request) -> None:
        who = [f"ip:{client_address(request)}"]
        uid = bearer_user_id(request) or request.session.get("uid")
        if uid:
            who.append(f"user:{uid}")
        rate_limiter(request).hit(kind, *who)

    return count


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request (`session_scope`): committed when the handler returns, rolled back on any
    error."""
    with session_scope(request.app.state.session_factory) as session:
        yield session


# scope="function": commit before the response leaves, so a redirect never outruns its own write and a
# failed commit becomes an error response instead of a silent loss after the client was told "done".
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def token_serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt="bitgoeul-api-token")


def bearer_claims(request: Request) -> tuple[int, str] | None:
    """(user id, sign-in id) from a validly signed `Authorization: Bearer` token, else None."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    try:
        payload = token_serializer(get_settings(request)).loads(token.strip(), max_age=TOKEN_MAX_AGE)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("uid"), int) or not payload.get("sid"):
        return None
    return payload["uid"], str(payload["sid"])


def bearer_user_id(request: Request) -> int | None:
    claims = bearer_claims(request)
    return claims[0] if claims else None


def get_current_user(request: Request, session: SessionDep) -> User | None:
    """The signed-in user from an API bearer token or the session cookie; a revoked, expired or
    deactivated sign-in counts as none (see accounts/sessions.py)."""
    claims = bearer_claims(request)
    if claims is None:
        uid, sid = request.session.get("uid"), request.session.get("sid")
        if not isinstance(uid, int) or not isinstance(sid, str):
            request.session.pop("uid", None)
            return None
        claims = (uid, sid)
    user = signed_in_user(session, *claims)
    if user is None:
        request.session.pop("uid", None)
        request.session.pop("sid", None)
    return user


CurrentUser = Annotated[User | None, Depends(get_current_user)]


def get_language(request: Request) -> str:
    """?lang= wins (and is remembered), then the remembered choice, then Accept-Language, then the default."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        request.session["lang"] = asked
        return asked
    remembered = request.session.get("lang")
    if remembered in LANGUAGES:
        return str(remembered)
    return negotiate(request.headers.get("accept-language"), get_settings(request).default_language)


Language = Annotated[str, Depends(get_language)]


class LanguageMiddleware(HttpMiddleware):
    """Sets the reader's language for the whole request, so errors and Messages rendered anywhere at the
    edge (pages, the API envelope, exception handlers) speak it. Sits inside SessionMiddleware."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        with speaking(get_language(Request(scope))):
            await self.app(scope, receive, send)


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


async def verify_csrf(request: Request) -> None:
    """Every unsafe page request must echo the session's CSRF token (login and sign-up included).

    Forms send it as the `csrf_token` field, scripts as the `X-CSRF-Token` header.
    """
    if request.method not in UNSAFE:
        return
    expected = request.session.get("csrf")
    sent: Any = request.headers.get("x-csrf-token")
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = (await request.form()).get("csrf_token")
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, str(expected)):
        raise CsrfFailed("core.csrf_failed")


async def verify_api_csrf(request: Request) -> None:
    """API calls riding on a logged-in session cookie need the token; bearer or anonymous calls carry no
    ambient credentials, so a forged cross-site request could gain nothing from them."""
    if request.method in UNSAFE and bearer_user_id(request) is None and request.session.get("uid"):
        await verify_csrf(request)


def is_open_write(route: Any) -> bool:
    """An unsafe API operation anyone may call (it declares `openapi_extra={"security": []}`, e.g. asking
    for a token, or a search sent as POST); every other one needs a logged-in caller."""
    extra = getattr(route, "openapi_extra", None) or {}
    return extra.get("security") == []


def login_missing(request: Request) -> bool:
    """True for an anonymous unsafe API call to an operation that needs a login: it gets 401 before its
    body is even validated, so a stranger learns nothing about the schema from field errors."""
    if request.method not in UNSAFE or is_open_write(request.scope.get("route")):
        return False
    return bearer_user_id(request) is None and not request.session.get("uid")


async def require_login_for_writes(request: Request) -> None:
    """Router dependency of the API: refuse anonymous writes before anything else runs."""
    if login_missing(request):
        raise LoginRequired("core.login_required")
