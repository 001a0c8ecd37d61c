"""`bitgoeul match solutions`: solutions ranked for free text or a buyer's need, with reasons.

The command sits in the `match` group (the command line people already use) while its ranking is
demonstrations' own (`ranking.py`): the manifest names `register` (`match_commands`) and the CLI factory
calls it with the group, so matching knows nothing of needs or solutions.
"""

from __future__ import annotations

from typing import Annotated

import typer

from bitgoeul.cli_support import fail, open_session, say
from bitgoeul.core.errors import DomainError
from bitgoeul.matching.backend import BackendUnavailable
from bitgoeul.matching.cli import JsonOpt, LangOpt, TopOpt, check_lang, print_results


def solutions_command(
    query: Annotated[str, typer.Argument(help=say("demo.cli.query_with_need"))] = "",
    need: Annotated[int | None, typer.Option("--need", help=say("demo.cli.rank_for_need"))] = None,
    top: TopOpt = 10, as_json: JsonOpt = False, lang: LangOpt = "ko",
) -> None:
    """Rank solutions for a query or a need, best first, with reasons."""
    from bitgoeul.demonstrations import ranking
    from bitgoeul.demonstrations.service import get_need
    from bitgoeul.matching import service
    from bitgoeul.matching.reasons import render_all

    check_lang(lang)
    try:
        with open_session() as session:
            if need is not None:
                record = get_need(session, need)
                matches = (ranking.rank_solutions(session, query, domain=record.domain, top=top) if query.strip()
                           else ranking.rank_solutions_for_need(session, record, top=top))
            else:
                service.check_search_text(query)
                matches = ranking.rank_solutions(session, query, top=top)
            rows = [{"kind": "solution", "id": m.solution.id,
                     "title": (m.solution.title_en or m.solution.title_ko) if lang == "en" else m.solution.title_ko,
                     "score": m.score, "reasons": render_all(m.reasons, lang)} for m in matches]
    except DomainError as exc:
        fail(exc.message, exc.fields)
    except BackendUnavailable as exc:
        fail(str(exc))
    print_results(rows, as_json)


def register(group: typer.Typer) -> None:
    """Add the command to the `bitgoeul match` group (called by the CLI factory, never at import)."""
    group.command("solutions", help=say("demo.cli.help_solutions_command"))(solutions_command)
