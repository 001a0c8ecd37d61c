"""Events and 1:1 timetables as iCalendar files (the writer is `exchange.ical`)."""

from __future__ import annotations

from collections.abc import Sequence

from bitgoeul.exchange.ical import CalendarEvent, calendar
from bitgoeul.exchange.meetings import Scheduled
from bitgoeul.exchange.models import Event

UID_DOMAIN = "bitgoeul.example.org"


def _place(event: Event) -> str:
    return ", ".join(p for p in (event.venue_name, event.venue_address) if p)


def _title(event: Event, language: str) -> str:
    return (event.title_en or event.title_ko) if language == "en" else event.title_ko


def event_calendar(event: Event, base_url: str, language: str = "ko") -> str:
    """One VEVENT for the event, cancelled events marked CANCELLED so calendars remove them."""
    description = (event.description_en or event.description_ko) if language == "en" else event.description_ko
    item = CalendarEvent(
        uid=f"event-{event.id}@{UID_DOMAIN}", start=event.starts_at, end=event.ends_at,
        summary=_title(event, language), description=description, location=_place(event),
        url=f"{base_url}/exchange/events/{event.id}",
        geo=(event.lat, event.lon) if event.lat is not None and event.lon is not None else None,
        status="CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    return calendar([item], name=_title(event, language))


def timetable_calendar(event: Event, user_id: int, meetings: Sequence[Scheduled], base_url: str,
                       language: str = "ko") -> str:
    """The attendee's meetings; UIDs name the pair and the event, so re-imports update rather than add."""
    items = []
    for m in meetings:
        partner = m.partner_of(user_id)
        label = partner.label(language)
        table = f"Table {m.table}" if language == "en" else f"테이블 {m.table}"
        summary = f"1:1 meeting: {label}" if language == "en" else f"1:1 미팅: {label}"
        a, b = sorted((m.a.user_id, m.b.user_id))
        items.append(CalendarEvent(
            uid=f"meeting-{event.id}-{a}-{b}@{UID_DOMAIN}", start=m.slot.starts_at, end=m.slot.ends_at,
            summary=summary, description=f"{_title(event, language)}\n{table}",
            location=f"{_place(event)} · {table}" if _place(event) else table,
            url=f"{base_url}/exchange/events/{event.id}/meetings/mine"))
    return calendar(items, name=_title(event, language))
