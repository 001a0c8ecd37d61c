"""How solutions are delivered and priced (codes are stable, labels bilingual); the domains they are tagged
with are shared vocabulary (`bitgoeul.core.domains`)."""

from __future__ import annotations

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
