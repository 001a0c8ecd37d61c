"""The programme's conversion figures: how many demonstrations reach each stage and end in a purchase."""

from __future__ import annotations

import itertools
import statistics
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from bitgoeul.core.write_stamps import cached
from bitgoeul.demonstrations.models import Demonstration, Purchase
from bitgoeul.demonstrations.stages import Stage


@dataclass(frozen=True)
class ProgrammeFigures:
    per_stage: dict[str, int]
    total: int
    decided: int  # reached purchased or not_purchased
    purchased: int
    conversion_rate: float | None  # purchased / decided
    funded_total: int
    purchase_total: int
    purchase_per_funded_won: float | None  # KRW bought per KRW of public funding
    median_days: dict[str, float | None]  # time spent in each stage, over completed stays


def stage_durations(demonstration: Demonstration) -> list[tuple[str, float]]:
    """(stage, days spent there) for every stage the demonstration has left, from its history."""
    entries = sorted((e.at, e.to_stage) for e in demonstration.events if e.from_stage != e.to_stage)
    return [(stage, (left - entered).total_seconds() / 86400)
            for (entered, stage), (left, _next) in itertools.pairwise(entries)]


# The tables the figures read: a write to any of them (and only them) makes the next view recompute.
FIGURE_TABLES = ("demonstrations", "demonstration_events", "purchases")


def programme_figures(session: Session) -> ProgrammeFigures:
    """The figures, computed once per change of the demonstrations (they read every one's history)."""
    return cached(session, "demonstrations.programme_figures", FIGURE_TABLES, lambda: _figures(session))


def _figures(session: Session) -> ProgrammeFigures:
    counts = dict(session.execute(select(Demonstration.stage, func.count()).group_by(Demonstration.stage)).all())
    per_stage = {stage.value: int(counts.get(stage.value, 0)) for stage in Stage}
    purchased = per_stage[Stage.purchased]
    decided = purchased + per_stage[Stage.not_purchased]
    funded_total = int(session.scalar(select(func.coalesce(func.sum(Demonstration.funded_amount), 0))) or 0)
    purchase_total = int(session.scalar(select(func.coalesce(func.sum(Purchase.amount), 0))) or 0)
    spells: dict[str, list[float]] = defaultdict(list)
    for demonstration in session.scalars(select(Demonstration).options(selectinload(Demonstration.events))
                                         ).unique():
        for stage, days in stage_durations(demonstration):
            spells[stage].append(days)
    median_days = {stage.value: (round(statistics.median(spells[stage.value]), 1) if spells[stage.value] else None)
                   for stage in Stage if stage not in {Stage.purchased, Stage.not_purchased, Stage.withdrawn}}
    return ProgrammeFigures(
        per_stage=per_stage,
        total=sum(per_stage.values()),
        decided=decided,
        purchased=purchased,
        conversion_rate=(purchased / decided) if decided else None,
        funded_total=funded_total,
        purchase_total=purchase_total,
        purchase_per_funded_won=(purchase_total / funded_total) if funded_total else None,
        median_days=median_days,
    )
