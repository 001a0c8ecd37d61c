"""Shared fixtures: a migrated database per test (SQLite always, PostgreSQL when configured), the app,
HTTP clients that log in through the real forms, and a live server with headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from bitgoeul.core.db import Base, make_engine, make_session_factory, upgrade
from bitgoeul.core.registry import install_hooks, load_models
from bitgoeul.core.settings import Settings

POSTGRES_ENV = "BITGOEUL_TEST_POSTGRES_URL"
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CHROMIUM = os.environ.get("BITGOEUL_CHROMIUM", "/usr/bin/chromium")
# Rate limits far beyond what any test does, for servers that many tests share (see live_server).
UNLIMITED = "login=1000000/900,signup=1000000/3600,search=1000000/60,import=1000000/3600"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> None:
    from bitgoeul.core.auth import use_fast_hashing_for_tests

    use_fast_hashing_for_tests()


@pytest.fixture(autouse=True, scope="session")
def _session_hooks() -> None:
    """The session hooks the manifests declare, as the app, CLI and worker install them: no import does,
    and tests open sessions of their own (`Session(engine)`) that must keep the index current too."""
    install_hooks()


@pytest.fixture(autouse=True)
def _reader_speaks_korean() -> Iterator[None]:
    """Each test starts with the default reader's language (a CLI run inside a test may switch it)."""
    from bitgoeul.core.i18n import speaking

    with speaking("ko"):
        yield


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in item.keywords and not Path(CHROMIUM).exists():
            item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}"))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate once; each test copies the file (much faster than migrating per test)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        pytest.skip(f"{POSTGRES_ENV} not set: PostgreSQL tests skipped")
    name = f"bitgoeul_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    upgrade(url)
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate(url: str) -> None:
    """Empty the shared PostgreSQL database and forget what this process remembered of it. TRUNCATE writes
    around the ORM, and the next test refills the same URL with rows that may match the old ones in count,
    newest id and change counter, so the per-database caches (search index, talent's match pool, figures
    cached against table versions, Kiwi's user words, timetables) could not tell the data had changed."""
    from bitgoeul.core import write_stamps
    from bitgoeul.matching import memory, pgvector_search, userwords
    from bitgoeul.talent import match_store
    from bitgoeul.transit import network

    load_models()
    engine = make_engine(url)
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()
    memory.forget(url)
    pgvector_search.forget(url)
    match_store.forget(url)
    userwords.forget()
    write_stamps.forget()
    network.clear_cache()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    """A migrated, empty database: a fresh SQLite file, or the shared PostgreSQL test database emptied."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_url")
        _truncate(url)
        yield url


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(database_url=db_url, secret_key="test-secret-key-for-the-suite-only-0123456789",
                    environment="test", default_language="ko", city_ko="광주", city_en="Gwangju", queue_url="")


@pytest.fixture
def session(settings: Settings) -> Iterator[Session]:
    engine = make_engine(settings.database_url)
    factory = make_session_factory(engine)
    with factory() as db:
        yield db
    engine.dispose()


@pytest.fixture
def app(settings: Settings) -> Iterator[Any]:
    from bitgoeul.web.app import create_app

    application = create_app(settings)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app under uvicorn on loopback, over a SQLite database holding the demo ecosystem."""
    from bitgoeul.core.db import session_scope
    from bitgoeul.demo import load_all
    from bitgoeul.web.app import create_app

    path = tmp_path_factory.mktemp("live") / "live.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    with session_scope(make_session_factory(engine)) as db:
        load_all(db)
    engine.dispose()
    # One server for the whole session, every browser test coming from 127.0.0.1: without room in the rate
    # limits, the searches and logins of earlier tests would turn later ones into 429s. The limits
    # themselves are tested on apps of their own (tests/security/test_rate_limits.py).
    settings = Settings(database_url=url, secret_key="live-test-secret-key-0123456789abcdef",
                        environment="test", default_language="ko", city_ko="광주", city_en="Gwangju", queue_url="",
                        rate_limits=UNLIMITED)
    with serving(create_app(settings)) as base_url:
        yield base_url


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """`app` under uvicorn on a free loopback port, in a thread, for as long as the block runs."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("live server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="ko-KR")
    yield context.new_page()
    context.close()
