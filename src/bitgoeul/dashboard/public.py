"""What other capabilities may call in the dashboard: one indicator's monthly series and a value written as
people read it. The showcase quotes the dashboard's own numbers through this face, so both say the same;
tests/architecture/test_boundaries.py holds other capabilities to it."""

from __future__ import annotations

from bitgoeul.dashboard.service import Series, series, value_text

__all__ = ["Series", "series", "value_text"]
