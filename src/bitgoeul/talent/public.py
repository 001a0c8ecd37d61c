"""What other capabilities (and the web shell's home pages) may use of talent: the skill vocabulary, a
person's profile, open jobs, visible profiles, the matcher's ranking and an application's state. Education
imports talent only through this module (and talent imports education only through `education.public`), so
neither reaches into the other's internals."""

from __future__ import annotations

from collections.abc import Iterable

from bitgoeul.core.i18n import current_language
from bitgoeul.talent.codes import FINAL_STATES, STATE_LABELS, label
from bitgoeul.talent.models import Job, TalentProfile
from bitgoeul.talent.service import jobs_for_profile, open_jobs, profile_of_user, today, view_job, visible_profiles
from bitgoeul.talent.skills import (
    canonical_skill,
    canonical_skills,
    has_skill_label,
    parse_skill_list,
)
from bitgoeul.talent.skills import skill_label as _skill_label

__all__ = ["Job", "TalentProfile", "application_is_open", "application_state_label", "canonical_skill",
           "canonical_skills", "has_skill_label", "jobs_for_profile", "open_jobs", "parse_skill_list",
           "profile_of_user", "skill_label", "skill_words", "today", "view_job", "visible_profiles"]


def skill_label(name: str, language: str | None = None) -> str:
    """A skill as it reads in `language` (the reader's current language when None): see talent.skills."""
    return _skill_label(name, language or current_language())


def skill_words(skills: Iterable[str]) -> str:
    """Each skill as typed plus its canonical and Korean names, for a search document (imported when called:
    search modules import matching, which no capability loads at start)."""
    from bitgoeul.talent.search_kinds import skill_words as words

    return words(skills)


def application_is_open(state: str) -> bool:
    """Whether an application in `state` still waits for a decision (not hired, declined or withdrawn)."""
    return state not in FINAL_STATES


def application_state_label(state: str, language: str) -> str:
    """An application's state in the reader's language (talent's own labels)."""
    return label(STATE_LABELS, state, language)
