"""Validated inputs of the dialogue services and the shapes of its API answers (forms and API share them)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bitgoeul.core.bounds import Id
from bitgoeul.core.i18n import Message
from bitgoeul.core.links import is_local_path
from bitgoeul.core.plausible import PlausibleDay

VoiceKind = Literal["request", "proposal", "complaint", "praise", "commitment", "other"]
ParticipantKind = Literal["host", "official", "councillor", "firm", "expert", "civic", "student", "citizen", "other"]
ActionStatusLiteral = Literal["open", "in_progress", "done", "declined"]
LinkKind = Literal["event", "demonstration", "programme_change", "need", "solution", "job", "other"]

_CODE = re.compile(r"^[a-z][a-z0-9_]{1,59}$")


def _web_address(value: str) -> str:
    """Only http(s) addresses: a `javascript:` link in a source must never reach a page."""
    if value and not value.lower().startswith(("http://", "https://")):
        raise ValueError(Message("dialogue.schemas.only_http_or_https_addresses"))
    return value


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SessionIn(_In):
    number: int | None = Field(default=None, ge=1, le=100000)
    title: str = Field(default="", max_length=300)
    held_on: PlausibleDay | None = None
    starts_at: time | None = None
    place: str = Field(default="", max_length=300)
    field: str = Field(default="other", max_length=60)
    field_other: str = Field(default="", max_length=100)
    topic: str = Field(default="", max_length=300)
    host: str = Field(default="", max_length=100)
    summary_ko: str = Field(default="", max_length=20000)
    summary_en: str = Field(default="", max_length=20000)
    minutes_ko: str = Field(default="", max_length=100000)
    minutes_en: str = Field(default="", max_length=100000)
    photo_captions: list[str] = Field(default_factory=list, max_length=50)


class SourceIn(_In):
    outlet: str = Field(default="", max_length=200)
    author: str = Field(default="", max_length=200)
    title: str = Field(default="", max_length=300)
    url: str = Field(default="", max_length=1000)
    published_on: PlausibleDay | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _web_address(value)


class ParticipantIn(_In):
    name: str = Field(default="", max_length=100)
    organisation_name: str = Field(default="", max_length=200)
    role: str = Field(default="", max_length=100)
    kind: ParticipantKind = "citizen"
    user_id: Id | None = None
    organisation_id: Id | None = None


class VoiceIn(_In):
    """An operator's version of a session voice; `verbatim` counts only for voices typed in by hand."""

    participant_id: Id | None = None
    speaker_text: str = Field(default="", max_length=200)
    quote: str = Field(min_length=1, max_length=5000)
    summary_ko: str = Field(default="", max_length=5000)
    summary_en: str = Field(default="", max_length=5000)
    kind: VoiceKind = "other"
    themes: list[str] = Field(default_factory=list, max_length=14)
    verbatim: bool = True


class CitizenVoiceIn(_In):
    theme: str = Field(min_length=1, max_length=60)
    quote: str = Field(min_length=10, max_length=2000)
    kind: VoiceKind = "request"


class ModerationIn(_In):
    decision: Literal["publish", "reject"]
    reason: str = Field(default="", max_length=2000)


class ActionIn(_In):
    title_ko: str = Field(min_length=2, max_length=300)
    title_en: str = Field(default="", max_length=300)
    description_ko: str = Field(default="", max_length=20000)
    description_en: str = Field(default="", max_length=20000)
    owner_department: str = Field(default="", max_length=200)
    due_on: PlausibleDay | None = None
    progress: int = Field(default=0, ge=0, le=100)


class ActionMoveIn(_In):
    target: ActionStatusLiteral
    reason: str = Field(default="", max_length=2000)


class AnswerIn(_In):
    """A public answer; it may report new progress and, with `status`, move the action at the same time."""

    body_ko: str = Field(min_length=2, max_length=20000)
    body_en: str = Field(default="", max_length=20000)
    progress: int | None = Field(default=None, ge=0, le=100)
    status: ActionStatusLiteral | None = None
    reason: str = Field(default="", max_length=2000)


class LinkIn(_In):
    kind: LinkKind
    target_id: Id | None = None
    label: str = Field(min_length=1, max_length=300)
    url: str = Field(default="", max_length=1000)

    @field_validator("url")
    @classmethod
    def _local_or_web(cls, value: str) -> str:
        if is_local_path(value):
            return value
        return _web_address(value)


class ThemeIn(_In):
    code: str = Field(min_length=2, max_length=60)
    label_ko: str = Field(min_length=1, max_length=100)
    label_en: str = Field(default="", max_length=100)
    family: Literal["field", "programme", "other"] = "other"
    cues: list[str] = Field(default_factory=list, max_length=100)
    active: bool = True

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not _CODE.match(value):
            raise ValueError(Message("dialogue.schemas.lower_case_letters_digits_and"))
        return value


# --- answers of the API ----------------------------------------------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ThemeOut(_Out):
    code: str
    label_ko: str
    label_en: str
    family: str
    active: bool


class SourceOut(_Out):
    outlet: str
    author: str
    title: str
    url: str
    published_on: date | None


class ParticipantOut(_Out):
    id: int
    name: str
    organisation_name: str
    role: str
    kind: str
    user_id: int | None
    organisation_id: int | None


class VoiceOut(BaseModel):
    id: int
    session_id: int | None
    speaker: str | None
    speaker_organisation: str | None
    participant_id: int | None
    quote: str
    verbatim: bool
    quote_start: int | None
    quote_end: int | None
    summary_ko: str
    summary_en: str
    kind: str
    themes: list[str]
    origin: str
    moderation: str
    supports: int
    action_ids: list[int]


class AnswerOut(_Out):
    body_ko: str
    body_en: str
    answered_at: datetime
    status: str
    progress: int


class LinkOut(_Out):
    kind: str
    target_id: int | None
    label: str
    url: str


class ActionOut(BaseModel):
    id: int
    voice_id: int
    session_id: int | None
    title_ko: str
    title_en: str
    description_ko: str
    description_en: str
    owner_department: str
    status: str
    declined_reason: str
    due_on: date | None
    overdue: bool
    progress: int
    answers: list[AnswerOut]
    links: list[LinkOut]
    sources: list[SourceOut]


class SessionOut(BaseModel):
    id: int
    number: int | None
    title: str
    held_on: date | None
    starts_at: time | None
    place: str
    field: str
    topic: str
    host: str
    summary_ko: str
    summary_en: str
    minutes_ko: str
    minutes_en: str
    photo_captions: list[str]
    status: str
    sources: list[SourceOut]
    participants: list[ParticipantOut]
    voices: list[VoiceOut]


class SessionBriefOut(_Out):
    id: int
    number: int | None
    title: str
    held_on: date | None
    place: str
    field: str
    topic: str
    status: str
