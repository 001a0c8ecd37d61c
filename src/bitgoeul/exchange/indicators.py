"""Exchange indicators for the dashboard: events held and their attendees, 1:1 meetings scheduled, partner
listings. Draft and cancelled events, unpublished timetables and withdrawn listings are not counted."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.core.indicators import Indicator, Values, counts, define
from bitgoeul.core.months import Months
from bitgoeul.exchange.models import Event, MeetingSlot, PartnerListing, Rsvp, ScheduledMeeting

C = "exchange"
PUBLISHED = "published"


def _held(months: Months) -> tuple[datetime, datetime]:
    """Events that started within the range and not in the future: "held", not merely announced."""
    return months.start, min(months.end, datetime.now(UTC))


def events_held(session: Session, months: Months) -> Values:
    start, end = _held(months)
    return counts(session.scalars(select(Event.starts_at).where(
        Event.status == PUBLISHED, Event.starts_at >= start, Event.starts_at < end)), months)


def event_attendees(session: Session, months: Months) -> Values:
    start, end = _held(months)
    return counts(session.scalars(select(Event.starts_at).join(Rsvp, Rsvp.event_id == Event.id).where(
        Event.status == PUBLISHED, Rsvp.checked_in_at.is_not(None), Event.starts_at >= start,
        Event.starts_at < end)), months)


def meetings_scheduled(session: Session, months: Months) -> Values:
    return counts(session.scalars(
        select(MeetingSlot.starts_at).join(ScheduledMeeting, ScheduledMeeting.slot_id == MeetingSlot.id)
        .join(Event, Event.id == ScheduledMeeting.event_id)
        .where(Event.status == PUBLISHED, Event.schedule_state == PUBLISHED, MeetingSlot.starts_at >= months.start,
               MeetingSlot.starts_at < months.end)), months)


def partner_listings(session: Session, months: Months) -> Values:
    return counts(session.scalars(select(PartnerListing.created_at).where(
        PartnerListing.active.is_(True), PartnerListing.created_at >= months.start,
        PartnerListing.created_at < months.end)), months)


def indicators() -> list[Indicator]:
    return [
        define(C, "events_held", events_held, "count", 30, ("열린 행사", "Events held"),
               ("그 달에 열린 공개 행사 수 (작성 중·취소된 행사와 아직 열리지 않은 행사 제외)",
                "Published events that took place in the month (drafts, cancelled and future events left out)")),
        define(C, "event_attendees", event_attendees, "count", 31, ("행사 참석자", "Event attendees"),
               ("그 달에 열린 공개 행사에서 현장 확인(체크인)된 참석자 수",
                "People checked in at the published events held in the month")),
        define(C, "meetings_scheduled", meetings_scheduled, "count", 32, ("1:1 미팅", "1:1 meetings scheduled"),
               ("공개된 행사 시간표에 잡힌 1:1 미팅 수 (미팅 시각의 달 기준, 초안 시간표 제외)",
                "1:1 meetings on published event timetables, by the meeting's month (draft timetables left out)")),
        define(C, "partner_listings", partner_listings, "count", 33, ("파트너 제공·구함 글", "Partner listings"),
               ("그 달에 올라온 파트너 제공·구함 글 가운데 지금도 게시 중인 것",
                "Partner offers and seeks posted in the month that are still listed")),
    ]
