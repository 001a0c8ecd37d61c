"""Finding stops by Korean or English name or id (the stop search API and suggestion lists).

Turning typed words into a place to plan from (a city, an airport, a venue) is place_search.py's job.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from bitgoeul.transit.models import TransitFeed, TransitStop
from bitgoeul.transit.storage import fold

COORDINATES = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
SEARCH_LIMIT = 500  # candidate rows ranked in Python; names are short and lists are small


@dataclass(frozen=True)
class StopHit:
    """A stop as search shows it: its public id, names in both languages, and where it is."""

    id: str
    name_ko: str
    name_en: str
    lat: float
    lon: float
    station: bool  # a station (or a stop outside any station): what a person would name
    parent: str | None
    served: bool
    feed: str
    sample: bool

    def name(self, lang: str) -> str:
        first, second = (self.name_en, self.name_ko) if lang == "en" else (self.name_ko, self.name_en)
        return first or second or self.id


def _pairs(session: Session, statement: Any) -> list[tuple[TransitStop, TransitFeed]]:
    return [(s, f) for s, f in session.execute(statement)]


def _hits(session: Session, rows: list[tuple[TransitStop, TransitFeed]]) -> list[StopHit]:
    """Public ids: a stop id already used by an earlier feed is 'feedname:id' (network.py does the same)."""
    ids = {s.stop_id for s, _ in rows} | {s.parent_stop_id for s, _ in rows if s.parent_stop_id}
    first_feed: dict[str, int] = {}
    if ids:
        for sid, fid in session.execute(select(TransitStop.stop_id, TransitStop.feed_id)
                                        .where(TransitStop.stop_id.in_(ids))):
            first_feed[sid] = min(first_feed.get(sid, fid), fid)

    def public(feed: TransitFeed, stop_id: str) -> str:
        return stop_id if first_feed.get(stop_id, feed.id) >= feed.id else f"{feed.name}:{stop_id}"

    return [StopHit(public(f, s.stop_id), s.name_ko, s.name_en, s.lat, s.lon,
                    s.location_type == 1 or not s.parent_stop_id,
                    public(f, s.parent_stop_id) if s.parent_stop_id else None, s.served, f.name, f.label == "sample")
            for s, f in rows]


def search_stops(session: Session, text: str, *, limit: int = 20, served_only: bool = False) -> list[StopHit]:
    """Stops whose Korean or English name (or id) contains `text`, best first: exact, prefix, then partial;
    stations before platforms."""
    key = fold(text)
    if not key:
        return []
    statement = (select(TransitStop, TransitFeed).join(TransitFeed, TransitStop.feed_id == TransitFeed.id)
                 .where(TransitStop.search.contains(key, autoescape=True)).limit(SEARCH_LIMIT))
    if served_only:
        statement = statement.where(TransitStop.served.is_(True))
    rows = _pairs(session, statement)

    def rank(row: tuple[TransitStop, TransitFeed]) -> tuple[int, int, int, str]:
        s = row[0]
        names = [fold(x) for x in (s.name_ko, s.name_en, s.name) if x]
        # Ids count only when typed whole: "songjeong" should find the station before "songjeong_rail".
        how = 0 if key in names or key == fold(s.stop_id) else 1 if any(n.startswith(key) for n in names) else 2
        station = 0 if (s.location_type == 1 or not s.parent_stop_id) else 1
        return (how, station, 0 if s.served else 1, s.name_ko or s.name_en)

    rows.sort(key=rank)
    return _hits(session, rows[:limit])


def close_matches(session: Session, text: str, *, limit: int = 5) -> list[StopHit]:
    """Stations and stops whose names look like `text` (typos, a missing or extra word)."""
    key = fold(text)
    rows = _pairs(session, select(TransitStop, TransitFeed).join(TransitFeed).where(TransitStop.served.is_(True)))
    scored: list[tuple[float, int]] = []
    for i, (s, _) in enumerate(rows):
        names = [fold(x) for x in (s.name_ko, s.name_en, s.name) if x]
        # Whole names, and their beginnings as long as the text (a typo in "인천공항" of a longer name).
        best = max((difflib.SequenceMatcher(None, key, m).ratio() for n in names for m in (n, n[: len(key)])),
                   default=0.0)
        partial = any(n and (n in key) for n in names)  # the text contains a whole stop name
        score = max(best, 0.75 if partial else 0.0)
        if score >= 0.5:
            station = s.location_type == 1 or not s.parent_stop_id
            scored.append((score + (0.05 if station else 0.0), i))
    scored.sort(key=lambda x: -x[0])
    return _hits(session, [rows[i] for _, i in scored[:limit]])


def stop_by_id(session: Session, public_id: str) -> StopHit | None:
    """The stop with this public id: a feed's own id, or 'feedname:id' where an earlier feed used the id."""
    feed_name, _, raw = public_id.partition(":")
    match = TransitStop.stop_id == public_id
    if raw:
        match = or_(match, and_(TransitFeed.name == feed_name, TransitStop.stop_id == raw))
    statement = select(TransitStop, TransitFeed).join(TransitFeed).where(match).order_by(TransitFeed.id)
    for hit in _hits(session, _pairs(session, statement)):
        if hit.id == public_id:
            return hit
    return None


def parse_coordinates(text: str) -> tuple[float, float] | None:
    m = COORDINATES.match(text)
    if not m:
        return None
    lat, lon = float(m.group(1)), float(m.group(2))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def stations(session: Session, *, limit: int = 400) -> list[StopHit]:
    """Named places for suggestion lists: stations and served stops outside stations."""
    parent = aliased(TransitStop)
    statement = (select(TransitStop, TransitFeed).join(TransitFeed)
                 .outerjoin(parent, and_(parent.feed_id == TransitStop.feed_id,
                                         parent.stop_id == TransitStop.parent_stop_id))
                 .where(TransitStop.served.is_(True), parent.id.is_(None))
                 .order_by(TransitStop.location_type.desc(), TransitStop.name_ko, TransitStop.name_en)
                 .limit(limit))
    return _hits(session, _pairs(session, statement))
