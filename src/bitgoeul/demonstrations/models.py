"""Try-and-buy records: solutions, needs, demonstrations with their KPIs and history, purchases."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, Float, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bitgoeul.core.db import Base, Timestamped, utcnow
from bitgoeul.core.time import UTCDateTime
from bitgoeul.organisations.models import Organisation


class Solution(Timestamped, Base):
    __tablename__ = "solutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    title_ko: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    summary_ko: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    description_ko: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    domain_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    deployment: Mapped[str] = mapped_column(String(20), default="cloud")
    price_model: Mapped[str] = mapped_column(String(20), default="subscription")
    # "references" is a reserved word in SQL, hence the column name.
    references: Mapped[list[str]] = mapped_column("reference_list", JSON, default=list)

    organisation: Mapped[Organisation] = relationship(lazy="joined")


class Need(Timestamped, Base):
    __tablename__ = "needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    title_ko: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    problem_ko: Mapped[str] = mapped_column(Text, default="")
    problem_en: Mapped[str] = mapped_column(Text, default="")
    domain: Mapped[str] = mapped_column(String(40), index=True)
    budget_min: Mapped[int] = mapped_column(BigInteger, default=0)
    budget_max: Mapped[int] = mapped_column(BigInteger, default=0)
    deadline: Mapped[date | None] = mapped_column(Date)
    site_available: Mapped[bool] = mapped_column(default=False)
    site_description: Mapped[str] = mapped_column(Text, default="")
    data_available: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation] = relationship(lazy="joined")


# A demonstration is open until it reaches a final stage (demonstrations/stages.py FINAL).
OPEN_DEMONSTRATION = text("stage NOT IN ('purchased', 'not_purchased', 'withdrawn')")


class Demonstration(Timestamped, Base):
    __tablename__ = "demonstrations"
    # One open demonstration per need and solution, held by the database so that two requests at the same
    # moment cannot both create one (a partial unique index: closed ones may repeat).
    __table_args__ = (Index("uq_demonstrations_open_pair", "need_id", "solution_id", unique=True,
                            sqlite_where=OPEN_DEMONSTRATION, postgresql_where=OPEN_DEMONSTRATION),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(20), index=True, default="proposed")
    funded_amount: Mapped[int | None] = mapped_column(BigInteger)
    not_purchased_reason: Mapped[str | None] = mapped_column(Text)
    stage_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    need: Mapped[Need] = relationship(lazy="joined")
    solution: Mapped[Solution] = relationship(lazy="joined")
    kpis: Mapped[list[Kpi]] = relationship(
        back_populates="demonstration", cascade="all, delete-orphan", order_by="Kpi.id"
    )
    events: Mapped[list[DemonstrationEvent]] = relationship(
        back_populates="demonstration", cascade="all, delete-orphan", order_by="DemonstrationEvent.id"
    )
    purchase: Mapped[Purchase | None] = relationship(back_populates="demonstration", cascade="all, delete-orphan")


class Kpi(Base):
    """An agreed indicator: target set when proposing, measured value recorded while running."""

    __tablename__ = "kpis"

    id: Mapped[int] = mapped_column(primary_key=True)
    demonstration_id: Mapped[int] = mapped_column(ForeignKey("demonstrations.id", ondelete="CASCADE"), index=True)
    name_ko: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(40), default="")
    target: Mapped[float] = mapped_column(Float)
    measured: Mapped[float | None] = mapped_column(Float)

    demonstration: Mapped[Demonstration] = relationship(back_populates="kpis")


class DemonstrationEvent(Base):
    """Who moved a demonstration from which stage to which, when, and why."""

    __tablename__ = "demonstration_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    demonstration_id: Mapped[int] = mapped_column(ForeignKey("demonstrations.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(20))
    to_stage: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_side: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")

    demonstration: Mapped[Demonstration] = relationship(back_populates="events")


class Purchase(Base):
    __tablename__ = "purchases"

    id: Mapped[int] = mapped_column(primary_key=True)
    demonstration_id: Mapped[int] = mapped_column(
        ForeignKey("demonstrations.id", ondelete="CASCADE"), unique=True
    )
    amount: Mapped[int] = mapped_column(BigInteger)
    purchased_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    demonstration: Mapped[Demonstration] = relationship(back_populates="purchase")
