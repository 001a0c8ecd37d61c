"""What every exchange page shares: coded labels and Korean-time formatting in the page's language."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from bitgoeul.core.auth import Actor, is_operator
from bitgoeul.core.time import form_value
from bitgoeul.exchange import codes
from bitgoeul.organisations.public import list_organisations
from bitgoeul.web.deps import get_language
from bitgoeul.web.forms import every_item


def labels(request: Request) -> dict[str, Any]:
    """Label functions and option lists of the coded fields, in the page's language."""
    language = get_language(request)

    def named(table: dict[str, tuple[str, str]]) -> Any:
        return lambda code: codes.label(table, code, language)

    return {
        "side_label": named(codes.SIDES), "intent_label": named(codes.INTENTS),
        "domain_label": named(codes.PARTNER_DOMAINS), "kind_label": named(codes.EVENT_KINDS),
        "event_status_label": named(codes.EVENT_STATUSES), "rsvp_label": named(codes.RSVP_STATUSES),
        "request_label": named(codes.REQUEST_STATUSES), "level_label": named(codes.LEVELS),
        "side_options": codes.options(codes.SIDES, language), "intent_options": codes.options(codes.INTENTS, language),
        "domain_options": codes.options(codes.PARTNER_DOMAINS, language),
        "kind_options": codes.options(codes.EVENT_KINDS, language),
        "level_options": codes.options(codes.LEVELS, language),
    }


def owner_options(session: Session, user: Actor | None) -> list[tuple[str, str]]:
    """Operators may act for any organisation; members only for their own (no choice shown)."""
    if not is_operator(user):
        return []
    organisations = every_item(lambda n, size: list_organisations(session, page=n, per_page=size))
    return [(str(o.id), o.name_ko) for o in organisations]


def local_time(value: Any) -> str:
    return form_value(value)


def none_if_blank(value: str | None) -> str | None:
    return value or None
