"""`bitgoeul exchange ...` over a database: listings, matches, events, an event's 1:1 draft and publishing
(JSON output, clean exit 2 on mistakes), with the scheduler's file command still mounted."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session
from tests import factories as f
from typer.testing import CliRunner

from bitgoeul.core.forms import validate
from bitgoeul.core.registry import load
from bitgoeul.exchange import events, meetings, partners
from bitgoeul.exchange.manifest import MANIFEST
from bitgoeul.exchange.schemas import EventIn, ListingIn, MeetingSetupIn, PreferencesIn, SlotsIn

runner = CliRunner()


def test_cli_commands_print_json_and_fail_cleanly(session: Session, db_url: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BITGOEUL_DATABASE_URL", db_url)
    organiser = f.operator(session)
    a, b = (f.member(session, f.organisation(session)) for _ in range(2))
    offer = partners.create_listing(session, a, validate(ListingIn, {"side": "offer", "intent": "investment",
                                                                     "domain": "any",
                                                 "title_ko": "투자 연계",
                                                 "text_ko": "지역 AI 스타트업 투자를 연계합니다"}))
    partners.create_listing(session, b, validate(ListingIn, {"side": "seek", "intent": "investment",
                                                             "domain": "livestock",
                                         "title_ko": "투자 유치", "text_ko": "축산 AI 스타트업 투자 유치를 원합니다"}))
    start = datetime.now(UTC) + timedelta(days=3)
    event = events.create_event(session, organiser, validate(EventIn, {"kind": "exchange_day", "title_ko": "교류의 날",
                                                     "starts_at": start, "ends_at": start + timedelta(hours=4),
                                                     "meetings_enabled": True}))
    events.move_event(session, organiser, event.id, "published")
    meetings.set_up(session, organiser, event.id, validate(MeetingSetupIn, {"meeting_tables": 1,
                                                                            "max_meetings_per_person": 2}))
    meetings.add_slots(session, organiser, event.id, validate(SlotsIn, {"first_start": start + timedelta(hours=1),
                                                                        "minutes": 30,
                                                      "count": 2}))
    for who in (a, b):
        events.rsvp(session, who, event.id)
    meetings.save_preferences(session, a, event.id, validate(PreferencesIn, {"levels": {b.id: "must"}}))
    session.commit()
    app = load(MANIFEST.cli) if MANIFEST.cli else None
    assert app is not None
    names = {c.name for c in app.registered_commands}
    assert {"schedule", "partners", "matches", "events", "event-schedule"} <= names
    listed = json.loads(runner.invoke(app, ["partners", "--json"]).output)
    assert {r["intent"] for r in listed} == {"investment"}
    found = json.loads(runner.invoke(app, ["matches", str(offer.id), "--json", "--lang", "en"]).output)
    assert len(found) == 1 and found[0]["reasons"].startswith("Same intent: investment")
    shown = json.loads(runner.invoke(app, ["events", "--json"]).output)
    assert shown[0]["going"] == 2
    drafted = runner.invoke(app, ["event-schedule", str(event.id), "--run", "--publish", "--json"])
    assert drafted.exit_code == 0, drafted.output
    doc = json.loads(drafted.output)
    assert doc["state"] == "published" and doc["total_weight"] == 3 and len(doc["meetings"]) == 1
    missing = runner.invoke(app, ["event-schedule", "999999"])
    assert missing.exit_code == 2 and "행사를 찾을 수 없습니다" in missing.output
