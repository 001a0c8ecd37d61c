"""Exchange capability: partner matching, events, competitions and the 1:1 meeting scheduler."""

from __future__ import annotations

from typing import Any

from bitgoeul.core.registry import Capability


def _pages() -> Any:
    from bitgoeul.exchange.web import router

    return router


def _api() -> Any:
    from bitgoeul.exchange.api import router

    return router


def _cli() -> Any:
    from bitgoeul.exchange.cli_events import app

    return app


def _exports() -> dict[str, Any]:
    from bitgoeul.exchange import models as m

    return {"exchange_listings": m.PartnerListing, "exchange_meeting_requests": m.MeetingRequest,
            "exchange_events": m.Event, "exchange_rsvps": m.Rsvp, "exchange_tracks": m.Track,
            "exchange_teams": m.Team, "exchange_team_members": m.TeamMember, "exchange_submissions": m.Submission,
            "exchange_meeting_slots": m.MeetingSlot, "exchange_meeting_preferences": m.MeetingPreference,
            "exchange_scheduled_meetings": m.ScheduledMeeting}


def _venues(session: Any) -> list[Any]:
    """Public events' venues with coordinates, so the trip planner finds "빛고을 AI 카페" by name."""
    from sqlalchemy import select

    from bitgoeul.core.registry import Venue
    from bitgoeul.exchange.models import Event

    rows = session.execute(select(Event.id, Event.venue_name, Event.lat, Event.lon)
                           .where(Event.status != "draft", Event.venue_name != "", Event.lat.is_not(None),
                                  Event.lon.is_not(None)).order_by(Event.id))
    return [Venue(f"event:{i}", name, "", lat, lon) for i, name, lat, lon in rows]


def _demo(session: Any) -> None:
    from bitgoeul.exchange.demo_loader import load_demo

    load_demo(session)


MANIFEST = Capability(
    name="exchange",
    order=60,
    models="bitgoeul.exchange.models",
    pages=_pages,
    api=_api,
    cli=_cli,
    exports=_exports,
    nav=(("/exchange/partners", "exchange.nav.partners"), ("/exchange/events", "exchange.nav.events")),
    demo=_demo,
    venues=_venues,
)
