"""`bitgoeul transit ...`: load GTFS feeds, find stops, plan trips and meetings (JSON with --json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from bitgoeul.cli_support import fail, open_session, say
from bitgoeul.core.errors import DomainError
from bitgoeul.core.i18n import translate

app = typer.Typer(help=say("transit.cli.transport_gtfs_feeds_trip_plans"),
                  no_args_is_help=True)


@app.callback()
def _configure() -> None:
    """Every transit command routes with the configured engine (BITGOEUL_ROUTER_ENGINE)."""
    from bitgoeul.cli_support import settings_or_fail
    from bitgoeul.transit.router.raptor import set_default_engine

    set_default_engine(settings_or_fail().router_engine)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _fail(exc: DomainError, lang: str = "ko") -> None:
    from bitgoeul.transit.place_search import AmbiguousPlace, PlaceProblem
    from bitgoeul.transit.storage import FeedRejected

    if isinstance(exc, PlaceProblem):
        typer.echo(f"{translate('core.error_prefix', lang)}: {exc.render(lang)}", err=True)
        if exc.choices:
            lead = "transit.place.which" if isinstance(exc, AmbiguousPlace) else "transit.did_you_mean"
            typer.echo(translate(lead, lang), err=True)
        for c in exc.choices:
            typer.echo(f"  {c.name(lang)} ({translate(f'transit.kind.{c.kind}', lang)})", err=True)
        raise typer.Exit(2)
    if isinstance(exc, FeedRejected):
        typer.echo(f"error: {exc.message}", err=True)
        for p in exc.problems[:50]:
            typer.echo(f"  {p['file']}:{p['line']}: {p['message']}", err=True)
        if len(exc.problems) > 50:
            typer.echo(f"  ... {len(exc.problems) - 50} more", err=True)
        raise typer.Exit(2)
    fields = {k: v for k, v in exc.fields.items() if v != exc.message}
    fail(exc.message, fields)


@app.command()
def load(
    path: Path = typer.Argument(..., help="GTFS zip or folder"),
    name: str = typer.Option(None, "--name", help="Feed name (default: from the file name)"),
    replace: bool = typer.Option(False, "--replace", help="Reload a feed of the same name"),
    label: str = typer.Option("", "--label", help="'sample' marks a sample timetable in the product"),
    strict: bool = typer.Option(False, "--strict", help="Refuse the feed on any problem, not only fatal ones"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Load a GTFS feed (zip or folder) into the database in one transaction; repeat to combine feeds."""
    from bitgoeul.core.files import ZipLimits
    from bitgoeul.core.settings import load_settings
    from bitgoeul.transit.service import load_into_db

    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                      transient=True, disable=as_json) as bar:
            task = bar.add_task(str(path.name), total=4)

            def step(what: str, done: int, total: int) -> None:
                bar.update(task, completed=done, total=total, description=f"{path.name}: {what}")

            with open_session() as session:
                result = load_into_db(session, None, path, name=name, replace=replace, label=label,
                                      strict=strict, system=True, progress=step,
                                      limits=ZipLimits.from_settings(load_settings()))
                feed = result.feed
                summary: dict[str, Any] = {"name": feed.name, "label": feed.label, "version": feed.version[:12],
                           "replaced": result.replaced, "counts": feed.counts,
                           "service": [str(feed.service_start), str(feed.service_end)], "problems": result.problems}
    except DomainError as exc:
        _fail(exc)
    if as_json:
        _print_json(summary)
        return
    counts = summary["counts"]
    typer.echo(f"{'reloaded' if result.replaced else 'loaded'} {summary['name']}: {counts['stops']} stops, "
               f"{counts['routes']} routes, {counts['trips']} trips, {counts['stop_times']} stop times; "
               f"service {summary['service'][0]} .. {summary['service'][1]}")
    for p in result.problems:
        typer.echo(f"  warning {p['file']}:{p['line']}: {p['message']}")


@app.command()
def feeds(as_json: bool = typer.Option(False, "--json")) -> None:
    """List the loaded feeds with their problem reports."""
    from bitgoeul.transit.service import list_feeds

    with open_session() as session:
        rows: list[dict[str, Any]] = [
            {"name": f.name, "label": f.label, "source": f.source, "loaded_at": f.loaded_at.isoformat(),
                 "service": [str(f.service_start), str(f.service_end)], "counts": f.counts, "problems": f.report}
                for f in list_feeds(session)]
    if as_json:
        _print_json({"feeds": rows})
        return
    for r in rows:
        tag = " [SAMPLE]" if r["label"] == "sample" else ""
        typer.echo(f"{r['name']}{tag}: {r['counts'].get('stops')} stops, {r['counts'].get('trips')} trips, "
                   f"{len(r['problems'])} problem(s), loaded {r['loaded_at'][:16]}")


@app.command()
def remove(name: str = typer.Argument(...)) -> None:
    """Remove a loaded feed."""
    from bitgoeul.transit.service import remove_feed

    try:
        with open_session() as session:
            remove_feed(session, None, name, system=True)
    except DomainError as exc:
        _fail(exc)
    typer.echo(f"removed {name}")


@app.command()
def stops(
    text: str = typer.Argument(..., help="Part of a Korean or English stop name, or an id"),
    limit: int = typer.Option(20, "--limit"),
    lang: str = typer.Option("ko", "--lang", help="ko or en"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Find stops by Korean or English name; close matches are suggested when nothing matches."""
    from bitgoeul.transit.service import close_matches, search_stops

    with open_session() as session:
        hits = search_stops(session, text, limit=limit)
        suggestions = [] if hits else close_matches(session, text)
    data = {"stops": [_hit(h, lang) for h in hits], "suggestions": [_hit(h, lang) for h in suggestions]}
    if as_json:
        _print_json(data)
    else:
        for h in data["stops"]:
            typer.echo(f"{h['id']}\t{h['name']}")
    if not hits:
        names = ", ".join(f"{h['name_ko'] or h['name_en']} ({h['id']})" for h in data["suggestions"])
        fail(say("transit.cli.no_stop_matches", text=text)
             + (say("transit.cli.did_you_mean_2", names=names) if names else ""))


def _hit(h: Any, lang: str) -> dict[str, Any]:
    return {"id": h.id, "name": h.name(lang), "name_ko": h.name_ko, "name_en": h.name_en, "lat": h.lat,
            "lon": h.lon, "station": h.station, "parent": h.parent, "feed": h.feed, "sample": h.sample}


def _print_itinerary(it: dict[str, Any]) -> None:
    typer.echo(f"{it['depart'][11:]} -> {it['arrive'][11:]}  ({it['depart'][:10]}, {it['duration_minutes']} min, "
               f"{it['transfers']} transfer(s)"
               + (f", {it['fare']:,.0f} {it['currency']}" if it.get("fare") and it.get("currency") else "") + ")")
    for leg in it["legs"]:
        what = leg["route"] or leg["mode"]
        towards = f" -> {leg['headsign']}" if leg.get("headsign") else ""
        via = "".join(f"  (via {v['name']})" for v in leg.get("via", []))
        typer.echo(f"  {leg['depart'][11:]} {leg['from']['name']} -> {leg['arrive'][11:]} {leg['to']['name']}"
                   f"  [{leg['mode']}: {what}{towards}]{via}")


@app.command("plan")
def plan_command(
    origin: str = typer.Option(..., "--from", help="A city, airport, station, venue or organisation by name "
                               "(Korean or English), a stop id, or lat,lon"),
    destination: str = typer.Option(..., "--to", help="Like --from"),
    depart: str = typer.Option(..., "--depart", help="YYYY-MM-DDTHH:MM (with --arrive-by: the arrival deadline)"),
    arrive_by: bool = typer.Option(False, "--arrive-by", help="Arrive no later than --depart"),
    window: int = typer.Option(24, "--window", help="Hours after departure (or before arrival) to search"),
    via: list[str] = typer.Option([], "--via", help="Pass through this stop (repeatable)"),
    until: str = typer.Option("", "--until", help="HH:MM: every journey leaving between --depart and this "
                              "(at most 6 hours later), ordered by departure"),
    lang: str = typer.Option("ko", "--lang", help="ko or en names"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Plan a trip: the Pareto set of (arrival, transfers), earliest arrival first; with --until, every
    journey of the departure window that none beats on departure, arrival and transfers, by departure."""
    from bitgoeul.transit.service import plan_trip

    try:
        with open_session() as session:
            result = plan_trip(session, origin=origin, destination=destination, when=depart,
                               arrive_by=arrive_by, window_hours=window, via=via, until=until or None)
            data = result.contract(lang)
            sample = result.network.sample
            ends = [[translate(k, lang, **p) for k, p in result.ends_shown(it, lang)] for it in result.itineraries]
    except DomainError as exc:
        _fail(exc, lang)
    if as_json:
        _print_json(data)
        return
    if sample:
        typer.echo(f"※ {translate('transit.sample_label', lang)}: {translate('transit.sample_note', lang)}")
    for it, used in zip(data["itineraries"], ends, strict=True):
        _print_itinerary(it)
        for line in used:
            typer.echo(f"  ({line})")


@app.command("meet")
def meet_command(
    traveller: list[str] = typer.Option(..., "--traveller", help="STOP@YYYY-MM-DDTHH:MM (repeat per traveller)"),
    candidates: str = typer.Option("hubs", "--candidates", help="hubs, all, or ID,ID,..."),
    rank: str = typer.Option("latest", "--rank", help="latest (arrival), total (time) or fair"),
    limit: int = typer.Option(10, "--limit"),
    lang: str = typer.Option("ko", "--lang", help="ko or en names"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Where and when travellers can meet, ranked; every option carries each traveller's itinerary."""
    from bitgoeul.transit.service import parse_traveller, plan_meeting

    if rank not in ("latest", "total", "fair"):
        fail("--rank must be latest, total or fair")
    try:
        travellers = [parse_traveller(t) for t in traveller]
        with open_session() as session:
            result = plan_meeting(session, travellers=travellers, candidates=candidates, limit=limit)
            data = result.contract(rank, lang)  # type: ignore[arg-type]
    except DomainError as exc:
        _fail(exc, lang)
    if as_json:
        _print_json(data)
        return
    for o in data["options"]:
        typer.echo(f"{o['place']['name']} ({o['place']['id']}): all there by {o['latest_arrival']}, "
                   f"{o['total_minutes']} min in total, fairness gap {o['fairness_minutes']} min")
        for it in o["itineraries"]:
            _print_itinerary(it)
