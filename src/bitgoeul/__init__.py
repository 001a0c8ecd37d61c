"""Bitgoeul: the platform a city runs for its AI industry."""

__version__ = "0.1.0"
