"""What people type -> a place the router can use: a stop, a group of stops (a city, an airport), or a point.

Candidates come from data: the loaded feeds' stop names in both languages, the place table
(`data/places.toml`: cities, districts, airports and station aliases, each the served stops within a radius)
and the venues other capabilities name (events' venues, organisations by region). Each is scored by
`place_text.name_score`; the best tier wins. Candidates inside another of the same tier (a platform in its
station, a station in a city) give way to it; several left close together (the terminals of one airport)
become one place made of their stops; only candidates far apart are truly different places, and then
`AmbiguousPlace` asks which one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.core.registry import Venue, venues
from bitgoeul.transit.models import TransitFeed, TransitStop
from bitgoeul.transit.network import network_key
from bitgoeul.transit.place_text import EXACT, jamo, name_score
from bitgoeul.transit.places import StopHit, _hits, parse_coordinates, stop_by_id
from bitgoeul.transit.router import StopGroup
from bitgoeul.transit.router.gtfs import haversine_m
from bitgoeul.transit.storage import fold

PLACES_FILE = Path(__file__).resolve().parent / "data" / "places.toml"
MIN_SCORE = 0.6  # below this a name is not what was typed (see place_text's tiers)
TIER = 0.03  # candidates this close to the best score are all "the best"
SAME_PLACE_KM = 15.0  # candidates of the best tier within this of each other are one place (a city's stations)
AREA_MATCH = 0.85  # an organisation's region must name a place this well to place it


@dataclass(frozen=True)
class PlaceRecord:
    """A row of the place table: every served stop within `radius_km` of the point belongs to it."""

    id: str
    kind: str  # city | district | airport | station
    name_ko: str
    name_en: str
    aliases: tuple[str, ...]
    lat: float
    lon: float
    radius_km: float


@cache
def place_records(path: Path = PLACES_FILE) -> tuple[PlaceRecord, ...]:
    with path.open("rb") as handle:
        rows = tomllib.load(handle).get("place", [])
    return tuple(PlaceRecord(r["id"], r["kind"], r["ko"], r["en"], tuple(r.get("aliases", ())), float(r["lat"]),
                             float(r["lon"]), float(r["radius_km"])) for r in rows)


@dataclass
class Candidate:
    """One thing the typed words may name, with the top-level stops it stands for (None for a point)."""

    key: str
    kind: str  # stop | city | district | airport | station | venue | organisation
    name_ko: str
    name_en: str
    lat: float
    lon: float
    stops: frozenset[str] | None
    names: tuple[str, ...] = ()
    score: float = 0.0
    area: str = ""  # an organisation's region no loaded stop serves: named, so the answer can say so

    def name(self, lang: str) -> str:
        first, second = (self.name_en, self.name_ko) if lang == "en" else (self.name_ko, self.name_en)
        return first or second


@dataclass(frozen=True)
class ResolvedPlace:
    """Where a journey starts or ends: `target` is what the router takes; names are for people."""

    target: str | tuple[float, float] | StopGroup
    name_ko: str
    name_en: str
    kind: str
    snap: bool = False  # a venue's point: plan to the nearest stop when none is within walking distance

    def name(self, lang: str) -> str:
        first, second = (self.name_en, self.name_ko) if lang == "en" else (self.name_ko, self.name_en)
        return first or second


@dataclass(frozen=True)
class Choice:
    """One answer to "which one?": names to show and the words that pick it when typed again."""

    name_ko: str
    name_en: str
    kind: str
    text_ko: str
    text_en: str

    def name(self, lang: str) -> str:
        return (self.name_en or self.name_ko) if lang == "en" else (self.name_ko or self.name_en)

    def text(self, lang: str) -> str:
        return (self.text_en or self.text_ko) if lang == "en" else (self.text_ko or self.text_en)


class PlaceProblem(ValidationFailed):
    """A place the words do not name (`choices` are close matches) or name several unrelated ones (`choices`
    are those places); the message is the catalog's, in the reader's language, beside the field."""

    message_key = "transit.place.unknown"

    def __init__(self, field_name: str, typed: str, *, choices: list[Choice] | None = None) -> None:
        self.field = field_name
        self.typed = typed
        self.choices = choices or []
        super().__init__(self.message_key, fields={field_name: Message(self.message_key, text=typed)}, text=typed)


class UnknownPlace(PlaceProblem):
    code = "unknown_place"
    message_key = "transit.place.unknown"


class AmbiguousPlace(PlaceProblem):
    code = "ambiguous_place"
    message_key = "transit.place.ambiguous"


class PlaceWithoutStops(PlaceProblem):
    code = "no_stop_near"
    message_key = "transit.place.no_stops"

    def __init__(self, field_name: str, typed: str, place: Candidate) -> None:
        self.field = field_name
        self.typed = typed
        self.choices = []
        params = {"name": place.name_ko, "name_en": place.name("en"), "area": place.area}
        ValidationFailed.__init__(self, self.message_key, fields={field_name: Message(self.message_key, **params)},
                                  **params)


class PlaceRequired(PlaceProblem):
    code = "validation_failed"
    message_key = "transit.place.required"


# ------------------------------------------------------------------ candidates


@dataclass
class _Stops:
    """Served stops of the loaded feeds: top-level public id -> hit, and every served stop -> its top level."""

    top: dict[str, StopHit] = field(default_factory=dict)
    all: list[tuple[StopHit, str]] = field(default_factory=list)

    def within(self, lat: float, lon: float, radius_km: float) -> frozenset[str]:
        degrees = radius_km / 111.0  # a degree of latitude is about 111 km: a cheap first cut
        return frozenset(sid for sid, h in self.top.items() if abs(h.lat - lat) <= degrees
                         and haversine_m(lat, lon, h.lat, h.lon) <= radius_km * 1000)


_stops_cache: dict[tuple[tuple[int, str, str, str], ...], _Stops] = {}


def _served_stops(session: Session) -> _Stops:
    """The served stops, read once per version of the loaded feeds (they change only when a feed does)."""
    key = network_key(session)
    found = _stops_cache.get(key)
    if found is None:
        found = _read_served_stops(session)
        _stops_cache.clear()  # only the current feeds matter
        _stops_cache[key] = found
    return found


def _read_served_stops(session: Session) -> _Stops:
    rows = [(s, f) for s, f in session.execute(select(TransitStop, TransitFeed).join(TransitFeed)
                                                .where(TransitStop.served.is_(True)).order_by(TransitStop.id))]
    hits = _hits(session, rows)
    by_id = {h.id: h for h in hits}
    out = _Stops()
    for h in hits:
        top = h.parent or h.id
        station = by_id.get(top) or stop_by_id(session, top) or h
        out.top.setdefault(top, station)
        out.all.append((h, top))
    return out


def _stop_candidates(stops: _Stops) -> list[Candidate]:
    """One candidate per top-level stop, named by it and by each of its platforms (a platform's name may
    say more, e.g. "KTX"), all standing for the station."""
    found: dict[str, Candidate] = {}
    for h, top in stops.all:
        station = stops.top[top]
        c = found.setdefault(top, Candidate(f"stop:{top}", "stop", station.name_ko, station.name_en, station.lat,
                                            station.lon, frozenset({top})))
        c.names += tuple(n for n in (h.name_ko, h.name_en) if n and n not in c.names)
    return list(found.values())


def _record_candidates(stops: _Stops) -> list[Candidate]:
    out = []
    for r in place_records():
        members = stops.within(r.lat, r.lon, r.radius_km)
        if members:  # a place with no served stop cannot be planned from or to; never offered
            out.append(Candidate(f"place:{r.id}", r.kind, r.name_ko, r.name_en, r.lat, r.lon, members,
                                 (r.name_ko, r.name_en, *r.aliases)))
    return out


def _best_record(text: str, records: list[Candidate]) -> Candidate | None:
    scored = sorted(((max(name_score(text, n) for n in c.names), c) for c in records), key=lambda x: -x[0])
    return scored[0][1] if scored and scored[0][0] >= AREA_MATCH else None


def _venue_candidates(session: Session, records: list[Candidate]) -> list[Candidate]:
    """Venues with coordinates are points (one per name and spot: several events at one venue are one
    place); the rest are placed by the place their `area` names, if any names it well."""
    out: dict[tuple[str, ...], Candidate] = {}
    areas: dict[str, Candidate | None] = {}  # many organisations share a region
    for v in venues(session):
        names = tuple(n for n in (v.name_ko, v.name_en) if n)
        if v.lat is not None and v.lon is not None:
            spot = (*(fold(n) for n in names), f"{v.lat:.4f}", f"{v.lon:.4f}")
            out.setdefault(spot, Candidate(v.key, "venue", v.name_ko, v.name_en, v.lat, v.lon, None, names))
        elif v.area:
            if v.area not in areas:
                areas[v.area] = _best_record(v.area, records)
            if (area := areas[v.area]) is not None:
                out[(v.key,)] = Candidate(v.key, "organisation", v.name_ko, v.name_en, area.lat, area.lon,
                                          area.stops, names)
            else:  # known, but where no loaded timetable goes: found by name so the answer can say why
                out[(v.key,)] = Candidate(v.key, "organisation", v.name_ko, v.name_en, 0.0, 0.0, frozenset(),
                                          names, area=v.area)
    return list(out.values())


def candidates(session: Session) -> list[Candidate]:
    stops = _served_stops(session)
    records = _record_candidates(stops)
    return _stop_candidates(stops) + records + _venue_candidates(session, records)


# ------------------------------------------------------------------ resolution


AREAS = ("city", "district", "airport", "station")


def _contained(c: Candidate, others: list[Candidate]) -> bool:
    """Whether `c` gives way to another candidate of the same tier: a stop or place inside a named area
    (a station in its city; equal sets keep the named place over the bare stop), or an organisation known
    only by its region to a precise place in that region (a stop, a venue)."""
    for d in others:
        if d is c:
            continue
        if c.kind == "organisation" and d.kind != "organisation" and c.stops is not None and (
                (d.stops is not None and d.stops <= c.stops) or (d.stops is None and _near(d, c.stops, others))):
            return True
        if not c.stops or d.stops is None or d.kind not in AREAS or not c.stops <= d.stops:
            continue
        if c.stops < d.stops or c.kind == "stop":
            return True
    return False


def _near(point: Candidate, stops: frozenset[str], others: list[Candidate]) -> bool:
    """A point within SAME_PLACE_KM of the area's centre (taken from the candidate carrying those stops)."""
    area = next((o for o in others if o.stops == stops), None)
    return area is not None and haversine_m(point.lat, point.lon, area.lat, area.lon) <= SAME_PLACE_KM * 1000


def _one_place(best: list[Candidate]) -> bool:
    return all(haversine_m(a.lat, a.lon, b.lat, b.lon) <= SAME_PLACE_KM * 1000 for a in best for b in best)


def _resolved(c: Candidate) -> ResolvedPlace:
    if c.stops is None:
        return ResolvedPlace((c.lat, c.lon), c.name_ko, c.name_en, c.kind, snap=True)
    if c.kind == "stop" or len(c.stops) == 1:  # a place of one stop is that stop
        return ResolvedPlace(next(iter(c.stops)), c.name_ko, c.name_en, c.kind)
    return ResolvedPlace(StopGroup(c.key, tuple(sorted(c.stops))), c.name_ko, c.name_en, c.kind)


def _choice(c: Candidate) -> Choice:
    return Choice(c.name_ko, c.name_en, c.kind, c.name_ko or c.name_en, c.name_en or c.name_ko)


def rank(session: Session, text: str) -> list[Candidate]:
    """Every candidate the words may name, best first (score, then named places before bare stops)."""
    scored = []
    for c in candidates(session):
        c.score = max((name_score(text, n) for n in c.names), default=0.0)
        if c.score >= MIN_SCORE:
            scored.append(c)
    scored.sort(key=lambda c: (-c.score, c.kind == "stop", c.name_ko))
    return scored


def find_place(session: Session, field_name: str, text: str) -> ResolvedPlace:
    """The place `text` names; UnknownPlace (with close matches) or AmbiguousPlace (with choices) otherwise."""
    text = (text or "").strip()
    if not text:
        raise PlaceRequired(field_name, text)
    point = parse_coordinates(text)
    if point is not None:
        return ResolvedPlace(point, text, text, "point")
    hit = stop_by_id(session, text)
    if hit is not None and hit.served:
        return ResolvedPlace(hit.id, hit.name_ko, hit.name_en, "stop")
    ranked = rank(session, text)
    if not ranked:
        raise UnknownPlace(field_name, text, choices=[_choice(c) for c in close_candidates(session, text)])
    # A name typed whole beats every partial match; otherwise near-equal scores are all "the best".
    floor = EXACT if ranked[0].score >= EXACT else ranked[0].score - TIER
    best = [c for c in ranked if c.score >= floor]
    best = [c for c in best if not _contained(c, best)]
    best = list({c.key: c for c in best}.values())
    unplaced = [c for c in best if c.stops == frozenset()]
    best = [c for c in best if c.stops != frozenset()]
    if not best:  # an organisation whose region no loaded timetable serves: say so rather than "not found"
        raise PlaceWithoutStops(field_name, text, unplaced[0])
    if len(best) == 1:
        return _resolved(best[0])
    if all(c.stops is not None for c in best) and _one_place(best):
        members = frozenset().union(*(c.stops or frozenset() for c in best))
        return ResolvedPlace(StopGroup(f"place:{fold(text)}", tuple(sorted(members))), text, text, "group")
    raise AmbiguousPlace(field_name, text, choices=[_choice(c) for c in best[:8]])


def _stops_of(place: ResolvedPlace) -> frozenset[str]:
    t = place.target
    return frozenset(t.stops) if isinstance(t, StopGroup) else frozenset({t}) if isinstance(t, str) else frozenset()


def check_apart(start: ResolvedPlace, finish: ResolvedPlace) -> None:
    """Refuse a trip from a place to one inside it ("광주" -> "광주송정역"): there is nothing to plan until one
    end is more precise. Equal places are the caller's "same place" refusal."""
    a, b = _stops_of(start), _stops_of(finish)
    if not a or not b or a == b:
        return
    if a <= b or b <= a:
        inner, outer, name = (start, finish, "from") if a <= b else (finish, start, "to")
        raise ValidationFailed("transit.place.inside", fields={name: Message(
            "transit.place.inside", inner=inner.name_ko, outer=outer.name_ko, inner_en=inner.name("en"),
            outer_en=outer.name("en"))}, inner=inner.name_ko, outer=outer.name_ko, inner_en=inner.name("en"),
            outer_en=outer.name("en"))


def warm(session: Session) -> None:
    """Read the served stops and load Kiwi now, not in the first place lookup (a web worker's warm-up)."""
    from bitgoeul.transit.place_text import strip_particles

    _served_stops(session)
    strip_particles("광주에서")


def suggest(session: Session, text: str, *, limit: int = 10) -> list[Choice]:
    """Places to offer while someone types (best first, each name once); nothing for fewer than 2 letters."""
    if len(fold(text)) < 2:
        return []
    out: dict[str, Choice] = {}
    for c in rank(session, text):
        out.setdefault(fold(c.name_ko or c.name_en), _choice(c))
        if len(out) >= limit:
            break
    return list(out.values())


def named_places(session: Session) -> list[Choice]:
    """The place table's places that have stops in the loaded feeds (cities, airports, ...), for pick lists."""
    return [_choice(c) for c in _record_candidates(_served_stops(session))]


def close_candidates(session: Session, text: str, *, limit: int = 5) -> list[Candidate]:
    """Names that look a little like `text` when nothing matched well enough: suggestions to click."""
    key = jamo(fold(text))
    scored = []
    for c in candidates(session):
        names = [jamo(fold(n)) for n in c.names]
        c.score = max((SequenceMatcher(None, key, m).ratio() for n in names for m in (n, n[: len(key)])), default=0.0)
        if c.score >= 0.5:
            scored.append(c)
    scored.sort(key=lambda c: (-c.score, c.kind == "stop", c.name_ko))
    return list({c.key: c for c in scored}.values())[:limit]


__all__ = ["AmbiguousPlace", "Candidate", "Choice", "PlaceProblem", "PlaceRequired", "ResolvedPlace",
           "UnknownPlace", "Venue", "check_apart", "find_place", "named_places", "place_records", "rank", "suggest"]
