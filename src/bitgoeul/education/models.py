"""Education records: courses (with the canonical skills they teach, one row each, so lists filter and the
skills-gap view counts in SQL), people's course alert subscriptions by skill, and the one-per-person-and-course
alerts they produce."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bitgoeul.core.db import Base, Timestamped, utcnow
from bitgoeul.core.time import UTCDateTime
from bitgoeul.organisations.models import Organisation


class Course(Timestamped, Base):
    """A course, a university programme or an AI Academy cohort, published by an institution."""

    __tablename__ = "education_courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="short", index=True)
    title_ko: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    summary_ko: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)  # as the provider typed them
    level: Mapped[str] = mapped_column(String(20), default="intro", index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    apply_by: Mapped[date | None] = mapped_column(Date)
    cost: Mapped[int] = mapped_column(Integer, default=0)  # won; 0 is free
    language: Mapped[str] = mapped_column(String(10), default="ko")
    venue_name: Mapped[str] = mapped_column(String(200), default="")
    venue_address: Mapped[str] = mapped_column(String(300), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    how_to_apply_ko: Mapped[str] = mapped_column(Text, default="")
    how_to_apply_en: Mapped[str] = mapped_column(Text, default="")
    cohort: Mapped[str] = mapped_column(String(100), default="")  # e.g. "AI사관학교 6기"
    curriculum_ko: Mapped[str] = mapped_column(Text, default="")
    curriculum_en: Mapped[str] = mapped_column(Text, default="")
    eligibility_ko: Mapped[str] = mapped_column(Text, default="")
    eligibility_en: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    provider: Mapped[Organisation] = relationship(lazy="joined")
    taught: Mapped[list[CourseSkill]] = relationship(back_populates="course", cascade="all, delete-orphan",
                                                     order_by="CourseSkill.position", lazy="selectin")


class CourseSkill(Base):
    """One skill a course teaches, as its canonical key (talent/skills.py), the vocabulary of jobs and
    profiles: "파이썬" and "Python" taught are one skill asked for."""

    __tablename__ = "education_course_skills"
    __table_args__ = (UniqueConstraint("course_id", "skill", name="uq_education_course_skills_course_id_skill"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("education_courses.id", ondelete="CASCADE"), index=True)
    skill: Mapped[str] = mapped_column(String(100), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    course: Mapped[Course] = relationship(back_populates="taught")


class CourseSubscription(Timestamped, Base):
    """A person asks to be told when a course opens for one skill. One active subscription per person and
    skill (a partial unique index, the same on both databases)."""

    __tablename__ = "education_subscriptions"
    __table_args__ = (Index("uq_education_subscriptions_active_skill", "user_id", "skill", unique=True,
                            sqlite_where=text("active = 1"), postgresql_where=text("active")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    skill: Mapped[str] = mapped_column(String(100))  # canonical key
    active: Mapped[bool] = mapped_column(default=True)


class CourseAlert(Base):
    """One course told to one person; unique per (user, course), so nobody hears of the same course twice."""

    __tablename__ = "education_alerts"
    __table_args__ = (UniqueConstraint("user_id", "course_id", name="uq_education_alerts_user_id_course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("education_courses.id", ondelete="CASCADE"), index=True)
    skill: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
