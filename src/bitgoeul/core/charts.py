"""Server-side SVG charts: pages stay readable without JavaScript and the numbers stay in the HTML.

Horizontal bars, because labels are words (often Korean) that need room; every bar carries its value as
text and a <title> for screen readers. Lines for series over time (the dashboard's months), every point
with a <title>. Plain data in, an SVG string out; no web or database imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str | None = None  # the value as shown (e.g. "12", "3.5", "-" for no data)


@dataclass(frozen=True)
class Layout:
    width: int = 640
    label_width: int = 150
    value_width: int = 60
    row_height: int = 28
    bar_height: int = 18
    top: int = 8


def bar_width(value: float, largest: float, room: float) -> float:
    """Bars are proportional to the largest value; negatives and an all-zero chart draw nothing."""
    if largest <= 0 or value <= 0:
        return 0.0
    return room * value / largest


def text_width(text: str, font_size: int = 13) -> float:
    """Rough rendered width: wide (Hangul, CJK) characters take about a full em, others about 0.58 em."""
    wide = sum(1 for ch in text if ord(ch) >= 0x1100)
    return font_size * (wide + 0.58 * (len(text) - wide))


def bar_chart(bars: Sequence[Bar], *, title: str, layout: Layout = Layout(), colour: str = "#1f6feb") -> str:
    """An accessible horizontal bar chart; `title` names it for assistive technology."""
    # Widen the label column for long labels (never past half the chart) so none is clipped.
    longest = max((text_width(b.label) for b in bars), default=0.0)
    label_width = int(min(max(layout.label_width, longest + 16), layout.width / 2))
    layout = Layout(width=layout.width, label_width=label_width, value_width=layout.value_width,
                    row_height=layout.row_height, bar_height=layout.bar_height, top=layout.top)
    room = layout.width - layout.label_width - layout.value_width
    largest = max((b.value for b in bars), default=0.0)
    height = layout.top * 2 + layout.row_height * len(bars)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" width="{layout.width}" '
             f'height="{height}" viewBox="0 0 {layout.width} {height}" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for index, bar in enumerate(bars):
        y = layout.top + index * layout.row_height
        width = bar_width(bar.value, largest, room)
        shown = bar.text if bar.text is not None else f"{bar.value:g}"
        middle = y + layout.row_height / 2
        parts.append(
            f'<g class="bar"><title>{escape(bar.label)}: {escape(shown)}</title>'
            f'<text x="{layout.label_width - 8}" y="{middle:.1f}" text-anchor="end" dominant-baseline="middle" '
            f'font-size="13">{escape(bar.label)}</text>'
            f'<rect x="{layout.label_width}" y="{middle - layout.bar_height / 2:.1f}" width="{width:.1f}" '
            f'height="{layout.bar_height}" rx="3" fill="{escape(colour)}" data-value="{bar.value:g}"/>'
            f'<text x="{layout.label_width + width + 6:.1f}" y="{middle:.1f}" dominant-baseline="middle" '
            f'font-size="13">{escape(shown)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Point:
    label: str  # the x position's name, e.g. a month "2025-03"
    value: float | None  # None: no value there (the line breaks)
    text: str | None = None  # the value as shown


def number_text(value: float) -> str:
    """Thousands separated; a whole number without decimals, otherwise one decimal."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _axis_labels(count: int, most: int = 7) -> set[int]:
    """Which x positions get a label: both ends and evenly spaced ones between, at most `most`."""
    if count <= most:
        return set(range(count))
    return {round(i * (count - 1) / (most - 1)) for i in range(most)}


def line_chart(points: Sequence[Point], *, title: str, description: str = "", width: int = 640, height: int = 180,
               colour: str = "#1f6feb") -> str:
    """An accessible line chart over evenly spaced positions, from zero up to the largest value. Every point
    carries its value in a <title>; the chart's own <title>/<desc> name and describe it. Pages should also
    show the numbers as a table: a line is hard to read exactly."""
    values = [p.value for p in points if p.value is not None]
    largest = max([*values, 0.0])
    # Room for the widest y label (the largest value: "623,000,000" needs ~80 px) and the last x label's half.
    left = int(min(max(64, text_width(number_text(largest), 11) + 14), width / 3))
    right, top, bottom = 28, 12, 26
    scale = largest if largest > 0 else 1.0
    room_x = width - left - right
    room_y = height - top - bottom
    step = room_x / (len(points) - 1) if len(points) > 1 else 0.0

    def x(index: int) -> float:
        return left + (index * step if len(points) > 1 else room_x / 2)

    def y(value: float) -> float:
        return top + room_y * (1 - max(value, 0.0) / scale)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="line-chart" role="img" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    if description:
        parts.append(f"<desc>{escape(description)}</desc>")
    for value in ((0.0, largest) if largest > 0 else (0.0,)):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                     f'stroke="#d0d7de" stroke-width="1"/>'
                     f'<text x="{left - 6}" y="{y(value):.1f}" text-anchor="end" dominant-baseline="middle" '
                     f'font-size="11">{escape(number_text(value))}</text>')
    # A line for each run of defined values; a missing value breaks it rather than drawing a false zero.
    run: list[str] = []
    for index, point in enumerate([*points, Point("", None)]):
        if point.value is not None:
            run.append(f"{x(index):.1f},{y(point.value):.1f}")
            continue
        if len(run) > 1:
            parts.append(f'<polyline fill="none" stroke="{escape(colour)}" stroke-width="2" points="{" ".join(run)}"/>')
        run = []
    labelled = _axis_labels(len(points), most=max(2, width // 90))
    for index, point in enumerate(points):
        if index in labelled:
            parts.append(f'<text x="{x(index):.1f}" y="{height - 8}" text-anchor="middle" font-size="11">'
                         f"{escape(point.label)}</text>")
        if point.value is None:
            continue
        shown = point.text if point.text is not None else number_text(point.value)
        parts.append(f'<circle class="point" cx="{x(index):.1f}" cy="{y(point.value):.1f}" r="3" '
                     f'fill="{escape(colour)}" data-value="{point.value:g}">'
                     f"<title>{escape(point.label)}: {escape(shown)}</title></circle>")
    parts.append("</svg>")
    return "".join(parts)
