"""Brute force is slowed: after 20 wrong passwords for an account (or from an address) every try gets 429
with Retry-After for the rest of the window, the right password included; counts are shared through Redis
by separate server processes; unknown e-mails cost the same password check as wrong passwords; sign-up,
search and imports are limited too."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests import factories as f
from tests.conftest import free_port
from tests.factories import PASSWORD, csrf_of

from bitgoeul.core import auth
from bitgoeul.core.ratelimit import DEFAULT_RULES, MemoryCounter, RateLimiter, Rule, TooManyRequests, parse_rules
from bitgoeul.core.settings import Settings, SettingsError
from bitgoeul.web.app import create_app

REDIS = "redis://127.0.0.1:6379/0"


def _token(client: Any, email: str, password: str) -> Any:
    return client.post("/api/v1/auth/token", json={"email": email, "password": password})


def _is_429(response: Any) -> bool:
    return response.status_code == 429 and int(response.headers["retry-after"]) > 0


def test_twenty_wrong_passwords_then_429_even_for_the_right_one(client: TestClient, session: Session,
                                                                app: Any) -> None:
    person = f.user(session)
    session.commit()
    for _ in range(DEFAULT_RULES["login"].tries):
        assert _token(client, person.email, "wrong password!").status_code == 401
    refused = _token(client, person.email, PASSWORD)
    assert _is_429(refused) and refused.json()["error"]["code"] == "rate_limited"
    assert 0 < int(refused.headers["retry-after"]) <= DEFAULT_RULES["login"].seconds + 1
    # Another address may still sign in to another account; this account stays closed from anywhere.
    other = f.user(session)
    session.commit()
    elsewhere = TestClient(app, client=("198.51.100.7", 40000))
    assert _token(elsewhere, other.email, PASSWORD).status_code == 200
    assert _is_429(_token(elsewhere, person.email, PASSWORD))


def test_the_login_page_says_so_beside_the_password(client: TestClient, session: Session) -> None:
    person = f.user(session)
    session.commit()
    for _ in range(DEFAULT_RULES["login"].tries):
        page = client.post("/login", data={"email": person.email, "password": "nope nope nope",
                                           "csrf_token": csrf_of(client, "/login")})
        assert page.status_code == 400
    page = client.post("/login", data={"email": person.email, "password": PASSWORD,
                                       "csrf_token": csrf_of(client, "/login")}, follow_redirects=False)
    assert _is_429(page) and 'id="f-email"' in page.text and person.email in page.text
    assert client.get("/api/v1/me").status_code == 401  # not signed in


def test_unknown_emails_pay_the_same_password_check(client: TestClient, session: Session,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Timing is measured in bench/login_timing.py; here: the unknown e-mail runs one real argon2 check,
    exactly like a wrong password."""
    calls: list[str] = []

    class Counting(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            calls.append("verify")
            return super().verify(hash, password)

    monkeypatch.setattr(auth._hashing, "hasher", Counting(time_cost=1, memory_cost=1024, parallelism=1))
    person = f.user(session)
    session.commit()
    calls.clear()
    assert _token(client, person.email, "wrong password!").status_code == 401
    wrong = len(calls)
    calls.clear()
    unknown = _token(client, f"nobody-{uuid.uuid4().hex}@example.org", "wrong password!")
    assert unknown.status_code == 401 and len(calls) == wrong == 1
    assert unknown.json()["error"]["message"] == _token(client, person.email, "x" * 12).json()["error"]["message"]


def test_sign_up_does_not_say_already_registered_and_is_limited(client: TestClient, session: Session) -> None:
    person = f.user(session)
    session.commit()
    taken = client.post("/signup", data={"email": person.email, "password": "long enough password",
                                         "display_name": "X", "csrf_token": csrf_of(client, "/signup")})
    assert taken.status_code == 422 and "already" not in taken.text and "이미 가입" not in taken.text
    for n in range(DEFAULT_RULES["signup"].tries - 1):
        client.post("/signup", data={"email": f"bad{n}", "password": "x", "display_name": "",
                                     "csrf_token": csrf_of(client, "/signup")})
    over = client.post("/signup", data={"email": "fresh@example.org", "password": "long enough password",
                                        "display_name": "X", "csrf_token": csrf_of(client, "/signup")})
    assert _is_429(over)


def test_search_is_limited_per_address_with_configurable_rules(settings: Settings) -> None:
    app = create_app(replace(settings, rate_limits="search=3/60"))
    try:
        with TestClient(app) as client:
            for _ in range(3):
                assert client.get("/api/v1/search", params={"q": "축산"}).status_code == 200
            api = client.get("/api/v1/search", params={"q": "축산"})
            assert _is_429(api) and api.json()["error"]["code"] == "rate_limited"
            page = client.get("/search", params={"q": "축산", "lang": "en"})
            assert _is_429(page) and "Too many tries" in page.text
            other = TestClient(app, client=("203.0.113.9", 1))
            assert other.get("/api/v1/search", params={"q": "축산"}).status_code == 200
    finally:
        app.state.engine.dispose()


def test_rules_and_windows() -> None:
    limiter = RateLimiter(MemoryCounter(), {"login": Rule(2, 3600)})
    limiter.check("login", "a")
    limiter.hit("login", "a")
    limiter.hit("login", "a")
    with pytest.raises(TooManyRequests):
        limiter.check("login", "a")
    limiter.check("login", "b")
    assert parse_rules("login=5/60, search=1/1")["login"] == Rule(5, 60)
    for bad in ("login=5", "nope=1/1", "search=1/0", "login=x/60"):
        with pytest.raises(SettingsError):
            parse_rules(bad)


def _serve(database: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    code = ("import uvicorn; from bitgoeul.web.app import create_app; "
            f"uvicorn.run(create_app(), host='127.0.0.1', port={port}, log_level='warning')")
    return subprocess.Popen([sys.executable, "-c", code], env={**env, "BITGOEUL_DATABASE_URL": database})


def _wait(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"server on {port} did not start")


def test_two_processes_share_the_counts_through_redis(db_url: str, session: Session) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("one database engine is enough for this one")
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    person = f.user(session, email=f"shared-{uuid.uuid4().hex[:10]}@example.org")
    session.commit()
    env = {**os.environ, "BITGOEUL_ENV": "test", "BITGOEUL_SECRET_KEY": "two-process-test-secret-0123456789abcd",
           "BITGOEUL_RATE_LIMIT_URL": REDIS, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    ports = [free_port(), free_port()]
    servers = [_serve(db_url, port, env) for port in ports]
    try:
        for port in ports:
            _wait(port)
        urls = [f"http://127.0.0.1:{port}/api/v1/auth/token" for port in ports]
        # The counts outlive this test in Redis: come from a fresh address (uvicorn believes loopback's
        # X-Forwarded-For) so earlier runs' tries from 127.0.0.1 do not count here.
        proxy = {"x-forwarded-for": f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"}
        for n in range(DEFAULT_RULES["login"].tries):  # alternately: 10 wrong tries through each process
            wrong = httpx.post(urls[n % 2], json={"email": person.email, "password": "wrong password!"},
                               headers=proxy)
            assert wrong.status_code == 401
        for url in urls:
            assert _is_429(httpx.post(url, json={"email": person.email, "password": PASSWORD}, headers=proxy))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)


def test_imports_are_limited_per_account(settings: Settings, session: Session) -> None:
    operator = f.operator(session)
    session.commit()
    app = create_app(replace(settings, rate_limits="import=2/3600"))
    try:
        with TestClient(app) as client:
            token = _token(client, operator.email, PASSWORD).json()["access_token"]
            auth = {"authorization": f"Bearer {token}", "content-type": "text/plain; charset=utf-8"}
            article = "짧은 글".encode()
            for _ in range(2):
                assert client.post("/api/v1/dialogue/import", content=article, headers=auth).status_code != 429
            over = client.post("/api/v1/dialogue/import", content=article, headers=auth)
            assert _is_429(over)
    finally:
        app.state.engine.dispose()
