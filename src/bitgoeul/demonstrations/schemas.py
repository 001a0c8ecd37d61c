"""Validated inputs of the try-and-buy services (forms and API use the same ones)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from bitgoeul.core.bounds import Id
from bitgoeul.core.domains import DOMAINS
from bitgoeul.core.i18n import Message
from bitgoeul.core.plausible import PlausibleDay, PositiveWon, Won
from bitgoeul.demonstrations.domains import DEPLOYMENTS, PRICE_MODELS
from bitgoeul.demonstrations.stages import Stage


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _check_code(value: str, table: dict[str, tuple[str, str]]) -> str:
    if value not in table:
        raise ValueError(Message("demonstrations.schemas.not_allowed_value", value=value))
    return value


class SolutionIn(_In):
    organisation_id: Id | None = None
    title_ko: str = Field(min_length=2, max_length=200)
    title_en: str = Field(default="", max_length=200)
    summary_ko: str = Field(min_length=5, max_length=1000)
    summary_en: str = Field(default="", max_length=1000)
    description_ko: str = Field(default="", max_length=20000)
    description_en: str = Field(default="", max_length=20000)
    domain_tags: list[str] = Field(min_length=1, max_length=5)
    deployment: str = "cloud"
    price_model: str = "subscription"
    references: list[str] = Field(default_factory=list, max_length=20)

    @field_validator("domain_tags")
    @classmethod
    def _domains(cls, value: list[str]) -> list[str]:
        return [_check_code(v, DOMAINS) for v in dict.fromkeys(value)]

    @field_validator("deployment")
    @classmethod
    def _deployment(cls, value: str) -> str:
        return _check_code(value, DEPLOYMENTS)

    @field_validator("price_model")
    @classmethod
    def _price(cls, value: str) -> str:
        return _check_code(value, PRICE_MODELS)


class NeedIn(_In):
    organisation_id: Id | None = None
    title_ko: str = Field(min_length=2, max_length=200)
    title_en: str = Field(default="", max_length=200)
    problem_ko: str = Field(min_length=10, max_length=20000)
    problem_en: str = Field(default="", max_length=20000)
    domain: str
    budget_min: Won = 0
    budget_max: Won = 0
    deadline: PlausibleDay | None = None
    site_available: bool = False
    site_description: str = Field(default="", max_length=5000)
    data_available: str = Field(default="", max_length=5000)

    @field_validator("domain")
    @classmethod
    def _domain(cls, value: str) -> str:
        return _check_code(value, DOMAINS)

    @field_validator("budget_max")
    @classmethod
    def _budget(cls, budget_max: int, info: ValidationInfo) -> int:
        # A field validator (not a model one) so the error stands beside budget_max, in forms and the API.
        if budget_max and budget_max < info.data.get("budget_min", 0):
            raise ValueError(Message("demonstrations.schemas.budget_maximum_below_minimum"))
        return budget_max


class KpiIn(_In):
    name_ko: str = Field(min_length=1, max_length=200)
    name_en: str = Field(default="", max_length=200)
    unit: str = Field(default="", max_length=40)
    target: float


class DemonstrationIn(_In):
    need_id: Id
    solution_id: Id
    kpis: list[KpiIn] = Field(default_factory=list, max_length=10)
    note: str = Field(default="", max_length=2000)


class MoveIn(_In):
    """A requested stage move; which extra fields are needed depends on the target stage."""

    target: Stage
    funded_amount: PositiveWon | None = None
    # Funding above the need's budget cap is refused unless this is ticked (a second, logged step).
    confirm_over_budget: bool = False
    reason: str | None = Field(default=None, max_length=2000)
    purchase_amount: PositiveWon | None = None
    purchase_date: PlausibleDay | None = None
    note: str = Field(default="", max_length=2000)


class MeasurementsIn(_In):
    measured: dict[Id, float | None]


StageLiteral = Literal[
    "proposed", "under_review", "agreed", "running", "reported", "purchased", "not_purchased", "withdrawn"
]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class SolutionOut(_Out):
    id: int
    key: str | None
    organisation_id: int
    title_ko: str
    title_en: str
    summary_ko: str
    summary_en: str
    description_ko: str
    description_en: str
    domain_tags: list[str]
    deployment: str
    price_model: str
    references: list[str]


class NeedOut(_Out):
    id: int
    key: str | None
    organisation_id: int
    title_ko: str
    title_en: str
    problem_ko: str
    problem_en: str
    domain: str
    budget_min: int
    budget_max: int
    deadline: date | None
    site_available: bool
    site_description: str
    data_available: str


class KpiOut(_Out):
    id: int
    name_ko: str
    name_en: str
    unit: str
    target: float
    measured: float | None


class EventOut(_Out):
    from_stage: str | None
    to_stage: str
    action: str
    actor_id: int | None
    actor_side: str
    at: datetime
    note: str


class PurchaseOut(_Out):
    amount: int
    purchased_on: date


class DemonstrationOut(_Out):
    id: int
    key: str | None
    need_id: int
    solution_id: int
    stage: str
    funded_amount: int | None
    not_purchased_reason: str | None
    kpis: list[KpiOut]
    events: list[EventOut]
    purchase: PurchaseOut | None
    allowed_moves: list[str] = Field(default_factory=list)


class MatchOut(BaseModel):
    solution: SolutionOut
    score: int = Field(ge=0, le=100, description="0-100, the number the need page and the CLI show")
    reasons: list[str] = Field(description="why it matched, as sentences in the request's language")
    evidence: list[dict[str, Any]] = Field(default_factory=list, description="the same reasons as data")


class ProgrammeOut(BaseModel):
    per_stage: dict[str, int]
    total: int
    decided: int
    purchased: int
    conversion_rate: float | None
    funded_total: int
    purchase_total: int
    purchase_per_funded_won: float | None
    median_days: dict[str, float | None]
