"""Education capability: courses and AI Academy cohorts, suggestions tied to local jobs, course alerts and the
skills-gap view. A capability of its own rather than part of talent: courses have providers, dates and alerts of
their own, and talent, the showcase and the dashboard read them (docs/education.md)."""

from __future__ import annotations

from typing import Any

from bitgoeul.core.registry import Capability

MANIFEST = Capability(
    name="education",
    order=55,
    models="bitgoeul.education.models",
    pages="bitgoeul.education.web:router",
    api="bitgoeul.education.api:router",
    cli="bitgoeul.education.cli:app",
    demo="bitgoeul.education.demo_loader:load_demo",
    exports={
        "education_courses": "bitgoeul.education.models:Course",
        "education_course_skills": "bitgoeul.education.models:CourseSkill",
    },
    nav=(("/education/courses", "education.nav.courses"),),
    venues="bitgoeul.education.manifest:venues",
    search_kinds="bitgoeul.education.search_kinds:register",
    indicators="bitgoeul.education.indicators:indicators",
)


def venues(session: Any) -> list[Any]:
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
