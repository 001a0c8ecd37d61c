"""SQL statements per page on the demo data: no list or detail page runs a query per row it shows.

Every statement the app's engine sends is counted (`before_cursor_execute`). A list page is fetched
with 1 row per page and with 20: the counts must be equal (one statement of slack, see below), since
a template or service that loads something per row (an organisation, a count, a list of tags) adds
statements as rows are added (the N+1 pattern). Detail pages have no page size; they must stay under
a fixed ceiling. The dashboard must cost the same for 12 months as for 24.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session
from tests import factories
from tests.matching.test_service import bag_embed, bag_vector

from bitgoeul.core import write_stamps
from bitgoeul.core.db import make_engine, make_session_factory, session_scope, upgrade
from bitgoeul.core.settings import Settings
from bitgoeul.matching import memory, worker

# Lists of the demo data, seen by an operator (who sees every list). Each shows more than 1 row on the
# demo data (checked below: the page grows), so 1 and 20 rows per page really differ.
LISTS = ["/solutions", "/needs", "/demonstrations", "/organisations", "/talent/jobs", "/exchange/partners",
         "/exchange/events?when=all", "/dialogue/sessions", "/dialogue/actions", "/dialogue/voices",
         "/education/courses", "/showcase/visits"]
# API lists, paged by their `per_page` parameter.
API_LISTS = ["/api/v1/solutions", "/api/v1/needs", "/api/v1/demonstrations", "/api/v1/organisations",
             "/api/v1/talent/jobs", "/api/v1/exchange/listings", "/api/v1/exchange/events",
             "/api/v1/dialogue/sessions", "/api/v1/dialogue/voices", "/api/v1/dialogue/actions",
             "/api/v1/transit/stops"]
DETAIL_CEILING = 20  # statements: the sign-in, the record, each related list once, the layout


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Engine]]:
    folder: Path = tmp_path_factory.mktemp("counts")
    url = f"sqlite:///{folder}/demo.db"
    upgrade(url)
    worker.configure(f"sqlite:///{folder}/queue.db", embedder=bag_embed, query_embedder=bag_vector)
    memory.forget()
    engine = make_engine(url)
    from bitgoeul.demo import load_all

    with session_scope(make_session_factory(engine)) as session:
        load_all(session)
        operator = factories.operator(session)
        email = operator.email
    worker.embed_pending(url)
    from bitgoeul.web.app import create_app

    app = create_app(Settings(database_url=url, secret_key="test-secret-key-for-the-suite-only-0123456789",
                              environment="test", default_language="ko", city_ko="광주", city_en="Gwangju",
                              queue_url=""))
    with TestClient(app) as client:
        factories.login(client, email)
        yield client, engine
    app.state.engine.dispose()
    engine.dispose()
    worker.configure(None)
    memory.forget()


def _counted(client: Any, path: str, sizes: list[int] | None = None) -> int:
    engine = client.app.state.engine
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, (path, response.status_code)
    if sizes is not None:
        sizes.append(len(response.text))
    return len(seen)


def _per_page(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    for name, module in list(sys.modules.items()):
        if name.startswith("bitgoeul.") and isinstance(getattr(module, "PER_PAGE", None), int):
            monkeypatch.setattr(module, "PER_PAGE", size)


def _list_counts(client: Any, path: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """Statements for the list at 1 row per page and at 20 (pages: PER_PAGE; API: `per_page`)."""
    _counted(client, path)  # warm: first-use loads (search index, user words) are not per row
    sizes: list[int] = []
    if path.startswith("/api/"):
        joiner = "&" if "?" in path else "?"
        few = _counted(client, f"{path}{joiner}per_page=1", sizes)
        many = _counted(client, f"{path}{joiner}per_page=20", sizes)
    else:
        with monkeypatch.context() as patch:
            _per_page(patch, 1)
            few = _counted(client, path, sizes)
        with monkeypatch.context() as patch:
            _per_page(patch, 20)
            many = _counted(client, path, sizes)
    assert sizes[1] > sizes[0], f"{path}: 20 rows per page showed no more than 1 (too few demo rows?)"
    return few, many


def _no_query_per_row(path: str, few: int, many: int) -> None:
    # One statement of slack: an eager load of a relation the single row happens not to have (a voice
    # without actions skips loading answers) is skipped at 1 row. A query per row adds one per extra row,
    # at least 2 on every list here (the smallest, events, shows 3 rows).
    assert many - few <= 1, f"{path}: {few} statements for 1 row, {many} for 20 (a query per row)"


@pytest.mark.parametrize("path", LISTS + API_LISTS)
def test_list_pages_run_as_many_statements_for_1_row_as_for_20(demo: tuple[Any, Engine], path: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    client, _ = demo
    few, many = _list_counts(client, path, monkeypatch)
    _no_query_per_row(path, few, many)


def test_the_check_fails_on_a_list_that_loads_per_row(demo: tuple[Any, Engine],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail: the demonstrations API without its eager loads (how it was before) loads each
    row's KPIs, events and purchase one row at a time, and is caught."""
    from bitgoeul.demonstrations import service

    client, _ = demo
    original = service.list_demonstrations

    def per_row(*args: Any, **kwargs: Any) -> Any:
        return original(*args, **{**kwargs, "with_history": False})

    monkeypatch.setattr(service, "list_demonstrations", per_row)
    few, many = _list_counts(client, "/api/v1/demonstrations", monkeypatch)
    with pytest.raises(AssertionError, match="a query per row"):
        _no_query_per_row("/api/v1/demonstrations", few, many)
    assert many - few >= 3 * 19 - 1  # about three statements for each of the 19 more rows


def _detail_paths(engine: Engine) -> list[str]:
    from bitgoeul.demonstrations.models import Demonstration, Need, Solution
    from bitgoeul.dialogue.models import DialogueAction, DialogueSession, DialogueVoice
    from bitgoeul.education.models import Course
    from bitgoeul.exchange.models import Event, PartnerListing
    from bitgoeul.organisations.models import Organisation
    from bitgoeul.talent.models import Job

    paths = []
    with Session(engine) as session:
        for model, pattern in ((Solution, "/solutions/{}"), (Need, "/needs/{}"), (Demonstration, "/demonstrations/{}"),
                               (Organisation, "/organisations/{}"), (Job, "/talent/jobs/{}"),
                               (PartnerListing, "/exchange/partners/{}"), (Event, "/exchange/events/{}"),
                               (DialogueSession, "/dialogue/sessions/{}"), (DialogueAction, "/dialogue/actions/{}"),
                               (DialogueVoice, "/dialogue/voices/{}"), (Course, "/education/courses/{}")):
            # The first three records of each kind (organisations with solutions and needs among them).
            for record_id in session.scalars(select(model.id).order_by(model.id).limit(3)):
                paths.append(pattern.format(record_id))
    # The API's detail of each kind that has one.
    api_of = {"/solutions/": "/api/v1/solutions/", "/needs/": "/api/v1/needs/",
              "/demonstrations/": "/api/v1/demonstrations/", "/organisations/": "/api/v1/organisations/",
              "/talent/jobs/": "/api/v1/talent/jobs/", "/exchange/partners/": "/api/v1/exchange/listings/",
              "/exchange/events/": "/api/v1/exchange/events/", "/dialogue/sessions/": "/api/v1/dialogue/sessions/",
              "/dialogue/actions/": "/api/v1/dialogue/actions/", "/dialogue/voices/": "/api/v1/dialogue/voices/"}
    api = [api_of[p.rsplit("/", 1)[0] + "/"] + p.rsplit("/", 1)[1] for p in paths
           if p.rsplit("/", 1)[0] + "/" in api_of]
    with Session(engine) as session:
        from bitgoeul.showcase.models import VisitRequest

        paths += [f"/showcase/visits/{i}" for i in session.scalars(select(VisitRequest.id).order_by(VisitRequest.id)
                                                                    .limit(3))]
    return [*paths, *api, "/", "/dashboard", "/education/skills-gap", "/showcase"]


def test_detail_pages_stay_under_a_fixed_number_of_statements(demo: tuple[Any, Engine]) -> None:
    client, engine = demo
    counts = {}
    for path in _detail_paths(engine):
        _counted(client, path)
        counts[path] = _counted(client, path)
    over = {p: n for p, n in counts.items() if n > DETAIL_CEILING}
    assert not over, over
    # Records of one kind show different numbers of related rows (a dialogue session's voices, an
    # organisation's solutions) at the same cost. Events differ by design: a hackathon has tracks and teams.
    by_kind: dict[str, list[int]] = {}
    for path, n in counts.items():
        if path.rsplit("/", 1)[-1].isdigit():  # records of one kind; top-level pages are each their own
            by_kind.setdefault(path.rsplit("/", 1)[0], []).append(n)
    uneven = {k: v for k, v in by_kind.items() if max(v) - min(v) > 1 and not k.endswith("/exchange/events")}
    assert not uneven, uneven



def test_the_dashboard_runs_as_many_statements_for_12_months_as_for_24(demo: tuple[Any, Engine]) -> None:
    client, _ = demo
    _counted(client, "/dashboard")
    # One statement per indicator, whatever the period: its months are its rows. Counted as computed
    # (the figures are cached between writes: a cached view costs a few statements whatever it shows).
    write_stamps.forget()
    twelve = _counted(client, "/dashboard?months=12")
    write_stamps.forget()
    assert twelve == _counted(client, "/dashboard?months=24")
    assert _counted(client, "/dashboard?months=24") < twelve


def test_batched_event_counts_equal_the_per_event_ones(demo: tuple[Any, Engine]) -> None:
    from bitgoeul.exchange import events
    from bitgoeul.exchange.models import Event

    _, engine = demo
    with Session(engine) as session:
        shown = list(session.scalars(select(Event).order_by(Event.id)))
        batched = events.counts_many(session, shown)
        assert shown and any(c.going for c in batched.values())
        assert batched == {e.id: events.counts(session, e) for e in shown}
