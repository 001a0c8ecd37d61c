"""Partner matching use cases: offers and seeks, their matches both ways, and meeting requests between
firms (pending -> accepted | declined by the receiver, or withdrawn by the sender). Access is checked here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bitgoeul.core.auth import (
    Actor,
    Role,
    acts_for_an_organisation,
    can_act_for,
    is_member_of,
    require_login,
    require_member,
)
from bitgoeul.core.db import flush_unique, require_row, text_matches, utcnow
from bitgoeul.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.core.pagination import Page, paginate
from bitgoeul.core.scores import display_score
from bitgoeul.exchange import notices, partner_lists
from bitgoeul.exchange.codes import PARTNER_DOMAINS
from bitgoeul.exchange.models import MeetingRequest, PartnerListing
from bitgoeul.exchange.partner_match import ListingData, PartnerMatch, match
from bitgoeul.exchange.schemas import ListingIn, MeetingRequestIn, ResponseIn
from bitgoeul.organisations.models import Organisation
from bitgoeul.organisations.public import acting_organisation
from bitgoeul.text.surface import has_hangul

# --- listings --------------------------------------------------------------------------------------------


def get_listing(session: Session, listing_id: int) -> PartnerListing:
    return require_row(session, PartnerListing, listing_id,
                       "exchange.partners.offer_or_seek_not_found")


def list_listings(
    session: Session, *, q: str = "", side: str | None = None, intent: str | None = None,
    domain: str | None = None, region: str | None = None, organisation_id: int | None = None,
    include_inactive: bool = False, page: int = 1, per_page: int = 20,
) -> Page[PartnerListing]:
    statement = select(PartnerListing).join(PartnerListing.organisation).order_by(PartnerListing.id.desc())
    if q.strip():
        statement = statement.where(text_matches(q, PartnerListing.title_ko, PartnerListing.title_en,
                                                 PartnerListing.text_ko, PartnerListing.text_en, Organisation.name_ko,
                                                 Organisation.name_en))
    if side:
        statement = statement.where(PartnerListing.side == side)
    if intent:
        statement = statement.where(PartnerListing.intent == intent)
    if domain:
        statement = statement.where(PartnerListing.domain == domain)
    if region:
        statement = statement.where(text_matches(region, PartnerListing.region))
    if organisation_id:
        statement = statement.where(PartnerListing.organisation_id == organisation_id)
    if not include_inactive:
        statement = statement.where(PartnerListing.active.is_(True))
    return paginate(session, statement, page, per_page)


def create_listing(session: Session, actor: Actor | None, values: ListingIn) -> PartnerListing:
    user = require_login(actor)
    owner = acting_organisation(session, user, values.organisation_id)
    listing = PartnerListing(**values.model_dump(exclude={"organisation_id"}), organisation_id=owner.id,
                             created_by_id=user.id)
    session.add(listing)
    session.flush()
    return listing


def update_listing(session: Session, actor: Actor | None, listing_id: int, values: ListingIn
                   ) -> PartnerListing:
    listing = get_listing(session, listing_id)
    require_member(actor, listing.organisation_id)
    for name, value in values.model_dump(exclude={"organisation_id"}).items():
        setattr(listing, name, value)
    session.flush()
    return listing


def listing_data(listing: PartnerListing) -> ListingData:
    """The plain form the pure matcher takes: both languages' words, so either finds the other."""
    names = PARTNER_DOMAINS.get(listing.domain, (listing.domain, listing.domain))
    return ListingData(id=listing.id, organisation_id=listing.organisation_id, side=listing.side,
                       intent=listing.intent, domain=listing.domain, region=listing.region,
                       title=f"{listing.title_ko}\n{listing.title_en}", text=f"{listing.text_ko}\n{listing.text_en}",
                       domain_names=names)


@dataclass(frozen=True)
class ListingMatch:
    listing: PartnerListing
    score: float
    reasons_ko: tuple[str, ...]
    reasons_en: tuple[str, ...]
    words: tuple[str, ...] = ()

    def sentences(self, language: str) -> tuple[str, ...]:
        """The reasons without the shared words (pages show those apart, marked as record text)."""
        return self.reasons_en if language == "en" else self.reasons_ko

    def shown_words(self, language: str) -> tuple[str, ...]:
        """The shared words in the reader's language where there are any, else all of them."""
        own = tuple(w for w in self.words if has_hangul(w) == (language != "en"))
        return own or self.words

    def reasons(self, language: str) -> tuple[str, ...]:
        """Plain-text reasons (API, CLI): the last one names the shared words."""
        shown = self.sentences(language)
        words = self.shown_words(language)
        if not words or not shown:
            return shown
        return (*shown[:-1], f"{shown[-1]}: {', '.join(words)}")

    @property
    def shown_score(self) -> int:
        """The 0-1 score on the one 0-100 scale that pages, the API and the CLI show."""
        return display_score(self.score)


def matches_for(session: Session, listing: PartnerListing, *, top: int = 10) -> list[ListingMatch]:
    """Listings of the other side that fit this one both ways, best first, with reasons."""
    other = "seek" if listing.side == "offer" else "offer"

    def rank() -> list[PartnerMatch]:
        pool = session.scalars(select(PartnerListing).where(
            PartnerListing.side == other, PartnerListing.intent == listing.intent, PartnerListing.active.is_(True),
            PartnerListing.organisation_id != listing.organisation_id)).unique()
        return match(listing_data(listing), [listing_data(p) for p in pool], top=top)

    found = partner_lists.ranked(session, listing.id, top, rank)  # stored until a listing changes
    ids = [m.id for m in found]
    by_id = {p.id: p for p in session.scalars(select(PartnerListing).where(PartnerListing.id.in_(ids))).unique()}
    return [ListingMatch(by_id[m.id], m.score, m.reasons_ko, m.reasons_en, m.words) for m in found if m.id in by_id]


# --- meeting requests ------------------------------------------------------------------------------------


def get_request(session: Session, request_id: int) -> MeetingRequest:
    return require_row(session, MeetingRequest, request_id,
                       "exchange.partners.meeting_request_not_found")


def send_request(session: Session, actor: Actor | None, values: MeetingRequestIn) -> MeetingRequest:
    """A member asks another organisation for a meeting; one open request per pair of organisations."""
    user = require_login(actor)
    sender = acting_organisation(session, user, values.from_organisation_id)
    receiver = session.get(Organisation, values.to_organisation_id)
    if receiver is None:
        raise ValidationFailed("exchange.partners.no_such_organisation_ask",
                               fields={"to_organisation_id": Message("exchange.partners.no_such_organisation")})
    if receiver.id == sender.id:
        raise ValidationFailed("exchange.partners.you_cannot_ask_your_own",
                               fields={"to_organisation_id": Message("exchange.partners.that_your_own_organisation")})
    if values.listing_id is not None:
        listing = get_listing(session, values.listing_id)
        if listing.organisation_id not in {sender.id, receiver.id}:
            raise ValidationFailed("exchange.partners.that_listing_belongs_neither_side",
                                   fields={"listing_id": Message("exchange.partners.unrelated_listing")})
    open_one = session.scalar(select(MeetingRequest.id).where(
        MeetingRequest.status == "pending",
        or_((MeetingRequest.from_organisation_id == sender.id) & (MeetingRequest.to_organisation_id == receiver.id),
            (MeetingRequest.from_organisation_id == receiver.id) & (MeetingRequest.to_organisation_id == sender.id))))
    already_waiting = Conflict("exchange.refusal.request_waiting")
    if open_one is not None:
        raise already_waiting
    request = MeetingRequest(from_organisation_id=sender.id, to_organisation_id=receiver.id,
                             listing_id=values.listing_id, message=values.message, status="pending",
                             sender_id=user.id)
    session.add(request)
    flush_unique(session, already_waiting)  # the index refuses the one that lost a race with an identical request
    return request


def respond(session: Session, actor: Actor | None, request_id: int, values: ResponseIn) -> MeetingRequest:
    """The receiver accepts or declines a pending request (the sender is told); the sender may withdraw it
    ("cancel")."""
    user = require_login(actor)
    request = get_request(session, request_id)
    if values.decision == "cancel":
        if not can_act_for(user, request.from_organisation_id):
            raise PermissionDenied("exchange.partners.only_sender_can_withdraw_request")
        target = "cancelled"
    else:
        if not can_act_for(user, request.to_organisation_id):
            raise PermissionDenied("exchange.partners.only_organisation_asked_can_accept")
        target = "accepted" if values.decision == "accept" else "declined"
    if request.status != "pending":
        raise InvalidTransition("exchange.partners.request_has_already_been_answered", request_status=request.status)
    request.status = target
    request.responder_id = user.id
    request.responded_at = utcnow()
    request.response_note = values.note
    session.flush()
    notices.request_answered(session, request)
    return request


def inbox(session: Session, actor: Actor | None, *, organisation_id: int | None = None
          ) -> dict[str, list[MeetingRequest]]:
    """Requests received and sent by the actor's organisation (operators may name any), newest first."""
    user = require_login(actor)
    organisation = acting_organisation(session, user, organisation_id)
    newest = MeetingRequest.id.desc()
    received = session.scalars(select(MeetingRequest).where(MeetingRequest.to_organisation_id == organisation.id)
                               .order_by(newest)).unique()
    sent = session.scalars(select(MeetingRequest).where(MeetingRequest.from_organisation_id == organisation.id)
                           .order_by(newest)).unique()
    return {"received": list(received), "sent": list(sent)}


def can_create_listing(actor: Actor | None) -> bool:
    """Who is offered "new listing": operators and members of an organisation (the service checks which)."""
    return acts_for_an_organisation(actor)


def can_edit_listing(actor: Actor | None, listing: PartnerListing) -> bool:
    return can_act_for(actor, listing.organisation_id)


def is_own_listing(actor: Actor | None, listing: PartnerListing) -> bool:
    """A listing of the actor's own organisation, seen by one of its members (its page hides "request")."""
    return is_member_of(actor, listing.organisation_id)


def can_request(actor: Actor | None, listing: PartnerListing) -> bool:
    """Pages show the request form only to members of another organisation (the service still checks)."""
    return (actor is not None and actor.organisation_id is not None and actor.role in {Role.member, Role.operator}
            and actor.organisation_id != listing.organisation_id)
