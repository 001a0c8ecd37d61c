"""Rendering pages: one Jinja environment over every capability's templates, with i18n helpers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from bitgoeul.core.i18n import catalog, pick, translate
from bitgoeul.core.registry import capabilities
from bitgoeul.web.deps import csrf_token, get_language
from bitgoeul.web.flash import take_flash

PACKAGE = Path(__file__).resolve().parent.parent


@cache
def templates() -> Jinja2Templates:
    folders = [PACKAGE / "web" / "templates"]
    folders += [PACKAGE / c.name / "templates" for c in capabilities() if (PACKAGE / c.name / "templates").is_dir()]
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(f)) for f in folders]),
                      autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
    env.filters["krw"] = lambda v: "-" if v is None else f"{int(v):,}"
    env.filters["day"] = lambda v: v.strftime("%Y-%m-%d") if isinstance(v, date | datetime) else (v or "")
    env.filters["when"] = lambda v: v.strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime) else (v or "")
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
    t: Callable[..., str] = lambda key, **params: translate(key, language, **params)  # noqa: E731
    nav = nav_items()
    base = {
        "lang": language,
        "t": t,
        # Optional texts (e.g. a nav entry's one-line lead on the home page) may be absent.
        "t_opt": lambda key, **params: translate(key, language, **params) if key in catalog() else "",
        "pick": lambda ko, en: pick(language, ko, en),
        "csrf_token": csrf_token(request),
        "user": getattr(request.state, "user", None),
        "nav": nav,
        "current_section": current_section(request.url.path, nav),
        "flash": take_flash(request, language),
        "page_url": lambda **c: page_url(request, **c),
        "city": request.app.state.settings.city_en if language == "en" else request.app.state.settings.city_ko,
    }
    base.update(context or {})
    return templates().TemplateResponse(request, name, base, status_code=status_code)
