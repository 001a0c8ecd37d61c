"""Matching capability: ranking solutions for needs (and, later, everything else)."""

from __future__ import annotations

from bitgoeul.core.registry import Capability

MANIFEST = Capability(name="matching", order=40)
