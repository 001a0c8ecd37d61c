"""API tokens: exchange e-mail and password for a bearer token (no cookies, so no CSRF needed)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from bitgoeul.accounts.service import authenticate
from bitgoeul.core.errors import LoginRequired
from bitgoeul.web.deps import CurrentUser, SessionDep, get_settings, token_serializer

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


@router.post("/auth/token", response_model=TokenOut)
def issue_token(request: Request, body: TokenIn, session: SessionDep) -> TokenOut:
    user = authenticate(session, body.email, body.password)
    if user is None:
        raise LoginRequired("이메일 또는 비밀번호가 맞지 않습니다. / Wrong e-mail or password.")
    return TokenOut(access_token=token_serializer(get_settings(request)).dumps({"uid": user.id}))


@router.get("/me", response_model=MeOut)
def me(user: CurrentUser) -> MeOut:
    if user is None:
        raise LoginRequired("로그인이 필요합니다. / Please log in.")
    return MeOut(id=user.id, email=user.email, display_name=user.display_name, role=user.role,
                 organisation_id=user.organisation_id)
