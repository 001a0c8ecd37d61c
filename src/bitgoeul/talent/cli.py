"""`bitgoeul talent ...` (being built)."""

from __future__ import annotations

import typer

app = typer.Typer(help="인재·채용 / talent and jobs", no_args_is_help=True)
