"""What other capabilities and the web shell's home pages may use of demonstrations: the stages a
demonstration moves through, the programme's conversion figures and an organisation's demonstrations still
open, and the stored match lists (a need's best solutions, the buyers who need a solution, similar
solutions: the lists the need and solution pages show). Everything else is demonstrations' own business;
tests/architecture/test_boundaries.py holds the others (and web) to this face and the service."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bitgoeul.demonstrations.match_lists import needs_for_solution, rank_solutions_for_need, similar_solutions
from bitgoeul.demonstrations.models import Demonstration
from bitgoeul.demonstrations.programme import ProgrammeFigures, programme_figures
from bitgoeul.demonstrations.service import list_demonstrations
from bitgoeul.demonstrations.stages import FINAL, Stage

__all__ = ["FINAL", "UNDER_WAY", "ProgrammeFigures", "Stage", "needs_for_solution", "open_demonstrations",
           "programme_figures", "rank_solutions_for_need", "similar_solutions", "under_way_count"]

# Agreed and not yet decided: the demonstrations a visitor reads as "under way".
UNDER_WAY = (Stage.agreed, Stage.running, Stage.reported)
# How many of an organisation's demonstrations (in list order) are looked at for the open ones.
OPEN_SHOWN = 100


def under_way_count(figures: ProgrammeFigures) -> int:
    """How many demonstrations the figures count as under way."""
    return sum(figures.per_stage[stage] for stage in UNDER_WAY)


def open_demonstrations(session: Session, organisation_id: int) -> list[Demonstration]:
    """The organisation's demonstrations not yet in a final stage, in the list page's order."""
    listed = list_demonstrations(session, organisation_id=organisation_id, per_page=OPEN_SHOWN).items
    return [d for d in listed if Stage(d.stage) not in FINAL]
