"""The capabilities the core loops over: each names its routers, CLI group, exports and demo loader."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Venue:
    """A named place a capability knows (an event's venue, an organisation), so people can plan a trip to it
    by name. Coordinates where known; else `area`, words naming its district or city ("광주 북구")."""

    key: str  # unique across capabilities, e.g. "event:12"
    name_ko: str
    name_en: str = ""
    lat: float | None = None
    lon: float | None = None
    area: str = ""


@dataclass(frozen=True)
class Capability:
    """A capability's manifest: data only. Every part is a dotted path, "module:attribute", that `load` imports
    when it is first needed, so reading the manifests imports nothing else and no import registers anything."""

    name: str
    models: str | None = None  # module whose import registers the ORM models
    pages: str | None = None  # an APIRouter of pages
    api: str | None = None  # an APIRouter under /api/v1
    cli: str | None = None  # a typer.Typer, the `bitgoeul <name>` command group
    exports: Mapping[str, str] = field(default_factory=dict)  # table name -> ORM model
    nav: tuple[tuple[str, str], ...] = ()  # (path, message key) for the top navigation
    demo: str | None = None  # load_demo(session)
    order: int = 100  # demo loaders run and navigation shows in this order (lowest first)
    # check(settings), called when the web app is built: raise to refuse to start misconfigured.
    check: str | None = None
    # venues(session) -> list[Venue]: named places people may type in the trip planner.
    venues: str | None = None
    # warm(session), called once per web worker before it takes traffic: load models, build caches.
    warm: str | None = None
    # register(), adding the capability's kinds to site search (bitgoeul.matching.kinds).
    search_kinds: str | None = None
    # indicators() -> Indicators for the dashboard (bitgoeul.core.indicators).
    indicators: str | None = None
    # A sequence of bitgoeul.matching.stored.Relation: record-to-record lists stored and refreshed by matching.
    match_lists: str | None = None
    # register(group), adding the capability's commands to the `bitgoeul match` group (its own matching).
    match_commands: str | None = None
    # hook point -> dotted paths. Under SESSION_HOOKS each names a mapping {Session event: listener} that
    # `install_hooks` attaches; any other point ("talent.job_published") is called, through `hooks(point)`,
    # by the capability that owns it. Declared here, never registered by importing a module.
    hooks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def load(path: str) -> Any:
    """The object a manifest's dotted path names: "bitgoeul.talent.web:router" -> that router."""
    module, _, attribute = path.partition(":")
    return getattr(importlib.import_module(module), attribute)


PACKAGE = Path(__file__).resolve().parent.parent


@cache
def capabilities() -> list[Capability]:
    """Every sub-package with a `manifest.py` is a capability; adding one needs no edit here."""
    found = [importlib.import_module(f"bitgoeul.{path.parent.name}.manifest").MANIFEST
             for path in sorted(PACKAGE.glob("*/manifest.py"))]
    return sorted(found, key=lambda c: (c.order, c.name))


SESSION_HOOKS = "session"
# The core's own hooks, installed before the capabilities' (write stamps see every write).
CORE_HOOKS: Mapping[str, tuple[str, ...]] = {SESSION_HOOKS: ("bitgoeul.core.write_stamps:SESSION_HOOKS",)}


@cache
def hooks(point: str) -> tuple[Any, ...]:
    """The objects declared for hook `point`: the core's first, then the capabilities' in manifest order."""
    paths = [*CORE_HOOKS.get(point, ())]
    for capability in capabilities():
        paths.extend(capability.hooks.get(point, ()))
    return tuple(load(path) for path in paths)


def install_hooks(target: Any = Session) -> None:
    """Attach every declared session hook to `target`, once (calling again adds nothing).

    The web app, the CLI, the embedding worker and the test fixtures call this when they start. The target
    is the Session class, not one sessionmaker: the worker, the readiness probe and many tests open
    `Session(engine)` directly, and every one of those writes must keep the index and stamps current.
    """
    for listeners in hooks(SESSION_HOOKS):
        for name, listener in listeners.items():
            if not event.contains(target, name, listener):
                event.listen(target, name, listener)


def load_models() -> None:
    """Import every capability's models so `Base.metadata` is complete (migrations, exports)."""
    importlib.import_module("bitgoeul.core.write_stamps")  # the core's tables
    importlib.import_module("bitgoeul.core.stored_lists")
    for capability in capabilities():
        if capability.models:
            importlib.import_module(capability.models)


def venues(session: Session) -> list[Venue]:
    """Every capability's named places, for the trip planner's place search."""
    return [v for capability in capabilities() if capability.venues for v in load(capability.venues)(session)]


def export_tables() -> dict[str, Any]:
    """Every exportable table name -> ORM model, across capabilities."""
    tables: dict[str, Any] = {}
    for capability in capabilities():
        tables.update({name: load(path) for name, path in capability.exports.items()})
    return tables
