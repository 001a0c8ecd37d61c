"""An SVG sketch of an itinerary drawn from stop coordinates (no map tiles): one polyline per leg.

Plain data for the template (which escapes every name); the projection is equirectangular around the
itinerary's mean latitude, which is true enough at the scale of a city or a country.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from bitgoeul.transit.network import Network
from bitgoeul.transit.places import parse_coordinates
from bitgoeul.transit.router import Itinerary, Leg, stop_name

WIDTH, HEIGHT, PAD = 360, 240, 28
COLOURS = {"rail": "#2563eb", "subway": "#7c3aed", "bus": "#16a34a", "air": "#ea580c", "walk": "#6b7280",
           "tram": "#db2777", "ferry": "#0891b2"}


@dataclass(frozen=True)
class Line:
    mode: str
    colour: str
    points: str  # "x,y x,y ..." for <polyline>
    dashed: bool


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str  # empty for stops passed through
    major: bool  # where one boards, alights or changes
    text: bool  # the label is written beside the dot (origin and destination); others are tooltips


@dataclass
class Sketch:
    width: int = WIDTH
    height: int = HEIGHT
    lines: list[Line] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    title: str = ""


def _point(network: Network, ref: str) -> tuple[float, float] | None:
    i = network.feed.stop_index.get(ref)
    if i is not None:
        s = network.feed.stops[i]
        return (s.lat, s.lon)
    return parse_coordinates(ref)


def _leg_points(network: Network, leg: Leg) -> list[tuple[str, tuple[float, float]]]:
    """The stops a leg passes, from the trip's stop sequence (boarding to alighting), else its two ends."""
    feed = network.feed
    if leg.trip_id and (t := network.trip_index().get(leg.trip_id)) is not None:
        st = feed.stop_times
        rows = range(int(st.trip_ptr[t]), int(st.trip_ptr[t + 1]))
        ids = [feed.stops[int(st.stop[r])].id for r in rows]
        if leg.from_stop in ids:
            a = ids.index(leg.from_stop)
            if leg.to_stop in ids[a + 1:]:
                b = ids.index(leg.to_stop, a + 1)
                return [(sid, (feed.stops[feed.stop_index[sid]].lat, feed.stops[feed.stop_index[sid]].lon))
                        for sid in ids[a: b + 1]]
    out = []
    for ref in (leg.from_stop, leg.to_stop):
        p = _point(network, ref)
        if p is not None:
            out.append((ref, p))
    return out


def sketch(network: Network, itinerary: Itinerary, lang: str, names: dict[str, str] | None = None) -> Sketch:
    names = names or {}
    legs = [(leg, _leg_points(network, leg)) for leg in itinerary.legs]
    coords = [p for _, pts in legs for _, p in pts]
    out = Sketch()
    if not coords:
        return out
    lat0 = math.radians(sum(p[0] for p in coords) / len(coords))
    xs = [p[1] * math.cos(lat0) for p in coords]
    ys = [-p[0] for p in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-6)
    scale = min((WIDTH - 2 * PAD) / span, (HEIGHT - 2 * PAD) / span)
    # Centre the drawing in the box.
    ox = (WIDTH - (max(xs) - min(xs)) * scale) / 2
    oy = (HEIGHT - (max(ys) - min(ys)) * scale) / 2

    def xy(p: tuple[float, float]) -> tuple[float, float]:
        return (round(ox + (p[1] * math.cos(lat0) - min(xs)) * scale, 1),
                round(oy + (-p[0] - min(ys)) * scale, 1))

    def label(ref: str) -> str:
        return names.get(ref) or stop_name(network.feed, ref, lang)

    seen: set[tuple[float, float]] = set()
    for n, (leg, pts) in enumerate(legs):
        if len(pts) < 2:
            continue
        projected = [xy(p) for _, p in pts]
        out.lines.append(Line(leg.mode, COLOURS.get(leg.mode, "#0f766e"),
                              " ".join(f"{x},{y}" for x, y in projected), leg.mode == "walk"))
        for k, ((ref, _), (x, y)) in enumerate(zip(pts, projected, strict=True)):
            major = k in (0, len(pts) - 1)
            if (x, y) in seen and not major:
                continue
            seen.add((x, y))
            ends = (n == 0 and k == 0) or (n == len(legs) - 1 and k == len(pts) - 1)
            if leg.mode != "walk" or ends:
                out.dots.append(Dot(x, y, label(ref) if major else "", major, ends))
    return out
