"""No import registers anything: hooks are declared in the manifests and installed by the app, the CLI and the
demo loader when they start (core/registry.install_hooks).

Each check runs in a fresh interpreter, since this test session's own fixtures have installed the hooks.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"

# Imports every module of src/bitgoeul but the three entry points that act when imported (`python -m
# bitgoeul`, alembic's env.py, and the ASGI module uvicorn imports, which builds the app); then prints the
# Session listeners, the exchange scheduler's commands, and what an entry point (argv[1]) leaves installed.
PROBE = r'''
import importlib, json, pkgutil, sys, tempfile
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionEvents

import bitgoeul

EVENTS = [n for n in vars(SessionEvents) if not n.startswith("_") and callable(getattr(SessionEvents, n))]


def listeners():
    session = Session()
    counts = {n: len(getattr(session.dispatch, n)) for n in EVENTS if hasattr(session.dispatch, n)}
    return {n: c for n, c in counts.items() if c}


from bitgoeul.exchange import cli as scheduler_cli
scheduler_commands = len(scheduler_cli.app.registered_commands)
skip = ("bitgoeul.__main__", "bitgoeul.migrations.env", "bitgoeul.web.asgi")
for info in pkgutil.walk_packages(bitgoeul.__path__, "bitgoeul."):
    if not info.name.startswith(skip):
        importlib.import_module(info.name)
after_import = listeners()

from bitgoeul.core.registry import SESSION_HOOKS, capabilities, hooks
from bitgoeul.exchange import cli_events

entry = sys.argv[1]
folder = tempfile.mkdtemp()
url = f"sqlite:///{folder}/probe.db"
if entry == "web":
    from bitgoeul.core.settings import Settings
    from bitgoeul.web.app import create_app

    create_app(Settings(database_url=url, secret_key="probe-secret-key-0123456789abcdef0123",
                        environment="test", default_language="ko", city_ko="광주", city_en="Gwangju", queue_url=""))
elif entry == "cli":
    import os
    from typer.testing import CliRunner
    from bitgoeul.cli import app

    os.environ["BITGOEUL_DATABASE_URL"] = url
    result = CliRunner().invoke(app, ["config", "show"])
    assert result.exit_code == 0, result.output
elif entry == "demo":
    from bitgoeul.core.db import make_engine, make_session_factory, upgrade
    from bitgoeul.demo import load_all

    upgrade(url)
    with make_session_factory(make_engine(url))() as session:
        load_all(session)
        session.rollback()
# Declared (event, listener) pairs, read from the manifests and the core, not from what was installed.
declared = [(name, listener) for mapping in hooks(SESSION_HOOKS) for name, listener in mapping.items()]
installed = [bool(event.contains(Session, name, listener)) for name, listener in declared]
schedule = [c for c in cli_events.app.registered_commands if c.name == "schedule"]
print(json.dumps({
    "after_import": after_import,
    "declared": len(declared),
    "installed": installed,
    "listeners": sum(listeners().values()),
    "scheduler_commands": [scheduler_commands, len(scheduler_cli.app.registered_commands)],
    "schedule_is_the_schedulers": [c.callback is scheduler_cli.schedule_command for c in schedule],
}))
'''


def probe(entry: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", PROBE, entry], capture_output=True, text=True, timeout=600,
                          env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin", "BITGOEUL_SECRET_KEY": "x" * 40},
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_importing_every_module_registers_nothing() -> None:
    result = probe("none")
    assert result["after_import"] == {}  # not one Session listener after importing all of src/
    assert result["declared"]  # and yet the manifests do declare some
    assert not any(result["installed"])  # type: ignore[arg-type]
    before, after = result["scheduler_commands"]  # type: ignore[misc]
    assert before == after  # exchange's event commands do not touch the scheduler's Typer app
    assert result["schedule_is_the_schedulers"] == [True]  # `exchange schedule` is still the scheduler's


@pytest.mark.parametrize("entry", ["web", "cli", "demo"])
def test_entry_points_install_every_declared_hook_once(entry: str) -> None:
    result = probe(entry)
    assert result["installed"] and all(result["installed"])  # type: ignore[arg-type]
    assert result["listeners"] == result["declared"]  # each declared listener attached exactly once
