"""Server-side SVG charts: pages stay readable without JavaScript and the numbers stay in the HTML.

Horizontal bars, because labels are words (often Korean) that need room; every bar carries its value as
text and a <title> for screen readers. Plain data in, an SVG string out; no web or database imports.
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
