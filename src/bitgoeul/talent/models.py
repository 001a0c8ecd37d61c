"""Talent records: profiles of people, jobs of organisations, applications with their history, and alerts
(subscriptions and the one-per-person-and-job notifications they produce)."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bitgoeul.accounts.models import User
from bitgoeul.core.db import Base, Timestamped, utcnow
from bitgoeul.core.time import UTCDateTime
from bitgoeul.organisations.models import Organisation


class TalentProfile(Timestamped, Base):
    """A person's profile: what they can do (read by firms) and what they want (read by the matcher)."""

    __tablename__ = "talent_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    headline: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    desired_roles: Mapped[str] = mapped_column(Text, default="")  # free text: what work they want next
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    years_experience: Mapped[int] = mapped_column(Integer, default=0)
    seniority: Mapped[str] = mapped_column(String(20), default="junior", index=True)
    programme: Mapped[str] = mapped_column(String(20), default="none", index=True)
    cohort: Mapped[str] = mapped_column(String(100), default="")  # e.g. "AI사관학교 4기"
    home_region: Mapped[str] = mapped_column(String(100), default="")  # e.g. "광주 북구"
    wish_regions: Mapped[list[str]] = mapped_column(JSON, default=list)  # e.g. ["광주", "전남"]
    work_mode: Mapped[str] = mapped_column(String(20), default="any")
    salary_wish: Mapped[int | None] = mapped_column(Integer)  # yearly, in 10,000 KRW (만원)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)  # "ko", "en", ...
    visible: Mapped[bool] = mapped_column(default=True)  # firms may find this profile

    user: Mapped[User] = relationship(lazy="joined")


class Job(Timestamped, Base):
    __tablename__ = "talent_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    title_ko: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    description_ko: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    seniority: Mapped[str] = mapped_column(String(20), default="mid", index=True)
    skills_must: Mapped[list[str]] = mapped_column(JSON, default=list)
    skills_nice: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)  # languages the work needs
    region: Mapped[str] = mapped_column(String(100), default="", index=True)  # e.g. "광주 광산구"
    work_mode: Mapped[str] = mapped_column(String(20), default="onsite")
    salary_min: Mapped[int | None] = mapped_column(Integer)  # yearly, in 10,000 KRW (만원)
    salary_max: Mapped[int | None] = mapped_column(Integer)
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    organisation: Mapped[Organisation] = relationship(lazy="joined")


class Application(Timestamped, Base):
    """One person's application to one job; a second one for the same pair is refused."""

    __tablename__ = "talent_applications"
    __table_args__ = (UniqueConstraint("job_id", "profile_id", name="uq_talent_applications_job_id_profile_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("talent_jobs.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("talent_profiles.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="applied", index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    hired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    job: Mapped[Job] = relationship(lazy="joined")
    profile: Mapped[TalentProfile] = relationship(lazy="joined")
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="ApplicationEvent.id")


class ApplicationEvent(Base):
    """Who moved an application from which state to which, and when (time to hire is read from these)."""

    __tablename__ = "talent_application_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("talent_applications.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_side: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    application: Mapped[Application] = relationship(back_populates="events")


CRITERIA = ("kind", "query", "seniority", "region", "work_mode", "min_score")
CRITERIA_DEFAULTS: dict[str, Any] = {"kind": "match", "query": "", "min_score": 50}


def criteria_key(values: dict[str, Any]) -> str:
    """One subscription's criteria as a short fingerprint: equal criteria (words compared without case and
    extra spaces) give equal keys, so a unique index can refuse a second identical active subscription."""
    picked = {name: values.get(name, CRITERIA_DEFAULTS.get(name)) for name in CRITERIA}
    picked["query"] = " ".join(str(picked["query"] or "").split()).casefold()
    picked["min_score"] = round(float(picked["min_score"] or 0.0), 4)
    picked = {name: (str(value) if name != "min_score" and value is not None else value)
              for name, value in picked.items()}
    return hashlib.sha256(json.dumps(picked, sort_keys=True).encode()).hexdigest()


def _criteria_default(context: Any) -> str:
    return criteria_key(context.get_current_parameters())


class Subscription(Timestamped, Base):
    """A person's standing request for alerts: a saved search, or "jobs that match me". One active
    subscription per person and criteria (a partial unique index on `criteria`, set when the row is made)."""

    __tablename__ = "talent_subscriptions"
    __table_args__ = (Index("uq_talent_subscriptions_active_criteria", "user_id", "criteria", unique=True,
                            sqlite_where=text("active = 1"), postgresql_where=text("active")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="match")
    query: Mapped[str] = mapped_column(String(300), default="")
    seniority: Mapped[str | None] = mapped_column(String(20))
    region: Mapped[str | None] = mapped_column(String(100))
    work_mode: Mapped[str | None] = mapped_column(String(20))
    min_score: Mapped[float] = mapped_column(Float, default=50)  # 0-100, the scale people see (talent_0005)
    active: Mapped[bool] = mapped_column(default=True)
    criteria: Mapped[str] = mapped_column(String(64), default=_criteria_default)


class Alert(Base):
    """One job shown to one person; unique per (user, job) so nobody is told about the same job twice."""

    __tablename__ = "talent_alerts"
    __table_args__ = (UniqueConstraint("user_id", "job_id", name="uq_talent_alerts_user_id_job_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("talent_jobs.id", ondelete="CASCADE"), index=True)
    subscription_id: Mapped[int | None] = mapped_column(ForeignKey("talent_subscriptions.id", ondelete="SET NULL"))
    score: Mapped[float | None] = mapped_column(Float)
    reasons: Mapped[list[list[str]]] = mapped_column(JSON, default=list)  # [[ko, en], ...]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    job: Mapped[Job] = relationship(lazy="joined")


class MatchCard(Base):
    """What the two-sided matcher needs of one job or profile, its text analysed once (see match_store.py).

    Written in the same transaction as every ORM write of the job or profile (session hooks); `seq` grows
    with each write so every process's in-memory pool catches up by it, as the search index does.
    """

    __tablename__ = "talent_match_cards"
    __table_args__ = (UniqueConstraint("kind", "record_id", name="uq_talent_match_cards_kind_record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # "job" or "profile"
    record_id: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    content_hash: Mapped[str] = mapped_column(String(64))  # of the card: an unchanged record is not re-analysed
    text: Mapped[str] = mapped_column(Text, default="")  # the text analysed (found again when user words change)
    card: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the matcher's inputs and filters
    terms: Mapped[list[str]] = mapped_column(JSON, default=list)  # index terms of `text`

