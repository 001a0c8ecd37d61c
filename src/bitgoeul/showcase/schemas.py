"""Validated inputs of the showcase services (the page forms build them; the services take nothing else) and
the row shape of the visit-request export."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bitgoeul.core.bounds import Id
from bitgoeul.core.i18n import Message
from bitgoeul.core.time import local_today

MAX_TEXT = 4000
MAX_GROUP = 300  # a delegation larger than a few buses is an event, not a visit
MAX_PLACE_WORDS = 12


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CaptionIn(_In):
    picture_id: Id
    caption_ko: str = Field(default="", max_length=300)
    caption_en: str = Field(default="", max_length=300)


class SiteTextIn(_In):
    """Everything an operator writes about a site, in both languages; the facts beside it are not theirs to
    write (they come from records)."""

    name_ko: str = Field(min_length=2, max_length=200)
    name_en: str = Field(default="", max_length=200)
    summary_ko: str = Field(default="", max_length=MAX_TEXT)
    summary_en: str = Field(default="", max_length=MAX_TEXT)
    compute_ko: str = Field(default="", max_length=MAX_TEXT)
    compute_en: str = Field(default="", max_length=MAX_TEXT)
    data_ko: str = Field(default="", max_length=MAX_TEXT)
    data_en: str = Field(default="", max_length=MAX_TEXT)
    support_ko: str = Field(default="", max_length=MAX_TEXT)
    support_en: str = Field(default="", max_length=MAX_TEXT)
    apply_ko: str = Field(default="", max_length=MAX_TEXT)
    apply_en: str = Field(default="", max_length=MAX_TEXT)
    address_ko: str = Field(default="", max_length=300)
    address_en: str = Field(default="", max_length=300)
    radius_m: int = Field(default=500, ge=0, le=5000)
    place_words: list[str] = Field(default_factory=list, max_length=MAX_PLACE_WORDS)
    captions: list[CaptionIn] = Field(default_factory=list, max_length=50)

    @field_validator("place_words")
    @classmethod
    def _words(cls, value: list[str]) -> list[str]:
        """Words of two characters or more, each once: a one-letter word would match every record."""
        words = list(dict.fromkeys(w.strip() for w in value if w.strip()))
        if any(len(w) < 2 or len(w) > 80 for w in words):
            raise ValueError(Message("showcase.schemas.place_word_length"))
        return words


class VisitRequestIn(_In):
    group_name: str = Field(min_length=2, max_length=200)
    group_size: int = Field(ge=1, le=MAX_GROUP)
    preferred_date: date
    language: Literal["ko", "en"] = "ko"
    purpose: str = Field(default="", max_length=MAX_TEXT)

    @field_validator("preferred_date")
    @classmethod
    def _ahead(cls, value: date) -> date:
        """A visit is planned: from today (the city's) to about a year ahead."""
        today = local_today()
        if not today <= value <= date(today.year + 1, 12, 31):
            raise ValueError(Message("showcase.schemas.date_ahead"))
        return value


class VisitAnswerIn(_In):
    status: Literal["accepted", "declined"]
    answer: str = Field(min_length=2, max_length=MAX_TEXT)


class VisitRequestOut(BaseModel):
    """One row of the operators' export."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    site_slug: str
    group_name: str
    group_size: int
    preferred_date: date
    language: str
    purpose: str
    status: str
    answer: str
    requester_name: str
    requester_email: str
    created_at: datetime
    answered_at: datetime | None
