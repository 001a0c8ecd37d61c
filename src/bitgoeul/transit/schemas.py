"""API shapes: the issue's plan and meeting contracts, stop search with suggestions, loaded feeds."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class StopOut(BaseModel):
    id: str
    name: str
    name_ko: str
    name_en: str
    lat: float
    lon: float
    station: bool
    parent: str | None
    feed: str
    sample: bool


class StopsOut(BaseModel):
    items: list[StopOut]
    total: int
    page: int
    per_page: int
    suggestions: list[StopOut] = Field(default_factory=list, description="close matches when nothing matched")


class PlaceChoiceOut(BaseModel):
    name: str
    name_ko: str
    name_en: str
    kind: str = Field(description="city, district, airport, station, stop, venue or organisation")
    kind_name: str
    text: str = Field(description="what to send as `from`/`to` to mean this place")


class PlacesOut(BaseModel):
    items: list[PlaceChoiceOut]


class PlaceRef(BaseModel):
    id: str
    name: str


class LegOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    mode: str
    route: str | None
    route_id: str | None = None
    trip_id: str | None = None
    headsign: str = ""
    from_: PlaceRef = Field(alias="from")
    to: PlaceRef
    depart: str
    arrive: str
    via: list[PlaceRef] = Field(default_factory=list, description="via stops this leg ends at or passes on board")


class ItineraryOut(BaseModel):
    depart: str
    arrive: str
    duration_minutes: int | None = None
    transfers: int
    via: list[PlaceRef] = Field(default_factory=list)
    fare: float | None = None
    currency: str | None = None
    legs: list[LegOut]


class RangeOut(BaseModel):
    depart: str
    until: str


class PlanOut(BaseModel):
    itineraries: list[ItineraryOut]
    range: RangeOut | None = Field(None, description="set when `until` asked for a departure window")


class MeetingOptionOut(BaseModel):
    place: PlaceRef
    latest_arrival: str | None
    total_minutes: int
    fairness_minutes: int
    itineraries: list[ItineraryOut]


class MeetOut(BaseModel):
    options: list[MeetingOptionOut]


class FeedOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    label: str
    source: str
    publisher: str
    loaded_at: datetime
    service_start: date | None
    service_end: date | None
    counts: dict[str, Any]
    report: list[dict[str, Any]]
