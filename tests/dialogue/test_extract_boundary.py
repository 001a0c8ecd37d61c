"""dialogue.extract is a pure core (its imports: tests/architecture/test_boundaries.py) with a README."""

from __future__ import annotations

from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src" / "bitgoeul" / "dialogue" / "extract"


def test_has_a_readme() -> None:
    assert (CORE / "README.md").is_file()
