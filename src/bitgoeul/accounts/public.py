"""What other capabilities (and the web shell) may call in accounts: the one in-app inbox and the per-person
mail loop. Everything else in accounts is its own business; tests/architecture/test_boundaries.py holds
other capabilities to this face."""

from __future__ import annotations

from bitgoeul.accounts.mail import MailSettings, send_per_person
from bitgoeul.accounts.notifications import notify, unread_count

__all__ = ["MailSettings", "notify", "send_per_person", "unread_count"]
