"""Creating accounts and checking passwords."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bitgoeul.accounts.models import User
from bitgoeul.core.auth import Role, burn_password_check, hash_password, verify_password
from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.organisations.models import Organisation

MIN_PASSWORD = 10


def create_user(
    session: Session, *, email: str, password: str, display_name: str, role: str = Role.person,
    organisation_id: int | None = None, language: str = "ko",
) -> User:
    """Make an account; the password is stored only as an argon2 hash."""
    email = email.strip().lower()
    fields: dict[str, str | Message] = {}
    if "@" not in email or len(email) > 254 or email.startswith("@") or email.endswith("@"):
        fields["email"] = Message("accounts.service.not_valid_e_mail_address")
    elif session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
        # Worded like any unusable address and paid for with the hash a new account costs, so neither the
        # words nor the time single out "this person has an account" (docs/security.md).
        fields["email"] = Message("signin.email_unavailable")
        hash_password(password)
    if len(password) < MIN_PASSWORD:
        fields["password"] = Message("accounts.service.passwords_need_at_least_characters", MIN_PASSWORD=MIN_PASSWORD)
    if not display_name.strip():
        fields["display_name"] = Message("accounts.service.enter_name")
    if role not in set(Role):
        fields["role"] = Message("accounts.service.must_person_member_or_operator")
    if role == Role.member and (organisation_id is None or session.get(Organisation, organisation_id) is None):
        fields["organisation_id"] = Message("accounts.service.members_need_organisation")
    if fields:
        raise ValidationFailed("accounts.service.cannot_create_account", fields=fields)
    user = User(email=email, password_hash=hash_password(password), display_name=display_name.strip(),
                role=role, organisation_id=organisation_id, language=language)
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The account for this e-mail and password, or None. Unknown e-mails and deactivated accounts take
    the same password check as a wrong password, so timing does not tell them apart."""
    user = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        burn_password_check(password)
        return None
    if not verify_password(user.password_hash, password) or not user.is_active:
        return None
    return user
