"""The facts on a site's page that no operator writes: read from the other capabilities' records on every
request, so a new demonstration at the data center or an exchange event held there shows without anyone
editing the showcase.

- Demonstrations "at" a site: their need names the site (one of its `place_words`) in where the demonstration
  runs (`site_description`) or what data it uses (`data_available`): that is where try-and-buy records say a
  demonstration takes place and what it runs on. Withdrawn ones and bare proposals are left out.
- Firms that used it: the AI firms and buyers of those demonstrations, each once.
- Events held there: published exchange events whose venue names the site, or whose point lies within the
  site's `radius_m`.
- Courses held there: published courses not yet over whose venue or cohort names the site, or whose point lies
  within its `radius_m` (education's records, through `education.public`).
- Figures: the dashboard's own indicators over the last twelve months (`dashboard.public.series`), so the
  showcase says what the dashboard says.

These read other capabilities' tables directly (read-only, public rows only): the showcase owns none of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, lazyload

from bitgoeul.core.db import text_matches, utcnow
from bitgoeul.dashboard import public as dashboard
from bitgoeul.demonstrations.models import Demonstration, Need
from bitgoeul.education.public import Course
from bitgoeul.exchange.models import Event
from bitgoeul.organisations.models import Organisation
from bitgoeul.showcase.models import ShowcaseSite

SHOWN_STAGES = ("agreed", "running", "reported", "purchased", "not_purchased")  # under way or done
EARTH_M = 6_371_000.0
# The dashboard indicators a visitor asks about; counts are summed over the year, rates are the latest month.
FIGURES = ("demonstrations_started", "purchases", "conversion_rate", "events_held", "event_attendees")
SPAN = 12


@dataclass
class Figure:
    code: str
    name_ko: str
    name_en: str
    unit: str
    value: float | None


@dataclass
class SiteFacts:
    demonstrations: list[Demonstration] = field(default_factory=list)
    firms: list[Organisation] = field(default_factory=list)
    upcoming: list[Event] = field(default_factory=list)
    past: list[Event] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)


def _names(site: ShowcaseSite, *texts: str) -> bool:
    """One of the site's names appears in one of the texts (as ILIKE finds it: case aside)."""
    return any(word.casefold() in text.casefold() for word in site.place_words for text in texts)


def demonstrations_at(session: Session, sites: list[ShowcaseSite]) -> dict[int, list[Demonstration]]:
    """Per site, the demonstrations whose need names it, latest move first: one query for every site."""
    words = [word for site in sites for word in site.place_words]
    if not words:
        return {site.id: [] for site in sites}
    named = or_(*(text_matches(word, Need.site_description, Need.data_available) for word in words))
    rows = list(session.scalars(select(Demonstration).join(Demonstration.need).where(
        named, Demonstration.stage.in_(SHOWN_STAGES)).order_by(Demonstration.stage_changed_at.desc(),
                                                                Demonstration.id.desc())).unique())
    return {site.id: [d for d in rows if _names(site, d.need.site_description, d.need.data_available)]
            for site in sites}


def firms_of(demonstrations: list[Demonstration]) -> list[Organisation]:
    """AI firms first, then buyers, each once, in the order their demonstrations are listed."""
    suppliers = {d.solution.organisation.id: d.solution.organisation for d in demonstrations}
    buyers = {d.need.organisation.id: d.need.organisation for d in demonstrations}
    return [*suppliers.values(), *(o for i, o in buyers.items() if i not in suppliers)]


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine): exact enough at a campus's scale."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_M * math.asin(math.sqrt(a))


def _box(site: ShowcaseSite, lat: Any, lon: Any) -> list[ColumnElement[bool]]:
    """The square around the site's circle, for the query; the circle itself is checked in Python."""
    if site.lat is None or site.lon is None or site.radius_m <= 0:
        return []
    dlat = site.radius_m / 111_320
    dlon = dlat / max(0.01, math.cos(math.radians(site.lat)))
    return [lat.between(site.lat - dlat, site.lat + dlat) & lon.between(site.lon - dlon, site.lon + dlon)]


def _here(site: ShowcaseSite, names: tuple[str, ...], lat: float | None, lon: float | None) -> bool:
    """A record is here when one of its names contains one of the site's, or its point is within the radius."""
    if _names(site, *names):
        return True
    return (site.lat is not None and site.lon is not None and lat is not None and lon is not None
            and distance_m(site.lat, site.lon, lat, lon) <= site.radius_m)


def events_at(session: Session, sites: list[ShowcaseSite]) -> dict[int, list[Event]]:
    """Per site, published events held there, latest first (`facts_for` splits upcoming from past)."""
    where = [c for site in sites for c in (*_box(site, Event.lat, Event.lon),
                                           *(text_matches(w, Event.venue_name) for w in site.place_words))]
    if not where:
        return {site.id: [] for site in sites}
    rows = list(session.scalars(select(Event).where(Event.status == "published", or_(*where))
                                .order_by(Event.starts_at.desc(), Event.id)).unique())
    return {site.id: [e for e in rows if _here(site, (e.venue_name,), e.lat, e.lon)] for site in sites}


def courses_at(session: Session, sites: list[ShowcaseSite]) -> dict[int, list[Course]]:
    """Per site, published courses held there that have not ended, soonest first."""
    where = [c for site in sites for c in (*_box(site, Course.lat, Course.lon),
                                           *(text_matches(w, Course.venue_name, Course.cohort)
                                             for w in site.place_words))]
    if not where:
        return {site.id: [] for site in sites}
    # The skills taught are not shown here: leave them unloaded rather than fetch them for nothing.
    rows = list(session.scalars(select(Course).options(lazyload(Course.taught)).where(
        Course.status == "published", Course.ends_at >= utcnow(), or_(*where))
        .order_by(Course.starts_at, Course.id)).unique())
    return {site.id: [c for c in rows if _here(site, (c.venue_name, c.cohort), c.lat, c.lon)] for site in sites}


def facts_for(session: Session, sites: list[ShowcaseSite]) -> dict[int, SiteFacts]:
    """Every site's facts in three queries, however many sites there are."""
    demonstrations, events, courses = (demonstrations_at(session, sites), events_at(session, sites),
                                       courses_at(session, sites))
    now = utcnow()
    return {site.id: SiteFacts(demonstrations[site.id], firms_of(demonstrations[site.id]),
                               sorted((e for e in events[site.id] if e.ends_at >= now),
                                      key=lambda e: (e.starts_at, e.id)),
                               [e for e in events[site.id] if e.ends_at < now], courses[site.id])
            for site in sites}


def programme_figures(session: Session) -> list[Figure]:
    """The cluster's year in the dashboard's numbers."""
    figures = []
    for code in FIGURES:
        s = dashboard.series(session, code, span=SPAN)
        known = [v for v in s.values if v is not None]
        value = s.latest if s.indicator.unit == "percent" else (sum(known) if known else None)
        figures.append(Figure(code, s.indicator.name_ko, s.indicator.name_en, s.indicator.unit, value))
    return figures
