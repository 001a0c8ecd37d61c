"""Loaded GTFS feeds: the raw files as blobs (rebuilt into a timetable on first use) and a stops table
for search. Normalised rows were measured too slow to write for the NYC feed; see docs/transit.md."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bitgoeul.core.db import Base, utcnow
from bitgoeul.core.time import UTCDateTime


class TransitFeed(Base):
    """One loaded GTFS feed; `version` (a hash of its files) keys the per-process timetable cache."""

    __tablename__ = "transit_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    source: Mapped[str] = mapped_column(String(500), default="")
    label: Mapped[str] = mapped_column(String(20), default="")  # "sample": shown as such in the product
    version: Mapped[str] = mapped_column(String(64))
    publisher: Mapped[str] = mapped_column(String(300), default="")
    timezone: Mapped[str] = mapped_column(String(60), default="")
    service_start: Mapped[date | None] = mapped_column(Date)
    service_end: Mapped[date | None] = mapped_column(Date)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # stops, routes, trips, stop_times
    report: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{file, line, message}]
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    files: Mapped[list[TransitFeedFile]] = relationship(back_populates="feed", cascade="all, delete-orphan",
                                                        passive_deletes=True)
    stops: Mapped[list[TransitStop]] = relationship(back_populates="feed", cascade="all, delete-orphan",
                                                    passive_deletes=True)


class TransitFeedFile(Base):
    """One GTFS file of a feed, byte for byte as given (its encoding is detected again when parsed)."""

    __tablename__ = "transit_feed_files"
    __table_args__ = (UniqueConstraint("feed_id", "name", name="uq_transit_feed_files_feed_id_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("transit_feeds.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    data: Mapped[bytes] = mapped_column(LargeBinary)

    feed: Mapped[TransitFeed] = relationship(back_populates="files")


class TransitStop(Base):
    """A stop or station of a feed, in Korean and English, for search and suggestions."""

    __tablename__ = "transit_stops"
    __table_args__ = (UniqueConstraint("feed_id", "stop_id", name="uq_transit_stops_feed_id_stop_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("transit_feeds.id", ondelete="CASCADE"), index=True)
    stop_id: Mapped[str] = mapped_column(String(200), index=True)  # as in the feed
    name: Mapped[str] = mapped_column(String(300), default="")  # the feed's own stop_name
    name_ko: Mapped[str] = mapped_column(String(300), default="")
    name_en: Mapped[str] = mapped_column(String(300), default="")
    search: Mapped[str] = mapped_column(String(1000), default="")  # folded names and id, for LIKE
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    location_type: Mapped[int] = mapped_column(Integer, default=0)
    parent_stop_id: Mapped[str | None] = mapped_column(String(200))
    served: Mapped[bool] = mapped_column(default=False)  # some trip calls here (or at a platform of it)

    feed: Mapped[TransitFeed] = relationship(back_populates="stops")
