"""Who may do what on the showcase. The one place these decisions are made: services call the `require_`
functions, pages ask the `can_` ones what to show; neither compares roles itself."""

from __future__ import annotations

from bitgoeul.core.auth import Actor, is_operator, require_login, require_operator
from bitgoeul.core.errors import PermissionDenied
from bitgoeul.showcase.models import VisitRequest


def can_edit(actor: Actor | None) -> bool:
    """The showcase's words and captions are the city's: operators write them."""
    return is_operator(actor)


def can_answer(actor: Actor | None) -> bool:
    """Visit requests are answered (and listed, exported) by operators."""
    return is_operator(actor)


def require_editor(actor: Actor | None) -> Actor:
    return require_operator(actor)


def require_answerer(actor: Actor | None) -> Actor:
    return require_operator(actor)


def require_requester(actor: Actor | None) -> Actor:
    """Anyone signed in may ask to visit: the answer needs an inbox to reach."""
    return require_login(actor)


def require_viewer(actor: Actor | None, visit: VisitRequest) -> Actor:
    """A visit request is seen by the person who sent it and by operators."""
    user = require_login(actor)
    if not (is_operator(user) or visit.user_id == user.id):
        raise PermissionDenied("showcase.policy.not_your_request")
    return user
