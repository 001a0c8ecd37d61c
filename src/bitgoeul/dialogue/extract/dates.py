"""Dates in Korean press text: publication stamps, and session dates relative to publication."""

from __future__ import annotations

import re
from datetime import date, timedelta

FULL_DATE = re.compile(r"(20\d{2}|19\d{2})\s*(?:[./-]|년)\s*(\d{1,2})\s*(?:[./-]|월)\s*(\d{1,2})(?!\d)")
# Labels that introduce the publication stamp in bylines ("기사입력 2024/05/28 [17:48]").
_PUBLISHED_LABEL = re.compile(r"(?:기사입력|입력|등록|승인|송고시간|송고|발행|게재|작성|최초\s*입력)\s*[:：]?\s*")
# A session date in running text: "2024년 5월 27일", "5월 27일", "지난달 30일", "지난 27일", "27일", "이날".
SESSION_DATE = re.compile(
    r"(?P<full>(?:20\d{2})년\s*\d{1,2}월\s*\d{1,2}일)"
    r"|(?P<month_day>\d{1,2}월\s*\d{1,2}일)"
    r"|(?P<last_month>지난\s?달\s*\d{1,2}일)"
    r"|(?P<coming>오는\s*\d{1,2}일)"
    r"|(?P<day>(?:지난\s*)?(?<![\d.])\d{1,2}일)(?![\d째])"
    r"|(?P<today>이날|오늘)"
    r"|(?P<yesterday>어제)"
)


def make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_published(lines: list[str], meta_value: str | None) -> date | None:
    """The publication date: a declared page timestamp, else a labelled byline stamp, else a top-line date."""
    if meta_value:
        match = FULL_DATE.search(meta_value)
        if match:
            found = make_date(int(match[1]), int(match[2]), int(match[3]))
            if found:
                return found
    for line in lines:
        label = _PUBLISHED_LABEL.search(line)
        if label:
            match = FULL_DATE.search(line, label.end())
            if match and match.start() - label.end() <= 3:
                found = make_date(int(match[1]), int(match[2]), int(match[3]))
                if found:
                    return found
    # A full date that opens the page is its stamp, however long the line.
    if lines:
        match = FULL_DATE.search(lines[0][:24])
        if match and not re.search(r"[가-힣]", lines[0][: match.start()]):
            found = make_date(int(match[1]), int(match[2]), int(match[3]))
            if found:
                return found
    # No label: a short line near the top that carries a full date is the byline.
    for line in lines[:15]:
        if len(line) <= 120:
            match = FULL_DATE.search(line)
            if match:
                found = make_date(int(match[1]), int(match[2]), int(match[3]))
                if found:
                    return found
    return None


def _previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def resolve_session_date(expression: re.Match[str], published: date | None) -> date | None:
    """Resolve one SESSION_DATE match; day-only forms mean the latest such day not after publication."""
    text = expression.group(0)
    numbers = [int(value) for value in re.findall(r"\d+", text)]
    if expression.group("full"):
        return make_date(numbers[0], numbers[1], numbers[2])
    if published is None:
        return None
    if expression.group("month_day"):
        month, day = numbers
        year = published.year if month <= published.month else published.year - 1
        return make_date(year, month, day)
    if expression.group("last_month"):
        year, month = _previous_month(published.year, published.month)
        return make_date(year, month, numbers[0])
    if expression.group("coming"):
        day = numbers[0]
        if day >= published.day:
            return make_date(published.year, published.month, day)
        year, month = _next_month(published.year, published.month)
        return make_date(year, month, day)
    if expression.group("day"):
        day = numbers[0]
        if day <= published.day:
            return make_date(published.year, published.month, day)
        year, month = _previous_month(published.year, published.month)
        return make_date(year, month, day)
    if expression.group("today"):
        return published
    if expression.group("yesterday"):
        return published - timedelta(days=1)
    return None
