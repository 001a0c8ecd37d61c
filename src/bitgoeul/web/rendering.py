"""Rendering pages: one Jinja environment over every capability's templates, with i18n helpers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from bitgoeul.core.auth import is_operator
from bitgoeul.core.i18n import (
    as_message,
    catalog,
    localise,
    long_date,
    money,
    number,
    period,
    pick,
    speaking,
    translate,
)
from bitgoeul.core.registry import capabilities
from bitgoeul.core.time import local_text, local_today, now, to_local
from bitgoeul.talent.public import has_skill_label, skill_label
from bitgoeul.text.surface import has_hangul
from bitgoeul.web.deps import csrf_token, get_language
from bitgoeul.web.flash import take_flash

PACKAGE = Path(__file__).resolve().parent.parent


def shown(value: object, fmt: str) -> str:
    """A stored instant on the city's clock; a calendar date or a time of day as it is; "" for nothing."""
    if isinstance(value, datetime):
        return local_text(value, fmt)
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return "" if value is None else str(value)


# The names templates use for time; stable, so a language-aware format can later replace the bodies.
TIME_FILTERS: dict[str, Callable[[Any], str]] = {
    "day": lambda v: shown(v, "%Y-%m-%d"),  # 2026-03-01
    "when": lambda v: shown(v, "%Y-%m-%d %H:%M"),  # 2026-03-01 14:40
    "clock": lambda v: shown(v, "%H:%M"),  # 14:40
    "zone": lambda v: (to_local(v).tzname() or "") if isinstance(v, datetime) else "",  # KST, or CET in winter
}


def is_past(value: object) -> bool:
    """`{% if x is past %}`: an instant before now, or a calendar date before today in the city (a deadline
    given as a date is open through that day). Nothing (None) is never past."""
    if isinstance(value, datetime):
        return value < now()
    if isinstance(value, date):
        return value < local_today()
    return False


def skill_text(name: str) -> Markup:
    """`{{ name|skill }}`: a skill as the reader reads it. A common-noun skill is catalog text in the page's
    language; any other (a proper name, a skill nobody named in the catalog) is the typed record text, marked."""
    if has_skill_label(name):
        return escape(skill_label(name))
    return Markup('<span data-user-content>{}</span>').format(name.strip())


@cache
def templates() -> Jinja2Templates:
    folders = [PACKAGE / "web" / "templates"]
    folders += [PACKAGE / c.name / "templates" for c in capabilities() if (PACKAGE / c.name / "templates").is_dir()]
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(f)) for f in folders]),
                      autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
    env.filters["krw"] = lambda v: "-" if v is None else f"{int(v):,}"
    # Language-aware formats (the reader's language is the context's, set for the request being rendered).
    env.filters["money"] = lambda v: money(v)
    env.filters["number"] = lambda v, digits=0: number(v, digits=digits)
    env.filters["period"] = lambda v: period(v)
    env.filters["long_date"] = lambda v: long_date(to_local(v) if isinstance(v, datetime) else v)  # the city's day
    env.filters["text"] = lambda v: localise(v)
    env.filters["skill"] = skill_text
    env.filters.update(TIME_FILTERS)
    env.tests["past"] = is_past
    env.tests["operator"] = is_operator  # {% if user is operator %}: the layout's review link
    env.tests["hangul"] = has_hangul  # the language of a quoted record word, for its `lang` attribute
    env.filters["message"] = lambda v: localise(as_message(v))  # a stored key or {"key": ..., params}
    return Jinja2Templates(env=env)


def nav_items() -> list[tuple[str, str]]:
    return [item for capability in capabilities() for item in capability.nav]


def current_section(path: str, items: list[tuple[str, str]]) -> str | None:
    """The navigation entry the page belongs to (its longest path prefix), marked `aria-current`."""
    found = [p for p, _ in items if path == p or path.startswith(p.rstrip("/") + "/")]
    return max(found, key=len) if found else None


def page_url(request: Request, **changes: Any) -> str:
    """The current URL with some query parameters changed (paging, filters, language)."""
    params = dict(request.query_params)
    params.update({k: v for k, v in changes.items() if v is not None})
    return f"{request.url.path}?{urlencode(params)}"


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
           ) -> HTMLResponse:
    language = get_language(request)
    t: Callable[..., str] = lambda key, **params: catalog_text(key, language, params)  # noqa: E731
    nav = nav_items()
    base = {
        "lang": language,
        "t": t,
        # Optional texts (e.g. a nav entry's one-line lead on the home page) may be absent.
        "t_opt": lambda key, **params: translate(key, language, **params) if key in catalog() else "",
        # Record text (user content): an element marked `data-user-content` with its `lang`, and a discreet
        # "Korean only" on English pages that can only show Korean; `pick_text` is the bare text (titles).
        "pick": lambda ko, en: record_text(language, ko, en),
        "record": lambda ko, en: record_text(language, ko, en),
        "pick_text": lambda ko, en: pick(language, ko, en),
        "user_text": lambda text: Markup('<span data-user-content>{}</span>').format(text) if text else "",
        # Record text: the reader's language if the record has it, else the other one marked with `lang`
        # (and, on English pages, a discreet "Korean only"); the element is marked as user content.

        "csrf_token": csrf_token(request),
        "user": getattr(request.state, "user", None),
        "nav": nav,
        "current_section": current_section(request.url.path, nav),
        "flash": take_flash(request, language),
        "page_url": lambda **c: page_url(request, **c),
        "city": request.app.state.settings.city_en if language == "en" else request.app.state.settings.city_ko,
    }
    base.update(context or {})
    with speaking(language):
        return templates().TemplateResponse(request, name, base, status_code=status_code)


def catalog_text(key: str, language: str, params: dict[str, Any]) -> str:
    """A catalog message for a template; parameters that are markup (record text marked as user content) stay
    markup, everything else is escaped as usual."""
    marked = {k: v for k, v in params.items() if isinstance(v, Markup)}
    if not marked:
        return translate(key, language, **params)
    holes = {k: f"\x00{k}\x00" for k in marked}
    text = escape(translate(key, language, **{**params, **holes}))  # Markup: replace() keeps markup values as such
    for name, value in marked.items():
        text = text.replace(holes[name], value)
    return text


def record_text(language: str, ko: str | None, en: str | None) -> Markup:
    """A bilingual record field as an element marked `data-user-content`, with `lang` when it falls back
    to the other language, and a small catalog marker when an English page can only show Korean."""
    shown = pick(language, ko, en)
    if not shown:
        return Markup("")
    fell_back = bool(shown) and shown != (en if language == "en" else ko)
    shown_lang = ("ko" if language == "en" else "en") if fell_back else language
    marker = Markup("")
    if fell_back and language == "en":
        marker = Markup(' <small class="korean-only">({})</small>').format(translate("core.korean_only", language))
    # Joined (each text escaped), not Markup.format: lists call this three times per row, and format costs
    # several times more.
    return Markup("").join((_SPAN_OPEN, shown_lang, _SPAN_MIDDLE, shown, _SPAN_CLOSE, marker))


_SPAN_OPEN, _SPAN_MIDDLE, _SPAN_CLOSE = Markup('<span data-user-content lang="'), Markup('">'), Markup("</span>")
