"""The router is a pure core (its imports: tests/architecture/test_boundaries.py) with a README naming its algorithm."""

from __future__ import annotations

from pathlib import Path

ROUTER = Path(__file__).resolve().parents[2] / "src" / "bitgoeul" / "transit" / "router"


def test_router_has_a_readme() -> None:
    text = (ROUTER / "README.md").read_text(encoding="utf-8")
    assert "RAPTOR" in text
