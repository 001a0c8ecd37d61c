"""What other capabilities may use of education: course suggestions for a person and a job, the skills-gap
figures, subscribing to a skill, and the shapes they come in. Talent imports education only through this module."""

from __future__ import annotations

from bitgoeul.education.alerts import subscribed_skills
from bitgoeul.education.gap import MAX_MONTHS as MAX_GAP_MONTHS
from bitgoeul.education.gap import SkillGap, SkillsGap, skills_gap
from bitgoeul.education.models import Course
from bitgoeul.education.suggest import Suggestion, courses_for_job, jobs_asking, suggestions_for

__all__ = ["MAX_GAP_MONTHS", "Course", "SkillGap", "SkillsGap", "Suggestion", "courses_for_job", "jobs_asking",
           "skills_gap", "subscribed_skills", "suggestions_for"]
