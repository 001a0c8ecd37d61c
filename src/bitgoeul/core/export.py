"""Open-data export of any table: JSON arrays of objects and spreadsheet-friendly CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

# Never leave the database, whatever the format.
SECRET_COLUMNS = frozenset({"password_hash"})


def columns_of(model: Any) -> list[str]:
    return [c.key for c in inspect(model).column_attrs if c.key not in SECRET_COLUMNS]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def table_rows(session: Session, model: Any) -> list[dict[str, Any]]:
    """Every row of `model` as plain JSON-able dicts, in primary-key order."""
    names = columns_of(model)
    primary = inspect(model).primary_key
    return [{name: _plain(getattr(obj, name)) for name in names}
            for obj in session.scalars(select(model).order_by(*primary)).unique()]


def rows_as_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1)


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...), +cmd|..., @SUM(...)).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (shown as text, not run);
    numbers, including negative ones, stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows: Iterable[Mapping[str, Any]], fieldnames: list[str]) -> str:
    """CSV with a header; lists and dicts are written as JSON text so nothing is lost; user-written text
    that would run as a spreadsheet formula is neutralised (`neutralise`)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else neutralise(v)
                         for k, v in row.items()})
    return out.getvalue()


def rows_as_csv(rows: list[dict[str, Any]], model: Any) -> str:
    """A table's rows as CSV, columns in the model's order."""
    return csv_text(rows, columns_of(model))
