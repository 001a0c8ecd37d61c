"""Closed things look closed: a need or a job whose deadline has passed is marked "마감/Closed", an event that
has ended reads "종료/Ended" (not "공개/Published") and lives in its own "past" tab of the events list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests import factories as f
from tests.factories import login
from tests.talent import talent_factories as tf

from bitgoeul.core.forms import validate
from bitgoeul.core.time import local_today, now
from bitgoeul.exchange import events
from bitgoeul.exchange.schemas import EventIn

CLOSED = {"ko": "마감", "en": "Closed"}


def test_a_need_past_its_deadline_is_marked_closed(client: TestClient, session: Session) -> None:
    buyer = f.member(session, f.organisation(session, kind="buyer"))
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    today = local_today().isoformat()
    old = f.need(session, buyer, title_ko="지난 수요", deadline=yesterday)
    open_ = f.need(session, buyer, title_ko="오늘 마감 수요", deadline=today)  # open through its last day
    session.commit()
    for lang, word in CLOSED.items():
        assert f'{word}</span>' in client.get(f"/needs/{old.id}?lang={lang}").text
        assert f'{word}</span>' not in client.get(f"/needs/{open_.id}?lang={lang}").text
    rows = client.get("/needs?lang=en").text
    assert rows.count('class="tag closed"') == 1
    login(client, buyer.email)  # the buyer's home lists both needs, one of them closed
    home = client.get("/?lang=ko").text
    assert "지난 수요" in home and home.count('class="tag closed"') == 1


def test_a_job_past_its_deadline_is_marked_closed(client: TestClient, session: Session) -> None:
    firm = f.member(session, f.organisation(session))
    expired = tf.job(session, firm, title_ko="지난 공고", deadline=(local_today() - timedelta(days=3)).isoformat())
    open_ = tf.job(session, firm, title_ko="열린 공고")
    session.commit()
    for lang, word in CLOSED.items():
        assert f'{word}</span>' in client.get(f"/talent/jobs/{expired.id}?lang={lang}").text
        assert f'{word}</span>' not in client.get(f"/talent/jobs/{open_.id}?lang={lang}").text
    listed = client.get("/talent/jobs?lang=ko").text
    assert listed.count('class="tag closed"') == 1


@pytest.mark.parametrize(("lang", "ended", "published"), [("ko", "종료", "공개"), ("en", "Ended", "Published")])
def test_an_ended_event_reads_ended_and_sits_in_the_past_tab(client: TestClient, session: Session, lang: str,
                                                             ended: str, published: str) -> None:
    organiser = f.operator(session)
    start = now().replace(microsecond=0)
    made = {}
    for name, days in (("지난 모임", -40), ("다음 모임", 10)):
        event = events.create_event(session, organiser, validate(EventIn, {
            "kind": "meetup", "title_ko": name, "starts_at": start + timedelta(days=days),
            "ends_at": start + timedelta(days=days, hours=2)}))
        events.move_event(session, organiser, event.id, "published")
        made[name] = event.id
    session.commit()
    upcoming = client.get(f"/exchange/events?lang={lang}").text  # the default tab: what one can still go to
    assert "다음 모임" in upcoming and "지난 모임" not in upcoming
    past = client.get(f"/exchange/events?when=past&lang={lang}").text
    assert "지난 모임" in past and "다음 모임" not in past
    assert f"<td>{ended}</td>" in past and f"<td>{published}</td>" not in past
    assert 'aria-current="page">' in past
    every = client.get(f"/exchange/events?when=all&lang={lang}").text
    assert "지난 모임" in every and "다음 모임" in every
    detail = client.get(f"/exchange/events/{made['지난 모임']}?lang={lang}").text
    assert f"· {ended}</dd>" in detail
    assert f"· {published}</dd>" in client.get(f"/exchange/events/{made['다음 모임']}?lang={lang}").text
