"""Exchange pages and API through HTTP: Korean and English, CSRF, errors beside fields, refusals with their
status, exports, the transit link, iCal files, and the organiser's scheduling page."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests import factories as f
from tests.factories import csrf_of, login

from bitgoeul.core.forms import validate
from bitgoeul.exchange import events, meetings, partners
from bitgoeul.exchange.models import Event, PartnerListing
from bitgoeul.exchange.schemas import EventIn, ListingIn, MeetingSetupIn, SlotsIn

START = datetime.now(UTC).replace(microsecond=0) + timedelta(days=4)


@dataclass
class World:
    organiser: Any
    seoul: Any
    gwangju: Any
    person: Any
    offer: PartnerListing
    seek: PartnerListing
    event: Event


@pytest.fixture
def world(session: Session) -> World:
    organiser = f.operator(session)
    seoul = f.member(session, f.organisation(session, name_ko="서울트렌드", name_en="Seoul Trend", region="서울"))
    gwangju = f.member(session, f.organisation(session, name_ko="광주비전", name_en="Gwangju Vision"))
    person = f.user(session)
    offer = partners.create_listing(session, seoul, validate(ListingIn, {
        "side": "offer", "intent": "tech_exchange", "domain": "manufacturing", "region": "서울",
        "title_ko": "비전 검사 경량화 기술 교류", "title_en": "Tech exchange on lightweight visual inspection",
        "text_ko": "비전 검사 모델을 엣지 장비에 올린 경험을 나눕니다."}))
    seek = partners.create_listing(session, gwangju, validate(ListingIn, {
        "side": "seek", "intent": "tech_exchange", "domain": "manufacturing", "region": "서울",
        "title_ko": "비전 검사 경량화 교류 상대", "text_ko": "비전 검사 모델을 엣지 장비에서 돌리려 합니다."}))
    event = events.create_event(session, organiser, validate(EventIn, {
        "kind": "exchange_day", "title_ko": "교류의 날", "title_en": "Exchange day", "starts_at": START,
        "ends_at": START + timedelta(hours=5), "capacity": 2, "waitlist_capacity": 0, "venue_name": "AI 카페",
        "lat": 35.2289, "lon": 126.8427, "meetings_enabled": True}))
    events.move_event(session, organiser, event.id, "published")
    meetings.set_up(session, organiser, event.id, validate(MeetingSetupIn, {"meeting_tables": 2,
                                                                            "max_meetings_per_person": 3}))
    meetings.add_slots(session, organiser, event.id, validate(SlotsIn, {"first_start": START + timedelta(hours=1),
                                                                        "minutes": 20,
                                                      "count": 3}))
    session.commit()
    return World(organiser, seoul, gwangju, person, offer, seek, event)


@pytest.mark.parametrize(("lang", "words"), [("ko", ["파트너 찾기", "기술 교류", "맞는 상대", "같은 분야: 제조"]),
                                             ("en", ["Partners", "Tech exchange", "Matching partners",
                                                     "Same domain: Manufacturing"])])
def test_partner_pages_in_both_languages_with_reasons_and_exports(client: TestClient, world: World, lang: str,
                                                                  words: list[str]) -> None:
    listing = client.get(f"/exchange/partners?lang={lang}")
    assert listing.status_code == 200 and words[0] in listing.text and words[1] in listing.text
    detail = client.get(f"/exchange/partners/{world.seek.id}")
    assert detail.status_code == 200 and all(w in detail.text for w in words[2:])
    assert f'id="match-{world.offer.id}"' in detail.text
    rows = json.loads(client.get("/exchange/partners?format=json&side=offer").text)
    assert [r["id"] for r in rows] == [world.offer.id]
    assert client.get("/exchange/partners?format=csv").text.startswith("\ufeffid,")


def test_forms_need_csrf_and_show_errors_beside_fields(client: TestClient, world: World) -> None:
    login(client, world.gwangju.email)
    refused = client.post("/exchange/partners/new", data={"side": "offer", "title_ko": "x"})
    assert refused.status_code == 403
    token = csrf_of(client, "/exchange/partners/new")
    bad = client.post("/exchange/partners/new", data={"csrf_token": token, "side": "offer", "intent": "resale",
                                                      "domain": "any", "title_ko": "x", "text_ko": ""})
    assert bad.status_code == 422 and 'id="e-title_ko"' in bad.text and 'id="e-text_ko"' in bad.text
    made = client.post("/exchange/partners/new", data={
        "csrf_token": token, "side": "offer", "intent": "resale", "domain": "health", "region": "광주",
        "title_ko": "의료 영상 솔루션 재판매", "text_ko": "의료 영상 판독 솔루션을 재판매할 곳을 찾습니다.",
        "active": "true"},
        follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"].startswith("/exchange/partners/")


def test_meeting_request_from_a_match_to_the_inbox_and_back(client: TestClient, world: World) -> None:
    login(client, world.gwangju.email)
    token = csrf_of(client, f"/exchange/partners/{world.seek.id}")
    form = {"csrf_token": token, "to_organisation_id": str(world.offer.organisation_id),
            "to_listing_id": str(world.offer.id), "message": "교류의 날 전에 만나요"}
    sent = client.post(f"/exchange/partners/{world.seek.id}/requests", data=form, follow_redirects=False)
    assert sent.status_code == 303
    again = client.post(f"/exchange/partners/{world.seek.id}/requests", data=form)
    assert again.status_code == 409 and "답변을 기다리는 요청이 이미 있습니다" in again.text
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    login(client, world.seoul.email)
    inbox = client.get("/exchange/requests?lang=en")
    assert "교류의 날 전에 만나요" in inbox.text and "Accept" in inbox.text
    request_id = re.search(r'action="/exchange/requests/(\d+)"', inbox.text)
    assert request_id
    token = csrf_of(client, "/exchange/requests")
    answered = client.post(f"/exchange/requests/{request_id.group(1)}",
                           data={"csrf_token": token, "decision": "accept", "note": "좋습니다"}, follow_redirects=False)
    assert answered.status_code == 303
    assert "수락" in client.get("/exchange/requests?lang=ko").text
    twice = client.post(f"/exchange/requests/{request_id.group(1)}", data={"csrf_token": token, "decision": "decline"})
    assert twice.status_code == 409


@pytest.mark.parametrize(("lang", "words"), [("ko", ["행사·경진대회", "교류의 날", "정원"]),
                                             ("en", ["Events and competitions", "Exchange day", "Capacity"])])
def test_event_pages_in_both_languages_with_transit_link_and_exports(client: TestClient, world: World, lang: str,
                                                                     words: list[str]) -> None:
    listing = client.get(f"/exchange/events?lang={lang}&when=upcoming")
    assert listing.status_code == 200 and all(w in listing.text for w in words[:2]) and "<svg" in listing.text
    page = client.get(f"/exchange/events/{world.event.id}")
    assert words[2] in page.text
    assert "/transit?to=AI" in page.text  # a public venue pre-fills the trip planner by name
    rows = json.loads(client.get("/exchange/events?format=json").text)
    assert rows[0]["id"] == world.event.id and rows[0]["capacity"] == 2
    assert "going" in client.get("/exchange/events?format=csv").text.splitlines()[0]
    ics = client.get(f"/exchange/events/{world.event.id}/event.ics")
    assert ics.headers["content-type"].startswith("text/calendar") and ics.text.startswith("BEGIN:VCALENDAR\r\n")
    assert f"UID:event-{world.event.id}@" in ics.text


def test_rsvp_full_and_duplicate_are_refused_with_a_clear_message(client: TestClient, world: World,
                                                                  session: Session) -> None:
    third = f.user(session)
    session.commit()
    for who in (world.seoul, world.gwangju):
        login(client, who.email)
        token = csrf_of(client, f"/exchange/events/{world.event.id}")
        done = client.post(f"/exchange/events/{world.event.id}/rsvp", data={"csrf_token": token},
                           follow_redirects=False)
        assert done.status_code == 303
    duplicate = client.post(f"/exchange/events/{world.event.id}/rsvp?lang=en", data={"csrf_token": token})
    assert duplicate.status_code == 409 and "You have already registered" in duplicate.text
    login(client, third.email)
    token = csrf_of(client, f"/exchange/events/{world.event.id}")
    full = client.post(f"/exchange/events/{world.event.id}/rsvp", data={"csrf_token": token})
    assert full.status_code == 409 and "정원 2명과 대기자 명단 0명이 모두 찼습니다" in full.text


def test_organiser_checks_in_and_others_cannot(client: TestClient, world: World, session: Session) -> None:
    entry = events.rsvp(session, world.person, world.event.id)
    session.commit()
    login(client, world.person.email)
    token = csrf_of(client, f"/exchange/events/{world.event.id}")
    assert client.post(f"/exchange/events/{world.event.id}/checkin/{entry.id}",
                       data={"csrf_token": token}).status_code == 403
    login(client, world.organiser.email)
    page = client.get(f"/exchange/events/{world.event.id}")
    assert f'id="rsvp-{entry.id}"' in page.text
    token = csrf_of(client, f"/exchange/events/{world.event.id}")
    assert client.post(f"/exchange/events/{world.event.id}/checkin/{entry.id}", data={"csrf_token": token},
                       follow_redirects=False).status_code == 303
    assert "✔" in client.get(f"/exchange/events/{world.event.id}").text


def test_scheduling_pages_from_preferences_to_both_timetables(client: TestClient, world: World,
                                                              session: Session) -> None:
    for who in (world.seoul, world.gwangju):
        events.rsvp(session, who, world.event.id)
    session.commit()
    for me, other in ((world.seoul, world.gwangju), (world.gwangju, world.seoul)):
        login(client, me.email)
        form = client.get(f"/exchange/events/{world.event.id}/meetings/preferences")
        assert form.status_code == 200 and f'name="level_{other.id}"' in form.text
        saved = client.post(f"/exchange/events/{world.event.id}/meetings/preferences",
                            data={"csrf_token": csrf_of(client), f"level_{other.id}": "must", "slots_shown": "1",
                                  "slot": [str(s.id) for s in world.event.slots]}, follow_redirects=False)
        assert saved.status_code == 303
        assert client.get(f"/exchange/events/{world.event.id}/meetings/schedule").status_code == 403
    login(client, world.organiser.email)
    base = f"/exchange/events/{world.event.id}/meetings"
    token = csrf_of(client, base + "/schedule")
    assert client.post(base + "/run", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    draft = client.get(base + "/schedule?lang=en")
    assert "Total weight 6 / upper bound 6" in draft.text and "Every must-meet was placed." in draft.text
    assert client.post(base + "/publish", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    seen = []
    for me, other, lang in ((world.seoul, world.gwangju, "ko"), (world.gwangju, world.seoul, "en")):
        login(client, me.email)
        page = client.get(f"{base}/mine?lang={lang}")
        assert other.display_name in page.text
        row = re.search(r"<tr class=\"meeting\"><td>([^<]+)</td><td>(\d+)</td>", page.text)
        assert row is not None
        seen.append(row.groups())
        ics = client.get(base + "/mine.ics")
        assert ics.text.count("BEGIN:VEVENT") == 1 and "meeting-" in ics.text
    assert seen[0] == seen[1]


def test_bad_scheduling_input_is_explained_on_the_page(client: TestClient, world: World) -> None:
    login(client, world.organiser.email)
    base = f"/exchange/events/{world.event.id}/meetings"
    token = csrf_of(client, base + "/schedule")
    outside = client.post(base + "/slots", data={"csrf_token": token, "first_start": "2001-01-01T10:00",
                                                 "minutes": "20", "count": "2"})
    assert outside.status_code == 422 and "행사 시간 안에 있어야 합니다" in outside.text
    zero = client.post(base + "/setup", data={"csrf_token": token, "meeting_tables": "0",
                                              "max_meetings_per_person": "2"})
    assert zero.status_code == 422 and 'id="e-meeting_tables"' in zero.text
    nothing = client.post(base + "/publish", data={"csrf_token": token})
    assert nothing.status_code == 409


def test_api_lists_refuses_duplicates_and_schedules(client: TestClient, world: World, session: Session) -> None:
    listed = client.get("/api/v1/exchange/events?when=upcoming").json()
    assert listed["total"] == 1
    assert listed["items"][0]["starts_at"].endswith(("Z", "+00:00"))  # times carry their offset
    matches = client.get(f"/api/v1/exchange/listings/{world.seek.id}/matches").json()
    assert matches[0]["listing"]["id"] == world.offer.id and matches[0]["reasons_en"][0].startswith("Same intent")
    login(client, world.seoul.email)
    token = csrf_of(client)
    first = client.post(f"/api/v1/exchange/events/{world.event.id}/rsvp", headers={"X-CSRF-Token": token})
    assert first.status_code == 201 and first.json()["status"] == "going"
    again = client.post(f"/api/v1/exchange/events/{world.event.id}/rsvp", headers={"X-CSRF-Token": token})
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    assert client.get(f"/api/v1/exchange/events/{world.event.id}/meetings/schedule").status_code == 403
    login(client, world.organiser.email)
    token = csrf_of(client)
    run = client.post(f"/api/v1/exchange/events/{world.event.id}/meetings/schedule", headers={"X-CSRF-Token": token})
    assert run.status_code == 200 and run.json()["state"] == "draft" and run.json()["meetings"] == []


def test_a_partner_match_shows_the_same_0_to_100_score_on_page_api_and_cli(
        client: TestClient, world: World, session: Session, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from bitgoeul.exchange.cli_events import app as exchange_cli

    monkeypatch.setenv("BITGOEUL_DATABASE_URL", db_url)
    cli = CliRunner().invoke(exchange_cli, ["matches", str(world.seek.id), "--json"])
    assert cli.exit_code == 0, cli.output
    on_cli = {r["id"]: r["score"] for r in json.loads(cli.stdout)}
    on_api = {m["listing"]["id"]: m["score"]
              for m in client.get(f"/api/v1/exchange/listings/{world.seek.id}/matches").json()}
    page = client.get(f"/exchange/partners/{world.seek.id}").text
    on_page = {int(i): int(s) for i, s in re.findall(
        r'id="match-(\d+)">.*?<span class="score">[^<0-9]*(\d+)</span>', page, re.S)}
    assert on_page == on_api == on_cli and set(on_page) == {world.offer.id}
    engine = partners.matches_for(session, world.seek)[0].score  # the service's own 0-1 number
    assert on_page[world.offer.id] == round(100 * engine) and 0 < on_page[world.offer.id] < 100
