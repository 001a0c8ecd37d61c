"""Shapes every JSON list and error shares: `{"items", "total", "page"}` and `{"error": {...}}`."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from bitgoeul.core.pagination import Page

T = TypeVar("T")


CALENDAR: dict[int | str, dict[str, Any]] = {200: {"description": "An iCalendar file.",
                  "content": {"text/calendar": {"schema": {"type": "string"}}}}}
"""`responses=` of an operation answering an iCalendar file instead of JSON (with `response_class=Response`)."""


class ListOut(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int


def list_out(page: Page[Any], schema: Any) -> dict[str, Any]:
    return {"items": [schema.model_validate(item) for item in page.items], "total": page.total,
            "page": page.page, "per_page": page.per_page}
