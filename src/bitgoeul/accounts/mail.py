"""E-mail for notifications: every notification queued with `email=True` and not yet sent goes out in one
message per person, in that person's language, over plain SMTP (`bitgoeul user send-mail`, run from cron or
after a busy day). A notification is stamped `emailed_at` only once the server accepted its message, and a
refused address does not stop the others. Talent's job-alert digests use the same `MailSettings`."""

from __future__ import annotations

import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from itertools import groupby

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


def send_notification_mail(session: Session, settings: MailSettings | None = None) -> MailResult:
    """Send every queued notification, one message per person; people without an address are skipped."""
    settings = settings or MailSettings.from_env()
    queued = pending(session)
    if not queued:
        return MailResult(0, 0, [])
    messages = sent = 0
    failed: list[str] = []
    with smtplib.SMTP(settings.host, settings.port, timeout=30) as smtp:
        for user_id, group in groupby(queued, key=lambda n: n.user_id):
            batch = list(group)
            user = session.get(User, user_id)
            if user is None or not user.is_active or "@" not in (user.email or ""):
                continue
            try:
                smtp.send_message(notification_message(user, batch, settings))
            except smtplib.SMTPRecipientsRefused:
                failed.append(user.email)
                continue
            now = utcnow()
            for item in batch:
                item.emailed_at = now
            messages += 1
            sent += len(batch)
            session.flush()
    return MailResult(messages, sent, failed)
