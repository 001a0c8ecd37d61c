"""`bitgoeul dialogue ...`: import an article as a draft session, list sessions and follow-up actions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from bitgoeul.cli_support import fail, open_session, say
from bitgoeul.core.i18n import as_message

app = typer.Typer(help=say("dialogue.cli.monday_dialogue"), no_args_is_help=True)


def _read(path: Path) -> bytes:
    """At most one byte past the limit is read, so an enormous file is refused without loading it."""
    from bitgoeul.dialogue.extract import MAX_BYTES

    if not path.is_file():
        fail(say("dialogue.cli.no_such_file", path=path))
    with path.open("rb") as handle:
        return handle.read(MAX_BYTES + 1)


def _operator(session: Any, email: str | None) -> Any:
    """Who the saved draft is recorded as: the named operator, or the first one."""
    from sqlalchemy import select

    from bitgoeul.accounts.models import User

    statement = select(User).where(User.role == "operator", User.is_active.is_(True)).order_by(User.id)
    if email:
        statement = statement.where(User.email == email)
    user = session.scalars(statement).first()
    if user is None:
        fail(say("dialogue.cli.no_operator_account_create_one"))
    return user


@app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="Korean article: plain text or a saved HTML page"),
    as_json: bool = typer.Option(False, "--json", help="Print the draft as contract JSON (nothing saved)"),
    save: bool = typer.Option(False, "--save", help="Save it as a draft session for an operator to review"),
    by: str | None = typer.Option(None, "--by", help="Operator e-mail recorded as importer (default: first)"),
) -> None:
    """Read a news article about a dialogue session into a draft; nothing is published without review."""
    from bitgoeul.core.errors import DomainError
    from bitgoeul.dialogue.extract import ArticleError, extract_draft, to_contract_dict
    from bitgoeul.dialogue.importer import warning_data

    raw = _read(file)
    saved: dict[str, Any] | None = None
    if save:
        saved = _save(raw, file.name, by)
    try:
        draft = extract_draft(raw)
    except ArticleError as exc:
        fail(as_message({"key": exc.key, **exc.params}))
    except DomainError as exc:
        fail(exc.message)
    if as_json:
        sys.stdout.write(json.dumps(to_contract_dict(draft), ensure_ascii=False, indent=1) + "\n")
        for warning in draft.warnings:
            typer.echo(f"warning: {as_message(warning_data(warning, draft))}", err=True)
        if saved:
            typer.echo(f"saved draft session #{saved['id']}", err=True)
        return
    _print_draft(draft, saved)


def _save(raw: bytes, name: str, by: str | None) -> dict[str, Any]:
    from bitgoeul.core.errors import DomainError
    from bitgoeul.dialogue.importer import import_article

    try:
        with open_session() as session:
            record = import_article(session, _operator(session, by), raw, name)
            return {"id": record.id, "voices": len(record.voices), "participants": len(record.participants)}
    except DomainError as exc:
        fail(exc.message)


def _print_draft(draft: Any, saved: dict[str, Any] | None) -> None:
    from rich.console import Console
    from rich.table import Table

    from bitgoeul.dialogue.importer import warning_data

    console = Console()
    facts = draft.session
    console.print(f"[bold]{facts.title}[/bold]")
    console.print(f"회차/number {facts.number or '-'} · 날짜/date {facts.date or '-'} · 장소/place {facts.place or '-'}"
                  f" · 기사/published {facts.published or '-'}")
    people = Table(say("dialogue.cli.name"), say("dialogue.cli.organisation"), say("dialogue.cli.role"))
    for person in draft.participants:
        people.add_row(person.name or "-", person.organisation or "-", person.role or "-")
    console.print(people)
    voices = Table(say("dialogue.cli.speaker"), say("dialogue.cli.quote"), say("dialogue.cli.kind"),
                   say("dialogue.cli.themes"))
    for voice in draft.voices:
        voices.add_row(voice.speaker or "-", voice.quote, voice.kind, ", ".join(voice.themes))
    console.print(voices)
    for warning in draft.warnings:
        console.print(f"[yellow]warning:[/yellow] {as_message(warning_data(warning, draft))}")
    if saved:
        console.print(f"saved draft session #{saved['id']} ({saved['participants']} participants, "
                      f"{saved['voices']} voices): review it at /dialogue/sessions/{saved['id']}/review")


@app.command("sessions")
def sessions_command(as_json: bool = typer.Option(False, "--json", help="Print JSON"),
                     q: str = typer.Option("", help="Search words")) -> None:
    """Published sessions, newest first (drafts too: the shell is an operator's)."""
    from bitgoeul.dialogue.exports import session_row
    from bitgoeul.dialogue.service import list_sessions

    with open_session() as session:
        operator = _operator(session, None) if _has_operator(session) else None
        rows = [session_row(s) for s in list_sessions(session, operator, q=q, per_page=100).items]
    _print_rows(rows, as_json, ("id", "number", "held_on", "status", "title"))


@app.command("actions")
def actions_command(as_json: bool = typer.Option(False, "--json", help="Print JSON"),
                    status: str | None = typer.Option(None, help="open, in_progress, done or declined"),
                    overdue: bool = typer.Option(False, help="Only overdue actions")) -> None:
    """Follow-up actions with status, due date and overdue flag."""
    from bitgoeul.dialogue.exports import action_row
    from bitgoeul.dialogue.service import list_actions

    with open_session() as session:
        rows = [action_row(a) for a in list_actions(session, status=status, overdue=overdue, per_page=100).items]
    _print_rows(rows, as_json, ("id", "status", "due_on", "overdue", "progress", "title_ko"))


def _has_operator(session: Any) -> bool:
    from sqlalchemy import select

    from bitgoeul.accounts.models import User

    return session.scalar(select(User.id).where(User.role == "operator").limit(1)) is not None


def _print_rows(rows: list[dict[str, Any]], as_json: bool, columns: tuple[str, ...]) -> None:
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns)
    for row in rows:
        table.add_row(*[str(row.get(c, "")) for c in columns])
    Console().print(table)
