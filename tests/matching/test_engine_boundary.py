"""The engine and text packages stay pure: no app, database or web imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "bitgoeul"
FORBIDDEN = ("bitgoeul.core", "bitgoeul.web", "fastapi", "sqlalchemy", "starlette", "alembic")
ALLOWED_BITGOEUL = ("bitgoeul.matching.engine", "bitgoeul.text")


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("package", ["matching/engine", "text"])
def test_pure_core_imports(package: str) -> None:
    files = sorted((SRC / package).rglob("*.py"))
    assert files
    for path in files:
        for name in imported_modules(path):
            assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
            if name.startswith("bitgoeul"):
                assert name.startswith(ALLOWED_BITGOEUL), f"{path.name} imports {name}"
