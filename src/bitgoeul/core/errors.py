"""Domain errors that services raise; the web and CLI edges turn them into 4xx answers or messages."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a user can cause; `code` is stable for API clients, `message` is human."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationFailed(DomainError):
    """Input was malformed; `fields` names each bad field and why."""

    code = "validation_failed"
    status = 422


class NotFound(DomainError):
    code = "not_found"
    status = 404


class PermissionDenied(DomainError):
    code = "forbidden"
    status = 403


class LoginRequired(DomainError):
    code = "login_required"
    status = 401


class InvalidTransition(DomainError):
    """A demonstration (or any state machine) was asked for a move its current stage does not allow."""

    code = "invalid_transition"
    status = 409


class Conflict(DomainError):
    code = "conflict"
    status = 409
