"""Done when (issue 10, time): 2026-03-01T14:40+09:00 typed into the event form is stored as that instant on
SQLite and PostgreSQL, reads 14:40 on the page and carries its offset in the API; in Berlin the page shows 06:40."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests import factories as f
from tests.factories import csrf_of, login

from bitgoeul.exchange.models import Event

INSTANT = datetime(2026, 3, 1, 5, 40, tzinfo=UTC)  # 14:40 in Korea, 06:40 in Berlin (winter time)


@pytest.mark.parametrize("typed", ["2026-03-01T14:40", "2026-03-01T14:40+09:00"])
@pytest.mark.parametrize(("zone", "shown"), [("Asia/Seoul", "2026-03-01 14:40"), ("Europe/Berlin", "2026-03-01 06:40")])
def test_a_time_typed_in_the_city_is_stored_once_and_shown_on_the_citys_clock(
        client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch, typed: str, zone: str,
        shown: str) -> None:
    monkeypatch.setenv("BITGOEUL_TIMEZONE", "Asia/Seoul")  # the form is filled in Gwangju
    organiser = f.operator(session)
    session.commit()
    login(client, organiser.email)
    posted = client.post("/exchange/events/new", follow_redirects=False, data={
        "csrf_token": csrf_of(client, "/exchange/events/new"), "kind": "meetup", "title_ko": "시각 확인 모임",
        "starts_at": typed, "ends_at": "2026-03-01T16:00"})
    assert posted.status_code == 303, posted.text
    event_id = int(posted.headers["location"].rsplit("/", 1)[1])
    session.expire_all()
    assert session.scalars(select(Event.starts_at).where(Event.id == event_id)).one() == INSTANT

    monkeypatch.setenv("BITGOEUL_TIMEZONE", zone)  # the same database seen from a city in another zone
    page = client.get(f"/exchange/events/{event_id}")
    assert page.status_code == 200 and shown in page.text
    edit = client.get(f"/exchange/events/{event_id}/edit")
    assert f'value="{shown.replace(" ", "T")}"' in edit.text  # the form gives back what it shows

    api = client.get(f"/api/v1/exchange/events/{event_id}").json()
    assert re.search(r"(Z|[+-]\d\d:\d\d)$", api["starts_at"]), api["starts_at"]
    assert datetime.fromisoformat(api["starts_at"]) == INSTANT
