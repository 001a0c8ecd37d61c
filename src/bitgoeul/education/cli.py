"""`bitgoeul education ...`: list courses (by skill), in the CLI's language."""

from __future__ import annotations

import json
from typing import Any

import typer

from bitgoeul.cli_support import open_session, say

app = typer.Typer(help=say("education.cli.help"), no_args_is_help=True)


@app.callback()
def _group() -> None:
    """Courses: list, search by skill."""


@app.command("courses")
def courses(skill: str = typer.Option("", "--skill", help="a skill, as jobs and profiles name it"),
            q: str = typer.Option("", help="search words"),
            upcoming: bool = typer.Option(False, "--upcoming", help="only courses not yet ended"),
            as_json: bool = typer.Option(False, "--json")) -> None:
    """Published courses, soonest first; --skill keeps those teaching it ("파이썬" finds Python courses)."""
    from bitgoeul.core.i18n import current_language, pick
    from bitgoeul.education import service
    from bitgoeul.web.forms import every_item

    language = current_language()
    with open_session() as session:
        items = every_item(lambda number, size: service.list_courses(session, None, q=q, skill=skill,
                                                                     upcoming=upcoming, page=number, per_page=size))
        rows: list[dict[str, Any]] = [{
            "id": c.id, "title": pick(language, c.title_ko, c.title_en),
            "provider": pick(language, c.provider.name_ko, c.provider.name_en),
            "starts": c.starts_at.isoformat(), "skills": service.course_keys(c)} for c in items]
    if as_json:
        typer.echo(json.dumps({"items": rows, "total": len(rows)}, ensure_ascii=False, indent=1))
    else:
        typer.echo("\n".join(f"{r['id']:>5}  {r['starts'][:10]}  {r['title']}  ({r['provider']})  "
                             f"{', '.join(r['skills'])}" for r in rows) or "-")
