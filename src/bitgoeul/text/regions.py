"""Regions as records write them: "광주 북구" is a district of the city or province named first. Shared
vocabulary: search facets, talent's hiring figures and exchange's partner fit all ask which city a region is
in. Here rather than in `core` because the pure matchers (talent.matching, exchange.partner_match) need it and
import nothing from the app."""

from __future__ import annotations


def city_of(region: str) -> str:
    """The city or province of a region ("광주 북구" -> "광주"), the unit people name when they say where."""
    parts = region.split()
    return parts[0] if parts else ""
