"""Digest e-mails: every alert not yet e-mailed goes out in one message per person, over plain SMTP.

The server, port and sender come from the settings (BITGOEUL_SMTP_HOST, BITGOEUL_SMTP_PORT,
BITGOEUL_MAIL_FROM); an alert is marked e-mailed only after the server accepted its message.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.accounts.models import User
from bitgoeul.accounts.public import MailSettings as MailSettings  # re-exported: talent.cli and tests use it
from bitgoeul.accounts.public import send_per_person
from bitgoeul.core.i18n import LANGUAGES, pick, translate
from bitgoeul.talent.models import Alert


@dataclass(frozen=True)
class DigestResult:
    messages: int
    alerts: int
    failed: list[str]


def digest_message(user: User, alerts: list[Alert], settings: MailSettings) -> EmailMessage:
    """One e-mail listing the new jobs, in the person's own language (their account's setting)."""
    language = user.language if user.language in LANGUAGES else "ko"
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = user.email
    message["Subject"] = translate("talent.mail.new_job_alerts", language, n=len(alerts))
    lines = [translate("talent.mail.greeting", language, name=user.display_name), ""]
    for alert in alerts:
        job = alert.job
        link = f"{settings.base_url}/talent/jobs/{job.id}"
        title = pick(language, job.title_ko, job.title_en)
        firm = pick(language, job.organisation.name_ko, job.organisation.name_en)
        lines.append(f"- {title} ({firm}, {job.region}) {link}")
        lines += [f"    · {pick(language, reason[0], reason[1])}" for reason in alert.reasons[:3]]
    message.set_content("\n".join(lines) + "\n")
    return message


def send_digests(session: Session, settings: MailSettings | None = None) -> DigestResult:
    """Send every pending alert as one digest per person; a refused address does not stop the others."""
    mail = settings or MailSettings.from_env()
    pending = list(session.scalars(select(Alert).where(Alert.emailed_at.is_(None))
                                   .order_by(Alert.user_id, Alert.id)).unique())
    if not pending:
        return DigestResult(0, 0, [])
    return DigestResult(*send_per_person(session, pending, lambda user, batch: digest_message(user, batch, mail),
                                         mail))
