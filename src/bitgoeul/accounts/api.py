"""API tokens (e-mail and password for a bearer token: no cookies, so no CSRF needed), `me`, and the
person's own notifications."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from bitgoeul.accounts import notifications, sessions
from bitgoeul.accounts.guard import sign_in_attempt
from bitgoeul.core.api import ListOut, list_out
from bitgoeul.core.bounds import Id
from bitgoeul.core.errors import LoginRequired, ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.core.pagination import MAX_PER_PAGE
from bitgoeul.web.deps import CurrentUser, SessionDep, bearer_claims, get_settings, token_serializer

router = APIRouter(tags=["accounts"])


class TokenIn(BaseModel):
    email: str
    password: str


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth scheme name, not a secret


class MeOut(BaseModel):
    id: int
    email: str
    display_name: str
    role: str
    organisation_id: int | None


@router.post("/auth/token", response_model=TokenOut, openapi_extra={"security": []})
def issue_token(request: Request, body: TokenIn, session: SessionDep) -> TokenOut:
    user = sign_in_attempt(request, session, body.email, body.password)
    if user is None:
        raise LoginRequired("accounts.api.wrong_e_mail_or_password")
    sid = sessions.start(session, user, "token")
    return TokenOut(access_token=token_serializer(get_settings(request)).dumps({"uid": user.id, "sid": sid}))


@router.post("/auth/logout", status_code=204, response_class=Response)
def logout(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """Revoke the bearer token sent (or, for a browser, its cookie session): it gets 401 from now on."""
    if user is None:
        raise LoginRequired("core.login_required")
    claims = bearer_claims(request)
    if claims is not None:
        sessions.revoke(session, claims[1])
    else:
        sessions.revoke(session, str(request.session.get("sid")))
        request.session.clear()
    return Response(status_code=204)


@router.get("/me", response_model=MeOut)
def me(user: CurrentUser) -> MeOut:
    if user is None:
        raise LoginRequired("accounts.api.please_log_in")
    return MeOut(id=user.id, email=user.email, display_name=user.display_name, role=user.role,
                 organisation_id=user.organisation_id)


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    text_ko: str
    text_en: str
    url: str
    created_at: datetime
    read_at: datetime | None


class MarkReadIn(BaseModel):
    """Either `all: true` or the `ids` to mark (one's own only)."""

    ids: list[Id] = Field(default_factory=list, max_length=MAX_PER_PAGE)
    all: bool = False


class MarkReadOut(BaseModel):
    marked: int
    unread: int


@router.get("/notifications", response_model=ListOut[NotificationOut])
def list_notifications(session: SessionDep, user: CurrentUser, page: int = 1, per_page: int = 20) -> dict[str, Any]:
    return list_out(notifications.inbox(session, user, page, per_page), NotificationOut)


@router.post("/notifications/read", response_model=MarkReadOut)
def mark_notifications_read(session: SessionDep, user: CurrentUser, body: MarkReadIn) -> MarkReadOut:
    if body.all == bool(body.ids):
        raise ValidationFailed("accounts.api.send_either_all_or_ids",
                               fields={"ids": Message("accounts.api.all_true_or_list_ids")})
    marked = notifications.mark_read(session, user, "all" if body.all else body.ids)
    return MarkReadOut(marked=marked, unread=notifications.unread_count(session, user))
