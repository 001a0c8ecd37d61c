"""The one scale people see for every match score: a whole number from 0 to 100.

Need/solution search, talent matches (jobs for a person, people for a job) and exchange partner matches
each compute their own 0-1 score; pages, the API and the CLI all show it through `display_score`, so the
same match reads the same number everywhere (PRODUCT.md: one score on one scale).
"""

from __future__ import annotations


def display_score(score: float) -> int:
    """An engine's 0-1 score as the one number people see: a whole number from 0 to 100."""
    return max(0, min(100, round(100.0 * float(score))))
