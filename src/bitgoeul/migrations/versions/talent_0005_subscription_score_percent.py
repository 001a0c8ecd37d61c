"""talent: a subscription's minimum score on the 0-100 scale every other score uses (was 0-1)

Revision ID: talent_0005
Revises: talent_0004
Create Date: 2026-12-08 05:45:00.000000

Stored minimums are multiplied by 100 and rounded to a whole number, the number people see (core/scores.py).
`criteria` holds the minimum too, so it is recomputed exactly as talent/models.py `criteria_key` computes it
(a copy: a migration must not change when the models do). Two active rows whose minimums round to the same
number now have equal criteria: the oldest stays active, later ones are switched off, as in talent_0004.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = 'talent_0005'
down_revision: str | None = 'talent_0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CRITERIA = ("kind", "query", "seniority", "region", "work_mode", "min_score")


def criteria_key(values: dict[str, Any]) -> str:
    picked: dict[str, Any] = {name: values.get(name) for name in CRITERIA}
    picked["query"] = " ".join(str(picked["query"] or "").split()).casefold()
    picked["min_score"] = round(float(picked["min_score"] or 0.0), 4)
    picked = {name: (str(value) if name != "min_score" and value is not None else value)
              for name, value in picked.items()}
    return hashlib.sha256(json.dumps(picked, sort_keys=True).encode()).hexdigest()


def _rescale(scale: Callable[[float], float]) -> None:
    connection = op.get_bind()
    columns = ", ".join(CRITERIA)
    rows = [dict(row) for row in connection.execute(sa.text(
        f"SELECT id, user_id, active, {columns} FROM talent_subscriptions ORDER BY id")).mappings()]  # noqa: S608
    # First a placeholder per row, so no row takes a key another row still holds under the unique index.
    connection.execute(sa.text("UPDATE talent_subscriptions SET criteria = 'rescale-' || CAST(id AS VARCHAR(20))"))
    kept: set[tuple[int, str]] = set()
    for row in rows:
        row["min_score"] = scale(float(row["min_score"] or 0.0))
        key = criteria_key(row)
        active = bool(row["active"]) and (row["user_id"], key) not in kept
        if active:
            kept.add((row["user_id"], key))
        connection.execute(sa.text("UPDATE talent_subscriptions SET min_score = :score, criteria = :criteria, "
                                   "active = :active WHERE id = :id"),
                           {"score": row["min_score"], "criteria": key, "active": active, "id": row["id"]})


def upgrade() -> None:
    _rescale(lambda score: float(max(0, min(100, round(100.0 * score)))))


def downgrade() -> None:
    _rescale(lambda score: score / 100.0)
