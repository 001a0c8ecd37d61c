"""The showcase's own records: each place it presents (the National AI Data Center, the AI academy), the
captions of its pictures, and visit requests. Facts about the place (demonstrations, events, figures) are not
stored here: they are read live from the records of the capabilities that own them (`facts.py`)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bitgoeul.accounts.models import User
from bitgoeul.core.db import Base, Timestamped
from bitgoeul.core.time import UTCDateTime


class ShowcaseSite(Timestamped, Base):
    """A place visitors come to see. Its texts are the operators' words in both languages; `place_words` are
    the names records use for it (a need's demonstration site, an event's venue), and events within `radius_m`
    of its point count as held there."""

    __tablename__ = "showcase_sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name_ko: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    summary_ko: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    compute_ko: Mapped[str] = mapped_column(Text, default="")
    compute_en: Mapped[str] = mapped_column(Text, default="")
    data_ko: Mapped[str] = mapped_column(Text, default="")
    data_en: Mapped[str] = mapped_column(Text, default="")
    support_ko: Mapped[str] = mapped_column(Text, default="")
    support_en: Mapped[str] = mapped_column(Text, default="")
    apply_ko: Mapped[str] = mapped_column(Text, default="")
    apply_en: Mapped[str] = mapped_column(Text, default="")
    address_ko: Mapped[str] = mapped_column(String(300), default="")
    address_en: Mapped[str] = mapped_column(String(300), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    radius_m: Mapped[int] = mapped_column(Integer, default=500)
    place_words: Mapped[list[str]] = mapped_column(JSON, default=list)

    pictures: Mapped[list[ShowcasePicture]] = relationship(
        back_populates="site", cascade="all, delete-orphan", order_by="ShowcasePicture.position",
        lazy="selectin")


class ShowcasePicture(Base):
    """A picture shipped with the app (`/static/showcase/<file>`); operators write its captions."""

    __tablename__ = "showcase_pictures"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("showcase_sites.id", ondelete="CASCADE"), index=True)
    file: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)
    caption_ko: Mapped[str] = mapped_column(String(300), default="")
    caption_en: Mapped[str] = mapped_column(String(300), default="")

    site: Mapped[ShowcaseSite] = relationship(back_populates="pictures")


class VisitRequest(Timestamped, Base):
    """A group asking to visit a site; an operator accepts or declines it with a written answer, which reaches
    the requester's inbox (and e-mail)."""

    __tablename__ = "showcase_visit_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("showcase_sites.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    group_name: Mapped[str] = mapped_column(String(200))
    group_size: Mapped[int] = mapped_column(Integer)
    preferred_date: Mapped[date] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(5), default="ko")
    purpose: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    site: Mapped[ShowcaseSite] = relationship(lazy="joined")
    user: Mapped[User | None] = relationship(foreign_keys=[user_id], lazy="joined")

    @property
    def site_slug(self) -> str:
        return self.site.slug

    @property
    def requester_name(self) -> str:
        return self.user.display_name if self.user else ""

    @property
    def requester_email(self) -> str:
        return self.user.email if self.user else ""
