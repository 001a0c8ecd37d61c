"""Coded values of the exchange capability with their Korean and English names (codes are stable)."""

from __future__ import annotations

from bitgoeul.core.domains import DOMAINS

SIDES: dict[str, tuple[str, str]] = {
    "offer": ("제공", "Offer"),
    "seek": ("구함", "Seek"),
}

INTENTS: dict[str, tuple[str, str]] = {
    "partnership": ("사업 제휴", "Partnership"),
    "resale": ("재판매·유통", "Resale"),
    "subcontracting": ("하도급·외주", "Subcontracting"),
    "investment": ("투자", "Investment"),
    "tech_exchange": ("기술 교류", "Tech exchange"),
}

# A listing may also name no particular domain: it then fits every domain (weaker than an exact match).
PARTNER_DOMAINS: dict[str, tuple[str, str]] = {**DOMAINS, "any": ("전 분야", "Any domain")}

EVENT_KINDS: dict[str, tuple[str, str]] = {
    "meetup": ("교류 모임", "Meetup"),
    "exchange_day": ("교류의 날", "Exchange day"),
    "competition": ("경진대회", "Competition"),
}

EVENT_STATUSES: dict[str, tuple[str, str]] = {
    "draft": ("작성 중", "Draft"),
    "published": ("공개", "Published"),
    "cancelled": ("취소", "Cancelled"),
}

RSVP_STATUSES: dict[str, tuple[str, str]] = {
    "going": ("참가 확정", "Going"),
    "waitlisted": ("대기", "Waiting list"),
    "cancelled": ("취소", "Cancelled"),
}

REQUEST_STATUSES: dict[str, tuple[str, str]] = {
    "pending": ("답변 대기", "Pending"),
    "accepted": ("수락", "Accepted"),
    "declined": ("거절", "Declined"),
    "cancelled": ("철회", "Withdrawn"),
}

LEVELS: dict[str, tuple[str, str]] = {
    "must": ("꼭 만나고 싶음", "Must meet"),
    "meet": ("만나고 싶음", "Would like to meet"),
    "no": ("만나지 않음", "No thanks"),
}


def label(table: dict[str, tuple[str, str]], code: str | None, language: str) -> str:
    """A code's name in the page's language; unknown codes are shown as they are."""
    ko, en = table.get(code or "", (code or "", code or ""))
    return en if language == "en" else ko


def options(table: dict[str, tuple[str, str]], language: str) -> list[tuple[str, str]]:
    return [(code, label(table, code, language)) for code in table]
