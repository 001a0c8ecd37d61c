"""The application domains every capability tags its records with: solutions and needs, partner listings,
events. Shared vocabulary, so it lives under the capabilities rather than in one of them (codes are stable;
each has its Korean and English name)."""

from __future__ import annotations

from collections.abc import Iterable

DOMAINS: dict[str, tuple[str, str]] = {
    "livestock": ("축산", "Livestock"),
    "health": ("의료·헬스케어", "Health"),
    "mobility": ("모빌리티", "Mobility"),
    "energy": ("에너지", "Energy"),
    "manufacturing": ("제조", "Manufacturing"),
    "culture": ("문화·콘텐츠", "Culture"),
    "public_safety": ("공공안전", "Public safety"),
    "agriculture": ("농업", "Agriculture"),
    "education": ("교육", "Education"),
    "environment": ("환경", "Environment"),
    "retail": ("유통·서비스", "Retail"),
}


def label(table: dict[str, tuple[str, str]], code: str, language: str) -> str:
    """A code's name in `language` (the code itself when the table does not know it)."""
    ko, en = table.get(code, (code, code))
    return en if language == "en" else ko


def domain_words(codes: Iterable[str]) -> str:
    """Both names of each domain code, so 축산 and livestock both find a livestock record."""
    return " ".join(f"{DOMAINS[c][0]} {DOMAINS[c][1]}" for c in codes if c in DOMAINS)
