"""Matching capability: one hybrid search over every registered kind, site search, CLI and API."""

from __future__ import annotations

from typing import Any

from bitgoeul.core.registry import SESSION_HOOKS, Capability

# Called with (connection, words) when new user words reach Kiwi (matching/userwords.py).
USER_WORDS_ACTIVATED = "matching.user_words_activated"

MANIFEST = Capability(
    name="matching",
    order=40,
    models="bitgoeul.matching.models",
    pages="bitgoeul.matching.web:router",
    api="bitgoeul.matching.api:router",
    cli="bitgoeul.matching.cli:app",
    nav=(("/search", "matching.nav.search"),),
    check="bitgoeul.matching.manifest:check",
    warm="bitgoeul.matching.worker:warm",
    hooks={SESSION_HOOKS: ("bitgoeul.matching.indexing:SESSION_HOOKS",)},  # keep the search index current
)


def check(settings: Any) -> None:
    from bitgoeul.matching.backend import check_startup

    check_startup(settings.database_url, settings.search_backend)

