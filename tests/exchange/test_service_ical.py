"""iCalendar output against RFC 5545, read back by an independent parser written here: CRLF line ends,
75-octet folding that never splits a character, TEXT escaping that round-trips, UID and DTSTAMP in every
VEVENT, UTC times; and the files the pages serve for an event and an attendee's timetable."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bitgoeul.exchange.ical import CalendarEvent, calendar, escape_text, fold

NASTY = "광주·서울 교류; 쉼표, 백슬래시 \\ 그리고\n줄바꿈\r\n두 번째 줄 " + "가나다라마바사" * 12


def unfold(text: str) -> list[str]:
    """RFC 5545 3.1: a CRLF followed by one space or tab continues the previous line."""
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", ""), "bare LF"
    assert "\r" not in text.replace("\r\n", ""), "bare CR"
    lines: list[str] = []
    for raw in text[:-2].split("\r\n"):
        assert len(raw.encode("utf-8")) <= 75, raw
        if raw.startswith((" ", "\t")):
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    return lines


def unescape(value: str) -> str:
    out, k = [], 0
    while k < len(value):
        if value[k] == "\\":
            nxt = value[k + 1]
            out.append("\n" if nxt in "nN" else nxt)
            k += 2
        else:
            assert value[k] not in ";,", f"unescaped {value[k]!r}"
            out.append(value[k])
            k += 1
    return "".join(out)


def parse(text: str) -> list[dict[str, str]]:
    """Properties of each VEVENT (name -> raw value), checking BEGIN/END nesting on the way."""
    stack: list[str] = []
    found: list[dict[str, str]] = []
    for line in unfold(text):
        name, _, value = line.partition(":")
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                found.append({})
        elif name == "END":
            assert stack.pop() == value
        elif stack and stack[-1] == "VEVENT":
            found[-1][name] = value
    assert stack == []
    return found


def test_folding_is_by_octets_and_never_splits_a_character() -> None:
    line = "SUMMARY:" + "빛" * 60
    folded = fold(line)
    assert all(len(p.encode("utf-8")) <= 75 for p in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
    assert fold("SHORT:x") == "SHORT:x"


def test_text_escaping_round_trips() -> None:
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    assert unescape(escape_text(NASTY)) == NASTY.replace("\r\n", "\n")


def test_calendar_is_valid_and_complete() -> None:
    start = datetime(2027, 5, 27, 14, 0, tzinfo=UTC)
    items = [CalendarEvent(uid=f"meeting-{n}@bitgoeul.example.org", start=start + timedelta(minutes=25 * n),
                           end=start + timedelta(minutes=25 * n + 20), summary=f"1:1 미팅 {n}", description=NASTY,
                           location="빛고을 AI 카페, 테이블 3", geo=(35.2289, 126.8427)) for n in range(3)]
    text = calendar(items, name="교류의 날", stamp=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    lines = unfold(text)
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"] and any(x.startswith("PRODID:") for x in lines)
    found = parse(text)
    assert len(found) == 3 and len({e["UID"] for e in found}) == 3
    for n, event in enumerate(found):
        assert event["DTSTAMP"] == "20260102T030405Z"
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTART"]) and event["DTSTART"] < event["DTEND"]
        assert unescape(event["SUMMARY"]) == f"1:1 미팅 {n}"
        assert unescape(event["DESCRIPTION"]) == NASTY.replace("\r\n", "\n")
        assert unescape(event["LOCATION"]) == "빛고을 AI 카페, 테이블 3"
        assert event["GEO"] == "35.228900;126.842700"
    naive = calendar([CalendarEvent(uid="x@y", start=datetime(2027, 1, 1, 9), end=datetime(2027, 1, 1, 10),
                                    summary="naive = UTC")], stamp=datetime(2026, 1, 1, tzinfo=UTC))
    assert parse(naive)[0]["DTSTART"] == "20270101T090000Z"
