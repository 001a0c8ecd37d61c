"""Login, logout, sign-up, the language switch and the notification inbox."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from bitgoeul.accounts import notifications, sessions
from bitgoeul.accounts.guard import sign_in_attempt
from bitgoeul.accounts.models import User
from bitgoeul.accounts.service import create_user
from bitgoeul.core.auth import require_login
from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.i18n import translate
from bitgoeul.core.links import local_or
from bitgoeul.core.ratelimit import TooManyRequests
from bitgoeul.web.deps import CurrentUser, SessionDep, get_language, rate_limited
from bitgoeul.web.forms import PER_PAGE, FormDep, see_other
from bitgoeul.web.rendering import render

router = APIRouter()
def _safe_next(target: str | None) -> str:
    """Only local paths: an open redirect after login would help phishing."""
    return local_or(target, "/")


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "accounts/login.html", {"next": _safe_next(next), "errors": {}, "values": {}})


@router.post("/login")
def login(request: Request, session: SessionDep, email: Annotated[str, Form()] = "",
          password: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/") -> Response:
    language = get_language(request)
    # An empty field is a missing answer, not a wrong one: say which field to fill in.
    errors = {name: translate("auth.required", language) for name, value in (("email", email), ("password", password))
              if not value.strip()}
    try:
        user = None if errors else sign_in_attempt(request, session, email, password)
    except TooManyRequests as exc:  # beside the password field, with the form kept
        page = render(request, "accounts/login.html", {"next": _safe_next(next), "values": {"email": email},
                                                       "errors": {"password": exc.message}}, status_code=429)
        page.headers["retry-after"] = str(exc.retry_after)
        return page
    if user is None:
        errors = errors or {"password": translate("auth.wrong_login", language)}
        return render(request, "accounts/login.html", {"next": _safe_next(next), "errors": errors,
                                                        "values": {"email": email}}, status_code=400)
    _sign_in(request, session, user)
    request.session["lang"] = user.language
    return RedirectResponse(_safe_next(next), status_code=303)


def _sign_in(request: Request, session: Session, user: User) -> None:
    """A fresh cookie session (no session fixation) tied to a revocable sign-in row."""
    request.session.clear()
    request.session["uid"] = user.id
    request.session["sid"] = sessions.start(session, user, "cookie")


@router.post("/logout")
def logout(request: Request, session: SessionDep) -> Response:
    """Revoke this browser's sign-in, so a copy of the cookie is worth nothing afterwards."""
    sid = request.session.get("sid")
    if isinstance(sid, str):
        sessions.revoke(session, sid)
    request.session.clear()
    return RedirectResponse("/", status_code=303)


@router.get("/signup")
def signup_form(request: Request) -> Response:
    return render(request, "accounts/signup.html", {"errors": {}, "values": {}})


@router.post("/signup", dependencies=[Depends(rate_limited("signup"))])
def signup(request: Request, session: SessionDep, email: Annotated[str, Form()] = "",
           password: Annotated[str, Form()] = "", display_name: Annotated[str, Form()] = "") -> Response:
    try:
        user = create_user(session, email=email, password=password, display_name=display_name,
                           language=get_language(request))
    except ValidationFailed as exc:
        return render(request, "accounts/signup.html", {"errors": exc.field_texts(), "values": {
            "email": email, "display_name": display_name}}, status_code=422)
    _sign_in(request, session, user)
    return RedirectResponse("/", status_code=303)


@router.get("/account/password")
def password_form(request: Request, user: CurrentUser) -> Response:
    require_login(user)
    return render(request, "accounts/password.html", {"errors": {}})


@router.post("/account/password")
def password_change(request: Request, session: SessionDep, user: CurrentUser,
                    current: Annotated[str, Form()] = "", new: Annotated[str, Form()] = "") -> Response:
    """Every other browser and token of the person is signed out; this browser gets a fresh session."""
    require_login(user)
    assert user is not None  # require_login raised otherwise
    try:
        sessions.change_password(session, user, current, new)
    except ValidationFailed as exc:
        return render(request, "accounts/password.html", {"errors": exc.field_texts()}, status_code=422)
    _sign_in(request, session, user)  # the confirmation is flash.password_change (web/flash.py)
    return RedirectResponse("/", status_code=303)


@router.get("/lang/{language}")
def switch_language(request: Request, language: str, user: CurrentUser, next: str = "/") -> Response:
    if language in {"ko", "en"}:
        request.session["lang"] = language
        if user is not None:
            user.language = language
    return RedirectResponse(_safe_next(next), status_code=303)


@router.get("/notifications")
def notification_inbox(request: Request, session: SessionDep, user: CurrentUser, page: int = 1) -> Response:
    """The person's own notifications, newest first; unread ones marked (the service checks the login)."""
    listed = notifications.inbox(session, require_login(user), page, PER_PAGE)
    return render(request, "accounts/notifications.html",
                  {"page": listed, "unread": notifications.unread_count(session, user)})


@router.post("/notifications/read")
def notification_mark_read(session: SessionDep, user: CurrentUser, form: FormDep) -> Response:
    """Mark all read (`all=1`), or the `id`s posted; someone else's id is refused by the service (403)."""
    if form.get("all"):
        notifications.mark_read(session, user, "all")
    else:
        ids = [int(v) for v in form.getlist("id") if isinstance(v, str) and v.isdigit()]
        notifications.mark_read(session, user, ids)
    return see_other(session, "/notifications")
