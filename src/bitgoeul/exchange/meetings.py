"""1:1 meetings at an event: attendees' preferences and availability, the organiser's slots and tables, the
scheduler's draft (the pure core in `exchange.scheduler`), pins, moves and swaps, publishing, timetables.

Every edit goes through the core's checked helpers (`move_meeting`, `swap_meetings`, `find_violations`), and
publishing re-checks the whole timetable against the current preferences, so a no-thanks pair can never
appear in a published timetable. Preferences are locked while a timetable is published.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bitgoeul.accounts.models import User
from bitgoeul.core.auth import Actor, require_login
from bitgoeul.core.db import utcnow
from bitgoeul.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from bitgoeul.core.i18n import Message, translate
from bitgoeul.core.time import as_utc as _aware
from bitgoeul.core.time import local_text
from bitgoeul.exchange import notices
from bitgoeul.exchange.events import get_event, going_attendees, require_organiser, rsvp_of
from bitgoeul.exchange.models import Event, MeetingPreference, MeetingSlot, Rsvp, ScheduledMeeting
from bitgoeul.exchange.scheduler import (
    LEVEL_WEIGHTS,
    Attendee,
    Meeting,
    Pin,
    Preference,
    ScheduleInput,
    ScheduleInputError,
    explain_infeasibility,
    find_violations,
    move_meeting,
    schedule,
    swap_meetings,
)
from bitgoeul.exchange.schemas import MeetingSetupIn, MoveIn, PinIn, PreferencesIn, SlotsIn, SwapIn
from bitgoeul.organisations.models import Organisation

# Web requests wait for the draft: a few seconds is plenty for an event (1,000 people take < 10 s).
WEB_TIME_LIMIT = 3.0


def person_id(user_id: int) -> str:
    return f"u{user_id}"


def slot_key(slot_id: int) -> str:
    return f"s{slot_id}"


def _user_of(person: str) -> int:
    return int(person[1:])


def _slot_of(key: str) -> int:
    return int(key[1:])


def _refused(exc: ScheduleInputError, event: Event | None = None, session: Session | None = None
             ) -> ValidationFailed:
    """The core's refusal in the reader's language, with attendee and slot ids replaced by names and times."""
    message = _named(exc.korean, exc.english, event, session)
    return ValidationFailed(message, fields={"__all__": message})


def _named(korean: str, english: str, event: Event | None, session: Session | None) -> Message:
    """The core's two texts with attendee ids replaced by names and slot ids by local times."""
    if event is None or session is None:
        return Message.both(korean, english)
    names = people(session, {int(x) for x in _ID.findall(korean + english)})
    times = {s.id: local_text(s.starts_at, "%H:%M") for s in event.slots}

    def fill(text: str) -> str:
        text = _ID.sub(lambda m: names[int(m.group(1))].name if int(m.group(1)) in names else m.group(0), text)
        return _SLOT.sub(lambda m: times.get(int(m.group(1)), m.group(0)), text)

    return Message.both(fill(korean), fill(english))


def _meetings_event(session: Session, actor: Actor | None, event_id: int) -> Event:
    event = get_event(session, event_id, actor)
    if not event.meetings_enabled:
        raise InvalidTransition("exchange.meetings.event_has_no_1_1")
    return event


# --- the organiser's set-up ------------------------------------------------------------------------------


def set_up(session: Session, actor: Actor | None, event_id: int, values: MeetingSetupIn) -> Event:
    """Tables and the per-person cap; turns 1:1 meetings on."""
    event = get_event(session, event_id, actor)
    require_organiser(actor, event)
    if event.schedule_state == "published":
        raise InvalidTransition("exchange.meetings.timetable_published_withdraw_it_first")
    event.meetings_enabled = True
    event.meeting_tables = values.meeting_tables
    event.max_meetings_per_person = values.max_meetings_per_person
    session.flush()
    return event


def add_slots(session: Session, actor: Actor | None, event_id: int, values: SlotsIn) -> list[MeetingSlot]:
    """Back-to-back slots from a first start; they must fall inside the event and not overlap others."""
    event = _meetings_event(session, actor, event_id)
    require_organiser(actor, event)
    _check_draft_allowed(event)
    step = timedelta(minutes=values.minutes + values.gap_minutes)
    made = [MeetingSlot(starts_at=values.first_start + k * step,
                        ends_at=values.first_start + k * step + timedelta(minutes=values.minutes))
            for k in range(values.count)]
    starts, ends = _aware(event.starts_at), _aware(event.ends_at)
    if made[0].starts_at < starts or made[-1].ends_at > ends:
        raise ValidationFailed("exchange.meetings.slots_must_fall_within_event",
                               fields={"first_start": Message("exchange.meetings.outside_event")})
    for slot in event.slots:
        if any(_aware(slot.starts_at) < m.ends_at and m.starts_at < _aware(slot.ends_at) for m in made):
            raise ValidationFailed("exchange.meetings.slots_overlap_existing_ones",
                                   fields={"first_start": Message("exchange.meetings.overlap")})
    event.slots.extend(made)
    session.flush()
    return made


def remove_slot(session: Session, actor: Actor | None, event_id: int, slot_id: int) -> None:
    event = _meetings_event(session, actor, event_id)
    require_organiser(actor, event)
    _check_draft_allowed(event)
    slot = next((s for s in event.slots if s.id == slot_id), None)
    if slot is None:
        raise NotFound("exchange.meetings.slot_not_found")
    session.execute(delete(ScheduledMeeting).where(ScheduledMeeting.slot_id == slot.id))
    event.slots.remove(slot)
    for entry in going_attendees(session, event):
        if entry.available_slot_ids is not None and slot_id in entry.available_slot_ids:
            entry.available_slot_ids = [s for s in entry.available_slot_ids if s != slot_id]
    session.flush()


def _check_draft_allowed(event: Event) -> None:
    if event.schedule_state == "published":
        raise InvalidTransition("exchange.meetings.published_timetable_cannot_change_withdraw")


# --- attendees' preferences ------------------------------------------------------------------------------


def require_attendee(session: Session, actor: Actor | None, event: Event) -> Rsvp:
    user = require_login(actor)
    entry = rsvp_of(session, event.id, user.id)
    if entry is None or entry.status != "going":
        raise PermissionDenied("exchange.meetings.only_people_who_going_can")
    return entry


@dataclass(frozen=True)
class Person:
    """An attendee as others see them: name and organisation."""

    user_id: int
    name: str
    organisation_ko: str
    organisation_en: str

    def label(self, language: str) -> str:
        org = (self.organisation_en or self.organisation_ko) if language == "en" else self.organisation_ko
        return f"{self.name} ({org})" if org else self.name


def people(session: Session, user_ids: list[int] | set[int]) -> dict[int, Person]:
    if not user_ids:
        return {}
    rows = session.execute(select(User.id, User.display_name, Organisation.name_ko, Organisation.name_en)
                           .outerjoin(Organisation, Organisation.id == User.organisation_id)
                           .where(User.id.in_(list(user_ids)))).all()
    return {int(uid): Person(int(uid), str(name), str(ko or ""), str(en or "")) for uid, name, ko, en in rows}


def others(session: Session, event: Event, user_id: int) -> list[Person]:
    """The other attendees going, in name order: whom one can mark."""
    ids = [e.user_id for e in going_attendees(session, event) if e.user_id != user_id]
    found = people(session, ids)
    return sorted(found.values(), key=lambda p: (p.organisation_ko, p.name, p.user_id))


def preferences_of(session: Session, event: Event, user_id: int) -> dict[int, str]:
    rows = session.scalars(select(MeetingPreference).where(MeetingPreference.event_id == event.id,
                                                           MeetingPreference.from_user_id == user_id))
    return {p.to_user_id: p.level for p in rows}


def save_preferences(session: Session, actor: Actor | None, event_id: int, values: PreferencesIn) -> Rsvp:
    """Replace the actor's marks (must / meet / no; blank = no opinion) and available slots."""
    event = _meetings_event(session, actor, event_id)
    entry = require_attendee(session, actor, event)
    if event.schedule_state == "published":
        raise InvalidTransition("exchange.meetings.timetable_published_ask_organiser_change")
    allowed = {e.user_id for e in going_attendees(session, event)} - {entry.user_id}
    unknown = [uid for uid in values.levels if uid not in allowed]
    if unknown:
        raise ValidationFailed("exchange.meetings.some_not_attendees_event",
                               fields={f"level_{uid}": Message("exchange.meetings.not_attendee") for uid in unknown})
    slot_ids = {s.id for s in event.slots}
    if values.available_slot_ids is not None:
        bad = [s for s in values.available_slot_ids if s not in slot_ids]
        if bad:
            raise ValidationFailed("exchange.meetings.unknown_slot",
                                   fields={"available_slot_ids": Message("exchange.meetings.unknown_slot_2")})
        entry.available_slot_ids = sorted(set(values.available_slot_ids))
    session.execute(delete(MeetingPreference).where(MeetingPreference.event_id == event.id,
                                                    MeetingPreference.from_user_id == entry.user_id))
    for uid, level in sorted(values.levels.items()):
        if level:
            session.add(MeetingPreference(event_id=event.id, from_user_id=entry.user_id, to_user_id=uid,
                                          level=level))
    session.flush()
    return entry


# --- scheduling ------------------------------------------------------------------------------------------


def rows_of(session: Session, event: Event) -> list[ScheduledMeeting]:
    rows = session.scalars(select(ScheduledMeeting).where(ScheduledMeeting.event_id == event.id)).unique()
    return sorted(rows, key=lambda m: (_aware(m.slot.starts_at), m.table_no, m.id))


def build_input(session: Session, event: Event, *, with_pins: bool = True) -> ScheduleInput:
    """The core's input from the database: going attendees, their marks among themselves, the slots, and
    the organiser's pinned meetings."""
    going = going_attendees(session, event)
    ids = {e.user_id for e in going}
    all_slots = tuple(slot_key(s.id) for s in event.slots)
    attendees = tuple(Attendee(person_id(e.user_id), all_slots if e.available_slot_ids is None
                               else tuple(slot_key(s) for s in e.available_slot_ids if slot_key(s) in all_slots))
                      for e in going)
    prefs = session.scalars(select(MeetingPreference).where(MeetingPreference.event_id == event.id)
                            .order_by(MeetingPreference.id))
    preferences = tuple(Preference(person_id(p.from_user_id), person_id(p.to_user_id), p.level)  # type: ignore[arg-type]
                        for p in prefs if p.from_user_id in ids and p.to_user_id in ids)
    pins: tuple[Pin, ...] = ()
    if with_pins:
        pins = tuple(Pin(slot_key(m.slot_id), person_id(m.a_user_id), person_id(m.b_user_id), m.table_no)
                     for m in rows_of(session, event) if m.pinned)
    return ScheduleInput(slots=all_slots, tables=event.meeting_tables,
                         max_meetings_per_person=event.max_meetings_per_person, attendees=attendees,
                         preferences=preferences, pins=pins)


def _core(rows: list[ScheduledMeeting]) -> tuple[Meeting, ...]:
    return tuple(Meeting(slot_key(m.slot_id), m.table_no, *sorted((person_id(m.a_user_id), person_id(m.b_user_id))))
                 for m in rows)


def pair_weight(inp: ScheduleInput, a: str, b: str) -> int:
    return sum(LEVEL_WEIGHTS[p.level] for p in inp.preferences if {p.source, p.target} == {a, b})


def _store(session: Session, event: Event, inp: ScheduleInput, meetings: tuple[Meeting, ...],
           pinned: set[frozenset[int]]) -> None:
    """Replace the event's timetable with `meetings` (user ids ordered so a < b)."""
    session.execute(delete(ScheduledMeeting).where(ScheduledMeeting.event_id == event.id))
    session.flush()
    for m in meetings:
        a, b = sorted((_user_of(m.a), _user_of(m.b)))
        session.add(ScheduledMeeting(event_id=event.id, slot_id=_slot_of(m.slot), table_no=m.table, a_user_id=a,
                                     b_user_id=b, pinned=frozenset((a, b)) in pinned))
    event.schedule_total_weight = sum(pair_weight(inp, m.a, m.b) for m in meetings)
    session.flush()


def _pinned_pairs(session: Session, event: Event) -> set[frozenset[int]]:
    return {frozenset((m.a_user_id, m.b_user_id)) for m in rows_of(session, event) if m.pinned}


def _ready(event: Event) -> None:
    fields = {}
    if not event.slots:
        fields["slots"] = Message("exchange.meetings.add_meeting_slots_first")
    if event.meeting_tables < 1:
        fields["meeting_tables"] = Message("exchange.meetings.set_number_tables")
    if event.max_meetings_per_person < 1:
        fields["max_meetings_per_person"] = Message("exchange.meetings.set_per_person_cap")
    if fields:
        raise ValidationFailed("exchange.meetings.finish_set_up_before_scheduling",
                               fields=fields)


def run_schedule(session: Session, actor: Actor | None, event_id: int, *,
                 time_limit: float = WEB_TIME_LIMIT) -> Event:
    """Make a DRAFT keeping the organiser's pins; impossible must-meets become notes, not errors."""
    event = _meetings_event(session, actor, event_id)
    require_organiser(actor, event)
    _check_draft_allowed(event)
    _ready(event)
    pinned = _pinned_pairs(session, event)
    inp = build_input(session, event)
    try:
        result = schedule(inp, time_limit=time_limit)
        notes = explain_infeasibility(inp, result)
    except ScheduleInputError:
        # A pin no longer fits (someone cancelled, changed availability or said no-thanks): drop pins.
        inp = build_input(session, event, with_pins=False)
        pinned = set()
        try:
            result = schedule(inp, time_limit=time_limit)
            notes = explain_infeasibility(inp, result)
        except ScheduleInputError as exc:
            raise _refused(exc, event, session) from exc
    _store(session, event, inp, result.meetings, pinned)
    names = people(session, {_user_of(a.id) for a in inp.attendees})
    event.schedule_notes = [_note(n.kind, [_user_of(p) for p in n.people], n.message, names) for n in notes]
    event.schedule_upper_bound = result.upper_bound
    event.schedule_state = "draft"
    event.schedule_generated_at = utcnow()
    session.flush()
    return event


_ID = re.compile(r"\bu(\d+)\b")
_SLOT = re.compile(r"\bs(\d+)\b")


def _note(kind: str, user_ids: list[int], message: str, names: Mapping[int, Person]) -> dict[str, object]:
    """A stored diagnosis: the core's message with attendee ids replaced by names."""
    def name(found: re.Match[str]) -> str:
        person = names.get(int(found.group(1)))
        return person.name if person else found.group(0)

    return {"kind": kind, "user_ids": user_ids, "detail": _ID.sub(name, message)}


def note_text(note: Mapping[str, object], names: Mapping[int, Person], language: str) -> str:
    """A stored diagnosis in one language, naming the people concerned."""
    ids = note.get("user_ids")
    who = " – ".join(names[i].label(language) if i in names else str(i)
                     for i in (ids if isinstance(ids, list) else []))
    return translate(f"exchange.note.{note.get('kind')}", language, people=who)


def _edit(session: Session, actor: Actor | None, event_id: int) -> tuple[Event, ScheduleInput, list[ScheduledMeeting]]:
    event = _meetings_event(session, actor, event_id)
    require_organiser(actor, event)
    if event.schedule_state != "draft":
        raise InvalidTransition("exchange.meetings.there_no_draft_edit_run")
    return event, build_input(session, event), rows_of(session, event)


def move(session: Session, actor: Actor | None, event_id: int, values: MoveIn) -> Event:
    """Put a pair at a slot (adding it if it was not scheduled), pinned by default; the core refuses any
    move that breaks a rule (no-thanks, availability, double booking, tables, cap)."""
    event, inp, rows = _edit(session, actor, event_id)
    if values.slot_id not in {s.id for s in event.slots}:
        raise ValidationFailed("exchange.meetings.unknown_slot",
                               fields={"slot_id": Message("exchange.meetings.unknown_slot_2")})
    try:
        meetings = move_meeting(inp, _core(rows), a=person_id(values.a_user_id), b=person_id(values.b_user_id),
                                slot=slot_key(values.slot_id), table=values.table)
    except ScheduleInputError as exc:
        raise _refused(exc, event, session) from exc
    pinned = _pinned_pairs(session, event)
    pair = frozenset((values.a_user_id, values.b_user_id))
    (pinned.add if values.pin else pinned.discard)(pair)
    _store(session, event, inp, meetings, pinned)
    return event


def swap(session: Session, actor: Actor | None, event_id: int, values: SwapIn) -> Event:
    """Exchange the slots and tables of two meetings of the draft (neither may be pinned)."""
    event, inp, rows = _edit(session, actor, event_id)
    by_id = {m.id: m for m in rows}
    first, second = by_id.get(values.first_meeting_id), by_id.get(values.second_meeting_id)
    if first is None or second is None or first.id == second.id:
        raise ValidationFailed("exchange.meetings.choose_two_different_meetings_draft",
                               fields={"second_meeting_id": Message("exchange.meetings.choose_two_meetings")})
    try:
        meetings = swap_meetings(inp, _core(rows), (person_id(first.a_user_id), person_id(first.b_user_id)),
                                 (person_id(second.a_user_id), person_id(second.b_user_id)))
    except ScheduleInputError as exc:
        raise _refused(exc, event, session) from exc
    _store(session, event, inp, meetings, _pinned_pairs(session, event))
    return event


def pin(session: Session, actor: Actor | None, event_id: int, values: PinIn) -> ScheduledMeeting:
    """Pin (keep through re-runs) or unpin one meeting of the draft."""
    _event, _inp, rows = _edit(session, actor, event_id)
    row = next((m for m in rows if m.id == values.meeting_id), None)
    if row is None:
        raise NotFound("exchange.meetings.meeting_not_found")
    row.pinned = values.pinned
    session.flush()
    return row


def publish(session: Session, actor: Actor | None, event_id: int) -> Event:
    """Draft -> published, after checking every meeting against the rules as they stand now; the people
    whose own meetings differ from the last published timetable are told."""
    event, inp, rows = _edit(session, actor, event_id)
    problems = find_violations(_without_pins(inp), _core(rows))
    if problems:
        shown = _named("; ".join(p.korean for p in problems[:5]), "; ".join(p.english for p in problems[:5]),
                       event, session)
        raise InvalidTransition("exchange.meetings.draft_no_longer_fits_current", shown=shown)
    event.schedule_state = "published"
    event.schedule_published_at = utcnow()
    session.flush()
    notices.timetable_published(session, event, rows)
    return event


def _without_pins(inp: ScheduleInput) -> ScheduleInput:
    return ScheduleInput(inp.slots, inp.tables, inp.max_meetings_per_person, inp.attendees, inp.preferences)


def withdraw(session: Session, actor: Actor | None, event_id: int) -> Event:
    """Published -> draft: attendees no longer see the timetable until it is published again; those who had
    meetings in it are told."""
    event = _meetings_event(session, actor, event_id)
    require_organiser(actor, event)
    if event.schedule_state != "published":
        raise InvalidTransition("exchange.meetings.no_published_timetable")
    event.schedule_state = "draft"
    session.flush()
    notices.timetable_withdrawn(session, event)
    return event


# --- what people see -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scheduled:
    """One meeting as shown: its slot, table and both people."""

    id: int
    slot: MeetingSlot
    table: int
    a: Person
    b: Person
    pinned: bool
    weight: int

    def partner_of(self, user_id: int) -> Person:
        return self.b if self.a.user_id == user_id else self.a


@dataclass(frozen=True)
class Wanted:
    """A pair someone asked for that the draft leaves out."""

    a: Person
    b: Person
    weight: int
    must: bool


@dataclass(frozen=True)
class Draft:
    state: str
    meetings: list[Scheduled]
    total_weight: int | None
    upper_bound: int | None
    notes: list[dict[str, object]]
    unscheduled: list[Wanted]
    names: dict[int, Person]


def _shown(session: Session, event: Event, inp: ScheduleInput) -> tuple[list[Scheduled], dict[int, Person]]:
    rows = rows_of(session, event)
    ids = {_user_of(a.id) for a in inp.attendees} | {u for m in rows for u in (m.a_user_id, m.b_user_id)}
    names = people(session, ids)
    shown = [Scheduled(m.id, m.slot, m.table_no, names[m.a_user_id], names[m.b_user_id], m.pinned,
                       pair_weight(inp, person_id(m.a_user_id), person_id(m.b_user_id))) for m in rows]
    return shown, names


def draft(session: Session, actor: Actor | None, event_id: int) -> Draft:
    """The organiser's view: the timetable with its quality, the notes, and the wanted pairs left out."""
    event = _meetings_event(session, actor, event_id)
    require_organiser(actor, event)
    inp = build_input(session, event, with_pins=False)
    shown, names = _shown(session, event, inp)
    met = {frozenset((m.a.user_id, m.b.user_id)) for m in shown}
    pairs: dict[frozenset[int], list[str]] = {}
    for p in inp.preferences:
        pairs.setdefault(frozenset((_user_of(p.source), _user_of(p.target))), []).append(p.level)
    unscheduled = [Wanted(names[min(pair)], names[max(pair)], sum(LEVEL_WEIGHTS[x] for x in levels), "must" in levels)
                   for pair, levels in pairs.items()
                   if pair not in met and "no" not in levels and sum(LEVEL_WEIGHTS[x] for x in levels) > 0]
    unscheduled.sort(key=lambda w: (-w.weight, w.a.name, w.b.name))
    return Draft(event.schedule_state, shown, event.schedule_total_weight, event.schedule_upper_bound,
                 list(event.schedule_notes or []), unscheduled, names)


def timetable(session: Session, actor: Actor | None, event_id: int) -> list[Scheduled]:
    """The actor's own meetings of the published timetable, in time order (empty before publishing)."""
    user = require_login(actor)
    event = _meetings_event(session, user, event_id)
    if event.schedule_state != "published":
        return []
    inp = build_input(session, event, with_pins=False)
    shown, _names = _shown(session, event, inp)
    return [m for m in shown if user.id in (m.a.user_id, m.b.user_id)]
