"""Plain-dict views of itineraries in the shape the CLI and API contracts promise (issue 4)."""

from __future__ import annotations

from typing import Any

from .gtfs import Feed
from .itinerary import Itinerary, to_datetime
from .meeting import MeetingOption


def stop_name(feed: Feed, stop_id: str, lang: str = "ko") -> str:
    """A stop's name in `lang` (translations.txt), else the feed's own name; coordinates stay as given."""
    i = feed.stop_index.get(stop_id)
    if i is None:
        return stop_id
    s = feed.stops[i]
    return s.names.get(lang) or s.name or s.id


def itinerary_dict(it: Itinerary, feed: Feed, lang: str = "ko") -> dict[str, Any]:
    """{"depart", "arrive", "transfers", "fare", "currency", "legs": [...]}, times as ISO local datetimes."""

    def iso(seconds: int) -> str:
        return to_datetime(it.service_date, seconds).isoformat(timespec="minutes")

    return {
        "depart": iso(it.depart),
        "arrive": iso(it.arrive),
        "transfers": it.transfers,
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
                "headsign": leg.headsign,
                "from": {"id": leg.from_stop, "name": stop_name(feed, leg.from_stop, lang)},
                "to": {"id": leg.to_stop, "name": stop_name(feed, leg.to_stop, lang)},
                "depart": iso(leg.depart),
                "arrive": iso(leg.arrive),
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
