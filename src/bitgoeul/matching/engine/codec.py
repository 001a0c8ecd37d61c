"""JSON encoding of attribute values that keeps dates as dates across a save and load."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any


def _encode(value: object) -> Any:
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
        return [_encode(v) for v in items]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise ValueError(f"attribute value {value!r} cannot be stored (use text, numbers, dates or lists)")


def _decode(value: Any) -> object:
    if isinstance(value, dict):
        if "$datetime" in value:
            return dt.datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return dt.date.fromisoformat(value["$date"])
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def encode_attrs(attrs: Mapping[str, object]) -> dict[str, Any]:
    """Attributes as JSON-ready values (dates tagged)."""
    return {name: _encode(value) for name, value in attrs.items()}


def decode_attrs(data: Mapping[str, Any]) -> dict[str, object]:
    """Inverse of `encode_attrs`."""
    return {name: _decode(value) for name, value in data.items()}
