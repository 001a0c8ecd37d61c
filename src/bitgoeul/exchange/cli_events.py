"""`bitgoeul exchange ...`: the scheduler's `schedule` command (from `exchange.cli`) plus commands over the
database: partner listings and their matches, events, and an event's 1:1 draft (run, show, publish)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.accounts.models import User
from bitgoeul.cli_support import fail, open_session, say
from bitgoeul.core.errors import DomainError
from bitgoeul.core.i18n import current_language
from bitgoeul.core.time import as_utc
from bitgoeul.exchange import cli as scheduler_cli

app = typer.Typer(help=say("exchange.cli_events.exchange_partners_events_1_1"), no_args_is_help=True)
# `schedule INPUT.json` as the scheduler defines it, declared through Typer's own API (not its internal list).
app.command("schedule", help=say("exchange.cli.help_schedule_command"))(scheduler_cli.schedule_command)

JsonOpt = Annotated[bool, typer.Option("--json", help=say("exchange.cli_events.print_json"))]


def _print(rows: list[dict[str, Any]], as_json: bool, title: str) -> None:
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, default=str))
        return
    table = Table(title=title)
    for column in rows[0] if rows else ["-"]:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(v) if v is not None else "-" for v in row.values()))
    Console().print(table)


def _operator(session: Session) -> User:
    """The CLI acts as the platform: the first active operator account (organiser rights on every event)."""
    user = session.scalar(select(User).where(User.role == "operator", User.is_active.is_(True)).order_by(User.id))
    if user is None:
        fail(say("exchange.cli_events.there_no_operator_account"))
    return user


@app.command("partners", help=say("exchange.cli_events.help_partners_command"))
def partners_command(q: str = "", side: str | None = None, intent: str | None = None,
                     as_json: JsonOpt = False) -> None:
    """List partner offers and seeks."""
    from bitgoeul.exchange import partners

    with open_session() as session:
        try:
            page = partners.list_listings(session, q=q, side=side, intent=intent, per_page=100)
        except DomainError as exc:
            fail(exc.message, exc.fields)
        rows = [{"id": x.id, "side": x.side, "intent": x.intent, "domain": x.domain, "region": x.region,
                 "organisation": x.organisation.name_ko, "title": x.title_ko} for x in page.items]
    _print(rows, as_json, say("exchange.cli_events.offers_and_seeks"))


@app.command("matches", help=say("exchange.cli_events.help_matches_command"))
def matches_command(listing_id: int, top: int = 10, lang: str = "ko", as_json: JsonOpt = False) -> None:
    """Partners matching one listing, with reasons."""
    from bitgoeul.exchange import partners

    with open_session() as session:
        try:
            listing = partners.get_listing(session, listing_id)
            found = partners.matches_for(session, listing, top=top)
        except DomainError as exc:
            fail(exc.message, exc.fields)
        rows = [{"id": m.listing.id, "score": m.shown_score, "organisation": m.listing.organisation.name_ko,
                 "title": m.listing.title_ko, "reasons": " · ".join(m.reasons(lang))} for m in found]
    _print(rows, as_json, say("exchange.cli_events.matches_for", listing_id=listing_id))


@app.command("events", help=say("exchange.cli_events.help_events_command"))
def events_command(q: str = "", kind: str | None = None, when: str | None = None, as_json: JsonOpt = False) -> None:
    """Events with their registrations."""
    from bitgoeul.exchange import events

    with open_session() as session:
        try:
            page = events.list_events(session, _operator(session), q=q, kind=kind, when=when, per_page=100)
        except DomainError as exc:
            fail(exc.message, exc.fields)
        rows = []
        for e in page.items:
            figures = events.counts(session, e)
            rows.append({"id": e.id, "kind": e.kind, "status": e.status, "title": e.title_ko,
                         "starts_at": as_utc(e.starts_at).isoformat(), "capacity": e.capacity, "going": figures.going,
                         "waitlisted": figures.waitlisted, "checked_in": figures.checked_in})
    _print(rows, as_json, say("exchange.cli_events.events"))


@app.command("event-schedule", help=say("exchange.cli_events.help_event_schedule_command"))
def event_schedule_command(
    event_id: int,
    run: Annotated[bool, typer.Option("--run", help=say("exchange.cli_events.make_new_draft"))] = False,
    publish: Annotated[bool, typer.Option("--publish", help=say("exchange.cli_events.publish_draft"))] = False,
    time_limit: float = 5.0,
    as_json: JsonOpt = False,
) -> None:
    """Run, show and publish an event's 1:1 timetable."""
    from bitgoeul.exchange import meetings

    with open_session() as session:
        actor = _operator(session)
        try:
            if run:
                meetings.run_schedule(session, actor, event_id, time_limit=time_limit)
            if publish:
                meetings.publish(session, actor, event_id)
            view = meetings.draft(session, actor, event_id)
        except DomainError as exc:
            fail(exc.message, exc.fields)
        rows: list[dict[str, Any]] = [{"slot": as_utc(m.slot.starts_at).isoformat(), "table": m.table, "a": m.a.name,
                                       "b": m.b.name, "pinned": m.pinned} for m in view.meetings]
        notes = [meetings.note_text(n, view.names, current_language()) for n in view.notes]
        doc = {"state": view.state, "total_weight": view.total_weight, "upper_bound": view.upper_bound,
               "meetings": rows, "notes": notes}
    if as_json:
        typer.echo(json.dumps(doc, ensure_ascii=False))
        return
    _print(rows, False, say("exchange.cli_events.bound", view_state=view.state, view_total_weight=view.total_weight,
                            view_upper_bound=view.upper_bound))
    for note in notes:
        Console(stderr=True).print(say("exchange.cli_events.note", note=note), highlight=False)
