"""Organisations: AI firms, buyers, public institutions, universities and support agencies."""

from __future__ import annotations

import enum

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bitgoeul.core.db import Base, Timestamped


class OrganisationKind(enum.StrEnum):
    ai_firm = "ai_firm"
    buyer = "buyer"
    public_institution = "public_institution"
    university = "university"
    support_agency = "support_agency"


class OrganisationSize(enum.StrEnum):
    micro = "micro"
    small = "small"
    medium = "medium"
    large = "large"


class Organisation(Timestamped, Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    name_ko: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(30), index=True)
    region: Mapped[str] = mapped_column(String(100), default="", index=True)
    size: Mapped[str] = mapped_column(String(20), default="small")
    founded_year: Mapped[int | None]
    hq_moved_from: Mapped[str | None] = mapped_column(String(100))
    description_ko: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
