"""`bitgoeul exchange ...` commands; the lead mounts `app` on the main command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bitgoeul.cli_support import say
from bitgoeul.core.files import FileRefused, read_at_most
from bitgoeul.core.i18n import Message
from bitgoeul.exchange.scheduler import (
    Diagnosis,
    Schedule,
    ScheduleInputError,
    explain_infeasibility,
    parse_input,
    schedule,
    schedule_to_dict,
)

# A schedule input of a few thousand attendees is well under a megabyte; refuse anything far beyond it.
MAX_INPUT_BYTES = 16 * 1024 * 1024

app = typer.Typer(help=say("exchange.cli.exchange_1_1_meeting_schedules"), no_args_is_help=True)


@app.callback(help=say("exchange.cli.help_group"))
def _group() -> None:
    """Exchange."""  # a callback keeps `schedule` a named subcommand even while it is the only one


def _fail(message: str) -> typer.Exit:
    Console(stderr=True, soft_wrap=True).print(say("exchange.cli.error", message=message), highlight=False)
    return typer.Exit(code=2)


def _render(result: Schedule) -> None:
    table = Table(
        title=say("exchange.cli.upper_bound", n=len(result.meetings), total_weight=result.total_weight,
              upper_bound=result.upper_bound, seconds=result.seconds)
    )
    for header in (say("exchange.cli.slot"), say("exchange.cli.table"), say("exchange.cli.attendee"),
                   say("exchange.cli.attendee_b")):
        table.add_column(header)
    for m in result.meetings:
        table.add_row(m.slot, str(m.table), m.a, m.b)
    Console().print(table)


@app.command("schedule", help=say("exchange.cli.help_schedule_command"))
def schedule_command(
    input_path: Annotated[Path, typer.Argument(metavar="INPUT.json", help=say("exchange.cli.input_file"))],
    as_json: Annotated[bool, typer.Option("--json", help=say("exchange.cli.print_json"))] = False,
    exact: Annotated[bool, typer.Option("--exact", help=say("exchange.cli.exact_integer_program"))] = False,
    time_limit: Annotated[float | None, typer.Option("--time-limit", min=0.0, help=say("exchange.cli.seconds"))] = None,
) -> None:
    """Schedule 1:1 meetings from INPUT.json."""
    try:
        with input_path.open("rb") as handle:
            doc = json.loads(read_at_most(handle, MAX_INPUT_BYTES, input_path.name).decode("utf-8"))
    except FileRefused as exc:
        raise _fail(exc.message) from None
    except OSError as exc:
        raise _fail(say("exchange.cli.cannot_read", input_path=input_path, value=exc.strerror or exc)) from None
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise _fail(say("exchange.cli.invalid_json_in", input_path=input_path, exc=exc)) from None
    try:
        inp = parse_input(doc)
        result = schedule(inp, exact=exact, time_limit=time_limit)
        notes = explain_infeasibility(inp, result)
    except ScheduleInputError as exc:
        raise _fail(Message.both(exc.korean, exc.english).render()) from None
    if as_json:
        typer.echo(json.dumps(schedule_to_dict(result), ensure_ascii=False))
    else:
        _render(result)
    _warn(notes)


# Left-out must-meets can number in the hundreds at a big event: show a few and count the rest.
_SHOWN_LEFT_OUT = 10


def _warn(notes: list[Diagnosis]) -> None:
    warn = Console(stderr=True, soft_wrap=True)
    left_out = [n for n in notes if n.kind == "must_unscheduled"]
    for note in [n for n in notes if n.kind != "must_unscheduled"] + left_out[:_SHOWN_LEFT_OUT]:
        warn.print(say("exchange.cli.note", note=Message.both(note.korean, note.english)), highlight=False)
    if len(left_out) > _SHOWN_LEFT_OUT:
        more = len(left_out) - _SHOWN_LEFT_OUT
        warn.print(
            say("exchange.cli.more_must_meet_pairs_not", more=more)
        )
