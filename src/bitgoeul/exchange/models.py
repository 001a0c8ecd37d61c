"""Exchange records: partner offers/seeks and meeting requests, events with RSVPs, competitions, and the
1:1 meeting scheduler's inputs (slots, preferences, availability) and its draft or published timetable."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bitgoeul.accounts.models import User
from bitgoeul.core.db import Base, Timestamped, utcnow
from bitgoeul.core.time import UTCDateTime
from bitgoeul.organisations.models import Organisation

# --- partner matching ------------------------------------------------------------------------------------


class PartnerListing(Timestamped, Base):
    """What an organisation offers to partners, or seeks from them (one intent, domain and region each)."""

    __tablename__ = "exchange_listings"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(10), index=True)  # offer | seek
    intent: Mapped[str] = mapped_column(String(30), index=True)
    domain: Mapped[str] = mapped_column(String(40), index=True)
    region: Mapped[str] = mapped_column(String(100), default="")
    title_ko: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    text_ko: Mapped[str] = mapped_column(Text, default="")
    text_en: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    organisation: Mapped[Organisation] = relationship(lazy="joined")


def _pair_end(pick: Any) -> Any:
    """A column default: the lower (`min`) or higher (`max`) of the two organisations of the new row."""
    def default(context: Any) -> int:
        row = context.get_current_parameters()
        return int(pick(row["from_organisation_id"], row["to_organisation_id"]))
    return default


class MeetingRequest(Timestamped, Base):
    """One firm asks another for a meeting; the other accepts or declines (pending -> accepted | declined;
    the sender may withdraw a pending one). One pending request per pair of organisations, whichever
    asked: `pair_low_id`/`pair_high_id` name the pair in one order so a partial unique index can hold it."""

    __tablename__ = "exchange_meeting_requests"
    __table_args__ = (Index("uq_exchange_meeting_requests_pending_pair", "pair_low_id", "pair_high_id", unique=True,
                            sqlite_where=text("status = 'pending'"), postgresql_where=text("status = 'pending'")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    from_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                                      index=True)
    to_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                                    index=True)
    pair_low_id: Mapped[int] = mapped_column(Integer, default=_pair_end(min))
    pair_high_id: Mapped[int] = mapped_column(Integer, default=_pair_end(max))
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("exchange_listings.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), index=True, default="pending")
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    responder_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    response_note: Mapped[str] = mapped_column(Text, default="")

    from_organisation: Mapped[Organisation] = relationship(foreign_keys=[from_organisation_id], lazy="joined")
    to_organisation: Mapped[Organisation] = relationship(foreign_keys=[to_organisation_id], lazy="joined")
    listing: Mapped[PartnerListing | None] = relationship(lazy="joined")


# --- events ----------------------------------------------------------------------------------------------


class Event(Timestamped, Base):
    """A meetup, exchange day or competition. `capacity` None means unlimited; `waitlist_capacity` None
    means an unlimited waiting list, 0 none at all."""

    __tablename__ = "exchange_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True, default="meetup")
    status: Mapped[str] = mapped_column(String(20), index=True, default="draft")
    title_ko: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    description_ko: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    venue_name: Mapped[str] = mapped_column(String(200), default="")
    venue_address: Mapped[str] = mapped_column(String(300), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    capacity: Mapped[int | None] = mapped_column(Integer)
    waitlist_capacity: Mapped[int | None] = mapped_column(Integer)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"),
                                                        index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Competitions: submissions close at the deadline; results are public once published.
    submission_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    results_published: Mapped[bool] = mapped_column(default=False)
    # 1:1 meetings: the organiser's tables and per-person cap; the schedule's state and its figures.
    meetings_enabled: Mapped[bool] = mapped_column(default=False)
    meeting_tables: Mapped[int] = mapped_column(Integer, default=0)
    max_meetings_per_person: Mapped[int] = mapped_column(Integer, default=0)
    schedule_state: Mapped[str] = mapped_column(String(20), default="none")  # none | draft | published
    schedule_total_weight: Mapped[int | None] = mapped_column(Integer)
    schedule_upper_bound: Mapped[int | None] = mapped_column(Integer)
    schedule_notes: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    schedule_generated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    schedule_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # [slot_id, table, a_user_id, b_user_id] of each meeting as last published: who to tell when it changes.
    schedule_published_meetings: Mapped[list[list[int]] | None] = mapped_column(JSON)

    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    tracks: Mapped[list[Track]] = relationship(back_populates="event", cascade="all, delete-orphan",
                                               order_by="Track.id")
    slots: Mapped[list[MeetingSlot]] = relationship(back_populates="event", cascade="all, delete-orphan",
                                                    order_by="(MeetingSlot.starts_at, MeetingSlot.id)")


class Rsvp(Base):
    """A registration: going, waitlisted (in `position` order) or cancelled; `checked_in_at` is attendance.
    `available_slot_ids` None means available for every 1:1 slot."""

    __tablename__ = "exchange_rsvps"
    __table_args__ = (UniqueConstraint("event_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("exchange_events.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    available_slot_ids: Mapped[list[int] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(lazy="joined")


# --- competitions ----------------------------------------------------------------------------------------


class Track(Base):
    __tablename__ = "exchange_tracks"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("exchange_events.id", ondelete="CASCADE"), index=True)
    name_ko: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    description_ko: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship(back_populates="tracks")


class Team(Base):
    __tablename__ = "exchange_teams"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("exchange_events.id", ondelete="CASCADE"), index=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("exchange_tracks.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    track: Mapped[Track] = relationship(lazy="joined")
    members: Mapped[list[TeamMember]] = relationship(back_populates="team", cascade="all, delete-orphan",
                                                     order_by="TeamMember.id")
    submission: Mapped[Submission | None] = relationship(back_populates="team", cascade="all, delete-orphan")


class TeamMember(Base):
    __tablename__ = "exchange_team_members"
    __table_args__ = (UniqueConstraint("event_id", "user_id"),)  # one team per person per event

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("exchange_events.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("exchange_teams.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    team: Mapped[Team] = relationship(back_populates="members")
    user: Mapped[User] = relationship(lazy="joined")


class Submission(Base):
    """A team's entry (one per team; resubmitting replaces it) and the jury's result."""

    __tablename__ = "exchange_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("exchange_teams.id", ondelete="CASCADE"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    score: Mapped[float | None] = mapped_column(Float)
    rank: Mapped[int | None] = mapped_column(Integer)
    award_ko: Mapped[str] = mapped_column(String(200), default="")
    award_en: Mapped[str] = mapped_column(String(200), default="")

    team: Mapped[Team] = relationship(back_populates="submission")


# --- 1:1 meetings ----------------------------------------------------------------------------------------


class MeetingSlot(Base):
    __tablename__ = "exchange_meeting_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("exchange_events.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship(back_populates="slots")


class MeetingPreference(Base):
    """One direction of interest between two attendees of an event: must | meet | no."""

    __tablename__ = "exchange_meeting_preferences"
    __table_args__ = (UniqueConstraint("event_id", "from_user_id", "to_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("exchange_events.id", ondelete="CASCADE"), index=True)
    from_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    to_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(10))


class ScheduledMeeting(Base):
    """One meeting of the event's timetable (draft or published); `a_user_id` < `b_user_id`."""

    __tablename__ = "exchange_scheduled_meetings"
    __table_args__ = (UniqueConstraint("event_id", "a_user_id", "b_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("exchange_events.id", ondelete="CASCADE"), index=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("exchange_meeting_slots.id", ondelete="CASCADE"), index=True)
    table_no: Mapped[int] = mapped_column(Integer)
    a_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    b_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    pinned: Mapped[bool] = mapped_column(default=False)

    slot: Mapped[MeetingSlot] = relationship(lazy="joined")
    a_user: Mapped[User] = relationship(foreign_keys=[a_user_id], lazy="joined")
    b_user: Mapped[User] = relationship(foreign_keys=[b_user_id], lazy="joined")
