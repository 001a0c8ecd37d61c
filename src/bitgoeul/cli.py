"""The `bitgoeul` command, assembled from the capabilities' CLI groups."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from bitgoeul.cli_support import fail, open_session, say, use_cli_language
from bitgoeul.core.registry import capabilities, install_hooks, load

use_cli_language()  # help texts are built at import: they speak the locale's language
app = typer.Typer(help=say("cli.help"), no_args_is_help=True, add_completion=False)
config_app = typer.Typer(help=say("cli.config_help"), no_args_is_help=True)
app.add_typer(config_app, name="config")


def _print_version(value: bool) -> None:
    if value:
        from bitgoeul import __version__

        typer.echo(f"bitgoeul {__version__}")
        raise typer.Exit


@app.callback(help=say("cli.help"))
def _root(version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,  # noqa: ARG001 (acts in its callback)
                                       help="Print the version and exit."),
          lang: str | None = typer.Option(None, "--lang", help="ko | en")) -> None:
    """Every command speaks `--lang`, else the locale (LC_ALL / LANG: ko_KR -> ko, en_US -> en), else the default."""
    use_cli_language(lang)
    install_hooks()  # every command's writes keep the search index, match cards and write stamps current


@config_app.command("show")
def config_show(as_json: bool = typer.Option(False, "--json")) -> None:
    """Every setting's effective value (secrets and URL passwords masked)."""
    from bitgoeul.cli_support import settings_or_fail
    from bitgoeul.core.settings import effective

    values = effective(settings_or_fail())
    if as_json:
        typer.echo(json.dumps({spec.env: value for spec, value in values}, ensure_ascii=False, indent=2))
        return
    width = max(len(spec.env) for spec, _ in values)
    for spec, value in values:
        typer.echo(f"{spec.env.ljust(width)}  {value}")


@config_app.command("docs")
def config_docs() -> None:
    """Print docs/configuration.md, generated from the settings registry."""
    from bitgoeul.core.settings import configuration_markdown

    sys.stdout.write(configuration_markdown())


@app.command()
def init() -> None:
    """Create or upgrade the database to the newest schema (Alembic head)."""
    from bitgoeul.cli_support import settings_or_fail
    from bitgoeul.core.db import upgrade

    url = settings_or_fail().database_url
    upgrade(url)
    typer.echo(f"database ready: {url.split('@')[-1]}")


@app.command("demo-data")
def demo_data(if_empty: bool = typer.Option(
        False, "--if-empty", help="Keep a database that already has data (make demo): load only into an empty one"),
              scale: int = typer.Option(1, "--scale", min=1, max=100, help="Load the demo this many times over, "
                                        "each copy recombined from the demo's own texts (benchmarks)"),
) -> None:
    """Load the deterministic demo ecosystem (refuses to load twice, unless --if-empty: then it keeps what is there)."""
    from bitgoeul.core.errors import Conflict, DomainError
    from bitgoeul.demo import load_all

    try:
        with open_session() as session:
            summary = load_all(session)
            if scale > 1:
                from bitgoeul.demo_scale import scale_up

                added = scale_up(session, scale)
                summary = {name: count + added.get(name, 0) for name, count in summary.items()}
    except Conflict as exc:
        if not if_empty:
            fail(exc.message)
        summary = {"kept": True}
    except DomainError as exc:
        fail(exc.message)
    typer.echo(json.dumps(summary, ensure_ascii=False))


@app.command()
def serve(host: str = typer.Option("127.0.0.1"), port: int = typer.Option(8000),
          workers: int = typer.Option(1, min=1, max=64, help="Worker processes (about one per core; docs/deploy.md)"),
          log_level: str = typer.Option(None, "--log-level", help="DEBUG, INFO, WARNING or ERROR (default: "
                                        "BITGOEUL_LOG_LEVEL)."),
          forwarded_allow_ips: str = typer.Option(None, "--forwarded-allow-ips", help="Proxies whose X-Forwarded-* "
                                                  "headers are believed (default: BITGOEUL_FORWARDED_ALLOW_IPS)."),
          reload: bool = typer.Option(False, help="Restart on code changes (development; one worker)."),
          preload: bool = typer.Option(True, help="With several workers: load the models and caches once in the "
                                       "supervisor and fork the workers from it, sharing that memory "
                                       "(docs/deploy.md). --no-preload starts each worker afresh.")) -> None:
    """Serve the web app and API: N worker processes under uvicorn's supervisor, each warm before it serves."""
    import tempfile

    import uvicorn

    from bitgoeul.cli_support import settings_or_fail
    from bitgoeul.core.logs import logging_config
    from bitgoeul.core.settings import LOG_LEVELS, export_to_children

    settings = settings_or_fail()
    level = (log_level or settings.log_level).upper()
    if level not in LOG_LEVELS:
        fail(f"--log-level must be one of {', '.join(LOG_LEVELS)}")
    if reload and workers > 1:
        fail("--reload serves one worker; leave out --workers")
    if workers > 1 and not settings.metrics_dir:
        # Workers add their counters up through files here; a fresh directory per start (old pids' files go).
        shared = tempfile.mkdtemp(prefix="bitgoeul-metrics-")
        export_to_children({"BITGOEUL_METRICS_DIR": shared, "PROMETHEUS_MULTIPROC_DIR": shared})
    elif settings.metrics_dir:
        export_to_children({"PROMETHEUS_MULTIPROC_DIR": settings.metrics_dir})
    if workers > 1 and preload:
        import logging.config

        from bitgoeul.web import prefork

        logging.config.dictConfig(logging_config(level, settings.log_format))
        why_not = prefork.can_fork()
        if why_not is None:
            prefork.preload()
        else:
            logging.getLogger(prefork.__name__).warning("each worker loads its own models: %s", why_not)
    uvicorn.run("bitgoeul.web.asgi:app", host=host, port=port, reload=reload, workers=workers,
                proxy_headers=True, forwarded_allow_ips=forwarded_allow_ips or settings.forwarded_allow_ips,
                log_config=logging_config(level, settings.log_format), log_level=level.lower(),
                access_log=False, timeout_graceful_shutdown=20, server_header=False,
                # The supervisor pings each worker; loading the models can hold a busy worker's interpreter for
                # seconds, and the default 5 s would have it killed and restarted mid-warm-up, forever.
                timeout_worker_healthcheck=60)


@app.command()
def backup(path: Path = typer.Argument(..., help="File to write (gzip JSON lines; see docs/operations.md)")) -> None:
    """Write a consistent snapshot of the database to FILE, also while the server runs."""
    from sqlalchemy.exc import OperationalError

    from bitgoeul.cli_support import settings_or_fail
    from bitgoeul.core.backup import backup as write_backup

    try:
        summary = write_backup(settings_or_fail().database_url, path)
    except (OperationalError, OSError) as exc:
        fail(f"backup failed, no file written: {str(exc).splitlines()[0]}")
    typer.echo(f"backup written: {path} ({summary.tables} tables, {summary.rows} rows)")


@app.command()
def restore(path: Path = typer.Argument(..., help="A file written by `bitgoeul backup`")) -> None:
    """Load FILE into an empty database (SQLite or PostgreSQL, whichever wrote it); exit 2 on a non-empty
    database or a bad file, changing nothing."""
    from bitgoeul.cli_support import settings_or_fail
    from bitgoeul.core.backup import BackupError
    from bitgoeul.core.backup import restore as load_backup

    try:
        summary = load_backup(settings_or_fail().database_url, path)
    except BackupError as exc:
        fail(str(exc))
    typer.echo(f"restored: {path} ({summary.tables} tables, {summary.rows} rows)")


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
    groups: dict[str, typer.Typer] = {}
    for capability in capabilities():
        if capability.cli:
            name = {"accounts": "user", "matching": "match"}.get(capability.name, capability.name)
            groups[name] = load(capability.cli)
            app.add_typer(groups[name], name=name)
    for capability in capabilities():  # a capability's own matching commands join `bitgoeul match`
        if capability.match_commands and "match" in groups:
            load(capability.match_commands)(groups["match"])


_mount_groups()


def main() -> None:
    from bitgoeul.core.settings import SettingsError

    try:
        app()
    except SettingsError as exc:  # a setting read after start-up (web app, worker) is malformed
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from exc
