"""The shared in-app inbox: any capability calls `notify` inside its own unit of work (so a rolled-back action
leaves no message); people page through, count and mark only their own notifications."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bitgoeul.accounts.models import Notification
from bitgoeul.core.auth import Actor, require_login
from bitgoeul.core.db import require_row, utcnow
from bitgoeul.core.errors import NotFound, PermissionDenied, ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.core.links import is_local_path
from bitgoeul.core.pagination import Page, paginate

MAX_KIND = 60
MAX_URL = 500


def _local(url: str) -> bool:
    """Only site-local paths: a notification link must never lead off the site (or run a script)."""
    return url == "" or (is_local_path(url) and len(url) <= MAX_URL)


def notify(session: Session, user_id: int, kind: str, text_ko: str, text_en: str, url: str = "", *,
           email: bool = False) -> Notification:
    """Queue one message for one person in the caller's transaction (flushed, not committed); `email` also
    queues it for the e-mail sender (`accounts/mail.py`)."""
    fields: dict[str, str | Message] = {}
    if not kind.strip() or len(kind) > MAX_KIND:
        fields["kind"] = Message("accounts.notifications.must_1_characters", MAX_KIND=MAX_KIND)
    if not text_ko.strip():
        fields["text_ko"] = Message("accounts.notifications.korean_text_required")
    if not text_en.strip():
        fields["text_en"] = Message("accounts.notifications.english_text_required")
    if not _local(url):
        fields["url"] = Message("accounts.notifications.must_path_on_site")
    if fields:
        raise ValidationFailed("accounts.notifications.cannot_create_notification", fields=fields)
    notification = Notification(user_id=user_id, kind=kind.strip(), text_ko=text_ko.strip(),
                                text_en=text_en.strip(), url=url, email=email)
    session.add(notification)
    session.flush()
    return notification


def inbox(session: Session, actor: Actor | None, page: int = 1, per_page: int = 20) -> Page[Notification]:
    """The actor's own notifications, newest first."""
    user = require_login(actor)
    statement = (select(Notification).where(Notification.user_id == user.id)
                 .order_by(Notification.created_at.desc(), Notification.id.desc()))
    return paginate(session, statement, page, per_page)


def get_notification(session: Session, actor: Actor | None, notification_id: int) -> Notification:
    """One notification of the actor's; someone else's is refused (403), a missing one is 404."""
    user = require_login(actor)
    notification = require_row(session, Notification, notification_id,
                               "accounts.notifications.notification_not_found")
    if notification.user_id != user.id:
        raise PermissionDenied("accounts.notifications.you_can_only_see_your")
    return notification


def mark_read(session: Session, actor: Actor | None, ids: Iterable[int] | Literal["all"]) -> int:
    """Mark the given notifications (or all) of the actor's read; returns how many were unread. Any id that
    is someone else's refuses the whole request (403) and marks nothing."""
    user = require_login(actor)
    now = utcnow()
    if ids == "all":
        result = session.execute(update(Notification)
                                 .where(Notification.user_id == user.id, Notification.read_at.is_(None))
                                 .values(read_at=now).execution_options(synchronize_session="fetch"))
        session.flush()
        return int(getattr(result, "rowcount", 0) or 0)
    wanted = sorted(set(ids))
    if not wanted:
        return 0
    owners = {int(i): int(u) for i, u in session.execute(select(Notification.id, Notification.user_id)
                                                         .where(Notification.id.in_(wanted)))}
    missing = [i for i in wanted if i not in owners]
    if missing:
        raise NotFound("accounts.notifications.notification_not_found",
                       fields={"ids": ", ".join(str(i) for i in missing)})
    if any(owner != user.id for owner in owners.values()):
        raise PermissionDenied("accounts.notifications.you_can_only_mark_your")
    marked = 0
    for notification in session.scalars(select(Notification).where(Notification.id.in_(wanted),
                                                                    Notification.read_at.is_(None))):
        notification.read_at = now
        marked += 1
    session.flush()
    return marked


def unread_count(session: Session, actor: Actor | None) -> int:
    """One COUNT query: the number beside the person's name in the navigation."""
    user = require_login(actor)
    return int(session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0)
