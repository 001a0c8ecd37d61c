"""Korean-first, English-second messages: the one mechanism for every text a person reads.

Each capability ships a `messages.toml` of `key = { ko = "...", en = "..." }`. A side may instead hold plural
forms, chosen by the `n` parameter: `en = { one = "{n} meeting", other = "{n} meetings" }` (Korean needs
none). Services never join two languages: they raise errors or return `Message(key, **params)`, and the
edge (page, API, CLI, e-mail) renders it in the reader's language, taken from a context variable the edge
sets (`speaking`), or explicitly with `Message.render(language)`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import date, datetime
from functools import cache
from pathlib import Path

LANGUAGES = ("ko", "en")
PACKAGE = Path(__file__).resolve().parent.parent

Text = str | dict[str, str]  # one text, or its plural forms ("one", "other")

_language: ContextVar[str] = ContextVar("bitgoeul_language", default="ko")


class MissingMessage(KeyError):
    """A template or service asked for a key no catalog defines (a test catches these before users do)."""


@cache
def catalog() -> dict[str, dict[str, Text]]:
    """Every message of every capability, merged; later files may not redefine earlier keys."""
    merged: dict[str, dict[str, Text]] = {}
    for path in sorted(PACKAGE.glob("*/messages.toml")):
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        for key, value in _flatten(data):
            if key in merged:
                raise ValueError(f"message {key!r} defined twice (again in {path})")
            merged[key] = value
    return merged


def _is_text(value: object) -> bool:
    if isinstance(value, str):
        return True
    return (isinstance(value, dict) and "other" in value and set(value) <= {"one", "other"}
            and all(isinstance(v, str) for v in value.values()))


def _flatten(data: dict[str, object], prefix: str = "") -> Iterable[tuple[str, dict[str, Text]]]:
    for key, value in data.items():
        if not isinstance(value, dict):
            continue
        if set(value) == {"ko", "en"} and all(_is_text(v) for v in value.values()):
            yield prefix + key, {"ko": value["ko"], "en": value["en"]}
        else:
            yield from _flatten(value, f"{prefix}{key}.")


def current_language() -> str:
    """The reader's language the edge set for this request or command (ko when none was set)."""
    return _language.get()


def set_language(language: str) -> Token[str]:
    """Make `language` the reader's language in this context (a request, a CLI run); returns a reset token."""
    return _language.set(language if language in LANGUAGES else "ko")


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Render every Message inside the block in `language`."""
    token = set_language(language)
    try:
        yield
    finally:
        _language.reset(token)


def _plural_form(text: Text, language: str, params: Mapping[str, object]) -> str:
    if isinstance(text, str):
        return text
    count = params.get("n")
    if language == "en" and isinstance(count, int | float) and count == 1:
        return text.get("one", text["other"])
    return text["other"]


def translate(key: str, language: str | None = None, **params: object) -> str:
    """The message `key` in `language` (ko or en; the current language when None), formatted with `params`.

    Parameters that are Messages themselves (a label, a period) are rendered in the same language; `n`
    picks the plural form.
    """
    language = language if language in LANGUAGES else current_language()
    try:
        text = catalog()[key][language]
    except KeyError as exc:
        raise MissingMessage(key) from exc
    chosen = _plural_form(text, language, params)
    if not params:
        return chosen
    shown = {k: v.render(language) if isinstance(v, Message) else v for k, v in params.items()}
    return chosen.format(**shown)


def has_message(key: str) -> bool:
    return key in catalog()


class Message:
    """A text to be shown later, in the reader's language: a catalog key and its parameters.

    `str(message)` renders it in the current language, so templates and f-strings at the edge need no
    extra call; `render(language)` when the language is known explicitly.
    """

    __slots__ = ("key", "pair", "params")

    def __init__(self, key: str, /, **params: object) -> None:
        if key not in catalog():
            raise MissingMessage(key)
        self.key = key
        self.params = params
        self.pair: tuple[str, str] | None = None

    @classmethod
    def both(cls, ko: str, en: str) -> Message:
        """A text that already exists in both languages: a record's or code's two names, or the words of a
        pure core (which may not import the catalogs) that hands over its Korean and English separately."""
        message = cls.__new__(cls)
        message.key, message.params, message.pair = "", {}, (ko, en)
        return message

    def render(self, language: str | None = None) -> str:
        if self.pair is not None:
            return pick(language if language in LANGUAGES else current_language(), *self.pair)
        return translate(self.key, language, **self.params)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Message.both{self.pair!r}" if self.pair else f"Message({self.key!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.key, self.params, self.pair) == (other.key, other.params,
                                                                                     other.pair)

    def __hash__(self) -> int:
        return hash((self.key, self.pair, tuple(sorted((k, repr(v)) for k, v in self.params.items()))))


def localise(value: object, language: str | None = None) -> str:
    """Any text-ish value as the reader sees it: Messages rendered, plain strings as they are."""
    if isinstance(value, Message):
        return value.render(language)
    return "" if value is None else str(value)


def as_message(value: object) -> Message | str:
    """Text made by a pure core or stored in a JSON column: a bare catalog key or a {"key": ..., "params": {...}}
    dict becomes a Message; anything else (older stored text) is shown as it is."""
    if isinstance(value, Message):
        return value
    if isinstance(value, dict) and isinstance(value.get("key"), str) and has_message(value["key"]):
        params = value.get("params")
        if isinstance(params, dict):
            return Message(value["key"], **params)
        return Message(value["key"], **{k: v for k, v in value.items() if k != "key"})
    if isinstance(value, str) and has_message(value):
        return Message(value)
    return "" if value is None else str(value)


def labels(prefix: str) -> dict[str, tuple[str, str]]:
    """The coded values under `prefix` (e.g. `codes.domain`) as {code: (ko, en)}, in catalog order.

    Code tables (domains, statuses, ...) keep their text in the catalogs like every other message; this
    gives the modules that loop over them the same shape they always had.
    """
    start = prefix + "."
    found: dict[str, tuple[str, str]] = {}
    for key, value in catalog().items():
        if key.startswith(start) and "." not in key[len(start):]:
            ko, en = value["ko"], value["en"]
            if isinstance(ko, str) and isinstance(en, str):
                found[key[len(start):]] = (ko, en)
    if not found:
        raise MissingMessage(prefix)
    return found


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
        primary = tag.strip().lower().split("-")[0].split("_")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, index, primary))
    return sorted(ranked)[0][2] if ranked else default


def locale_language(environ: Mapping[str, str], default: str = "ko") -> str:
    """ko or en from the environment's locale (the first of LC_ALL, LC_MESSAGES, LANG that is set, as POSIX
    orders them); a locale that names neither language (C, POSIX, fr_FR) gives `default`."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return negotiate(value.split(".")[0].split("@")[0].replace("_", "-"), default)
    return default


def pick(language: str, ko: str | None, en: str | None) -> str:
    """Show a bilingual record field: the asked language, falling back to the other."""
    if language == "en":
        return en or ko or ""
    return ko or en or ""


# ---- numbers, money, periods, dates --------------------------------------------------------------------


def number(value: float | int | None, digits: int = 0) -> str:
    """52950 -> "52,950" (both languages group thousands with commas); None -> "-"."""
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def money(value: float | int | None, language: str | None = None) -> str:
    """Korean won: "52,950원" on Korean pages, "KRW 52,950" on English ones; None -> "-"."""
    if value is None:
        return "-"
    amount = number(round(value))
    return f"KRW {amount}" if (language or current_language()) == "en" else f"{amount}원"


def half_year(year: int, half: int, language: str | None = None) -> str:
    """2026, 1 -> "2026년 상반기" (ko), "H1 2026" (en)."""
    if (language or current_language()) == "en":
        return f"H{half} {year}"
    return f"{year}년 {'상' if half == 1 else '하'}반기"


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month(year: int, month_number: int, language: str | None = None) -> str:
    """2026, 3 -> "2026년 3월" (ko), "Mar 2026" (en)."""
    if (language or current_language()) == "en":
        return f"{_MONTHS_EN[month_number - 1]} {year}"
    return f"{year}년 {month_number}월"


def period(code: str | None, language: str | None = None) -> str:
    """A period code as people say it (ko, en): "2026-H1" -> 2026년 상반기, H1 2026; "2026-Q3" -> 2026년
    3분기, Q3 2026; "2026-03" -> 2026년 3월, Mar 2026; anything else is shown as it is."""
    if not code:
        return ""
    year, _, rest = code.partition("-")
    if not year.isdigit():
        return code
    english = (language or current_language()) == "en"
    if rest in {"H1", "H2"}:
        return half_year(int(year), int(rest[1]), language)
    if rest in {"Q1", "Q2", "Q3", "Q4"}:
        return f"{rest} {year}" if english else f"{year}년 {rest[1]}분기"
    if rest.isdigit() and 1 <= int(rest) <= 12:
        return month(int(year), int(rest), language)
    return code


def long_date(value: date | datetime | None, language: str | None = None) -> str:
    """2026-03-01 -> "2026년 3월 1일" (ko), "1 Mar 2026" (en); for prose, tables keep ISO dates."""
    if value is None:
        return ""
    if (language or current_language()) == "en":
        return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"
    return f"{value.year}년 {value.month}월 {value.day}일"
