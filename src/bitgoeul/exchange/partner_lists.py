"""A partner listing's matches, ranked once and read back with one statement until a listing changes.

Why: a listing's page (and its API answer) built a lexical index over every active listing of the other
side and ranked them on every view: about 25 ms of CPU at ten times the demo's size, for a list that
changes only when a listing is written. The ranking reads the listings' rows and the active user words
(they decide how Kiwi cuts the texts), so the stamp is the listings table's write version (raised at the
commit of every ORM write), its row count and newest id (rows added or deleted around the ORM, by
cascade or in bulk) and the number of active user words. A transaction that has written and not yet
committed ranks afresh and stores nothing: no version counts its writes yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import String, cast, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bitgoeul.core import stored_lists, write_stamps
from bitgoeul.exchange.models import PartnerListing
from bitgoeul.exchange.partner_match import PartnerMatch
from bitgoeul.matching import userwords

RELATION = "exchange.partners"


def stamp() -> ColumnElement[str]:
    """What the ranking reads, as the database sees it now, as one string."""
    listings = PartnerListing
    parts = [write_stamps.version_of(str(listings.__tablename__)),
             select(func.count()).select_from(listings).scalar_subquery(),
             select(func.coalesce(func.max(listings.id), 0)).scalar_subquery(),
             userwords.active_count()]
    joined: ColumnElement[str] = literal("1", String)
    for part in parts:
        joined = joined + literal(":", String) + cast(part, String)
    return joined


def encode(match: PartnerMatch) -> list[Any]:
    """Every field of a match, exactly (floats round-trip through JSON unchanged)."""
    return [match.id, match.score, match.text_fit, list(match.reasons_ko), list(match.reasons_en), list(match.words)]


def decode(item: list[Any]) -> PartnerMatch:
    """Inverse of `encode`."""
    listing_id, score, text_fit, ko, en, words = item
    return PartnerMatch(int(listing_id), float(score), float(text_fit), tuple(ko), tuple(en), tuple(words))


def ranked(session: Session, listing_id: int, top: int,
           compute: Callable[[], list[PartnerMatch]]) -> list[PartnerMatch]:
    """`compute()` (the matcher's answer for listing `listing_id`), or the stored one while it is current."""
    def fresh() -> list[Any]:
        userwords.load(session.connection())  # cut texts as the stamp's active words say
        return [encode(m) for m in compute()]

    if write_stamps.has_unstamped_writes(session):
        return [decode(i) for i in fresh()]

    return [decode(i) for i in stored_lists.get(session, RELATION, listing_id, top, stamp(), fresh)]
