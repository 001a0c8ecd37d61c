"""Validated inputs and outputs of the talent services (forms, API and CLI share them)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bitgoeul.core.bounds import Id
from bitgoeul.core.forms import FieldRule
from bitgoeul.core.i18n import Message
from bitgoeul.core.plausible import PlausibleDay
from bitgoeul.core.scores import display_score
from bitgoeul.talent.codes import ApplicationState, JobMode, JobStatus, Programme, Seniority, SubscriptionKind, WishMode
from bitgoeul.talent.matching import Match
from bitgoeul.talent.skills import parse_skill_list

MAX_SALARY = 100_000  # 10억 원 a year, in 만원: anything above is a typing mistake
LANGUAGE_CODES = frozenset({"ko", "en", "ja", "zh", "vi", "fr", "de", "es"})


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _name_list(value: object) -> object:
    """Lists arrive as lists (API) or as one typed line (forms): accept both."""
    if isinstance(value, str):
        return parse_skill_list(value)
    return value


def _languages(value: list[str]) -> list[str]:
    codes = [v.strip().lower() for v in value if v.strip()]
    unknown = [c for c in codes if c not in LANGUAGE_CODES]
    if unknown:
        raise ValueError(Message("talent.schemas.unknown_language_code", names=', '.join(unknown)))
    return list(dict.fromkeys(codes))


class ProfileIn(_In):
    headline: str = Field(min_length=2, max_length=200)
    summary: str = Field(default="", max_length=5000)
    desired_roles: str = Field(default="", max_length=1000)
    skills: list[str] = Field(default_factory=list, max_length=40)
    years_experience: int = Field(default=0, ge=0, le=60)
    seniority: Seniority = Seniority.junior
    programme: Programme = Programme.none
    cohort: str = Field(default="", max_length=100)
    home_region: str = Field(default="", max_length=100)
    wish_regions: list[str] = Field(default_factory=list, max_length=10)
    work_mode: WishMode = WishMode.any
    salary_wish: int | None = Field(default=None, ge=0, le=MAX_SALARY)
    languages: list[str] = Field(default_factory=lambda: ["ko"], max_length=8)
    visible: bool = True

    _lists = field_validator("skills", "wish_regions", "languages", mode="before")(_name_list)

    @field_validator("languages")
    @classmethod
    def _check_languages(cls, value: list[str]) -> list[str]:
        return _languages(value)

    @model_validator(mode="after")
    def _cohort(self) -> Self:
        if self.programme != Programme.none and not self.cohort:
            raise FieldRule("cohort", Message("talent.schemas.give_cohort_for_programme_e"))
        return self


class JobIn(_In):
    organisation_id: Id | None = None
    title_ko: str = Field(min_length=2, max_length=200)
    title_en: str = Field(default="", max_length=200)
    description_ko: str = Field(min_length=10, max_length=20000)
    description_en: str = Field(default="", max_length=20000)
    seniority: Seniority = Seniority.mid
    skills_must: list[str] = Field(default_factory=list, max_length=15)
    skills_nice: list[str] = Field(default_factory=list, max_length=20)
    languages: list[str] = Field(default_factory=lambda: ["ko"], max_length=8)
    region: str = Field(min_length=2, max_length=100)
    work_mode: JobMode = JobMode.onsite
    salary_min: int | None = Field(default=None, ge=0, le=MAX_SALARY)
    salary_max: int | None = Field(default=None, ge=0, le=MAX_SALARY)
    deadline: PlausibleDay | None = None
    status: JobStatus = JobStatus.draft

    _lists = field_validator("skills_must", "skills_nice", "languages", mode="before")(_name_list)

    @field_validator("languages")
    @classmethod
    def _check_languages(cls, value: list[str]) -> list[str]:
        return _languages(value)

    @model_validator(mode="after")
    def _salary(self) -> Self:
        if self.salary_min is not None and self.salary_max is not None and self.salary_max < self.salary_min:
            raise FieldRule("salary_max", Message("talent.schemas.salary_maximum_below_minimum"))
        return self


class ApplyIn(_In):
    message: str = Field(default="", max_length=3000)


class MoveIn(_In):
    target: ApplicationState
    note: str = Field(default="", max_length=2000)


class SubscriptionIn(_In):
    kind: SubscriptionKind = SubscriptionKind.match
    query: str = Field(default="", max_length=300)
    seniority: Seniority | None = None
    region: str | None = Field(default=None, max_length=100)
    work_mode: JobMode | None = None
    min_score: int = Field(default=50, ge=0, le=100)

    @field_validator("min_score", mode="before")
    @classmethod
    def _percent(cls, value: object) -> object:
        """The 0-100 scale of every score people see. Until 2026-12-08 the API took 0-1: a fraction below 1
        (0.5) is still read as that scale (50), so existing clients keep the alerts they asked for."""
        try:
            number = float(str(value))
        except ValueError:
            return value  # refused beside the field as not a number
        return display_score(number) if 0.0 < number < 1.0 else value

    @model_validator(mode="after")
    def _query(self) -> Self:
        if self.kind == SubscriptionKind.search and not (self.query or self.seniority or self.region
                                                         or self.work_mode):
            raise FieldRule("query", Message("talent.schemas.give_at_least_one_word"))
        return self


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ProfileOut(_Out):
    id: int
    user_id: int
    headline: str
    summary: str
    desired_roles: str
    skills: list[str]
    years_experience: int
    seniority: str
    programme: str
    cohort: str
    home_region: str
    wish_regions: list[str]
    work_mode: str
    salary_wish: int | None
    languages: list[str]
    visible: bool


class JobOut(_Out):
    id: int
    organisation_id: int
    title_ko: str
    title_en: str
    description_ko: str
    description_en: str
    seniority: str
    skills_must: list[str]
    skills_nice: list[str]
    languages: list[str]
    region: str
    work_mode: str
    salary_min: int | None
    salary_max: int | None
    deadline: date | None
    status: str
    published_at: datetime | None


class ApplicationOut(_Out):
    id: int
    job_id: int
    profile_id: int
    state: str
    message: str
    applied_at: datetime
    state_changed_at: datetime
    hired_at: datetime | None


class SubscriptionOut(_Out):
    id: int
    kind: str
    query: str
    seniority: str | None
    region: str | None
    work_mode: str | None
    min_score: int
    active: bool


class AlertOut(_Out):
    id: int
    job_id: int
    score: int | None = Field(ge=0, le=100, description="0-100, as on the alerts page")
    reasons: list[list[str]]
    created_at: datetime
    read_at: datetime | None
    emailed_at: datetime | None

    @field_validator("score", mode="before")
    @classmethod
    def _on_scale(cls, value: float | None) -> int | None:
        # Stored as the engine's 0-1 score; shown on the one 0-100 scale like every match.
        return None if value is None else display_score(value)


class ReasonOut(BaseModel):
    ko: str
    en: str
    good: bool


def shown_scores(match: Match) -> dict[str, int]:
    """A match's score and its two sides as people see them, on the one 0-100 scale (pages, API, CLI)."""
    return {"score": display_score(match.score), "person_side": display_score(match.person_side),
            "job_side": display_score(match.job_side)}


class JobMatchOut(BaseModel):
    job: JobOut
    score: int = Field(ge=0, le=100, description="0-100, the number the pages and the CLI show for this match")
    person_side: int = Field(ge=0, le=100)
    job_side: int = Field(ge=0, le=100)
    reasons: list[ReasonOut]


class PersonMatchOut(BaseModel):
    profile: ProfileOut
    display_name: str
    score: int = Field(ge=0, le=100, description="0-100, the number the pages and the CLI show for this match")
    person_side: int = Field(ge=0, le=100)
    job_side: int = Field(ge=0, le=100)
    reasons: list[ReasonOut]


class DashboardOut(BaseModel):
    city: str
    hires: int
    local_hires: int
    median_days_to_hire: float | None
    academy_hires: int
    academy_local_hires: int
    academy_local_share: float | None
    applications_by_state: dict[str, int]
    hires_by_region: dict[str, int]
