"""The demonstration stage machine as data: which move is allowed, for whom, and what it requires."""

from __future__ import annotations

import enum
import itertools
from dataclasses import dataclass


class Stage(enum.StrEnum):
    proposed = "proposed"
    under_review = "under_review"
    agreed = "agreed"
    running = "running"
    reported = "reported"
    purchased = "purchased"
    not_purchased = "not_purchased"
    withdrawn = "withdrawn"


FINAL = frozenset({Stage.purchased, Stage.not_purchased, Stage.withdrawn})
ORDER = tuple(Stage)
ALL_SIDES = frozenset({"buyer", "supplier", "operator"})


@dataclass(frozen=True)
class Move:
    """One allowed edge: the sides that may take it and what the payload must carry."""

    source: Stage
    target: Stage
    sides: frozenset[str]
    requires: tuple[str, ...] = ()


MOVES: dict[tuple[Stage, Stage], Move] = {
    (m.source, m.target): m
    for m in (
        Move(Stage.proposed, Stage.under_review, ALL_SIDES),
        Move(Stage.under_review, Stage.agreed, frozenset({"operator"}), ("funded_amount",)),
        Move(Stage.agreed, Stage.running, ALL_SIDES),
        Move(Stage.running, Stage.reported, ALL_SIDES, ("kpis_measured",)),
        Move(Stage.reported, Stage.purchased, frozenset({"buyer", "operator"}), ("purchase",)),
        Move(Stage.reported, Stage.not_purchased, frozenset({"buyer", "operator"}), ("reason",)),
        *(Move(s, Stage.withdrawn, ALL_SIDES) for s in Stage if s not in FINAL),
    )
}


def next_stages(current: Stage) -> list[Stage]:
    """The stages one move away, in the machine's natural order."""
    return [target for (source, target) in MOVES if source == current]


def is_valid_path(stages: list[str]) -> bool:
    """True when a history walks the machine from `proposed` by allowed moves only."""
    if not stages or stages[0] != Stage.proposed:
        return False
    return all((Stage(a), Stage(b)) in MOVES for a, b in itertools.pairwise(stages))
