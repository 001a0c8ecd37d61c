"""What already held on SQLite, kept as tests: a `bitgoeul serve` process killed with SIGKILL in the middle of
a stream of writes loses no write it acknowledged, and eight writers at once never meet "database is locked".

Real processes on loopback, a real SQLite file in WAL mode; bounded by counts, not by time.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from tests.conftest import UNLIMITED

from bitgoeul.accounts.service import create_user
from bitgoeul.core.db import make_engine, make_session_factory, session_scope
from bitgoeul.demonstrations.models import Solution
from bitgoeul.organisations.models import Organisation

BITGOEUL = [sys.executable, "-m", "bitgoeul"]
PASSWORD = "durability-password-1234"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """One `bitgoeul serve` on a fresh SQLite file with one AI firm member, in its own process group."""

    def __init__(self, folder: Path) -> None:
        self.url = f"sqlite:///{folder / 'durable.db'}"
        self.env = {**{k: v for k, v in os.environ.items() if not k.startswith("BITGOEUL_")},
                    "BITGOEUL_DATABASE_URL": self.url, "BITGOEUL_ENV": "test",
                    "BITGOEUL_SECRET_KEY": "durability-test-secret-key-0123456789abcdef",
                    "BITGOEUL_QUEUE_URL": "", "BITGOEUL_EMBED_CACHE": "", "BITGOEUL_RATE_LIMITS": UNLIMITED,
                    "PYTHONPATH": os.pathsep.join(sys.path)}
        subprocess.run([*BITGOEUL, "init"], env=self.env, check=True, capture_output=True, timeout=300)
        engine = make_engine(self.url)
        with session_scope(make_session_factory(engine)) as session:
            firm = Organisation(name_ko="내구성AI", name_en="Durable AI", kind="ai_firm", region="광주 북구")
            session.add(firm)
            session.flush()
            create_user(session, email="firm@example.org", password=PASSWORD, display_name="기업 회원",
                        role="member", organisation_id=firm.id)
        engine.dispose()
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = folder / "serve.log"
        with self.log.open("w") as out:
            self.process = subprocess.Popen([*BITGOEUL, "serve", "--port", str(self.port)], env=self.env,
                                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/readyz", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert self.process.poll() is None, self.log.read_text()
            time.sleep(0.5)
        else:
            pytest.fail(f"server not ready in 240 s:\n{self.log.read_text()[-2000:]}")
        answer = httpx.post(f"{self.base}/api/v1/auth/token", json={"email": "firm@example.org",
                                                                    "password": PASSWORD}, timeout=30)
        self.headers = {"Authorization": f"Bearer {answer.json()['access_token']}"}

    def post_solution(self, client: httpx.Client, label: str) -> httpx.Response:
        return client.post(f"{self.base}/api/v1/solutions", headers=self.headers, timeout=60, json={
            "title_ko": f"내구성 시험 {label}", "summary_ko": "쓰기가 끝까지 남는지 확인하는 솔루션",
            "domain_tags": ["agriculture"]})

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(30)

    def stored_titles(self) -> dict[int, str]:
        engine = make_engine(self.url)
        with make_session_factory(engine)() as session:
            rows = {s.id: s.title_ko for s in session.scalars(select(Solution))}
        engine.dispose()
        return rows


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path)
    try:
        yield running
    finally:
        if running.process.poll() is None:
            os.killpg(running.process.pid, signal.SIGTERM)
            try:
                running.process.wait(30)
            except subprocess.TimeoutExpired:
                running.kill()


def test_sigkill_during_writes_loses_no_acknowledged_write(server: Server) -> None:
    acknowledged: dict[int, str] = {}
    errors: list[Any] = []

    def write() -> None:
        with httpx.Client() as client:
            for n in range(200):
                label = f"#{n}"
                try:
                    answer = server.post_solution(client, label)
                except httpx.HTTPError:
                    return  # the server died under this request: not acknowledged, so it may be lost
                if answer.status_code != 201:
                    errors.append((answer.status_code, answer.text[:200]))
                    return
                acknowledged[answer.json()["id"]] = f"내구성 시험 {label}"

    writer = threading.Thread(target=write)
    writer.start()
    deadline = time.monotonic() + 300
    while len(acknowledged) < 40 and writer.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    server.kill()  # SIGKILL in the middle of the stream: no shutdown, no final checkpoint
    writer.join(60)
    assert not errors, errors
    assert len(acknowledged) >= 40
    stored = server.stored_titles()
    missing = {i: title for i, title in acknowledged.items() if stored.get(i) != title}
    assert not missing, f"{len(missing)} acknowledged writes lost: {sorted(missing)[:10]}"


def test_eight_writers_at_once_never_meet_a_locked_database(server: Server) -> None:
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def write(writer: int) -> None:
        with httpx.Client() as client:
            for n in range(12):
                answer = server.post_solution(client, f"{writer}-{n}")
                with lock:
                    answers.append((answer.status_code, answer.text[:200]))

    threads = [threading.Thread(target=write, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(600)
    assert len(answers) == 8 * 12
    assert [a for a in answers if a[0] != 201] == []
    assert "database is locked" not in server.log.read_text()
    assert len(server.stored_titles()) == 8 * 12
