"""What other capabilities (and the web shell) may call in accounts: the one in-app inbox, the per-person
mail loop and who a sign-in cookie belongs to. Everything else in accounts is its own business;
tests/architecture/test_boundaries.py holds other capabilities to this face."""

from __future__ import annotations

from bitgoeul.accounts.mail import MailSettings, send_per_person
from bitgoeul.accounts.notifications import notify, unread_count
from bitgoeul.accounts.sessions import signed_in_user

__all__ = ["MailSettings", "notify", "send_per_person", "signed_in_user", "unread_count"]
