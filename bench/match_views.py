"""CPU and SQL statements per view of the pages that show job and partner matches, in process.

    python bench/match_views.py [--scale 10] [--repeat 30]

Why: issue 13 asks that a view never run again a search it ran for the previous visitor. This loads the
demo data (times `--scale`) into a temporary SQLite database, logs in as the demo person and the demo
AI firm, and for each page that shows matches (the person's home and /talent/me, a job's people, a
partner listing, and their API answers) prints the statements sent and the median CPU time
(`time.process_time`) per request after a first, warming request. Run it on a quiet machine: the figures
of a shared one are noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import factories

from bitgoeul.core.db import make_engine, make_session_factory, session_scope, upgrade
from bitgoeul.core.settings import Settings


def _measure(client: Any, path: str, repeat: int) -> tuple[int, float, int]:
    engine = client.app.state.engine
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    client.get(path)  # warm: the first visitor may compute and store
    event.listen(engine, "before_cursor_execute", count)
    try:
        status = client.get(path).status_code
    finally:
        event.remove(engine, "before_cursor_execute", count)
    cpu = []
    for _ in range(repeat):
        start = time.process_time()
        client.get(path)
        cpu.append(time.process_time() - start)
    return len(seen), statistics.median(cpu) * 1000, status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="match-views-"))
    url = f"sqlite:///{folder}/demo.db"
    upgrade(url)
    engine = make_engine(url)
    from bitgoeul.demo import load_all
    from bitgoeul.demo_scale import scale_up
    from bitgoeul.exchange.models import PartnerListing
    from bitgoeul.talent.match_store import rebuild
    from bitgoeul.talent.models import Job

    with session_scope(make_session_factory(engine)) as session:
        load_all(session)
        scale_up(session, args.scale)
        rebuild(session)
    with session_scope(make_session_factory(engine)) as session:
        from bitgoeul.accounts.models import User

        job_row = session.execute(select(Job.id, Job.organisation_id).where(Job.status == "published")
                                  .order_by(Job.id)).first()
        assert job_row is not None, "the demo data has no published job"
        job, firm_id = job_row
        member = session.scalars(select(User.email).where(User.organisation_id == firm_id)
                                 .order_by(User.id)).first() or "operator@example.org"
        listing = session.scalars(select(PartnerListing.id).order_by(PartnerListing.id)).first()
    engine.dispose()
    from bitgoeul.web.app import create_app

    settings = Settings(database_url=url, secret_key="bench-secret-key-not-for-production-0123456789",  # noqa: S106
                        environment="test", default_language="ko", city_ko="광주", city_en="Gwangju", queue_url="")
    views = {"grad01@example.com": ["/", "/talent/me", "/api/v1/talent/matches"],
             member: [f"/talent/jobs/{job}/people", f"/api/v1/talent/jobs/{job}/people",
                                       f"/exchange/partners/{listing}", f"/api/v1/exchange/listings/{listing}/matches"]}
    print(f"scale {args.scale}, {args.repeat} requests each, median CPU per request")
    print(f"{'view':<48} {'status':>6} {'statements':>10} {'CPU ms':>8}")
    for email, paths in views.items():
        app = create_app(settings)
        with TestClient(app) as client:
            factories.login(client, email, "bitgoeul-demo")  # the demo accounts' password (README)
            for path in paths:
                statements, cpu, status = _measure(client, path, args.repeat)
                print(f"{path:<48} {status:>6} {statements:>10} {cpu:>8.1f}")
        app.state.engine.dispose()


if __name__ == "__main__":
    main()
