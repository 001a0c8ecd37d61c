"""The capabilities the core loops over: each names its routers, CLI group, exports and demo loader."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer
    from fastapi import APIRouter
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
    """A capability's manifest. Loaders are callables so importing a manifest stays cheap."""

    name: str
    models: str | None = None  # module whose import registers the ORM models
    pages: Callable[[], APIRouter] | None = None
    api: Callable[[], APIRouter] | None = None
    cli: Callable[[], typer.Typer] | None = None
    exports: Callable[[], Mapping[str, Any]] = field(default=lambda: {})
    nav: tuple[tuple[str, str], ...] = ()  # (path, message key) for the top navigation
    demo: Callable[[Session], None] | None = None
    order: int = 100  # demo loaders run and navigation shows in this order (lowest first)
    # Called with the settings when the web app is built: raise to refuse to start misconfigured.
    check: Callable[[Any], None] | None = None
    # Named places people may type in the trip planner (venues, organisations).
    venues: Callable[[Session], list[Venue]] | None = None
    # Called once per web worker before it takes traffic: load models, build caches (see docs/deploy.md).
    warm: Callable[[Session], None] | None = None


PACKAGE = Path(__file__).resolve().parent.parent


@cache
def capabilities() -> list[Capability]:
    """Every sub-package with a `manifest.py` is a capability; adding one needs no edit here."""
    found = [importlib.import_module(f"bitgoeul.{path.parent.name}.manifest").MANIFEST
             for path in sorted(PACKAGE.glob("*/manifest.py"))]
    return sorted(found, key=lambda c: (c.order, c.name))


def load_models() -> None:
    """Import every capability's models so `Base.metadata` is complete (migrations, exports)."""
    for capability in capabilities():
        if capability.models:
            importlib.import_module(capability.models)


def venues(session: Session) -> list[Venue]:
    """Every capability's named places, for the trip planner's place search."""
    return [v for capability in capabilities() if capability.venues for v in capability.venues(session)]


def export_tables() -> dict[str, Any]:
    """Every exportable table name -> ORM model, across capabilities."""
    tables: dict[str, Any] = {}
    for capability in capabilities():
        tables.update(capability.exports())
    return tables
