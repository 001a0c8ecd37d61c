"""Role home pages, confirmations after writes, demonstration notifications (inbox and e-mail) and the small
leaks (favicon, a non-numeric id, an empty login form), through HTTP in both languages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests import factories
from tests.factories import csrf_of, login
from tests.talent.smtp_sink import smtp_sink

from bitgoeul.accounts.mail import MailSettings, send_notification_mail
from bitgoeul.accounts.models import Notification
from bitgoeul.core.forms import validate
from bitgoeul.demonstrations.models import Demonstration
from bitgoeul.demonstrations.schemas import MoveIn
from bitgoeul.demonstrations.service import list_needs, move_demonstration
from bitgoeul.demonstrations.stages import Stage


@dataclass
class World:
    firm_member: Any
    buyer_member: Any
    bystander: Any  # a member of an unrelated buyer: hears nothing
    person: Any
    operator: Any
    demo: Demonstration


@pytest.fixture
def world(session: Session) -> World:
    firm = factories.organisation(session, kind="ai_firm", name_ko="빛가람AI", name_en="Bitgaram AI")
    buyer = factories.organisation(session, kind="buyer", name_ko="담양한돈농장", name_en="Damyang Pig Farm")
    other = factories.organisation(session, kind="buyer")
    firm_member, buyer_member = factories.member(session, firm), factories.member(session, buyer)
    bystander, person, operator = factories.member(session, other), factories.user(session), factories.operator(session)
    solution = factories.solution(session, firm_member)
    need = factories.need(session, buyer_member)
    demo = factories.demonstration(session, buyer_member, need, solution)
    session.commit()
    return World(firm_member, buyer_member, bystander, person, operator, demo)


def main_text(html: str) -> str:
    found = re.search(r"<main.*?</main>", html, re.S)
    assert found
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0)))


def figure(html: str, key: str) -> str:
    found = re.search(rf'data-figure="{re.escape(key)}"><div class="value">([^<]*)</div>', html)
    assert found, key
    return found.group(1)


def inbox_of(session: Session, user: Any) -> list[Notification]:
    session.expire_all()
    return list(session.scalars(select(Notification).where(Notification.user_id == user.id)))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_each_role_gets_its_own_home_with_live_counts(client: TestClient, session: Session, world: World,
                                                      lang: str) -> None:
    visitor = client.get(f"/?lang={lang}").text
    assert figure(visitor, "home.fig.under_way") == "0"
    assert 'data-step="buyer"' in visitor and 'data-step="person"' in visitor
    steps = {"buyer": ("home-needs", "home.fig.my_needs", "1"), "firm": ("home-requests", "home.fig.requests", "1"),
             "operator": ("home-queue", "home.fig.to_review", "1"), "person": ("write-profile", "home.fig.applications",
                                                                          "0")}
    users = {"buyer": world.buyer_member, "firm": world.firm_member, "operator": world.operator,
             "person": world.person}
    headings = set()
    for role, (marker, key, value) in steps.items():
        other = TestClient(client.app)
        login(other, users[role].email)
        page = other.get(f"/?lang={lang}").text
        assert f'id="{marker}"' in page, role
        assert figure(page, key) == value, role
        headings.add(re.search(r"<h1>([^<]+)</h1>", page).group(1))  # type: ignore[union-attr]
    assert len(headings) == 4  # four different homes, none the visitor's

    # Live: the operator starts the review, and both the queue and the firm's request list follow.
    move_demonstration(session, world.operator, world.demo.id, validate(MoveIn, {"target": "under_review"}))
    session.commit()
    operator = TestClient(client.app)
    login(operator, world.operator.email)
    assert figure(operator.get(f"/?lang={lang}").text, "home.fig.to_review") == "1"
    move_demonstration(session, world.operator, world.demo.id, validate(MoveIn, {"target": "withdrawn"}))
    session.commit()
    assert figure(operator.get(f"/?lang={lang}").text, "home.fig.to_review") == "0"


@pytest.mark.parametrize(("lang", "posted", "shown_once"), [
    ("ko", "수요를 등록했습니다.", "저장했습니다."), ("en", "Your need is posted.", "Saved.")])
def test_a_write_confirms_once_in_the_readers_language(client: TestClient, session: Session, world: World,
                                                        lang: str, posted: str, shown_once: str) -> None:
    login(client, world.buyer_member.email)
    token = csrf_of(client, f"/needs/new?lang={lang}")
    response = client.post("/needs/new", data={
        "csrf_token": token, "title_ko": "축사 악취 줄이기",
        "problem_ko": "축사 악취 민원이 많습니다. 줄이고 싶습니다.", "domain": "livestock"}, follow_redirects=False)
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    assert 'class="flash"' in page and posted in page
    assert 'class="flash"' not in client.get(response.headers["location"]).text  # shown once
    assert list_needs(session, q="축사 악취").total == 1
    # A refused form confirms nothing.
    refused = client.post("/needs/new", data={"csrf_token": token, "title_ko": ""})
    assert refused.status_code == 422 and 'class="flash"' not in refused.text
    # Marking notifications read confirms too (its own message), once.
    assert client.post("/notifications/read", data={"csrf_token": token, "all": "1"},
                       follow_redirects=True).text.count('class="flash"') == 1
    assert shown_once not in main_text(client.get("/").text)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_request_and_every_move_reach_the_other_party_and_the_operators(
        client: TestClient, session: Session, world: World, lang: str) -> None:
    # The fixture's request (by the buyer) told the supplier and the operator, not the buyer or a bystander.
    assert [n.kind for n in inbox_of(session, world.firm_member)] == ["demonstrations.requested"]
    assert [n.kind for n in inbox_of(session, world.operator)] == ["demonstrations.requested"]
    assert inbox_of(session, world.buyer_member) == [] and inbox_of(session, world.bystander) == []

    operator = TestClient(client.app)
    login(operator, world.operator.email)
    token = csrf_of(operator, "/review")
    url = f"/demonstrations/{world.demo.id}"
    assert operator.post(f"{url}/move", data={"csrf_token": token, "target": "under_review"},
                         follow_redirects=False).status_code == 303
    for party in (world.buyer_member, world.firm_member):
        moved = [n for n in inbox_of(session, party) if n.kind == "demonstrations.moved"]
        assert len(moved) == 1 and moved[0].url == url and moved[0].email
        assert "검토 중" in moved[0].text_ko and "Under review" in moved[0].text_en
    assert [n.kind for n in inbox_of(session, world.operator)] == ["demonstrations.requested"]  # not told own move

    firm = TestClient(client.app)
    login(firm, world.firm_member.email)
    inbox = firm.get(f"/notifications?lang={lang}").text
    expected = "Under review" if lang == "en" else "검토 중"
    assert expected in main_text(inbox) and f'href="{url}"' in inbox
    assert re.search(r'class="badge"[^>]*>2<', firm.get("/").text)


def test_queued_notifications_are_emailed_once_in_each_persons_language(session: Session, world: World) -> None:
    world.firm_member.language = "en"
    session.commit()
    with smtp_sink() as sink:
        settings = MailSettings(host=sink.host, port=sink.port, base_url="https://bitgoeul.example.org")
        result = send_notification_mail(session, settings)
        session.commit()
        again = send_notification_mail(session, settings)
    assert (result.messages, result.notifications, again.messages) == (2, 2, 0)
    bodies = {m.recipients[0]: m.message.get_content() for m in sink.received}
    assert "New demonstration request" in bodies[world.firm_member.email]
    assert "새 실증 요청" in bodies[world.operator.email]
    assert f"https://bitgoeul.example.org/demonstrations/{world.demo.id}" in bodies[world.operator.email]


def test_small_leaks_are_closed(client: TestClient, world: World) -> None:
    for path in ("/favicon.ico", "/static/favicon.svg"):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["content-type"].startswith("image/svg+xml")
    assert 'rel="icon"' in client.get("/").text
    missing = client.get("/organisations/abc")
    assert missing.status_code == 404 and "valid integer" not in missing.text
    empty = client.post("/login", data={"csrf_token": csrf_of(client, "/login?lang=ko"), "email": "", "password": ""})
    assert empty.status_code == 400
    assert main_text(empty.text).count("필수 항목입니다.") == 2 and "맞지 않습니다" not in empty.text
    wrong = client.post("/login", data={"csrf_token": csrf_of(client, "/login"), "email": world.person.email,
                                        "password": "not the password"})
    assert "맞지 않습니다" in wrong.text


def test_phone_navigation_markup(client: TestClient, world: World) -> None:
    page = client.get("/solutions?lang=en").text
    assert '<a class="skip-link" href="#main">Skip to content</a>' in page and '<main id="main"' in page
    assert re.search(r'<a href="/solutions" aria-current="page">', page)
    assert page.count('aria-current="page"') == 1
    assert 'aria-controls="site-nav"' in page and "<style" not in page and "onclick" not in page
    login_page = client.get("/login").text
    assert re.search(r'name="email" type="email" value="" required', login_page)


def test_review_stage_names_exist() -> None:
    from bitgoeul.core.i18n import catalog

    assert all(f"home.waits.{stage}" in catalog() for stage in Stage)


def _post_routes(router: Any) -> list[str]:
    names = []
    for route in router.routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            names += _post_routes(inner)
        elif "POST" in (getattr(route, "methods", None) or set()):
            names.append(route.name)
    return names


def test_every_page_form_has_its_own_confirmation() -> None:
    """Each page route that writes has a confirmation that says what happened (not only the plain "saved")."""
    from bitgoeul.core.i18n import catalog
    from bitgoeul.core.registry import capabilities, load

    names = [name for c in capabilities() if c.pages for name in _post_routes(load(c.pages))]
    assert len(names) > 50
    missing = [name for name in names if f"flash.{name}" not in catalog()]
    assert missing == []
