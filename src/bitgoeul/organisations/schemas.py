"""Validated shapes of organisations going in and out of services."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from bitgoeul.organisations.models import OrganisationKind, OrganisationSize


class OrganisationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name_ko: str = Field(min_length=2, max_length=200)
    name_en: str = Field(default="", max_length=200)
    kind: OrganisationKind
    region: str = Field(default="", max_length=100)
    size: OrganisationSize = OrganisationSize.small
    founded_year: int | None = Field(default=None, ge=1900, le=2100)
    hq_moved_from: str | None = Field(default=None, max_length=100)
    description_ko: str = Field(default="", max_length=5000)
    description_en: str = Field(default="", max_length=5000)


class OrganisationOut(OrganisationIn):
    model_config = ConfigDict(from_attributes=True)

    id: int
    key: str | None = None
