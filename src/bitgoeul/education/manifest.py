"""Education capability: courses and AI Academy cohorts, suggestions tied to local jobs, course alerts and the
skills-gap view. A capability of its own rather than part of talent: courses have providers, dates and alerts of
their own, and talent, the showcase and the dashboard read them (docs/education.md)."""

from __future__ import annotations

from typing import Any

from bitgoeul.core.registry import Capability


def _pages() -> Any:
    from bitgoeul.education.web import router

    return router


def _api() -> Any:
    from bitgoeul.education.api import router

    return router


def _cli() -> Any:
    from bitgoeul.education.cli import app

    return app


def _exports() -> dict[str, Any]:
    from bitgoeul.education import models as m

    return {"education_courses": m.Course, "education_course_skills": m.CourseSkill}


def _venues(session: Any) -> list[Any]:
    """Published courses' venues with coordinates, so the trip planner finds a classroom by name."""
    from sqlalchemy import select

    from bitgoeul.core.registry import Venue
    from bitgoeul.education.models import Course

    rows = session.execute(select(Course.id, Course.venue_name, Course.lat, Course.lon)
                           .where(Course.status == "published", Course.venue_name != "", Course.lat.is_not(None),
                                  Course.lon.is_not(None)).order_by(Course.id))
    seen: set[str] = set()
    found = []
    for course_id, name, lat, lon in rows:
        if name not in seen:  # many cohorts meet in one classroom: the planner needs it once
            seen.add(name)
            found.append(Venue(f"course:{course_id}", name, "", lat, lon))
    return found


def _demo(session: Any) -> None:
    from bitgoeul.education.demo_loader import load_demo

    load_demo(session)


MANIFEST = Capability(
    name="education",
    order=55,
    models="bitgoeul.education.models",
    pages=_pages,
    api=_api,
    cli=_cli,
    exports=_exports,
    nav=(("/education/courses", "education.nav.courses"),),
    demo=_demo,
    venues=_venues,
)
