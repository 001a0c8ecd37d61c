"""Do wrong-password and unknown-e-mail answers of POST /api/v1/auth/token take the same time?

Run: PYTHONPATH=src .venv/bin/python bench/login_timing.py [ROUNDS]
Builds a temporary SQLite database with one account (production argon2 costs), serves the app in-process
and times ROUNDS (default 30) of each kind, interleaved, with the login limit raised so it never answers
first. Prints one JSON object per kind (median, p90 in ms) and their ratio.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from bitgoeul.accounts.service import create_user
from bitgoeul.core.db import make_engine, make_session_factory, session_scope, upgrade
from bitgoeul.core.registry import install_hooks, load_models
from bitgoeul.core.settings import Settings
from bitgoeul.web.app import create_app


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='bitgoeul-timing-')) / 'timing.db'}"
    upgrade(url)
    load_models()
    install_hooks()
    engine = make_engine(url)
    with session_scope(make_session_factory(engine)) as session:
        create_user(session, email="known@example.org", password="the right password",  # noqa: S106 - a bench account
                    display_name="K")
    engine.dispose()
    app = create_app(Settings(database_url=url, secret_key="timing-bench-secret-0123456789abcdef0123",  # noqa: S106
                              environment="test", default_language="ko", city_ko="광주", city_en="Gwangju",
                              queue_url="", rate_limits="login=1000000/60"))  # time the check, not the 429
    times: dict[str, list[float]] = {"wrong_password": [], "unknown_email": []}
    for n in range(rounds + 3):
        for kind, email in (("wrong_password", "known@example.org"), ("unknown_email", f"u{n}@example.org")):
            client = TestClient(app)
            started = time.perf_counter()
            status = client.post("/api/v1/auth/token", json={"email": email, "password": "not it at all"}).status_code
            elapsed = (time.perf_counter() - started) * 1000
            assert status == 401, status
            if n >= 3:  # warm-up
                times[kind].append(elapsed)
    for kind, values in times.items():
        values.sort()
        print(json.dumps({"kind": kind, "rounds": len(values), "median_ms": round(statistics.median(values), 1),
                          "p90_ms": round(values[int(len(values) * 0.9) - 1], 1)}))
    ratio = statistics.median(times["unknown_email"]) / statistics.median(times["wrong_password"])
    print(json.dumps({"unknown_over_wrong_median": round(ratio, 3)}))
    app.state.engine.dispose()


if __name__ == "__main__":
    main()
