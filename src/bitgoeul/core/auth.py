"""Passwords, roles and the access checks every service calls (views never decide permissions alone)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bitgoeul.core.errors import LoginRequired, PermissionDenied


@dataclass
class _Hashing:
    """The module's one hasher (swapped only by test set-up) and a hash made with it to burn time on."""

    hasher: PasswordHasher = field(default_factory=PasswordHasher)
    dummy: tuple[PasswordHasher, str] | None = None


_hashing = _Hashing()


def use_fast_hashing_for_tests() -> None:
    """Argon2 is slow on purpose; test suites that create hundreds of accounts use minimal (still real) costs."""
    _hashing.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


class Role(enum.StrEnum):
    person = "person"
    member = "member"
    operator = "operator"


class Actor(Protocol):
    """What access checks need to know about a user; the accounts model satisfies it."""

    id: int
    role: str
    organisation_id: int | None


def hash_password(password: str) -> str:
    return _hashing.hasher.hash(password)


def burn_password_check(password: str) -> None:
    """Spend the time of one real check when there is no account to check against, so the answer's timing
    does not tell a stranger which e-mail addresses have accounts."""
    hasher = _hashing.hasher
    if _hashing.dummy is None or _hashing.dummy[0] is not hasher:  # one hash per hasher
        _hashing.dummy = (hasher, hasher.hash("not a password anyone has"))
    verify_password(_hashing.dummy[1], password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hashing.hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def require_login(user: Actor | None) -> Actor:
    if user is None:
        raise LoginRequired("core.auth.please_log_in")
    return user


def is_operator(user: Actor | None) -> bool:
    return user is not None and user.role == Role.operator


def require_operator(user: Actor | None) -> Actor:
    actor = require_login(user)
    if actor.role != Role.operator:
        raise PermissionDenied("core.auth.only_city_operators_can_do")
    return actor


def can_act_for(user: Actor | None, organisation_id: int | None) -> bool:
    """True when the user is an operator or a member of that organisation."""
    if user is None:
        return False
    if user.role == Role.operator:
        return True
    return user.role == Role.member and organisation_id is not None and user.organisation_id == organisation_id


def acts_for_an_organisation(user: Actor | None) -> bool:
    """Operators, and members who belong to an organisation: who may post on an organisation's behalf (jobs,
    listings, events, needs, solutions). Pages offer "new" from this; the services check the organisation."""
    if user is None:
        return False
    return user.role == Role.operator or (user.role == Role.member and bool(user.organisation_id))


def member_organisation_id(user: Actor | None) -> int | None:
    """The organisation the user belongs to as a member; None for operators, people and visitors."""
    return user.organisation_id if user is not None and user.role == Role.member else None


def is_member_of(user: Actor | None, organisation_id: int | None) -> bool:
    """A member of that very organisation (operators are not members of it, though they may act for it)."""
    return organisation_id is not None and member_organisation_id(user) == organisation_id


def require_member(user: Actor | None, organisation_id: int | None) -> Actor:
    """Members may act for their own organisation only; operators for any."""
    actor = require_login(user)
    if not can_act_for(actor, organisation_id):
        raise PermissionDenied(
            "core.auth.only_members_organisation_can_do"
        )
    return actor
