"""The application domains solutions and needs are tagged with (codes are stable, labels bilingual)."""

from __future__ import annotations

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

DEPLOYMENTS: dict[str, tuple[str, str]] = {
    "cloud": ("클라우드", "Cloud"),
    "on_premise": ("구축형", "On-premise"),
    "edge": ("엣지", "Edge"),
    "hybrid": ("하이브리드", "Hybrid"),
}

PRICE_MODELS: dict[str, tuple[str, str]] = {
    "subscription": ("구독", "Subscription"),
    "license": ("라이선스", "Licence"),
    "per_use": ("사용량 과금", "Pay per use"),
    "project": ("프로젝트", "Project"),
}


def label(table: dict[str, tuple[str, str]], code: str, language: str) -> str:
    ko, en = table.get(code, (code, code))
    return en if language == "en" else ko
