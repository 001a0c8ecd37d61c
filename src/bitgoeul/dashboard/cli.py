"""`bitgoeul dashboard ...`: print the indicators, or export every series as open data."""

from __future__ import annotations

import json

import typer

from bitgoeul.cli_support import fail, open_session, say
from bitgoeul.core.i18n import current_language, pick

app = typer.Typer(help=say("dashboard.cli.dashboard_programme_indicators_and_open"),
                  no_args_is_help=True)

START = typer.Option(None, "--from", help="first month, YYYY-MM (default: 11 months before --to)")
END = typer.Option(None, "--to", help="last month, YYYY-MM (default: this month)")


@app.command("show")
def show(start: str | None = START, end: str | None = END,
         as_json: bool = typer.Option(False, "--json", help="Print the series as the API's JSON")) -> None:
    """Every indicator: its latest month's value and the change from the month before."""
    from rich.console import Console
    from rich.table import Table

    from bitgoeul.core.errors import DomainError
    from bitgoeul.dashboard.service import overview, series_out, value_text

    with open_session() as session:
        try:
            all_series = overview(session, start, end)
        except DomainError as exc:
            fail(exc.message, exc.fields)
    if as_json:
        typer.echo(json.dumps([series_out(s) for s in all_series], ensure_ascii=False, indent=1))
        return
    table = Table(title=f"{all_series[0].months[0]} ~ {all_series[0].months[-1]}" if all_series else "")
    for column in (say("dashboard.cli.indicator"), "code", say("dashboard.cli.latest"), say("dashboard.cli.change")):
        table.add_column(column)
    for s in all_series:
        i = s.indicator
        language = current_language()
        table.add_row(pick(language, i.name_ko, i.name_en), i.code, value_text(s.latest, i.unit, language),
                      value_text(s.change, i.unit, language, signed=True))
    Console().print(table)


@app.command("export")
def export(fmt: str = typer.Option("csv", "--format", help="csv or json"), start: str | None = START,
           end: str | None = END,
           indicator: str | None = typer.Option(None, "--indicator", help="only this indicator's code")) -> None:
    """Every series in long format (indicator, month, value, unit), on standard output."""
    from bitgoeul.core.errors import DomainError
    from bitgoeul.core.export import csv_text, rows_as_json
    from bitgoeul.dashboard.service import EXPORT_FIELDS, export_rows, overview, series

    if fmt not in {"csv", "json"}:
        fail(say("dashboard.cli.format_csv_or_json"), {"format": fmt})
    with open_session() as session:
        try:
            all_series = [series(session, indicator, start, end)] if indicator else overview(session, start, end)
        except DomainError as exc:
            fail(exc.message, exc.fields)
    rows = export_rows(all_series)
    typer.echo(rows_as_json(rows) if fmt == "json" else csv_text(rows, EXPORT_FIELDS), nl=fmt == "json")
