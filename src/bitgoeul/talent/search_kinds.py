"""Talent records in site-wide search: published (and closed) jobs for everyone, visible profiles for members.

The matching registry imports this module and calls `register()` (see bitgoeul.matching.kinds).
Drafts and hidden profiles stay out of the index altogether, so no search can reveal them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.matching.engine import Document
from bitgoeul.matching.kinds import add_related, register_kind
from bitgoeul.organisations.models import Organisation
from bitgoeul.talent.codes import MODE_LABELS, PROGRAMME_LABELS, SENIORITY_LABELS, JobStatus
from bitgoeul.talent.models import Job, TalentProfile
from bitgoeul.talent.skills import SYNONYMS, canonical_skill
from bitgoeul.text.regions import city_of


def _join(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _both(table: dict[str, tuple[str, str]], code: str) -> str:
    ko, en = table.get(code, (code, code))
    return f"{ko} {en}"


def skill_words(skills: Iterable[str]) -> str:
    """Each skill as typed plus its canonical and Korean names, so "파이썬" and "python" both find it."""
    words: list[str] = []
    for skill in skills:
        key = canonical_skill(skill)
        korean = [a for a in SYNONYMS.get(key, ()) if any("가" <= ch <= "힣" for ch in a)]
        words += [skill, key, *korean[:1]]
    return " ".join(dict.fromkeys(w for w in words if w))


def _languages(korean: str, english: str) -> list[str]:
    return [code for code, text in (("ko", korean), ("en", english)) if text and text.strip()]


def job_document(job: Job) -> Document:
    attrs: dict[str, object] = {
        "region": job.region or "", "city": city_of(job.region or ""), "seniority": job.seniority,
        "work_mode": job.work_mode, "status": job.status, "organisation_id": job.organisation_id,
        "language": _languages(job.title_ko + job.description_ko, job.title_en + job.description_en),
    }
    if job.deadline is not None:
        attrs["deadline"] = job.deadline
    organisation = job.organisation
    return Document(
        kind="job", id=job.id,
        fields={
            "title": _join(job.title_ko, job.title_en),
            "tags": _join(skill_words([*job.skills_must, *job.skills_nice]), _both(SENIORITY_LABELS, job.seniority),
                          _both(MODE_LABELS, job.work_mode)),
            "summary": _join(*((organisation.name_ko, organisation.name_en) if organisation else ())),
            "body": _join(job.description_ko, job.description_en),
        },
        attrs=attrs,
    )


def profile_document(profile: TalentProfile) -> Document:
    return Document(
        kind="profile", id=profile.id,
        fields={
            "title": profile.headline,
            "tags": _join(skill_words(profile.skills), _both(SENIORITY_LABELS, profile.seniority),
                          _both(PROGRAMME_LABELS, profile.programme) if profile.programme != "none" else "",
                          profile.cohort),
            "summary": profile.desired_roles,
            "body": profile.summary,
        },
        attrs={"region": profile.home_region or "", "city": city_of(profile.home_region or ""),
               "seniority": profile.seniority, "programme": profile.programme, "work_mode": profile.work_mode,
               "language": list(profile.languages or [])},
    )


def profile_words(profile: TalentProfile) -> list[str]:
    """The cohort and programme names ("AI사관학교 4기", "광주인공지능사관학교") as user words."""
    programme = PROGRAMME_LABELS[profile.programme][0] if profile.programme not in {"none", "other"} else ""
    return [profile.cohort, programme]


def organisation_jobs(session: Session, organisation: Organisation) -> list[Job]:
    """A job's document carries its organisation's names, so renaming the organisation re-indexes its jobs
    at once (and the database deletes them with it)."""
    return list(session.scalars(select(Job).where(Job.organisation_id == organisation.id)).unique())


def register() -> None:
    """Jobs (not drafts) for everyone; visible profiles only for organisation members and operators."""
    add_related("organisation", organisation_jobs)
    register_kind("job", Job, job_document, lambda j: (j.title_ko, j.title_en or j.title_ko),
                  label=("채용", "Job"), path="/talent/jobs/{id}", order=40,
                  include=lambda j: j.status != JobStatus.draft,
                  attributes=("region", "city", "seniority", "work_mode", "status", "deadline", "language",
                              "organisation_id"))
    # No profile page exists: results show the headline; firms open people from a job's candidates page.
    register_kind("profile", TalentProfile, profile_document, lambda p: (p.headline, p.headline),
                  label=("인재", "Talent"), order=45, audience="members", include=lambda p: bool(p.visible),
                  user_words=profile_words,
                  attributes=("region", "city", "seniority", "programme", "work_mode", "language"))
