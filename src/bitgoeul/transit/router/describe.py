"""Plain-dict views of itineraries in the shape the CLI and API contracts promise (issue 4)."""

from __future__ import annotations

from typing import Any

from .gtfs import Feed, fold_name
from .itinerary import Itinerary, Leg, to_datetime
from .meeting import MeetingOption


def stop_name(feed: Feed, stop_id: str, lang: str = "ko") -> str:
    """A stop's name in `lang` (translations.txt), else the feed's own name; coordinates stay as given."""
    i = feed.stop_index.get(stop_id)
    if i is None:
        return stop_id
    s = feed.stops[i]
    return s.names.get(lang) or s.name or s.id


def headsign(feed: Feed, leg: Leg, lang: str = "ko") -> str:
    """A ride's headsign for a page in `lang`, never machine-translated.

    The feed's own text in Korean; otherwise its translation (translations.txt, trips.trip_headsign); else
    the `lang` name of the stop the headsign names (a stop of this trip first, else any stop with that
    exact name, if they all agree); else the feed's text with "(→ last stop's `lang` name)"; else as is.
    """
    text = leg.headsign
    i = feed.trip_position(leg.trip_id) if leg.trip_id else None
    if not text or i is None or lang == "ko":
        return text
    trip = feed.trips[i]
    if trip.names.get(lang):
        return trip.names[lang]
    st = feed.stop_times
    on_trip = [int(x) for x in st.stop[int(st.trip_ptr[i]) : int(st.trip_ptr[i + 1])]]
    named = feed.stops_named(text)
    if named:
        served = set(on_trip) | {feed.stop_index[p] for x in on_trip if (p := feed.stops[x].parent_id)
                                 and p in feed.stop_index}
        mine = [x for x in named if x in served and feed.stops[x].names.get(lang)]
        if mine:
            return feed.stops[mine[-1]].names[lang]
        found = {feed.stops[x].names.get(lang, "") for x in named}
        if len(found) == 1 and (only := found.pop()):
            return only
    if on_trip:
        last = feed.stops[on_trip[-1]]
        parent = feed.stops[feed.stop_index[last.parent_id]] if last.parent_id in feed.stop_index else None
        hint = last.names.get(lang) or (parent.names.get(lang) if parent else "")
        if hint and fold_name(hint) != fold_name(text):
            return f"{text} (→ {hint})"
    return text


def itinerary_dict(it: Itinerary, feed: Feed, lang: str = "ko") -> dict[str, Any]:
    """{"depart", "arrive", "transfers", "fare", "currency", "legs": [...]}, times as ISO local datetimes."""

    def iso(seconds: int) -> str:
        return to_datetime(it.service_date, seconds).isoformat(timespec="minutes")

    def ref(stop_id: str) -> dict[str, str]:
        return {"id": stop_id, "name": stop_name(feed, stop_id, lang)}

    return {
        "depart": iso(it.depart),
        "arrive": iso(it.arrive),
        "duration_minutes": it.duration // 60,
        "transfers": it.transfers,
        "via": [ref(v) for leg in it.legs for v in leg.via],
        "fare": it.fare,
        "currency": it.currency,
        "legs": [
            {
                "mode": leg.mode,
                "route": (feed.routes[leg.route].names.get(lang) or feed.routes[leg.route].label)
                if leg.route
                else None,
                "route_id": leg.route,
                "trip_id": leg.trip_id,
                "headsign": headsign(feed, leg, lang),
                "from": ref(leg.from_stop),
                "to": ref(leg.to_stop),
                "depart": iso(leg.depart),
                "arrive": iso(leg.arrive),
                "via": [ref(v) for v in leg.via],
            }
            for leg in it.legs
        ],
    }


def meeting_option_dict(opt: MeetingOption, feed: Feed, lang: str = "ko") -> dict[str, Any]:
    date = opt.itineraries[0].service_date if opt.itineraries else None
    return {
        "place": {"id": opt.place, "name": stop_name(feed, opt.place, lang)},
        "latest_arrival": to_datetime(date, opt.latest_arrival).isoformat(timespec="minutes") if date else None,
        "total_minutes": opt.total_minutes,
        "fairness_minutes": opt.fairness_minutes,
        "itineraries": [itinerary_dict(it, feed, lang) for it in opt.itineraries],
    }
