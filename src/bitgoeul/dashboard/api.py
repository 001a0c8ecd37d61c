"""JSON API of the dashboard: every indicator's monthly series, or one. Public: aggregates only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from bitgoeul.dashboard import service
from bitgoeul.web.deps import SessionDep

router = APIRouter(prefix="/dashboard", tags=["dashboard"])

FromMonth = Annotated[str | None, Query(alias="from", description="first month, YYYY-MM (default: 11 months "
                                                                    "before `to`)")]
ToMonth = Annotated[str | None, Query(alias="to", description="last month, YYYY-MM (default: this month, city time)")]


class PointOut(BaseModel):
    month: str
    value: float | None


class IndicatorOut(BaseModel):
    code: str
    capability: str
    name_ko: str
    name_en: str
    unit: str
    description_ko: str
    description_en: str
    latest: float | None
    previous: float | None
    change: float | None
    partial_day: int | None = Field(default=None, description=(
        "Set while the last month is still running: the day of the month it has reached (city time); "
        "`previous` is then the month before over the same days (counts and amounts), not the whole month."))
    series: list[PointOut]


class DashboardOut(BaseModel):
    start: str
    end: str
    indicators: list[IndicatorOut]


@router.get("", response_model=DashboardOut)
def dashboard(session: SessionDep, start: FromMonth = None, end: ToMonth = None) -> dict[str, Any]:
    """Every indicator over the same months (`from`..`to`, inclusive)."""
    all_series = service.overview(session, start, end)
    months = all_series[0].months if all_series else ("", "")
    return {"start": months[0], "end": months[-1], "indicators": [service.series_out(s) for s in all_series]}


@router.get("/{indicator}", response_model=IndicatorOut)
def indicator(session: SessionDep, indicator: str, start: FromMonth = None, end: ToMonth = None) -> dict[str, Any]:
    """One indicator; an unknown code is refused with 422 and the known codes."""
    return service.series_out(service.series(session, indicator, start, end))
