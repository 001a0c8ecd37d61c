"""Cross-field rules of the event form stand beside the field they are about, in the page's language, and a
refused form saves nothing: an end before the start, a latitude without a longitude (and the reverse)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests import factories as f
from tests.factories import csrf_of, login
from tests.form_fields import beside, on_whole_form

from bitgoeul.core.i18n import translate
from bitgoeul.exchange.models import Event

START = (datetime.now() + timedelta(days=10)).replace(hour=14, minute=0, second=0, microsecond=0)
LOCAL = "%Y-%m-%dT%H:%M"


def events(session: Session) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(Event)) or 0)


def post_event(client: TestClient, lang: str, **changes: str) -> Any:
    token = csrf_of(client, "/exchange/events/new")
    data = {"csrf_token": token, "kind": "meetup", "title_ko": "AI 교류 모임", "starts_at": START.strftime(LOCAL),
            "ends_at": (START + timedelta(hours=2)).strftime(LOCAL)}
    data.update(changes)
    return client.post(f"/exchange/events/new?lang={lang}", data=data, follow_redirects=False)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(("changes", "field", "key"), [
    ({"ends_at": (START - timedelta(hours=1)).strftime(LOCAL)}, "ends_at", "range.end_before_start"),
    ({"lat": "35.15"}, "lon", "exchange.schemas.give_both_latitude_and_longitude"),
    ({"lon": "126.85"}, "lat", "exchange.schemas.give_both_latitude_and_longitude"),
], ids=["end-before-start", "latitude-only", "longitude-only"])
def test_event_cross_field_errors_beside_their_field(client: TestClient, session: Session, lang: str,
                                                     changes: dict[str, str], field: str, key: str) -> None:
    operator = f.operator(session)
    session.commit()
    login(client, operator.email)
    before = events(session)
    refused = post_event(client, lang, **changes)
    assert refused.status_code == 422
    assert beside(refused.text, field) == translate(key, lang)
    assert on_whole_form(refused.text) == translate("form.check_fields", lang)
    assert events(session) == before
    assert post_event(client, lang).status_code == 303 and events(session) == before + 1  # the rest was fine
