"""Structured attributes per slot, and the filters and boosts evaluated over them.

Numbers and dates live in float columns (dates as ordinal days) so range filters are one
vectorised comparison; strings, booleans and lists of strings live in an inverted index so
equality and membership cost the size of the answer, not of the collection.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from bitgoeul.matching.engine.documents import QueryError

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

_RANGE_OPS = {
    ">": np.greater,
    ">=": np.greater_equal,
    "<": np.less,
    "<=": np.less_equal,
    "==": np.equal,
    "!=": np.not_equal,
}


def as_number(value: object) -> float | None:
    """Numbers as floats, dates as ordinal days (datetimes with the time as a fraction)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dt.datetime):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return value.toordinal() + seconds / 86400.0
    if isinstance(value, dt.date):
        return float(value.toordinal())
    return None


def as_keyword(value: object) -> str | bool | None:
    """Strings compare case-insensitively; booleans stay booleans."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.casefold()
    return None


def _keywords(value: object) -> list[str | bool]:
    if isinstance(value, list | tuple | set | frozenset):
        items: Iterable[object] = value
    else:
        items = [value]
    out = []
    for item in items:
        kw = as_keyword(item)
        if kw is not None:
            out.append(kw)
    return out


class AttributeStore:
    """Column store of document attributes addressed by slot number."""

    def __init__(self) -> None:
        self._capacity = 0
        self._numeric: dict[str, FloatArray] = {}
        self._keyword: dict[str, dict[str | bool, set[int]]] = {}
        self._arrays: dict[tuple[str, str | bool], npt.NDArray[np.int64]] = {}
        self._declared: set[str] = set()

    def declare(self, names: Iterable[str]) -> None:
        """Accept filters on these attribute names even before any document has them."""
        self._declared.update(names)

    def known(self) -> set[str]:
        """Attribute names a filter may use."""
        return self._declared | set(self._numeric) | set(self._keyword)

    def grow(self, capacity: int) -> None:
        """Make room for slots below `capacity`."""
        if capacity <= self._capacity:
            return
        for name, col in self._numeric.items():
            bigger = np.full(capacity, np.nan)
            bigger[: self._capacity] = col
            self._numeric[name] = bigger
        self._capacity = capacity

    def put(self, slot: int, attrs: Mapping[str, object]) -> None:
        """Record `attrs` for `slot` (which must be empty)."""
        for name, value in attrs.items():
            number = as_number(value)
            if number is not None:
                if math.isnan(number):
                    continue
                col = self._numeric.get(name)
                if col is None:
                    col = np.full(self._capacity, np.nan)
                    self._numeric[name] = col
                col[slot] = number
                continue
            for kw in _keywords(value):
                self._keyword.setdefault(name, {}).setdefault(kw, set()).add(slot)
                self._arrays.pop((name, kw), None)

    def drop(self, slot: int, attrs: Mapping[str, object]) -> None:
        """Forget `attrs` previously recorded for `slot`."""
        for name, value in attrs.items():
            col = self._numeric.get(name)
            if col is not None:
                col[slot] = np.nan
            postings = self._keyword.get(name)
            if postings is None:
                continue
            for kw in _keywords(value):
                slots = postings.get(kw)
                if slots is not None:
                    slots.discard(slot)
                    self._arrays.pop((name, kw), None)

    def _slots(self, name: str, kw: str | bool) -> npt.NDArray[np.int64]:
        arr = self._arrays.get((name, kw))
        if arr is None:
            arr = np.fromiter(self._keyword.get(name, {}).get(kw, ()), dtype=np.int64)
            self._arrays[(name, kw)] = arr
        return arr

    def _keyword_mask(self, name: str, values: Iterable[object]) -> BoolArray:
        mask = np.zeros(self._capacity, dtype=bool)
        for value in values:
            kw = as_keyword(value)
            if kw is None:
                raise QueryError(f"filter {name!r}: {value!r} is not a text or yes/no value")
            mask[self._slots(name, kw)] = True
        return mask

    def _range_mask(self, name: str, spec: Mapping[Any, object]) -> tuple[BoolArray, str]:
        col = self._numeric.get(name)
        if col is None:
            if name in self._keyword:
                raise QueryError(f"filter {name!r} is not numeric; use a value or a list of values")
            col = np.full(self._capacity, np.nan)
        if not spec:
            raise QueryError(f"filter {name!r}: empty range")
        mask = np.ones(self._capacity, dtype=bool)
        parts = []
        for op, bound in spec.items():
            func = _RANGE_OPS.get(op) if isinstance(op, str) else None
            if func is None:
                raise QueryError(f"filter {name!r}: unknown operator {op!r} (use {', '.join(_RANGE_OPS)})")
            number = as_number(bound)
            if number is None or math.isnan(number):
                raise QueryError(f"filter {name!r}: {bound!r} is not a number or date")
            # NaN (missing) compares False, so documents without the attribute drop out.
            with np.errstate(invalid="ignore"):
                mask &= func(col, number)
            parts.append(f"{name} {op} {bound}")
        return mask, ", ".join(parts)

    def filter_mask(self, filters: Mapping[str, object]) -> tuple[BoolArray, list[str]]:
        """Slots passing every filter, and a readable line per filter applied."""
        mask = np.ones(self._capacity, dtype=bool)
        applied: list[str] = []
        known = self.known()
        for name, spec in filters.items():
            if not isinstance(name, str) or name not in known:
                raise QueryError(f"unknown filter {name!r}; known: {', '.join(sorted(known)) or '(none)'}")
            if spec is None:
                raise QueryError(f"filter {name!r} has no value")
            if isinstance(spec, Mapping):
                part, text = self._range_mask(name, spec)
            elif isinstance(spec, list | tuple | set | frozenset):
                if not spec:
                    raise QueryError(f"filter {name!r}: empty list")
                part = self._membership(name, list(spec))
                text = f"{name} in [{', '.join(map(str, spec))}]"
            else:
                part = self._membership(name, [spec])
                text = f"{name} = {spec}"
            mask &= part
            applied.append(text)
        return mask, applied

    def _membership(self, name: str, values: list[object]) -> BoolArray:
        numbers = [as_number(v) for v in values]
        if all(n is not None for n in numbers):
            col = self._numeric.get(name, np.full(self._capacity, np.nan))
            return np.isin(col, np.array(numbers, dtype=np.float64))
        return self._keyword_mask(name, values)

    def boost_factors(
        self, boosts: Mapping[str, Mapping[Any, float]], slots: npt.NDArray[np.int64]
    ) -> tuple[FloatArray, list[list[str]]]:
        """Multiplicative factors for `slots` and, per slot, the boosts that applied to it.

        {"region": {"광주": 1.5}} multiplies the score of Gwangju records by 1.5.
        """
        factors = np.ones(len(slots))
        applied: list[list[str]] = [[] for _ in range(len(slots))]
        known = self.known()
        for name, table in boosts.items():
            if name not in known:
                raise QueryError(f"unknown boost {name!r}; known: {', '.join(sorted(known))}")
            if not isinstance(table, Mapping) or not table:
                raise QueryError(f"boost {name!r} must map values to factors, e.g. {{'광주': 1.5}}")
            for value, factor in table.items():
                if isinstance(factor, bool) or not isinstance(factor, int | float) or not factor > 0:
                    raise QueryError(f"boost {name!r}={value!r}: factor must be a positive number")
                hit = self._membership(name, [value])[slots]
                factors[hit] *= float(factor)
                for i in np.flatnonzero(hit).tolist():
                    applied[i].append(f"{name} = {value} x{factor:g}")
        return factors, applied
