"""Exchange records in site-wide search: active partner offers/seeks and events that are not drafts.

The matching registry imports this module and calls `register()` (see bitgoeul.matching.kinds); drafts and
closed listings stay out of the index altogether, so no search can reveal them.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.exchange.codes import EVENT_KINDS, INTENTS, PARTNER_DOMAINS, SIDES
from bitgoeul.exchange.models import Event, PartnerListing
from bitgoeul.matching.engine import Document
from bitgoeul.matching.kinds import add_related, register_kind
from bitgoeul.organisations.models import Organisation
from bitgoeul.text.regions import city_of


def _join(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _both(table: dict[str, tuple[str, str]], code: str) -> str:
    ko, en = table.get(code, (code, code))
    return f"{ko} {en}"


def _languages(korean: str, english: str) -> list[str]:
    return [code for code, text in (("ko", korean), ("en", english)) if text and text.strip()]


def listing_document(listing: PartnerListing) -> Document:
    organisation = listing.organisation
    return Document(
        kind="partner_listing", id=listing.id,
        fields={"title": _join(listing.title_ko, listing.title_en),
                "tags": _join(_both(SIDES, listing.side), _both(INTENTS, listing.intent),
                              _both(PARTNER_DOMAINS, listing.domain)),
                "summary": _join(organisation.name_ko if organisation else "",
                                 organisation.name_en if organisation else ""),
                "body": _join(listing.text_ko, listing.text_en)},
        attrs={"side": listing.side, "intent": listing.intent, "domain": listing.domain,
               "region": listing.region or "", "city": city_of(listing.region or ""),
               "organisation_id": listing.organisation_id,
               "language": _languages(listing.title_ko + listing.text_ko, listing.title_en + listing.text_en)},
    )


def event_document(event: Event) -> Document:
    return Document(
        kind="event", id=event.id,
        fields={"title": _join(event.title_ko, event.title_en), "tags": _both(EVENT_KINDS, event.kind),
                "summary": _join(event.venue_name, event.venue_address),
                "body": _join(event.description_ko, event.description_en)},
        attrs={"event_kind": event.kind, "status": event.status,
               "language": _languages(event.title_ko + event.description_ko,
                                      event.title_en + event.description_en)},
    )


def organisation_listings(session: Session, organisation: Organisation) -> list[PartnerListing]:
    """A listing's document carries its organisation's names: renaming it re-indexes them at once (the
    database deletes them with it)."""
    return list(session.scalars(select(PartnerListing).where(PartnerListing.organisation_id == organisation.id))
                .unique())


def register() -> None:
    """Active listings and published (or cancelled) events, for everyone."""
    add_related("organisation", organisation_listings)
    register_kind("partner_listing", PartnerListing, listing_document,
                  lambda x: (x.title_ko, x.title_en or x.title_ko), label=("제공·구함", "Offer / seek"),
                  path="/exchange/partners/{id}", order=60, include=lambda x: bool(x.active),
                  attributes=("side", "intent", "domain", "region", "city", "organisation_id", "language"))
    register_kind("event", Event, event_document, lambda e: (e.title_ko, e.title_en or e.title_ko),
                  label=("행사", "Event"), path="/exchange/events/{id}", order=65,
                  include=lambda e: e.status != "draft",
                  attributes=("event_kind", "status", "language"))
