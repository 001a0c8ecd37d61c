"""Absolute URLs never reflect a Host header: a foreign Host is refused, and with BITGOEUL_BASE_URL set the
iCal URL uses it whatever allowed host the request came through."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests import factories as f

from bitgoeul.core.forms import validate
from bitgoeul.core.settings import Settings
from bitgoeul.exchange import events
from bitgoeul.exchange.schemas import EventIn
from bitgoeul.web.app import create_app


def _event_id(session: Session) -> int:
    organiser = f.operator(session)
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    event = events.create_event(session, organiser, validate(EventIn, {
        "kind": "meetup", "title_ko": "밋업", "starts_at": start, "ends_at": start + timedelta(hours=2),
        "capacity": 10, "venue_name": "AI 카페"}))
    events.move_event(session, organiser, event.id, "published")
    session.commit()
    return event.id


def test_ical_urls_never_echo_a_forged_host(session: Session, settings: Settings) -> None:
    event_id = _event_id(session)
    app = create_app(replace(settings, base_url="https://city.example.org",
                             allowed_hosts="city.example.org,127.0.0.1,testserver"))
    try:
        with TestClient(app) as client:
            for path in (f"/exchange/events/{event_id}/event.ics", f"/api/v1/exchange/events/{event_id}/ical"):
                forged = client.get(path, headers={"host": "evil.example", "x-forwarded-host": "evil.example"})
                assert forged.status_code == 400 and "evil" not in forged.text
                allowed = client.get(path, headers={"host": "127.0.0.1:8000"})
                assert allowed.status_code == 200, allowed.text
                assert f"URL:https://city.example.org/exchange/events/{event_id}" in allowed.text
                assert "127.0.0.1" not in allowed.text
    finally:
        app.state.engine.dispose()
