"""Sign-ins that can be taken back: each browser session and API token is a row in `auth_sessions`, and
the signed cookie or token carries its id. Logout revokes one; a password change or deactivation revokes
them all, so a copied cookie or token gets 401 from then on."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bitgoeul.accounts.models import AuthSession, User
from bitgoeul.accounts.service import MIN_PASSWORD
from bitgoeul.core.auth import hash_password, verify_password
from bitgoeul.core.db import utcnow
from bitgoeul.core.errors import NotFound, ValidationFailed
from bitgoeul.core.i18n import Message

COOKIE_LIFETIME = timedelta(days=14)
TOKEN_LIFETIME = timedelta(days=30)



def _aware(value: datetime) -> datetime:
    """SQLite hands stored UTC back naive."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def start(session: Session, user: User, kind: str) -> str:
    """A new sign-in for `user` ("cookie" or "token"); returns the id the cookie or token must carry."""
    now = utcnow()
    session.execute(delete(AuthSession).where(AuthSession.user_id == user.id, AuthSession.expires_at < now))
    sid = secrets.token_urlsafe(32)
    lifetime = COOKIE_LIFETIME if kind == "cookie" else TOKEN_LIFETIME
    session.add(AuthSession(id=sid, user_id=user.id, kind=kind, created_at=now, expires_at=now + lifetime))
    session.flush()
    return sid


def signed_in_user(session: Session, user_id: int, sid: str) -> User | None:
    """The user a cookie or token stands for, or None when it was revoked, has expired, belongs to someone
    else or the account was deactivated (one query)."""
    row = session.execute(select(User, AuthSession).join(AuthSession, AuthSession.user_id == User.id)
                          .where(AuthSession.id == sid)).first()
    if row is None:
        return None
    user, sign_in = row
    if user.id != user_id or not user.is_active or sign_in.revoked_at is not None:
        return None
    return user if _aware(sign_in.expires_at) > utcnow() else None


def revoke(session: Session, sid: str) -> None:
    session.execute(update(AuthSession).where(AuthSession.id == sid, AuthSession.revoked_at.is_(None))
                    .values(revoked_at=utcnow()))


def revoke_all(session: Session, user_id: int) -> int:
    """Every cookie and token of the person stops working; returns how many were live."""
    result = session.execute(update(AuthSession).where(AuthSession.user_id == user_id,
                                                       AuthSession.revoked_at.is_(None))
                             .values(revoked_at=utcnow()))
    return int(getattr(result, "rowcount", 0) or 0)


def _find(session: Session, email: str) -> User:
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound(Message("signin.no_such_user", email=email))
    return user


def set_password(session: Session, email: str, password: str) -> User:
    """A new password (by the command line, a local administrator); every sign-in of the person is revoked."""
    if len(password) < MIN_PASSWORD:
        raise ValidationFailed(Message("signin.password_short", n=MIN_PASSWORD),
                               fields={"password": Message("signin.password_short", n=MIN_PASSWORD)})
    user = _find(session, email)
    user.password_hash = hash_password(password)
    revoke_all(session, user.id)
    session.flush()
    return user


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """The person's own change: the current password is checked first; all sign-ins are revoked (the edge
    starts a fresh one for the browser that made the change)."""
    if not verify_password(user.password_hash, current):
        raise ValidationFailed(Message("signin.password_wrong"),
                               fields={"current": Message("signin.password_wrong")})
    set_password(session, user.email, new)


def deactivate(session: Session, email: str) -> User:
    """The account can no longer sign in, and its cookies and tokens stop working now."""
    user = _find(session, email)
    user.is_active = False
    revoke_all(session, user.id)
    session.flush()
    return user
