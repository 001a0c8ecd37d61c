"""The `bitgoeul` command, assembled from the capabilities' CLI groups."""

from __future__ import annotations

import json
import sys

import typer

from bitgoeul.cli_support import fail, open_session
from bitgoeul.core.registry import capabilities

app = typer.Typer(help="빛고을 Bitgoeul: 도시 AI 산업 플랫폼 / a city's AI industry platform",
                  no_args_is_help=True, add_completion=False)


@app.command()
def init() -> None:
    """Create or upgrade the database to the newest schema (Alembic head)."""
    from bitgoeul.core.db import upgrade
    from bitgoeul.core.settings import load_settings

    url = load_settings().database_url
    upgrade(url)
    typer.echo(f"database ready: {url.split('@')[-1]}")


@app.command("demo-data")
def demo_data() -> None:
    """Load the deterministic demo ecosystem (refuses to load twice)."""
    from bitgoeul.core.errors import DomainError
    from bitgoeul.demo import load_all

    try:
        with open_session() as session:
            summary = load_all(session)
    except DomainError as exc:
        fail(exc.message)
    typer.echo(json.dumps(summary, ensure_ascii=False))


@app.command()
def serve(host: str = typer.Option("127.0.0.1"), port: int = typer.Option(8000),
          reload: bool = typer.Option(False)) -> None:
    """Serve the web app and API."""
    import uvicorn

    uvicorn.run("bitgoeul.web.asgi:app", host=host, port=port, reload=reload)


@app.command()
def export(
    table: str = typer.Argument(None, help="Table to export (see --list)"),
    fmt: str = typer.Option("json", "--format", help="csv or json"),
    list_tables: bool = typer.Option(False, "--list", help="Name the exportable tables"),
) -> None:
    """Export a table as JSON (an array of objects) or CSV (UTF-8 with BOM, opens in spreadsheets)."""
    from bitgoeul.core.export import rows_as_csv, rows_as_json, table_rows
    from bitgoeul.core.registry import export_tables

    tables = export_tables()
    if list_tables:
        typer.echo("\n".join(sorted(tables)))
        return
    if table not in tables:
        fail(f"unknown table {table!r}; known: {', '.join(sorted(tables))}")
    if fmt not in {"csv", "json"}:
        fail("--format must be csv or json")
    with open_session() as session:
        rows = table_rows(session, tables[table])
    if fmt == "json":
        sys.stdout.write(rows_as_json(rows) + "\n")
    else:
        sys.stdout.buffer.write(rows_as_csv(rows, tables[table]).encode("utf-8-sig"))


def _mount_groups() -> None:
    for capability in capabilities():
        if capability.cli:
            name = {"accounts": "user", "matching": "match"}.get(capability.name, capability.name)
            app.add_typer(capability.cli(), name=name)


_mount_groups()


def main() -> None:
    app()
