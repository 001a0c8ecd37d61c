"""Korean-first, English-second messages. Each capability ships a `messages.toml` of `key = {ko, en}`."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

LANGUAGES = ("ko", "en")
PACKAGE = Path(__file__).resolve().parent.parent


class MissingMessage(KeyError):
    """A template or service asked for a key no catalog defines (a test catches these before users do)."""


@cache
def catalog() -> dict[str, dict[str, str]]:
    """Every message of every capability, merged; later files may not redefine earlier keys."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(PACKAGE.glob("*/messages.toml")):
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        for key, value in _flatten(data):
            if key in merged:
                raise ValueError(f"message {key!r} defined twice (again in {path})")
            merged[key] = value
    return merged


def _flatten(data: dict[str, object], prefix: str = "") -> Iterable[tuple[str, dict[str, str]]]:
    for key, value in data.items():
        if not isinstance(value, dict):
            continue
        if set(value) >= {"ko", "en"} and all(isinstance(v, str) for v in value.values()):
            yield prefix + key, {"ko": str(value["ko"]), "en": str(value["en"])}
        else:
            yield from _flatten(value, f"{prefix}{key}.")


def translate(key: str, language: str, **params: object) -> str:
    """The message `key` in `language` (ko or en), formatted with `params`."""
    try:
        text = catalog()[key][language if language in LANGUAGES else "ko"]
    except KeyError as exc:
        raise MissingMessage(key) from exc
    return text.format(**params) if params else text


def negotiate(accept_language: str | None, default: str = "ko") -> str:
    """Pick ko or en from an Accept-Language header, honouring q-values."""
    if not accept_language:
        return default
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, index, primary))
    return sorted(ranked)[0][2] if ranked else default


def pick(language: str, ko: str | None, en: str | None) -> str:
    """Show a bilingual record field: the asked language, falling back to the other."""
    if language == "en":
        return en or ko or ""
    return ko or en or ""
