"""Accounts: people who log in, with one role and at most one organisation, and their in-app notifications."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from bitgoeul.core.db import Base, Timestamped, utcnow
from bitgoeul.core.time import UTCDateTime


class User(Timestamped, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="person")
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    language: Mapped[str] = mapped_column(String(5), default="ko")
    is_active: Mapped[bool] = mapped_column(default=True)


class Notification(Base):
    """One message to one person (any capability may send it): what happened, in Korean and English, a
    local link to look at it, and when it was read (None = unread)."""

    __tablename__ = "notifications"
    # The nav's unread count and the inbox's newest-first page both start from (user, read_at / id).
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(60))
    text_ko: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Also e-mailed (`bitgoeul user send-mail`): set by the sender, which stamps `emailed_at` once the server
    # accepted the message; in-app-only messages leave both as they are.
    email: Mapped[bool] = mapped_column(default=False, server_default=false())
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuthSession(Base):
    """One signed-in browser or one API token. The cookie or token carries this row's random id, so logging
    out revokes exactly that one, and a password change or deactivation revokes all of a person's rows: a
    copied cookie or token stops working at once instead of living out its 14 or 30 days."""

    __tablename__ = "auth_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # "cookie" or "token"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
