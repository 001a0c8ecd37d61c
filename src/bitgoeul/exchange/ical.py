"""A small RFC 5545 (iCalendar) writer: VCALENDAR with VEVENTs, written by hand because it is short.

What the RFC asks and this does: CRLF line ends (3.1), lines folded at 75 octets without splitting a UTF-8
character (3.1), TEXT values escaped (backslash, semicolon, comma, newline; 3.3.11), a globally unique
UID and a DTSTAMP in every VEVENT (3.6.1), times in UTC with the "Z" suffix (3.3.5).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

PRODID = "-//Bitgoeul//Exchange//KO"
LIMIT = 75  # octets per line, CRLF excluded


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    geo: tuple[float, float] | None = None
    status: str = "CONFIRMED"  # CONFIRMED | TENTATIVE | CANCELLED


def escape_text(value: str) -> str:
    """TEXT escaping: backslash first, then ; and , ; every kind of newline becomes \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into <= 75-octet pieces joined by CRLF + space, never inside a character."""
    pieces: list[str] = []
    current, size = "", 0
    limit = LIMIT
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
            limit = LIMIT - 1  # continuation lines start with one space
        current += ch
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def utc_stamp(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)  # naive values are stored UTC
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event: CalendarEvent, stamp: datetime) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{escape_text(event.uid)}", f"DTSTAMP:{utc_stamp(stamp)}",
             f"DTSTART:{utc_stamp(event.start)}", f"DTEND:{utc_stamp(event.end)}",
             f"SUMMARY:{escape_text(event.summary)}"]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.geo is not None:
        lines.append(f"GEO:{event.geo[0]:.6f};{event.geo[1]:.6f}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines += [f"STATUS:{event.status}", "END:VEVENT"]
    return lines


def calendar(events: Iterable[CalendarEvent], *, name: str = "", stamp: datetime | None = None) -> str:
    """The whole .ics text; `stamp` (DTSTAMP) defaults to now."""
    when = stamp or datetime.now(UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines += _event_lines(event, when)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
