"""A cookie or token used after logout, a password change or deactivation gets 401: each sign-in is a row
the server can revoke (accounts/sessions.py), not a signature that lives out its 14 or 30 days."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests import factories as f
from tests.factories import PASSWORD, csrf_of, login
from typer.testing import CliRunner

from bitgoeul.accounts import sessions
from bitgoeul.accounts.cli import app as user_cli
from bitgoeul.accounts.models import AuthSession


def _token(client: TestClient, email: str, password: str = PASSWORD) -> str:
    response = client.post("/api/v1/auth/token", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def _me(client: TestClient, token: str | None = None) -> int:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return client.get("/api/v1/me", headers=headers).status_code


def _replay(app: Any, cookie: str) -> TestClient:
    """A second browser holding a copy of the cookie."""
    thief = TestClient(app)
    thief.cookies.set("bitgoeul_session", cookie)
    return thief


def test_page_logout_revokes_the_cookie_even_when_replayed(app: Any, client: TestClient, session: Session) -> None:
    person = f.user(session)
    session.commit()
    login(client, person.email)
    cookie = client.cookies["bitgoeul_session"]
    assert _me(client) == 200 and _me(_replay(app, cookie)) == 200
    logout = client.post("/logout", data={"csrf_token": csrf_of(client)}, follow_redirects=False)
    assert logout.status_code == 303
    thief = _replay(app, cookie)
    assert _me(thief) == 401
    page = thief.get("/notifications", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_api_logout_revokes_that_token_only(client: TestClient, session: Session) -> None:
    person = f.user(session)
    session.commit()
    first, second = _token(client, person.email), _token(client, person.email)
    out = client.post("/api/v1/auth/logout", headers={"authorization": f"Bearer {first}"})
    assert out.status_code == 204 and out.content == b""
    assert _me(client, first) == 401 and _me(client, second) == 200
    again = client.post("/api/v1/auth/logout", headers={"authorization": f"Bearer {first}"})
    assert again.status_code == 401 and again.json()["error"]["code"] == "login_required"
    assert client.post("/api/v1/auth/logout").status_code == 401


def test_a_token_without_a_sign_in_row_or_for_someone_else_is_refused(app: Any, client: TestClient,
                                                                      session: Session) -> None:
    from bitgoeul.web.deps import token_serializer

    alice, bob = f.user(session), f.user(session)
    session.commit()
    sid = sessions.start(session, alice, "token")
    session.commit()
    serializer = token_serializer(app.state.settings)
    assert _me(client, serializer.dumps({"uid": alice.id, "sid": sid})) == 200
    assert _me(client, serializer.dumps({"uid": bob.id, "sid": sid})) == 401
    assert _me(client, serializer.dumps({"uid": alice.id})) == 401  # the old shape, before revocation existed
    assert _me(client, serializer.dumps({"uid": alice.id, "sid": "made-up"})) == 401


@pytest.mark.parametrize("how", ["passwd", "deactivate"])
def test_password_change_and_deactivation_revoke_every_sign_in(app: Any, client: TestClient, session: Session,
                                                               db_url: str, monkeypatch: pytest.MonkeyPatch,
                                                               how: str) -> None:
    person = f.user(session)
    session.commit()
    login(client, person.email)
    cookie = client.cookies["bitgoeul_session"]
    api = TestClient(app)  # no cookie: a script with a token
    token = _token(api, person.email)
    assert _me(client) == 200 and _me(api, token) == 200
    monkeypatch.setenv("BITGOEUL_DATABASE_URL", db_url)
    args = ["passwd", person.email, "--password", "a brand new password"] if how == "passwd" else \
        ["deactivate", person.email]
    result = CliRunner().invoke(user_cli, args)
    assert result.exit_code == 0, result.output
    assert _me(_replay(app, cookie)) == 401 and _me(api, token) == 401
    old = api.post("/api/v1/auth/token", json={"email": person.email, "password": PASSWORD})
    assert old.status_code == 401
    if how == "passwd":
        assert _me(api, _token(api, person.email, "a brand new password")) == 200
    session.expire_all()
    live = session.scalar(select(func.count()).select_from(AuthSession)
                          .where(AuthSession.user_id == person.id, AuthSession.revoked_at.is_(None)))
    assert live == (1 if how == "passwd" else 0)


def test_the_user_commands_refuse_mistakes_with_exit_2(db_url: str, monkeypatch: pytest.MonkeyPatch,
                                                       session: Session) -> None:
    person = f.user(session)
    session.commit()
    monkeypatch.setenv("BITGOEUL_DATABASE_URL", db_url)
    runner = CliRunner()
    unknown = runner.invoke(user_cli, ["deactivate", "nobody@example.org"])
    assert unknown.exit_code == 2 and "nobody@example.org" in unknown.output
    short = runner.invoke(user_cli, ["passwd", person.email, "--password", "short"])
    assert short.exit_code == 2 and "Traceback" not in short.output


def test_changing_ones_own_password_ends_every_other_sign_in(app: Any, client: TestClient,
                                                             session: Session) -> None:
    person = f.user(session)
    session.commit()
    login(client, person.email)
    other_browser = TestClient(app)
    login(other_browser, person.email)
    api = TestClient(app)
    token = _token(api, person.email)
    assert client.get("/account/password").status_code == 200
    wrong = client.post("/account/password", data={"current": "not my password", "new": "a brand new password",
                                                   "csrf_token": csrf_of(client, "/account/password")})
    assert wrong.status_code == 422 and _me(other_browser) == 200 and _me(api, token) == 200
    done = client.post("/account/password", data={"current": PASSWORD, "new": "a brand new password",
                                                  "csrf_token": csrf_of(client, "/account/password")},
                       follow_redirects=False)
    assert done.status_code == 303
    assert _me(client) == 200  # this browser carries on with a fresh session
    assert _me(other_browser) == 401 and _me(api, token) == 401
    assert _token(api, person.email, "a brand new password")
    anonymous = TestClient(app).get("/account/password", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
