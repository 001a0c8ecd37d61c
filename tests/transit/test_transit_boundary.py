"""The router is a pure core: it imports only the standard library, numpy (numba, optionally) and itself."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROUTER = Path(__file__).resolve().parents[2] / "src" / "bitgoeul" / "transit" / "router"
ALLOWED_THIRD_PARTY = {"numpy", "numba"}  # numba is optional (kernel.py), imported only when present


def test_router_imports_nothing_from_the_app() -> None:
    files = sorted(ROUTER.rglob("*.py"))
    assert len(files) >= 5
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: inside the router
                    continue
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY or top == "__future__", (
                    f"{path.name} imports {name}"
                )


def test_router_has_a_readme() -> None:
    text = (ROUTER / "README.md").read_text(encoding="utf-8")
    assert "RAPTOR" in text
