"""Coded values of the talent capability (seniority, work mode, programme, application states) with their
Korean and English names. Pure data: the matcher, the services and the pages share it."""

from __future__ import annotations

import enum


class Seniority(enum.StrEnum):
    junior = "junior"
    mid = "mid"
    senior = "senior"
    lead = "lead"


# Steps on one ladder so the matcher can measure how far apart a person and a job are.
SENIORITY_RANK: dict[str, int] = {"junior": 0, "mid": 1, "senior": 2, "lead": 3}

SENIORITY_LABELS: dict[str, tuple[str, str]] = {
    "junior": ("주니어", "junior"),
    "mid": ("미들", "mid-level"),
    "senior": ("시니어", "senior"),
    "lead": ("팀장급", "team lead"),
}


class JobMode(enum.StrEnum):
    onsite = "onsite"
    hybrid = "hybrid"
    remote = "remote"


class WishMode(enum.StrEnum):
    """How a person wants to work; `any` means they do not mind."""

    any = "any"
    onsite = "onsite"
    hybrid = "hybrid"
    remote = "remote"


MODE_LABELS: dict[str, tuple[str, str]] = {
    "any": ("상관없음", "any"),
    "onsite": ("출근", "on site"),
    "hybrid": ("혼합(일부 재택)", "hybrid"),
    "remote": ("원격", "remote"),
}


class Programme(enum.StrEnum):
    """Training programme a person went through; the dashboard counts AI Academy graduates."""

    none = "none"
    ai_academy = "ai_academy"
    other = "other"


PROGRAMME_LABELS: dict[str, tuple[str, str]] = {
    "none": ("없음", "none"),
    "ai_academy": ("광주인공지능사관학교", "Gwangju AI Academy"),
    "other": ("기타 교육과정", "other programme"),
}


class JobStatus(enum.StrEnum):
    draft = "draft"
    published = "published"
    closed = "closed"


STATUS_LABELS: dict[str, tuple[str, str]] = {
    "draft": ("작성 중", "draft"),
    "published": ("게시됨", "published"),
    "closed": ("마감", "closed"),
}


class ApplicationState(enum.StrEnum):
    applied = "applied"
    interviewing = "interviewing"
    offer = "offer"
    hired = "hired"
    declined = "declined"
    withdrawn = "withdrawn"


STATE_LABELS: dict[str, tuple[str, str]] = {
    "applied": ("지원함", "applied"),
    "interviewing": ("면접 중", "interviewing"),
    "offer": ("제안 받음", "offer"),
    "hired": ("채용됨", "hired"),
    "declined": ("불합격·거절", "declined"),
    "withdrawn": ("지원 취소", "withdrawn"),
}

FINAL_STATES = frozenset({ApplicationState.hired, ApplicationState.declined, ApplicationState.withdrawn})
OPEN_STATES = (ApplicationState.applied, ApplicationState.interviewing, ApplicationState.offer)

# Who may take each move: the hiring organisation ("firm"), the applicant ("person") or an operator.
MOVES: dict[tuple[str, str], frozenset[str]] = {
    ("applied", "interviewing"): frozenset({"firm", "operator"}),
    ("interviewing", "offer"): frozenset({"firm", "operator"}),
    ("offer", "hired"): frozenset({"firm", "operator"}),
    ("applied", "declined"): frozenset({"firm", "operator"}),
    ("interviewing", "declined"): frozenset({"firm", "operator"}),
    # An offer can be turned down by the person as well as taken back by the firm.
    ("offer", "declined"): frozenset({"firm", "person", "operator"}),
    ("applied", "withdrawn"): frozenset({"person", "operator"}),
    ("interviewing", "withdrawn"): frozenset({"person", "operator"}),
    ("offer", "withdrawn"): frozenset({"person", "operator"}),
}


def next_states(current: str) -> list[str]:
    return [target for (source, target) in MOVES if source == current]


class SubscriptionKind(enum.StrEnum):
    search = "search"  # a saved search: words and filters
    match = "match"  # "jobs that match me": the two-sided score of the person's profile


def label(table: dict[str, tuple[str, str]], code: str | None, language: str) -> str:
    """The name of a code in the page's language; unknown codes show as they are."""
    if code is None:
        return ""
    names = table.get(code)
    if names is None:
        return code
    return names[1] if language == "en" else names[0]
