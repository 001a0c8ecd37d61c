"""`bitgoeul transit ...` (being built)."""

from __future__ import annotations

import typer

app = typer.Typer(help="대중교통 / transport", no_args_is_help=True)
