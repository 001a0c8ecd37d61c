"""Where indicators come from: each capability's manifest names its `indicators` (adding one edits nothing
here). What an indicator is lives in `bitgoeul.core.indicators`."""

from __future__ import annotations

from collections import Counter
from functools import cache

from bitgoeul.core.indicators import UNITS, Indicator
from bitgoeul.core.registry import capabilities, load


def indicator_modules() -> list[str]:
    """Every capability's `indicators`, as its manifest names it."""
    return [c.indicators for c in sorted(capabilities(), key=lambda c: c.name) if c.indicators]


@cache
def indicators() -> tuple[Indicator, ...]:
    """Every capability's indicators, in display order; two with the same code are a programming error."""
    found: list[Indicator] = []
    for path in indicator_modules():
        found.extend(load(path)())
    codes = Counter(i.code for i in found)
    if duplicated := [code for code, n in codes.items() if n > 1]:
        raise RuntimeError(f"indicator codes used twice: {duplicated}")
    if odd := [i.code for i in found if i.unit not in UNITS]:
        raise RuntimeError(f"indicators with an unknown unit: {odd}")
    return tuple(sorted(found, key=lambda i: (i.order, i.code)))
