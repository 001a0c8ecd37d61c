"""Accounts capability: login, logout, language, registration, API tokens, `bitgoeul user`."""

from __future__ import annotations

from bitgoeul.core.registry import Capability

MANIFEST = Capability(
    name="accounts",
    order=10,
    models="bitgoeul.accounts.models",
    pages="bitgoeul.accounts.web:router",
    api="bitgoeul.accounts.api:router",
    cli="bitgoeul.accounts.cli:app",
    exports={"users": "bitgoeul.accounts.models:User"},
)
