"""`bitgoeul exchange ...` commands; the lead mounts `app` on the main command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bitgoeul.core.files import FileRefused, read_at_most
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

app = typer.Typer(help="교류: 1:1 미팅 일정 등 / Exchange: 1:1 meeting schedules and more.", no_args_is_help=True)


@app.callback()
def _group() -> None:
    """교류 / Exchange."""  # a callback keeps `schedule` a named subcommand even while it is the only one


def _fail(message: str) -> typer.Exit:
    Console(stderr=True, soft_wrap=True).print(f"[bold red]오류 / error:[/] {message}", highlight=False)
    return typer.Exit(code=2)


def _render(result: Schedule) -> None:
    table = Table(
        title=f"1:1 미팅 / meetings: {len(result.meetings)} · 총 관심도 / total weight {result.total_weight}"
        f" · 상한 / upper bound {result.upper_bound} · {result.seconds:.2f} s"
    )
    for header in ("시간대 / slot", "테이블 / table", "참석자 A / attendee A", "참석자 B / attendee B"):
        table.add_column(header)
    for m in result.meetings:
        table.add_row(m.slot, str(m.table), m.a, m.b)
    Console().print(table)


@app.command("schedule")
def schedule_command(
    input_path: Annotated[Path, typer.Argument(metavar="INPUT.json", help="일정 입력 파일 / input file")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON으로 출력 / print JSON")] = False,
    exact: Annotated[bool, typer.Option("--exact", help="정수계획으로 최적해 / exact integer program")] = False,
    time_limit: Annotated[float | None, typer.Option("--time-limit", min=0.0, help="초 / seconds")] = None,
) -> None:
    """1:1 미팅 일정을 짭니다 / Schedule 1:1 meetings from INPUT.json."""
    try:
        with input_path.open("rb") as handle:
            doc = json.loads(read_at_most(handle, MAX_INPUT_BYTES, input_path.name).decode("utf-8"))
    except FileRefused as exc:
        raise _fail(exc.message) from None
    except OSError as exc:
        raise _fail(f"파일을 읽을 수 없습니다 / cannot read {input_path}: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise _fail(f"JSON 형식 오류 / invalid JSON in {input_path}: {exc}") from None
    try:
        inp = parse_input(doc)
        result = schedule(inp, exact=exact, time_limit=time_limit)
        notes = explain_infeasibility(inp, result)
    except ScheduleInputError as exc:
        raise _fail(str(exc)) from None
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
        warn.print(f"[yellow]참고 / note:[/] {note.message}", highlight=False)
    if len(left_out) > _SHOWN_LEFT_OUT:
        more = len(left_out) - _SHOWN_LEFT_OUT
        warn.print(
            f"[yellow]참고 / note:[/] 배정되지 않은 꼭 만날 쌍 {more}개 더 / {more} more must-meet pairs not scheduled"
        )
