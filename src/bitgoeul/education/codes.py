"""Coded values of courses (kind, level, status, language) and the organisations that may provide them.
Their names for people are catalog sections (`education.codes.*` in messages.toml)."""

from __future__ import annotations

import enum

from bitgoeul.organisations.models import OrganisationKind


class CourseKind(enum.StrEnum):
    academy = "academy"  # an AI Academy cohort: dates, curriculum, eligibility
    university = "university"  # a university course or credit programme
    short = "short"  # a short course or bootcamp of a few days or weeks


class Level(enum.StrEnum):
    intro = "intro"
    intermediate = "intermediate"
    advanced = "advanced"


class CourseStatus(enum.StrEnum):
    draft = "draft"
    published = "published"
    cancelled = "cancelled"


class CourseLanguage(enum.StrEnum):
    ko = "ko"
    en = "en"


# Institutions, in the directory's kinds: public bodies, universities and support agencies teach; firms and
# buyers do not publish courses here (their training is a job's business).
PROVIDER_KINDS: frozenset[str] = frozenset({OrganisationKind.public_institution, OrganisationKind.university,
                                            OrganisationKind.support_agency})
