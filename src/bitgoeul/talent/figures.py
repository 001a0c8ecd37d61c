"""Hiring figures for the dashboard: local hires, median time to hire, academy graduates hired locally."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.talent.codes import ApplicationState, Programme
from bitgoeul.talent.models import Application
from bitgoeul.text.regions import city_of


@dataclass(frozen=True)
class HiringFigures:
    city: str
    hires: int
    local_hires: int
    median_days_to_hire: float | None
    academy_hires: int
    academy_local_hires: int
    academy_local_share: float | None  # of academy graduates hired through the platform, the share hired locally
    applications_by_state: dict[str, int]
    hires_by_region: dict[str, int]


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400


def hiring_figures(session: Session, city: str) -> HiringFigures:
    """Figures over every application; "local" means the job is in `city` (the platform's city, in Korean as
    regions are written: the callers pass the settings' `city_ko`, so no city is written into talent)."""
    applications = list(session.scalars(select(Application)).unique())
    by_state = Counter(a.state for a in applications)
    hired = [a for a in applications if a.state == ApplicationState.hired and a.hired_at is not None]
    local = [a for a in hired if city_of(a.job.region) == city]
    academy = [a for a in hired if a.profile.programme == Programme.ai_academy]
    academy_local = [a for a in academy if city_of(a.job.region) == city]
    days = [_days(a.applied_at, a.hired_at) for a in hired if a.hired_at is not None]
    return HiringFigures(
        city=city, hires=len(hired), local_hires=len(local),
        median_days_to_hire=round(statistics.median(days), 1) if days else None,
        academy_hires=len(academy), academy_local_hires=len(academy_local),
        academy_local_share=round(len(academy_local) / len(academy), 3) if academy else None,
        applications_by_state={s.value: by_state.get(s.value, 0) for s in ApplicationState},
        hires_by_region=dict(Counter(city_of(a.job.region) or "-" for a in hired).most_common()),
    )
