"""Password sign-in at the edges (login page, API token) behind the rate limit: wrong passwords are
counted per address and per account; past the limit every try, right or wrong, gets 429 for a while."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.orm import Session

from bitgoeul.accounts.models import User
from bitgoeul.accounts.service import authenticate
from bitgoeul.web.deps import client_address, rate_limiter


def sign_in_attempt(request: Request, session: Session, email: str, password: str) -> User | None:
    """The user, or None for a wrong e-mail or password; raises TooManyRequests (429) once this address or
    this account has used up its wrong tries."""
    limiter = rate_limiter(request)
    who = (f"ip:{client_address(request)}", f"account:{email.strip().lower()[:254]}")
    limiter.check("login", *who)
    user = authenticate(session, email, password)
    if user is None:
        limiter.hit("login", *who)
    return user
