"""Login, logout, sign-up and the language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from bitgoeul.accounts.service import authenticate, create_user
from bitgoeul.core.errors import ValidationFailed
from bitgoeul.web.deps import CurrentUser, SessionDep
from bitgoeul.web.rendering import render

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only local paths: an open redirect after login would help phishing."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "accounts/login.html", {"next": _safe_next(next), "errors": {}, "values": {}})


@router.post("/login")
def login(request: Request, session: SessionDep, email: Annotated[str, Form()] = "",
          password: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/") -> Response:
    user = authenticate(session, email, password)
    if user is None:
        errors = {"password": "이메일 또는 비밀번호가 맞지 않습니다. / Wrong e-mail or password."}
        return render(request, "accounts/login.html", {"next": _safe_next(next), "errors": errors,
                                                        "values": {"email": email}}, status_code=400)
    request.session.clear()  # a new session id on login (no session fixation)
    request.session["uid"] = user.id
    request.session["lang"] = user.language
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/", status_code=303)


@router.get("/signup")
def signup_form(request: Request) -> Response:
    return render(request, "accounts/signup.html", {"errors": {}, "values": {}})


@router.post("/signup")
def signup(request: Request, session: SessionDep, email: Annotated[str, Form()] = "",
           password: Annotated[str, Form()] = "", display_name: Annotated[str, Form()] = "") -> Response:
    try:
        user = create_user(session, email=email, password=password, display_name=display_name,
                           language=request.session.get("lang", "ko"))
    except ValidationFailed as exc:
        return render(request, "accounts/signup.html", {"errors": exc.fields, "values": {
            "email": email, "display_name": display_name}}, status_code=422)
    request.session.clear()
    request.session["uid"] = user.id
    return RedirectResponse("/", status_code=303)


@router.get("/lang/{language}")
def switch_language(request: Request, language: str, user: CurrentUser, next: str = "/") -> Response:
    if language in {"ko", "en"}:
        request.session["lang"] = language
        if user is not None:
            user.language = language
    return RedirectResponse(_safe_next(next), status_code=303)
