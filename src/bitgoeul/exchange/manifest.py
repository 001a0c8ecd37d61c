"""Exchange capability: partner matching, events, competitions and the 1:1 meeting scheduler."""

from __future__ import annotations

from typing import Any

from bitgoeul.core.registry import Capability

MANIFEST = Capability(
    name="exchange",
    order=60,
    models="bitgoeul.exchange.models",
    pages="bitgoeul.exchange.web:router",
    api="bitgoeul.exchange.api:router",
    cli="bitgoeul.exchange.cli_events:app",
    demo="bitgoeul.exchange.demo_loader:load_demo",
    exports={
        "exchange_listings": "bitgoeul.exchange.models:PartnerListing",
        "exchange_meeting_requests": "bitgoeul.exchange.models:MeetingRequest",
        "exchange_events": "bitgoeul.exchange.models:Event",
        "exchange_rsvps": "bitgoeul.exchange.models:Rsvp",
        "exchange_tracks": "bitgoeul.exchange.models:Track",
        "exchange_teams": "bitgoeul.exchange.models:Team",
        "exchange_team_members": "bitgoeul.exchange.models:TeamMember",
        "exchange_submissions": "bitgoeul.exchange.models:Submission",
        "exchange_meeting_slots": "bitgoeul.exchange.models:MeetingSlot",
        "exchange_meeting_preferences": "bitgoeul.exchange.models:MeetingPreference",
        "exchange_scheduled_meetings": "bitgoeul.exchange.models:ScheduledMeeting",
    },
    nav=(("/exchange/partners", "exchange.nav.partners"), ("/exchange/events", "exchange.nav.events")),
    venues="bitgoeul.exchange.manifest:venues",
    search_kinds="bitgoeul.exchange.search_kinds:register",
    indicators="bitgoeul.exchange.indicators:indicators",
)


def venues(session: Any) -> list[Any]:
    """Public events' venues with coordinates, so the trip planner finds "빛고을 AI 카페" by name."""
    from sqlalchemy import select

    from bitgoeul.core.registry import Venue
    from bitgoeul.exchange.models import Event

    rows = session.execute(select(Event.id, Event.venue_name, Event.lat, Event.lon)
                           .where(Event.status != "draft", Event.venue_name != "", Event.lat.is_not(None),
                                  Event.lon.is_not(None)).order_by(Event.id))
    return [Venue(f"event:{i}", name, "", lat, lon) for i, name, lat, lon in rows]
