"""Typed seams (issue 14, item 4): services take schemas and an Actor, not untyped mappings, and pages and the
API never decide a permission by comparing a role themselves: they call the capability's policy function."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import bitgoeul

SRC = Path(bitgoeul.__file__).parent

# Modules that build pages, API answers or page context: they call policy functions, never compare roles.
VIEW_NAMES = re.compile(r"^(web|web_\w+|api|home|rendering)\.py$")
# `user.role == 'operator'` and the like in a template (a `home.role` is the kind of home page, not a role).
TEMPLATE_ROLE = re.compile(r"\b(user|actor|current_user)\.role\s*(==|!=|\bin\b|\bnot\s+in\b)")
UNTYPED = {"Mapping[str, Any]", "MutableMapping[str, Any]"}  # (a page's render context may be a dict[str, Any])


def modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def service_functions(tree: ast.Module) -> list[ast.FunctionDef]:
    """Services are plain functions taking a database session first (docs/architecture.md, "Requests")."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.args.args:
            first = node.args.args[0]
            if first.arg == "session" and first.annotation is not None and ast.unparse(first.annotation) == "Session":
                found.append(node)
    return found


def untyped_parameters(function: ast.FunctionDef) -> list[str]:
    """Parameters that take a bag of values, or a user, without saying what is in it."""
    bad = []
    for arg in [*function.args.args, *function.args.kwonlyargs]:
        if arg.annotation is None:
            continue
        text = ast.unparse(arg.annotation).replace(" | None", "")
        if text in UNTYPED or (text == "Any" and arg.arg in {"user", "actor", "data", "values"}):
            bad.append(f"{arg.arg}: {ast.unparse(arg.annotation)}")
    return bad


def role_comparisons(tree: ast.Module) -> list[int]:
    """Lines comparing something's `.role` (`user.role == "member"`, `actor.role in {...}`)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(side, ast.Attribute) and side.attr == "role" for side in sides):
                lines.append(node.lineno)
    return sorted(lines)


def test_no_service_takes_an_untyped_mapping_or_user() -> None:
    found = [f"{path.relative_to(SRC)}:{function.lineno} {function.name}({', '.join(bad)})"
             for path in modules()
             for function in service_functions(ast.parse(path.read_text(encoding="utf-8")))
             if (bad := untyped_parameters(function))]
    assert found == [], "services take a schema (pydantic) or a dataclass and an Actor:\n" + "\n".join(found)


def test_no_function_takes_an_untyped_user() -> None:
    """Pages, API handlers and their helpers take `Actor | None` (core/auth.py), never `user: Any`."""
    found = [f"{path.relative_to(SRC)}:{node.lineno} {node.name}"
             for path in modules()
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.FunctionDef)
             for arg in [*node.args.args, *node.args.kwonlyargs]
             if arg.arg in {"user", "actor"} and arg.annotation is not None and ast.unparse(arg.annotation) == "Any"]
    assert found == [], "say who acts: Actor | None\n" + "\n".join(found)


def test_no_view_or_api_handler_compares_a_role() -> None:
    found = [f"{path.relative_to(SRC)}:{line}"
             for path in modules() if VIEW_NAMES.match(path.name)
             for line in role_comparisons(ast.parse(path.read_text(encoding="utf-8")))]
    found += [f"{path.relative_to(SRC)}:{number}"
              for path in sorted(SRC.rglob("*.html"))
              for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if TEMPLATE_ROLE.search(line)]
    assert found == [], "pages and the API ask a policy function (e.g. can_create_event(actor)):\n" + "\n".join(found)


def test_the_checks_can_fail() -> None:
    """Each check finds what it is meant to find in a small example."""
    service = ast.parse("def save(session: Session, user: Any, data: Mapping[str, Any], x: int) -> None: ...\n"
                        "def fine(session: Session, actor: Actor | None, values: JobIn) -> None: ...\n"
                        "def helper(rows: Mapping[str, Any]) -> None: ...\n")
    assert [untyped_parameters(f) for f in service_functions(service)] == [
        ["user: Any", "data: Mapping[str, Any]"], []]
    view = ast.parse("can = user is not None and user.role == 'member'\nok = actor.role in {'operator'}\n"
                     "fine = service.can_post_job(user)\n")
    assert role_comparisons(view) == [1, 2]
    assert TEMPLATE_ROLE.search("{% if user and user.role == 'operator' %}")
    assert not TEMPLATE_ROLE.search("{% if home.role == 'visitor' %}")
