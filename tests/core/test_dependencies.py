"""The lock files pin every dependency pyproject.toml names (someone who adds one must run `make lock`)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pinned(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    return {m[1].lower().replace("_", "-"): m[2] for m in re.finditer(r"^([A-Za-z0-9_.-]+)==(\S+) \\$", text, re.M)}


def test_every_dependency_is_pinned_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    dev = {_name(r) for r in project["optional-dependencies"]["dev"]}
    app, full = _pinned("requirements.lock"), _pinned("requirements-dev.lock")
    assert runtime - set(app) == set(), "run `make lock`"
    assert (runtime | dev) - set(full) == set(), "run `make lock`"
    assert {k: v for k, v in full.items() if k in app and app[k] != v} == {}  # the two locks agree
    for lock in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / lock).read_text(encoding="utf-8")
        assert text.count("==") <= text.count("--hash=sha256:")


def test_unused_packages_stay_out() -> None:
    assert "highspy" not in _pinned("requirements-dev.lock")
