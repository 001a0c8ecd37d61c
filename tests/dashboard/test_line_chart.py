"""The line chart: one marker per defined point with its value as a title, a break at a missing value, and
a title and description for assistive technology."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from bitgoeul.core.charts import Point, line_chart, number_text

SVG = "{http://www.w3.org/2000/svg}"


def test_points_titles_and_breaks() -> None:
    points = [Point("2025-01", 3), Point("2025-02", 0), Point("2025-03", None), Point("2025-04", 6),
              Point("2025-05", 4.5, "4.5%")]
    svg = line_chart(points, title="지원 <수>", description="월별 추이")
    root = ET.fromstring(svg)  # noqa: S314 - our own output: it must be well-formed, its text escaped
    assert root.find(f"{SVG}title").text == "지원 <수>"
    assert root.find(f"{SVG}desc").text == "월별 추이"
    circles = root.findall(f"{SVG}circle")
    assert [c.find(f"{SVG}title").text for c in circles] == ["2025-01: 3", "2025-02: 0", "2025-04: 6",
                                                             "2025-05: 4.5%"]
    lines = root.findall(f"{SVG}polyline")
    assert [len(line.get("points", "").split()) for line in lines] == [2, 2]  # broken at March
    heights = {c.find(f"{SVG}title").text.split(":")[0]: float(c.get("cy", "0")) for c in circles}
    assert heights["2025-04"] < heights["2025-05"] < heights["2025-01"] < heights["2025-02"]  # higher is larger


def test_all_zero_and_single_point_draw_without_dividing_by_zero() -> None:
    svg = line_chart([Point("2025-01", 0)], title="t")
    assert len(re.findall("<circle", svg)) == 1
    assert line_chart([], title="empty").startswith("<svg")


def test_number_text() -> None:
    assert number_text(1234567) == "1,234,567"
    assert number_text(72.72) == "72.7"


def test_the_largest_y_label_fits_left_of_the_plot() -> None:
    """A long value label (money in KRW) must not be cut at the chart's left edge."""
    svg = line_chart([Point("2025-01", 0), Point("2025-02", 623_000_000)], title="구매액")
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    label = next(t for t in root.findall(f"{SVG}text") if t.text == "623,000,000")
    anchor_x = float(label.get("x", "0"))  # text-anchor end: the label runs leftwards from here
    assert anchor_x - 11 * 0.58 * len("623,000,000") >= 0
