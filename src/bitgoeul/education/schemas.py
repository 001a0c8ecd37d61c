"""Validated inputs and outputs of the education services (forms, API and CLI share them)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bitgoeul.core.bounds import Id
from bitgoeul.core.forms import FieldRule
from bitgoeul.core.i18n import Message
from bitgoeul.core.plausible import PlausibleDay, Won, plausible_moment
from bitgoeul.core.time import from_local
from bitgoeul.education.codes import CourseKind, CourseLanguage, CourseStatus, Level
from bitgoeul.talent.public import canonical_skills, parse_skill_list


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CourseIn(_In):
    """A course as its provider publishes it. Times typed in a form are the city's wall-clock time."""

    provider_id: Id | None = None  # members publish for their own institution; operators name one
    kind: CourseKind = CourseKind.short
    title_ko: str = Field(min_length=2, max_length=200)
    title_en: str = Field(default="", max_length=200)
    summary_ko: str = Field(default="", max_length=5000)
    summary_en: str = Field(default="", max_length=5000)
    skills: list[str] = Field(min_length=1, max_length=15)
    level: Level = Level.intro
    starts_at: datetime
    ends_at: datetime
    apply_by: PlausibleDay | None = None
    cost: Won = 0
    language: CourseLanguage = CourseLanguage.ko
    venue_name: str = Field(default="", max_length=200)
    venue_address: str = Field(default="", max_length=300)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    how_to_apply_ko: str = Field(default="", max_length=3000)
    how_to_apply_en: str = Field(default="", max_length=3000)
    cohort: str = Field(default="", max_length=100)
    curriculum_ko: str = Field(default="", max_length=10000)
    curriculum_en: str = Field(default="", max_length=10000)
    eligibility_ko: str = Field(default="", max_length=3000)
    eligibility_en: str = Field(default="", max_length=3000)
    status: CourseStatus = CourseStatus.published

    @field_validator("skills", mode="before")
    @classmethod
    def _skill_line(cls, value: object) -> object:
        """A form sends one typed line ("Python, SQL"); the API a list."""
        return parse_skill_list(value) if isinstance(value, str) else value

    @field_validator("skills")
    @classmethod
    def _known_once(cls, value: list[str]) -> list[str]:
        kept = [name for name in value if name.strip()]
        if not canonical_skills(kept):
            raise ValueError(Message("education.schemas.name_a_skill"))
        if any(len(name) > 100 for name in kept):
            raise ValueError(Message("education.schemas.skill_too_long"))
        return kept

    @field_validator("starts_at", "ends_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return plausible_moment(from_local(value))

    @model_validator(mode="after")
    def _order(self) -> Self:
        if self.ends_at <= self.starts_at:
            raise FieldRule("ends_at", Message("range.end_before_start"))
        if (self.lat is None) != (self.lon is None):
            raise FieldRule("lat" if self.lat is None else "lon", Message("education.schemas.both_coordinates"))
        if self.kind == CourseKind.academy and not self.cohort:
            raise FieldRule("cohort", Message("education.schemas.cohort_for_academy"))
        return self


class SubscribeIn(_In):
    skill: str = Field(min_length=1, max_length=100)


class CourseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    provider_id: int
    kind: str
    title_ko: str
    title_en: str
    summary_ko: str
    summary_en: str
    skills: list[str]
    level: str
    starts_at: datetime
    ends_at: datetime
    apply_by: date | None
    cost: int
    language: str
    venue_name: str
    venue_address: str
    lat: float | None
    lon: float | None
    how_to_apply_ko: str
    how_to_apply_en: str
    cohort: str
    curriculum_ko: str
    curriculum_en: str
    eligibility_ko: str
    eligibility_en: str
    status: str
    published_at: datetime | None


class SubscriptionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    skill: str
    active: bool
    created_at: datetime


class GapMonthOut(BaseModel):
    month: str
    courses: int


class GapOut(BaseModel):
    skill: str
    open_jobs: int
    people: int
    courses: int
    gap: int
    months: list[GapMonthOut]


class SkillsGapOut(BaseModel):
    months: list[str]
    skills: list[GapOut]
