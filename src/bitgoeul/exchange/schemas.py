"""Validated inputs and API outputs of the exchange services (forms, API and CLI share the inputs)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from bitgoeul.core.bounds import Id
from bitgoeul.core.forms import FieldRule
from bitgoeul.core.i18n import Message
from bitgoeul.core.plausible import plausible_moment
from bitgoeul.core.time import as_utc, from_local
from bitgoeul.exchange.codes import EVENT_KINDS, INTENTS, PARTNER_DOMAINS, SIDES

MAX_CAPACITY = 100_000


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _code(value: str, table: dict[str, tuple[str, str]]) -> str:
    if value not in table:
        raise ValueError(Message("exchange.schemas.not_allowed_value", value=value))
    return value


# --- partners --------------------------------------------------------------------------------------------


class ListingIn(_In):
    organisation_id: Id | None = None
    side: str
    intent: str
    domain: str = "any"
    region: str = Field(default="", max_length=100)
    title_ko: str = Field(min_length=2, max_length=200)
    title_en: str = Field(default="", max_length=200)
    text_ko: str = Field(min_length=5, max_length=5000)
    text_en: str = Field(default="", max_length=5000)
    active: bool = True

    @field_validator("side")
    @classmethod
    def _side(cls, value: str) -> str:
        return _code(value, SIDES)

    @field_validator("intent")
    @classmethod
    def _intent(cls, value: str) -> str:
        return _code(value, INTENTS)

    @field_validator("domain")
    @classmethod
    def _domain(cls, value: str) -> str:
        return _code(value, PARTNER_DOMAINS)


class MeetingRequestIn(_In):
    to_organisation_id: Id
    from_organisation_id: Id | None = None  # operators only; members send for their own organisation
    listing_id: Id | None = None
    message: str = Field(min_length=5, max_length=2000)


class ResponseIn(_In):
    decision: Literal["accept", "decline", "cancel"]
    note: str = Field(default="", max_length=2000)


class _Out(BaseModel):
    """Outputs: datetimes always carry their UTC offset (stored ones already do; see core/time.py)."""

    model_config = ConfigDict(from_attributes=True)

    @field_validator("*", mode="after")
    @classmethod
    def _aware(cls, value: object) -> object:
        return as_utc(value) if isinstance(value, datetime) else value


class ListingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    organisation_id: int
    side: str
    intent: str
    domain: str
    region: str
    title_ko: str
    title_en: str
    text_ko: str
    text_en: str
    active: bool


class MatchOut(BaseModel):
    listing: ListingOut
    organisation_name_ko: str
    organisation_name_en: str
    score: int = Field(ge=0, le=100, description="0-100, the number the pages and the CLI show for this match")
    reasons_ko: list[str]
    reasons_en: list[str]


class MeetingRequestOut(_Out):
    id: int
    from_organisation_id: int
    to_organisation_id: int
    listing_id: int | None
    message: str
    status: str
    response_note: str
    created_at: datetime
    responded_at: datetime | None


# --- events ----------------------------------------------------------------------------------------------


class EventIn(_In):
    kind: str = "meetup"
    organisation_id: Id | None = None
    title_ko: str = Field(min_length=2, max_length=200)
    title_en: str = Field(default="", max_length=200)
    description_ko: str = Field(default="", max_length=20000)
    description_en: str = Field(default="", max_length=20000)
    starts_at: datetime
    ends_at: datetime
    venue_name: str = Field(default="", max_length=200)
    venue_address: str = Field(default="", max_length=300)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    capacity: int | None = Field(default=None, ge=1, le=MAX_CAPACITY)
    waitlist_capacity: int | None = Field(default=None, ge=0, le=MAX_CAPACITY)
    submission_deadline: datetime | None = None
    meetings_enabled: bool = False
    meeting_tables: int = Field(default=0, ge=0, le=10_000)
    max_meetings_per_person: int = Field(default=0, ge=0, le=100)

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        return _code(value, EVENT_KINDS)

    @field_validator("starts_at", "ends_at", "submission_deadline")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        return None if value is None else from_local(value)

    @field_validator("starts_at", "ends_at", "submission_deadline")
    @classmethod
    def _plausible(cls, value: datetime | None) -> datetime | None:
        # A typo such as the year 75 is refused beside its field (core.plausible: 2000 to five years ahead).
        return None if value is None else plausible_moment(value)

    @field_validator("ends_at")
    @classmethod
    def _after_start(cls, value: datetime, info: ValidationInfo) -> datetime:
        starts = info.data.get("starts_at")
        if starts is not None and value <= starts:
            raise ValueError(Message("range.end_before_start"))
        return value

    @model_validator(mode="after")
    def _order(self) -> Self:
        if self.ends_at <= self.starts_at:
            raise FieldRule("ends_at", Message("range.end_before_start"))
        if (self.lat is None) != (self.lon is None):
            raise FieldRule("lat" if self.lat is None else "lon",
                            Message("exchange.schemas.give_both_latitude_and_longitude"))
        return self


class EventOut(_Out):
    id: int
    kind: str
    status: str
    title_ko: str
    title_en: str
    description_ko: str
    description_en: str
    starts_at: datetime
    ends_at: datetime
    venue_name: str
    venue_address: str
    lat: float | None
    lon: float | None
    capacity: int | None
    waitlist_capacity: int | None
    organisation_id: int | None
    meetings_enabled: bool
    schedule_state: str


class RsvpIn(_In):
    join_waitlist: bool = True


class RsvpOut(_Out):
    id: int
    event_id: int
    user_id: int
    status: str
    position: int
    checked_in_at: datetime | None


class TrackIn(_In):
    name_ko: str = Field(min_length=2, max_length=200)
    name_en: str = Field(default="", max_length=200)
    description_ko: str = Field(default="", max_length=5000)
    description_en: str = Field(default="", max_length=5000)


class TeamIn(_In):
    track_id: Id
    name: str = Field(min_length=2, max_length=120)


class SubmissionIn(_In):
    title: str = Field(min_length=2, max_length=200)
    summary: str = Field(default="", max_length=5000)
    url: str = Field(default="", max_length=500)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError(Message("exchange.schemas.must_http_or_https_address"))
        return value


class ResultIn(_In):
    team_id: Id
    score: float | None = Field(default=None, ge=0, le=1_000_000)
    rank: int | None = Field(default=None, ge=1, le=10_000)
    award_ko: str = Field(default="", max_length=200)
    award_en: str = Field(default="", max_length=200)


class ResultsIn(_In):
    results: list[ResultIn] = Field(min_length=1, max_length=1000)


# --- 1:1 meetings ----------------------------------------------------------------------------------------


class MeetingSetupIn(_In):
    meeting_tables: int = Field(ge=1, le=10_000)
    max_meetings_per_person: int = Field(ge=1, le=100)


class SlotsIn(_In):
    """Generate `count` back-to-back slots of `minutes` from `first_start` (Korean time if naive)."""

    first_start: datetime
    minutes: int = Field(ge=5, le=240)
    count: int = Field(ge=1, le=48)
    gap_minutes: int = Field(default=0, ge=0, le=120)

    @field_validator("first_start")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return plausible_moment(from_local(value))


class PreferencesIn(_In):
    """Levels by the other attendee's user id ("" or absent = no opinion); None slots = every slot."""

    levels: dict[Id, Literal["must", "meet", "no", ""]] = Field(default_factory=dict)
    available_slot_ids: list[Id] | None = None


class MoveIn(_In):
    a_user_id: Id
    b_user_id: Id
    slot_id: Id
    table: int | None = Field(default=None, ge=1, le=10_000)
    pin: bool = True


class SwapIn(_In):
    first_meeting_id: Id
    second_meeting_id: Id


class PinIn(_In):
    meeting_id: Id
    pinned: bool = True


class MeetingOut(_Out):
    id: int
    slot_id: int
    starts_at: datetime
    ends_at: datetime
    table: int
    a_user_id: int
    b_user_id: int
    a_name: str
    b_name: str
    pinned: bool


class NoteOut(BaseModel):
    kind: str
    user_ids: list[int]
    message_ko: str
    message_en: str
    detail: str


class ScheduleOut(BaseModel):
    state: str
    total_weight: int | None
    upper_bound: int | None
    meetings: list[MeetingOut]
    notes: list[NoteOut]
