"""Every instant the API sends carries its offset (clients, and the schemathesis run, parse them as RFC 3339):
walk each list endpoint of /openapi.json over a database holding one record of each timed kind."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests import factories as f
from tests.factories import login
from tests.talent import talent_factories as tf

from bitgoeul.accounts.notifications import notify
from bitgoeul.core.forms import validate
from bitgoeul.core.time import now
from bitgoeul.exchange import events
from bitgoeul.exchange.schemas import EventIn

INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
OFFSET = re.compile(r"(Z|[+-]\d{2}:\d{2})$")
# Trip plans speak the timetable's own wall-clock times (GTFS local times, no zone), not stored instants.
WALL_CLOCK = ("/api/v1/transit/",)


def _instants(value: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _instants(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [found for item in value for found in _instants(item, path)]
    return [(path, value)] if isinstance(value, str) and INSTANT.match(value) else []


def test_every_instant_in_the_api_has_an_offset(client: TestClient, session: Session) -> None:
    operator = f.operator(session)
    firm = f.member(session, f.organisation(session))
    f.need(session, f.member(session, f.organisation(session, kind="buyer")))
    tf.job(session, firm)
    event = events.create_event(session, operator, validate(EventIn, {"kind": "meetup", "title_ko": "시각 모임",
                                                    "starts_at": now() + timedelta(days=3),
                                                    "ends_at": now() + timedelta(days=3, hours=2)}))
    events.move_event(session, operator, event.id, "published")
    notify(session, operator.id, "test", "알림", "note", "/")
    session.commit()
    login(client, operator.email)
    paths = [p for p, ops in client.get("/openapi.json").json()["paths"].items()
             if "get" in ops and "{" not in p and p.startswith("/api/v1") and not p.startswith(WALL_CLOCK)]
    seen = []
    for path in paths:
        answer = client.get(path)
        if answer.status_code != 200 or "json" not in answer.headers.get("content-type", ""):
            continue
        seen += _instants(answer.json(), path)
    assert {p.split(".")[0] for p, _ in seen} >= {"/api/v1/exchange/events", "/api/v1/notifications"}
    naive = [(p, v) for p, v in seen if not OFFSET.search(v)]
    assert naive == []
