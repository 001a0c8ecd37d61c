"""Domain errors that services raise; the web and CLI edges turn them into 4xx answers or messages.

An error carries a catalog key and its parameters (e.g. `Conflict(key, need=need.id)`), never a finished
sentence: the edge renders it in the reader's language. `fields` map a field to its own Message.
"""

from __future__ import annotations

from collections.abc import Mapping

from bitgoeul.core.i18n import Message, has_message, localise


class DomainError(Exception):
    """Base of every error a user can cause; `code` is stable for API clients, `content` is for people."""

    code = "invalid"
    status = 400

    def __init__(self, message: str | Message, *, fields: Mapping[str, str | Message] | None = None,
                 **params: object) -> None:
        # A plain string that is no catalog key is kept as it is (e.g. a framework's own detail text).
        self.content: str | Message = (Message(message, **params) if isinstance(message, str) and has_message(message)
                                    else message)
        self.fields: dict[str, str | Message] = dict(fields or {})
        super().__init__(self.key or message)

    @property
    def key(self) -> str | None:
        return (self.content.key or None) if isinstance(self.content, Message) else None

    @property
    def message(self) -> str:
        """The message in the reader's current language."""
        return localise(self.content)

    def render(self, language: str | None = None) -> str:
        return localise(self.content, language)

    def __str__(self) -> str:
        return self.message

    def field_texts(self, language: str | None = None) -> dict[str, str]:
        """Each field's problem in the reader's language."""
        return {name: localise(problem, language) for name, problem in self.fields.items()}


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
