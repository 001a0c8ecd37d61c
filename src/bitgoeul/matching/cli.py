"""`bitgoeul match ...`: search everything, rebuild the index, run the embedding worker, pgvector."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from bitgoeul.cli_support import fail, open_session, say
from bitgoeul.core.errors import DomainError
from bitgoeul.matching.backend import BackendUnavailable

app = typer.Typer(help=say("matching.cli.matching_and_search"), no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help=say("matching.cli.print_json"))]
TopOpt = Annotated[int, typer.Option("--top", min=1, max=1000, help=say("matching.cli.number_results"))]
LangOpt = Annotated[str, typer.Option("--lang", help=say("matching.cli.title_language"))]


def print_results(results: list[dict[str, Any]], as_json: bool) -> None:
    """Ranked rows ({"kind", "id", "title", "score", "reasons"}) as one JSON document or numbered lines."""
    if as_json:
        typer.echo(json.dumps({"results": results}, ensure_ascii=False))
        return
    console = Console(soft_wrap=True, highlight=False)
    if not results:
        console.print(say("matching.cli.no_results"))
    for rank, row in enumerate(results, 1):
        console.print(f"{rank:>2}. [bold]{escape(row['title'])}[/] ({row['kind']} #{row['id']}) {row['score']}")
        for reason in row["reasons"]:
            console.print(f"      - {escape(reason)}")


@contextmanager
def _progress(label: str, enabled: bool) -> Iterator[Any]:
    """A rich progress bar on stderr (silent with --json so stdout stays one JSON document)."""
    progress = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=Console(stderr=True), disable=not enabled)
    with progress:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update


def check_lang(lang: str) -> str:
    """`lang`, or a clear message and exit when it is neither ko nor en."""
    if lang not in ("ko", "en"):
        fail(say("matching.cli.lang_choice"))
    return lang


@app.command("search", help=say("matching.cli.help_search_command"))
def search_command(
    query: Annotated[str, typer.Argument(help=say("matching.cli.query"))],
    kind: Annotated[list[str] | None, typer.Option("--kind", help=say("matching.cli.kind_repeatable"))] = None,
    top: TopOpt = 10, as_json: JsonOpt = False, lang: LangOpt = "ko",
    mode: Annotated[str, typer.Option("--mode", help="hybrid|lexical|dense")] = "hybrid",
) -> None:
    """Search every kind (solutions, needs, organisations, ...), best first."""
    from bitgoeul.matching import service

    check_lang(lang)
    try:
        with open_session() as session:
            outcome = service.search(session, query, kinds=kind or None, top=top, mode=mode)
    except DomainError as exc:
        fail(exc.message, exc.fields)
    except BackendUnavailable as exc:
        fail(str(exc))
    print_results([r.as_json(lang) for r in outcome.results], as_json)


@app.command("reindex", help=say("matching.cli.help_reindex_command"))
def reindex_command(
    kind: Annotated[list[str] | None, typer.Option("--kind", help=say("matching.cli.only_kind"))] = None,
    embed: Annotated[bool, typer.Option("--embed/--no-embed", help=say("matching.cli.also_compute_vectors"))] = True,
    as_json: JsonOpt = False,
) -> None:
    """Re-analyse every record, drop vanished ones, then compute missing vectors."""
    from bitgoeul.core.settings import load_settings
    from bitgoeul.matching import indexing, worker

    try:
        with open_session() as session, _progress(say("matching.cli.indexing"), not as_json) as update:
            written = indexing.reindex(session, kind or None, update)
            indexing.discard_queue(session)  # vectors are computed below (or queued once)
    except ValueError as exc:
        fail(str(exc))
    summary: dict[str, Any] = {"indexed": written}
    url = load_settings().database_url
    if embed:
        with _progress(say("matching.cli.vectors"), not as_json) as update:
            report = worker.embed_pending(url, progress=update)
        summary.update(embedded=report.embedded, from_cache=report.from_cache, failed=report.failed,
                       remaining=report.remaining)
    else:
        worker.enqueue_embedding(url)
    _print_summary(summary, as_json)


@app.command("embed", help=say("matching.cli.help_embed_command"))
def embed_command(
    limit: Annotated[int | None, typer.Option("--limit", min=1, help=say("matching.cli.at_most_many"))] = None,
    as_json: JsonOpt = False,
) -> None:
    """Compute vectors still pending (what the worker does), now."""
    from bitgoeul.core.settings import load_settings
    from bitgoeul.matching import worker

    with _progress(say("matching.cli.vectors"), not as_json) as update:
        report = worker.embed_pending(load_settings().database_url, limit=limit, progress=update)
    _print_summary({"embedded": report.embedded, "from_cache": report.from_cache, "failed": report.failed,
                    "remaining": report.remaining, "errors": report.errors[:5]}, as_json)
    if report.failed:
        raise typer.Exit(1)


@app.command("lists", help=say("matching.cli.help_lists_command"))
def lists_command(as_json: JsonOpt = False) -> None:
    """Stored match lists (similar solutions, buyers who need this, a need's solutions) for every record, now."""
    from bitgoeul.matching import stored

    try:
        with open_session() as session:
            written = stored.precompute(session)
    except BackendUnavailable as exc:
        fail(str(exc))
    _print_summary({"lists_written": written}, as_json)


@app.command("status", help=say("matching.cli.help_status_command"))
def status_command(as_json: JsonOpt = False) -> None:
    """Records per kind, vectors, pending and failed embeddings."""
    from bitgoeul.matching import service

    try:
        with open_session() as session:
            summary = service.status(session)
    except BackendUnavailable as exc:
        fail(str(exc))
    _print_summary(summary, as_json)


@app.command("pg-enable", help=say("matching.cli.help_pg_enable_command"))
def pg_enable_command(
    m: Annotated[int, typer.Option("--m", min=2, max=100, help=say("matching.cli.hnsw_links_per_node"))] = 16,
    ef_construction: Annotated[int, typer.Option("--ef-construction", min=4, max=1000,
                                                 help=say("matching.cli.hnsw_build_breadth"))] = 64,
    as_json: JsonOpt = False,
) -> None:
    """Create the PostgreSQL + pgvector search tables and copy every record in (idempotent)."""
    from bitgoeul.core.settings import search_backend
    from bitgoeul.matching import pgvector_backend as pg

    try:
        with open_session() as session, _progress("pgvector", not as_json) as update:
            connection = session.connection()
            pg.enable(connection, vector_index=False)
            copied = pg.sync(connection, update)
            pg.enable(connection, m=m, ef_construction=ef_construction)  # HNSW over the copied rows
            state = pg.read_state(connection)
    except BackendUnavailable as exc:
        fail(str(exc))
    _print_summary({"copied": copied, "records": state.docs, "vectors": state.vectors,
                    "backend": search_backend()}, as_json)
    if search_backend() != "pgvector" and not as_json:
        typer.echo(say("matching.cli.set_bitgoeul_search_backend_pgvector"), err=True)


@app.command("worker", help=say("matching.cli.help_worker_command"))
def worker_command(
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help=say("matching.cli.worker_threads"))] = 1,
) -> None:
    """Run the embedding worker (huey consumer) on BITGOEUL_QUEUE_URL."""
    from bitgoeul.core.logs import configure_logging
    from bitgoeul.core.registry import install_hooks
    from bitgoeul.core.settings import load_settings
    from bitgoeul.matching import worker

    install_hooks()  # the worker's writes keep the write stamps current, as the web app's do
    settings = load_settings()
    configure_logging(settings.log_level, settings.log_format)  # the same JSON lines as the web workers
    instance = worker.huey_for(settings.database_url)
    instance.create_consumer(workers=workers, periodic=True).run()


def _print_summary(summary: dict[str, Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
    else:
        for key, value in summary.items():
            typer.echo(f"{key}: {value}")
