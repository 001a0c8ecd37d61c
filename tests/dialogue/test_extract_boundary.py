"""dialogue.extract stays a pure core: stdlib and kiwipiepy only, nothing from the platform."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src" / "bitgoeul" / "dialogue" / "extract"
ALLOWED_THIRD_PARTY = ("kiwipiepy",)


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_imports_only_stdlib_kiwi_and_itself() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert len(files) > 5
    for path in files:
        for name in imported_modules(path):
            top = name.split(".")[0]
            if name.startswith("bitgoeul"):
                assert name.startswith("bitgoeul.dialogue.extract"), f"{path.name} imports {name}"
            else:
                assert top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY or top == "__future__", (
                    f"{path.name} imports {name}"
                )


def test_has_a_readme() -> None:
    assert (CORE / "README.md").is_file()
