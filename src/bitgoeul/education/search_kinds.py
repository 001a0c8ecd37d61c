"""Courses in site-wide search: published and cancelled ones for everyone (drafts stay out of the index, so no
search can reveal them), found by title, skills in either spelling ("파이썬" finds a Python course), provider,
cohort and summary. The matching registry imports this module and calls `register()`."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.education.codes import CourseStatus
from bitgoeul.education.models import Course
from bitgoeul.matching.engine import Document
from bitgoeul.matching.kinds import add_related, register_kind
from bitgoeul.organisations.models import Organisation
from bitgoeul.talent.public import skill_words


def _join(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def course_document(course: Course) -> Document:
    provider = course.provider
    return Document(
        kind="course", id=course.id,
        fields={"title": _join(course.title_ko, course.title_en),
                "tags": _join(skill_words(course.skills), course.cohort),
                "summary": _join(*((provider.name_ko, provider.name_en) if provider else ())),
                "body": _join(course.summary_ko, course.summary_en, course.curriculum_ko, course.curriculum_en)},
        attrs={"status": course.status, "kind": course.kind, "level": course.level, "language": course.language,
               "provider_id": course.provider_id})


def provider_courses(session: Session, organisation: Organisation) -> list[Course]:
    """A course's document carries its provider's names: renaming the provider re-indexes its courses."""
    return list(session.scalars(select(Course).where(Course.provider_id == organisation.id)).unique())


def register() -> None:
    add_related("organisation", provider_courses)
    register_kind("course", Course, course_document, lambda c: (c.title_ko, c.title_en or c.title_ko),
                  label=("교육 과정", "Course"), path="/education/courses/{id}", order=48,
                  include=lambda c: c.status != CourseStatus.draft,
                  attributes=("status", "kind", "level", "language", "provider_id"))
