"""Dashboard pages: a card per indicator (latest value, change, line chart, the numbers as a table), a period
selector, and the open data export of every series or one. Anyone may look: the figures are aggregates."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bitgoeul.core.charts import Point, line_chart
from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.i18n import Message, pick, translate
from bitgoeul.core.indicators import FLOWS
from bitgoeul.dashboard import service
from bitgoeul.dashboard.service import SPANS, Series, value_text
from bitgoeul.web.deps import SessionDep, get_language
from bitgoeul.web.forms import EXPORT_FORMATS, export_response
from bitgoeul.web.rendering import render

router = APIRouter()


def card(s: Series, language: str) -> dict[str, Any]:
    i = s.indicator
    name = pick(language, i.name_ko, i.name_en)
    unit = translate(f"dashboard.unit.{i.unit}", language)
    description = translate("dashboard.chart_desc", language, name=name, start=s.months[0], end=s.months[-1],
                            unit=unit)
    chart = line_chart([Point(m, v, value_text(v, i.unit, language)) for m, v in s.points()], title=name,
                       description=description, width=480, height=170)
    return {"code": i.code, "capability": i.capability, "name": name,
            "description": pick(language, i.description_ko, i.description_en), "unit": unit, "chart": chart,
            "month": s.months[-1], "latest": value_text(s.latest, i.unit, language),
            "change": value_text(s.change, i.unit, language, signed=True), "partial_day": s.partial_day,
            "same_days": s.partial_day is not None and i.unit in FLOWS,
            "rows": [(m, value_text(v, i.unit, language)) for m, v in reversed(s.points())]}


def _by_area(cards: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Cards grouped under their capability, in display order."""
    areas: dict[str, list[dict[str, Any]]] = {}
    for c in cards:
        areas.setdefault(c["capability"], []).append(c)
    return list(areas.items())


def _span(months: str | None) -> int:
    if months is None or months == "":
        return SPANS[0]
    if not months.isdigit() or int(months) not in SPANS:
        message = Message("dashboard.web.period_12_or_24_months")
        raise ValidationFailed(message, fields={"months": message})
    return int(months)


def _export_format(format: str | None) -> str | None:
    if format is not None and format not in EXPORT_FORMATS:
        message = Message("dashboard.web.format_csv_or_json")
        raise ValidationFailed(message, fields={"format": message})
    return format


def _page(request: Request, all_series: list[Series], name: str, fmt: str | None, span: int,
          single: str | None) -> Response:
    if fmt is not None:
        return export_response(service.export_rows(all_series), name, fmt)
    language = get_language(request)
    months = all_series[0].months if all_series else ()
    return render(request, "dashboard/index.html", {
        "areas": _by_area([card(s, language) for s in all_series]), "span": span, "spans": SPANS, "single": single,
        "start": months[0] if months else "", "end": months[-1] if months else "",
        "custom": bool(request.query_params.get("from") or request.query_params.get("to")),
        "period": "".join(f"{urlencode({k: v})}&" for k, v in request.query_params.items()
                          if k in {"months", "from", "to"} and v)})


@router.get("/dashboard")
def dashboard(request: Request, session: SessionDep, months: str | None = None, format: str | None = None
              ) -> Response:
    span = _span(months)
    params = request.query_params
    all_series = service.overview(session, params.get("from") or None, params.get("to") or None, span=span)
    return _page(request, all_series, "bitgoeul_dashboard", _export_format(format), span, None)


@router.get("/dashboard/{indicator}")
def dashboard_indicator(request: Request, session: SessionDep, indicator: str, months: str | None = None,
                        format: str | None = None) -> Response:
    span = _span(months)
    params = request.query_params
    one = service.series(session, indicator, params.get("from") or None, params.get("to") or None, span=span)
    return _page(request, [one], f"bitgoeul_dashboard_{one.indicator.code}", _export_format(format), span,
                 one.indicator.code)
