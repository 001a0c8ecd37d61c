"""E-mail for notifications: every notification queued with `email=True` and not yet sent goes out in one
message per person, in that person's language, over plain SMTP (`bitgoeul user send-mail`, run from cron or
after a busy day). A notification is stamped `emailed_at` only once the server accepted its message, and a
refused address does not stop the others. Talent's job-alert digests use the same `MailSettings`."""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from itertools import groupby
from typing import Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.accounts.models import Notification, User
from bitgoeul.core.db import utcnow
from bitgoeul.core.i18n import translate
from bitgoeul.core.settings import load_settings


@dataclass(frozen=True)
class MailSettings:
    host: str = "127.0.0.1"
    port: int = 25
    sender: str = "noreply@bitgoeul.example.org"
    base_url: str = ""  # prefix for links in mails, e.g. "https://bitgoeul.example.org"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> MailSettings:
        """From the settings (raises SettingsError, a ValueError, on a malformed port)."""
        settings = load_settings(environ)
        return cls(host=settings.smtp_host, port=settings.smtp_port, sender=settings.mail_from,
                   base_url=settings.base_url)


@dataclass(frozen=True)
class MailResult:
    messages: int
    notifications: int
    failed: list[str]


def notification_message(user: User, items: list[Notification], settings: MailSettings) -> EmailMessage:
    """One e-mail with the person's new notifications, each with its link, in the person's language."""
    language = user.language if user.language in ("ko", "en") else "ko"
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = user.email
    message["Subject"] = translate("notifications.mail_subject", language, n=len(items))
    lines = [translate("notifications.mail_greeting", language, name=user.display_name), ""]
    for item in items:
        lines.append(f"- {item.text_en if language == 'en' else item.text_ko}")
        if item.url:
            lines.append(f"  {settings.base_url}{item.url}")
    message.set_content("\n".join(lines) + "\n")
    return message


def pending(session: Session) -> list[Notification]:
    return list(session.scalars(select(Notification).where(Notification.email.is_(True),
                                                           Notification.emailed_at.is_(None))
                                .order_by(Notification.user_id, Notification.id)))


class Mailable(Protocol):
    """A row that is e-mailed once: whose it is, and when the server accepted it (None until then)."""

    user_id: int
    emailed_at: datetime | None


Row = TypeVar("Row", bound=Mailable)


def send_per_person(session: Session, rows: Sequence[Row], compose: Callable[[User, list[Row]], EmailMessage],
                    settings: MailSettings, *, needs_address: bool = False) -> tuple[int, int, list[str]]:
    """One message per person for `rows` (ordered by person); each row is stamped `emailed_at` only once the
    server accepted its message, and a refused address does not stop the others. Inactive people (and, with
    `needs_address`, people without an address) are skipped and stay queued.
    Returns (messages sent, rows sent, refused addresses)."""
    messages = sent = 0
    failed: list[str] = []
    with smtplib.SMTP(settings.host, settings.port, timeout=30) as smtp:
        for user_id, group in groupby(rows, key=lambda row: row.user_id):
            batch = list(group)
            user = session.get(User, user_id)
            if user is None or not user.is_active or (needs_address and "@" not in (user.email or "")):
                continue
            try:
                smtp.send_message(compose(user, batch))
            except smtplib.SMTPRecipientsRefused:
                failed.append(user.email)
                continue
            now = utcnow()
            for row in batch:
                row.emailed_at = now
            messages += 1
            sent += len(batch)
            session.flush()
    return messages, sent, failed


def send_notification_mail(session: Session, settings: MailSettings | None = None) -> MailResult:
    """Send every queued notification, one message per person; people without an address are skipped."""
    mail = settings or MailSettings.from_env()
    queued = pending(session)
    if not queued:
        return MailResult(0, 0, [])
    return MailResult(*send_per_person(session, queued, lambda user, batch: notification_message(user, batch, mail),
                                       mail, needs_address=True))
