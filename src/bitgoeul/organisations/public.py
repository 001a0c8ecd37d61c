"""What other capabilities may call in organisations: which organisation a member acts for, and the list of
organisations forms offer. tests/architecture/test_boundaries.py holds other capabilities to this face."""

from __future__ import annotations

from bitgoeul.organisations.service import acting_organisation, list_organisations

__all__ = ["acting_organisation", "list_organisations"]
