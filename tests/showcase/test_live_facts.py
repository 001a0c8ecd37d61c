"""The showcase's facts are the records' facts: a demonstration whose need names the data center, or an event
held beside it, shows on /showcase as soon as it exists and goes when it no longer qualifies, without anyone
editing the page. Checked against a plain-Python reading of every record, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests import factories
from tests.showcase import factories as showcase_factories

from bitgoeul.core.db import utcnow
from bitgoeul.core.forms import validate
from bitgoeul.demonstrations.models import Demonstration
from bitgoeul.demonstrations.schemas import MoveIn
from bitgoeul.demonstrations.service import move_demonstration
from bitgoeul.exchange.models import Event
from bitgoeul.showcase.facts import distance_m
from bitgoeul.showcase.models import ShowcaseSite

UNDER_WAY_OR_DONE = {"agreed", "running", "reported", "purchased", "not_purchased"}


def section(html: str, slug: str) -> str:
    found = re.search(rf'<section class="showcase-site" id="site-{slug}".*?</section>', html, re.S)
    assert found, slug
    return found.group(0)


def shown_demonstrations(client: TestClient, slug: str) -> set[int]:
    return {int(i) for i in re.findall(r'href="/demonstrations/(\d+)"', section(client.get("/showcase").text, slug))}


def shown_events(client: TestClient, slug: str) -> set[int]:
    listed = re.search(r'<ul class="home-list site-events">.*?</ul>', section(client.get("/showcase").text, slug), re.S)
    return {int(i) for i in re.findall(r'href="/exchange/events/(\d+)"', listed.group(0))} if listed else set()


def expected_demonstrations(session: Session, site: ShowcaseSite) -> set[int]:
    """Independent reference: every demonstration read in Python, kept when its need names the site."""
    session.expire_all()
    words = [w.casefold() for w in site.place_words]
    return {d.id for d in session.scalars(select(Demonstration))
            if d.stage in UNDER_WAY_OR_DONE
            and any(w in (d.need.site_description + " " + d.need.data_available).casefold() for w in words)}


def expected_events(session: Session, site: ShowcaseSite) -> set[int]:
    session.expire_all()
    assert site.lat is not None and site.lon is not None
    return {e.id for e in session.scalars(select(Event)) if e.status == "published" and (
        any(w.casefold() in e.venue_name.casefold() for w in site.place_words)
        or (e.lat is not None and e.lon is not None and distance_m(site.lat, site.lon, e.lat, e.lon) <= site.radius_m))}


def _agree(session: Session, operator: object, demonstration_id: int) -> None:
    move_demonstration(session, operator, demonstration_id,
                       validate(MoveIn, {"target": "under_review"}))  # type: ignore[arg-type]
    move_demonstration(session, operator, demonstration_id,  # type: ignore[arg-type]
                       validate(MoveIn, {"target": "agreed", "funded_amount": 40_000_000}))


def test_a_new_demonstration_at_the_data_center_appears_without_editing_the_page(
        client: TestClient, session: Session) -> None:
    site = showcase_factories.site(session)
    firm = factories.organisation(session, kind="ai_firm", name_ko="빛가람AI", name_en="Bitgaram AI")
    buyer = factories.organisation(session, kind="buyer", name_ko="첨단병원", name_en="Cheomdan Hospital")
    firm_member, buyer_member = factories.member(session, firm), factories.member(session, buyer)
    operator = factories.operator(session)
    solution = factories.solution(session, firm_member, title_ko="흉부 X선 판독 보조", title_en="Chest X-ray reader")
    elsewhere = factories.need(session, buyer_member, title_ko="병동 낙상 감지", site_description="본관 3층 병동")
    other = factories.demonstration(session, buyer_member, elsewhere, solution)
    _agree(session, operator, other.id)
    session.commit()
    before = client.get("/showcase")
    assert before.status_code == 200
    assert shown_demonstrations(client, site.slug) == expected_demonstrations(session, site) == set()
    edited_at = session.scalar(select(ShowcaseSite.updated_at).where(ShowcaseSite.id == site.id))

    here = factories.need(session, buyer_member, title_ko="야간 응급 영상 판독",
                          site_description="판독 모델 학습은 국가AI데이터센터 GPU에서")
    demonstration = factories.demonstration(session, buyer_member, here, solution)
    session.commit()
    # A bare request is not yet a demonstration that used the place.
    assert shown_demonstrations(client, site.slug) == expected_demonstrations(session, site) == set()

    _agree(session, operator, demonstration.id)
    session.commit()
    shown = shown_demonstrations(client, site.slug)
    assert shown == expected_demonstrations(session, site) == {demonstration.id}
    page = section(client.get("/showcase").text, site.slug)
    assert "흉부 X선 판독 보조" in page and "빛가람AI" in page and "첨단병원" in page
    english = section(client.get("/showcase?lang=en").text, site.slug)
    assert "Chest X-ray reader" in english and "Bitgaram AI" in english
    assert session.scalar(select(ShowcaseSite.updated_at).where(ShowcaseSite.id == site.id)) == edited_at

    move_demonstration(session, operator, demonstration.id, validate(MoveIn, {"target": "withdrawn"}))
    session.commit()
    assert shown_demonstrations(client, site.slug) == expected_demonstrations(session, site) == set()


def test_events_beside_the_site_or_naming_it_are_listed_as_held_there(client: TestClient, session: Session) -> None:
    site = showcase_factories.site(session, radius_m=400)
    start = utcnow() + timedelta(days=10)

    def event(title: str, venue: str, lat: float | None, lon: float | None, status: str = "published") -> Event:
        found = Event(title_ko=title, title_en=title, status=status, starts_at=start,
                      ends_at=start + timedelta(hours=3), venue_name=venue, lat=lat, lon=lon)
        session.add(found)
        session.flush()
        return found

    beside = event("옆 건물 밋업", "AI 카페", 35.2290, 126.8470)  # about 240 m away
    named = event("센터 견학의 날", "국가AI데이터센터 1층", None, None)
    far = event("시내 행사", "시청", 35.1601, 126.8514)  # about 7 km away
    draft = event("작성 중 행사", "국가AI데이터센터", 35.2270, 126.8480, status="draft")
    session.commit()
    shown = shown_events(client, site.slug)
    assert shown == expected_events(session, site) == {beside.id, named.id}
    assert far.id not in shown and draft.id not in shown

    draft.status = "published"
    session.commit()
    assert shown_events(client, site.slug) == expected_events(session, site) == {beside.id, named.id, draft.id}


def test_a_course_held_at_the_academy_shows_until_it_ends(client: TestClient, session: Session) -> None:
    from bitgoeul.education.public import Course

    site = showcase_factories.site(session, slug="ai-academy", name_ko="AI사관학교", name_en="AI Academy",
                                   lat=35.2296, lon=126.8452, radius_m=300, place_words=["AI사관학교"])
    provider = factories.organisation(session, kind="support_agency", name_ko="인공지능산업융합사업단")
    now = utcnow()

    def course(title: str, venue: str, lat: float | None, lon: float | None, days: int,
               status: str = "published") -> Course:
        found = Course(provider_id=provider.id, title_ko=title, title_en=title, starts_at=now + timedelta(days=days),
                       ends_at=now + timedelta(days=days + 30), venue_name=venue, lat=lat, lon=lon, status=status)
        session.add(found)
        session.flush()
        return found

    cohort = course("사관학교 7기", "AI사관학교 2층 강의실", None, None, 20)
    beside = course("모델 서빙 실습", "창업캠프 세미나실", 35.2300, 126.8455, 5)  # about 50 m away
    course("시내 야간 과정", "시청 교육장", 35.1601, 126.8514, 5)
    course("초안 과정", "AI사관학교", None, None, 5, status="draft")
    over = course("지난 과정", "AI사관학교", None, None, -60)  # ended a month ago
    session.commit()

    def shown() -> list[int]:
        listed = re.search(r'<ul class="home-list site-courses">.*?</ul>',
                           section(client.get("/showcase").text, site.slug), re.S)
        return [int(i) for i in re.findall(r'href="/education/courses/(\d+)"', listed.group(0))] if listed else []

    assert shown() == [beside.id, cohort.id]  # soonest first
    assert over.id not in shown()
