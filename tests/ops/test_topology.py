"""The deployment topology of compose.yaml, without containers: PostgreSQL, Redis, two `bitgoeul serve`
processes (one of them with two uvicorn workers) and the embedding worker, all real processes on loopback.

A journey through it: both servers answer /readyz 503 while their workers warm, then 200; the first page
after that is served warm; a solution written through one server is found by search through the other
within seconds, semantically once the worker has embedded it; /metrics counts the requests made; the
request id of a failing request is in its answer and in the server's JSON log.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from bitgoeul.accounts.service import create_user
from bitgoeul.core.db import make_engine, make_session_factory, session_scope
from bitgoeul.organisations.models import Organisation
from tests.conftest import UNLIMITED

pytestmark = pytest.mark.postgres
BITGOEUL = [sys.executable, "-m", "bitgoeul"]
REDIS = ("127.0.0.1", 6379)
PASSWORD = "topology-password-1234"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class Processes:
    """Started processes, each in its own session so the whole group (a supervisor's workers) is stopped."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder, self.env, self.running = folder, env, []

    def start(self, name: str, *args: str) -> Path:
        log = self.folder / f"{name}.log"
        with log.open("w") as out:  # the child keeps its own copy of the descriptor
            process = subprocess.Popen([*BITGOEUL, *args], env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        self.running.append(process)
        return log

    def stop(self) -> None:
        for process in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.running:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)


@pytest.fixture
def topology(tmp_path: Path) -> Iterator[dict[str, Any]]:
    admin_url = os.environ.get("BITGOEUL_TEST_POSTGRES_URL")
    if not admin_url:
        pytest.skip("BITGOEUL_TEST_POSTGRES_URL not set: PostgreSQL tests skipped")
    if not redis_answers():
        pytest.skip("no Redis at 127.0.0.1:6379")
    name = f"bitgoeul_topology_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("BITGOEUL_")},
           "BITGOEUL_DATABASE_URL": url, "BITGOEUL_ENV": "production",
           "BITGOEUL_SECRET_KEY": "topology-test-secret-key-0123456789abcdef",
           "BITGOEUL_QUEUE_URL": f"redis://{REDIS[0]}:{REDIS[1]}/13", "BITGOEUL_ALLOWED_HOSTS": "127.0.0.1",
           "BITGOEUL_BASE_URL": "http://127.0.0.1", "BITGOEUL_LOG_FORMAT": "json", "BITGOEUL_EMBED_CACHE": "",
           # The limits count in Redis, shared with every other run on this machine: searches from 127.0.0.1
           # of parallel runs must not add up to a 429 here.
           "BITGOEUL_RATE_LIMITS": UNLIMITED,
           "PYTHONPATH": os.pathsep.join(sys.path)}
    subprocess.run([*BITGOEUL, "init"], env=env, check=True, capture_output=True, timeout=300)
    engine = make_engine(url)
    with session_scope(make_session_factory(engine)) as session:
        firm = Organisation(name_ko="토폴로지AI", name_en="Topology AI", kind="ai_firm", region="광주 북구")
        session.add(firm)
        session.flush()
        create_user(session, email="firm@example.org", password=PASSWORD, display_name="기업 회원", role="member",
                    organisation_id=firm.id)
    engine.dispose()
    processes = Processes(tmp_path, env)
    ports = {"a": free_port(), "b": free_port()}
    logs = {
        "a": processes.start("web-a", "serve", "--port", str(ports["a"]), "--workers", "2"),
        "b": processes.start("web-b", "serve", "--port", str(ports["b"]), "--workers", "1"),
        "worker": processes.start("worker", "match", "worker"),
    }
    try:
        yield {"a": f"http://127.0.0.1:{ports['a']}", "b": f"http://127.0.0.1:{ports['b']}", "logs": logs}
    finally:
        processes.stop()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def wait_ready(base: str, log: Path, workers: int, seen: list[int]) -> None:
    """Poll /readyz until every worker of the server has logged that it is warm and it answers 200."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):  # not listening yet
            seen.append(httpx.get(f"{base}/readyz", timeout=10).status_code)
        if log.read_text(encoding="utf-8").count("worker warm in") >= workers and seen and seen[-1] == 200:
            return
        time.sleep(0.2)
    lines = [line for line in log.read_text(encoding="utf-8").splitlines() if "/readyz" not in line]
    raise AssertionError(f"{base} never became ready ({seen[-5:]}); log:\n" + "\n".join(lines[-40:]))


def test_two_servers_and_the_worker_on_postgresql_and_redis(topology: dict[str, Any]) -> None:
    a, b, logs = topology["a"], topology["b"], topology["logs"]
    seen_a: list[int] = []
    seen_b: list[int] = []
    wait_ready(a, logs["a"], 2, seen_a)
    wait_ready(b, logs["b"], 1, seen_b)
    assert 503 in seen_a + seen_b  # not ready while warming (probes answer during warm-up) ...
    assert seen_a[-1] == seen_b[-1] == 200  # ... then ready
    ready = httpx.get(f"{b}/readyz").json()
    assert ready["checks"] == {"database": "ok", "migrations": "ok", "queue": "ok", "models": "warm"}

    started = time.perf_counter()
    first_page = httpx.get(f"{b}/", timeout=30)
    first_page_seconds = time.perf_counter() - started
    assert first_page.status_code == 200
    # Done-when: under 0.5 s (measured ~0.03 s here); asserted loosely so a busy CI machine does not flake,
    # yet far below the 3.8-4.9 s a cold worker took.
    assert first_page_seconds < 2.0, first_page_seconds

    token = httpx.post(f"{a}/api/v1/auth/token", json={"email": "firm@example.org", "password": PASSWORD},
                       timeout=30).json()["access_token"]
    word = f"토폴로지{uuid.uuid4().hex[:6]}"
    created = httpx.post(f"{a}/api/v1/solutions", headers={"Authorization": f"Bearer {token}"}, timeout=30, json={
        "title_ko": f"{word} 딸기 병해 진단", "summary_ko": "딸기 잎 사진으로 병해를 찾아 알려 주는 서비스",
        "domain_tags": ["agriculture"]})
    assert created.status_code == 201, created.text
    solution_id = created.json()["id"]

    deadline = time.monotonic() + 10
    found: list[Any] = []
    while not found and time.monotonic() < deadline:
        results = httpx.get(f"{b}/api/v1/search", params={"q": word}, timeout=30).json()["results"]
        found = [r for r in results if r["kind"] == "solution" and str(r["id"]) == str(solution_id)]
        time.sleep(0.2)
    assert found, "a solution written through server A was not found through server B within 10 s"

    deadline = time.monotonic() + 120  # the embedding worker picks it up from Redis and stores its vector
    backlog = None
    while time.monotonic() < deadline:
        metrics = httpx.get(f"{b}/metrics", timeout=30).text
        backlog = next(float(line.split()[-1]) for line in metrics.splitlines()
                       if line.startswith("bitgoeul_embedding_backlog "))
        if backlog == 0:
            break
        time.sleep(0.5)
    assert backlog == 0, logs["worker"].read_text(encoding="utf-8")[-3000:]
    semantic = httpx.get(f"{b}/api/v1/search", params={"q": "딸기 잎 병 진단해 주는 AI"}, timeout=30).json()
    assert semantic["mode"] != "lexical" and any(str(r["id"]) == str(solution_id) for r in semantic["results"])

    metrics = httpx.get(f"{a}/metrics", timeout=30).text  # summed over both of A's workers
    counted = [line for line in metrics.splitlines() if line.startswith("bitgoeul_http_requests_total{")
               and 'method="POST"' in line and 'route="/api/v1/solutions"' in line and 'status="201"' in line]
    assert len(counted) == 1 and float(counted[0].split()[-1]) == 1.0, "\n".join(
        line for line in metrics.splitlines() if "requests_total" in line)

    failing = httpx.get(f"{a}/api/v1/solutions/999999", timeout=30)
    request_id = failing.headers["x-request-id"]
    assert failing.status_code == 404 and failing.json()["error"]["request_id"] == request_id
    deadline = time.monotonic() + 5
    lines: list[dict[str, Any]] = []
    while not lines and time.monotonic() < deadline:
        lines = [json.loads(line) for line in logs["a"].read_text(encoding="utf-8").splitlines()
                 if line.startswith("{") and request_id in line]
        time.sleep(0.1)
    assert lines and all(line["request_id"] == request_id for line in lines)
    assert any(line["logger"] == "bitgoeul.access" and line["status"] == 404 for line in lines)
