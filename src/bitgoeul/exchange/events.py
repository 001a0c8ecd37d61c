"""Events and competitions: create, publish, RSVP with capacity and a waiting list, check-in, tracks, teams,
submissions and results. Each function is one unit of work; access and state rules are checked here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, delete, false, func, or_, select, true
from sqlalchemy.orm import Session

from bitgoeul.core.auth import Actor, Role, acts_for_an_organisation, can_act_for, is_operator, require_login
from bitgoeul.core.db import flush_unique, text_matches, utcnow
from bitgoeul.core.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.core.pagination import Page, paginate
from bitgoeul.core.time import as_utc
from bitgoeul.exchange import notices
from bitgoeul.exchange.models import Event, Rsvp, ScheduledMeeting, Submission, Team, TeamMember, Track
from bitgoeul.exchange.schemas import EventIn, ResultsIn, RsvpIn, SubmissionIn, TeamIn, TrackIn
from bitgoeul.organisations.models import Organisation

# --- events ----------------------------------------------------------------------------------------------

EVENT_MOVES: dict[str, set[str]] = {"draft": {"published", "cancelled"}, "published": {"cancelled"},
                                    "cancelled": set()}


def can_create_event(actor: Actor | None) -> bool:
    """Who is offered "new event": operators and members of an organisation (`create_event` checks it)."""
    return acts_for_an_organisation(actor)


def can_manage(actor: Actor | None, event: Event) -> bool:
    """The organiser: operators, the event's creator, and members of its organising organisation."""
    if actor is None:
        return False
    if is_operator(actor) or (event.created_by_id is not None and event.created_by_id == actor.id):
        return True
    return event.organisation_id is not None and can_act_for(actor, event.organisation_id)


def require_organiser(actor: Actor | None, event: Event) -> Actor:
    user = require_login(actor)
    if not can_manage(user, event):
        raise PermissionDenied("exchange.events.only_event_organiser_can_do")
    return user


def get_event(session: Session, event_id: int, actor: Actor | None = None) -> Event:
    """An event; drafts exist only for their organisers (others get 404, as if it were not there)."""
    event = session.get(Event, event_id)
    if event is None or (event.status == "draft" and not can_manage(actor, event)):
        raise NotFound("exchange.events.event_not_found")
    return event


def _visible(actor: Actor | None) -> ColumnElement[bool]:
    if is_operator(actor):
        return true()
    mine = false() if actor is None else or_(Event.created_by_id == actor.id,
                                              Event.organisation_id == actor.organisation_id
                                              if actor.organisation_id is not None and actor.role == Role.member
                                              else false())
    return or_(Event.status != "draft", mine)


def list_events(
    session: Session, actor: Actor | None = None, *, q: str = "", kind: str | None = None,
    when: str | None = None, status: str | None = None, page: int = 1, per_page: int = 20,
) -> Page[Event]:
    """Events the actor may see; `when` = upcoming (not ended yet, soonest first) or past (latest first)."""
    statement = select(Event).where(_visible(actor))
    if q.strip():
        statement = statement.where(text_matches(q, Event.title_ko, Event.title_en, Event.description_ko,
                                                 Event.description_en, Event.venue_name))
    if kind:
        statement = statement.where(Event.kind == kind)
    if status:
        statement = statement.where(Event.status == status)
    now = utcnow()
    if when == "upcoming":
        statement = statement.where(Event.ends_at >= now).order_by(Event.starts_at, Event.id)
    elif when == "past":
        statement = statement.where(Event.ends_at < now).order_by(Event.starts_at.desc(), Event.id)
    elif when:
        raise ValidationFailed("exchange.events.unknown_period",
                               fields={"when": Message("exchange.events.upcoming_or_past")})
    else:
        statement = statement.order_by(Event.starts_at.desc(), Event.id)
    return paginate(session, statement, page, per_page)


def _organising(session: Session, actor: Actor, requested: int | None) -> int | None:
    """Members organise for their organisation; operators for the one they name (or none: the city)."""
    if is_operator(actor):
        if requested is not None and session.get(Organisation, requested) is None:
            raise ValidationFailed("exchange.events.no_such_organisation",
                                   fields={"organisation_id": Message("exchange.events.no_such_organisation")})
        return requested
    if actor.role != Role.member or actor.organisation_id is None:
        raise PermissionDenied("exchange.events.only_organisation_members_and_operators")
    return actor.organisation_id


def create_event(session: Session, actor: Actor | None, values: EventIn) -> Event:
    user = require_login(actor)
    organisation_id = _organising(session, user, values.organisation_id)
    event = Event(**values.model_dump(exclude={"organisation_id"}), organisation_id=organisation_id,
                  created_by_id=user.id, status="draft")
    session.add(event)
    session.flush()
    return event


def update_event(session: Session, actor: Actor | None, event_id: int, values: EventIn) -> Event:
    event = get_event(session, event_id, actor)
    user = require_organiser(actor, event)
    if event.status == "cancelled":
        raise InvalidTransition("exchange.events.cancelled_event_cannot_edited")
    going = _count(session, event.id, "going")
    if values.capacity is not None and values.capacity < going:
        raise ValidationFailed("exchange.events.capacity_cannot_go_below_number",
                               fields={"capacity": Message("exchange.events.going", going=going)})
    organisation_id = _organising(session, user, values.organisation_id) if is_operator(user) else event.organisation_id
    for name, value in values.model_dump(exclude={"organisation_id"}).items():
        setattr(event, name, value)
    event.organisation_id = organisation_id
    session.flush()
    _promote(session, event)
    return event


def move_event(session: Session, actor: Actor | None, event_id: int, target: str) -> Event:
    """publish (draft -> published) or cancel (draft | published -> cancelled); cancelling tells everyone
    going or waiting."""
    event = get_event(session, event_id, actor)
    user = require_organiser(actor, event)
    if target not in EVENT_MOVES.get(event.status, set()):
        raise InvalidTransition("exchange.events.cannot_move_event_from", event_status=event.status, target=target)
    event.status = target
    if target == "published":
        event.published_at = utcnow()
    session.flush()
    if target == "cancelled":
        notices.event_cancelled(session, event, user.id)
    return event


# --- RSVPs -----------------------------------------------------------------------------------------------


def _count(session: Session, event_id: int, status: str) -> int:
    return int(session.scalar(select(func.count(Rsvp.id)).where(Rsvp.event_id == event_id, Rsvp.status == status))
               or 0)


def _lock(session: Session, event: Event) -> None:
    """Serialise RSVPs of one event on PostgreSQL (SQLite serialises writers anyway)."""
    session.execute(select(Event.id).where(Event.id == event.id).with_for_update())


def rsvp_of(session: Session, event_id: int, user_id: int) -> Rsvp | None:
    return session.scalar(select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.user_id == user_id))


@dataclass(frozen=True)
class Counts:
    going: int
    waitlisted: int
    checked_in: int
    capacity: int | None

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.going)


def counts(session: Session, event: Event) -> Counts:
    checked = int(session.scalar(select(func.count(Rsvp.id)).where(
        Rsvp.event_id == event.id, Rsvp.checked_in_at.is_not(None))) or 0)
    return Counts(_count(session, event.id, "going"), _count(session, event.id, "waitlisted"), checked,
                  event.capacity)


def counts_many(session: Session, shown: Sequence[Event]) -> dict[int, Counts]:
    """`counts` of every event of a list page in one statement (a list must not query per row)."""
    ids = [e.id for e in shown]
    tally: dict[int, dict[str, int]] = {i: {"going": 0, "waitlisted": 0, "checked": 0} for i in ids}
    if ids:
        checked = func.sum(case((Rsvp.checked_in_at.is_not(None), 1), else_=0))
        rows = session.execute(select(Rsvp.event_id, Rsvp.status, func.count(Rsvp.id), checked)
                               .where(Rsvp.event_id.in_(ids)).group_by(Rsvp.event_id, Rsvp.status))
        for event_id, status, number, checked_in in rows:
            if status in ("going", "waitlisted"):
                tally[event_id][status] += int(number)
            tally[event_id]["checked"] += int(checked_in or 0)
    return {e.id: Counts(tally[e.id]["going"], tally[e.id]["waitlisted"], tally[e.id]["checked"], e.capacity)
            for e in shown}


def _check_open(event: Event) -> None:
    if event.status != "published":
        raise InvalidTransition("exchange.events.you_can_only_register_for")
    if as_utc(event.ends_at) < utcnow():
        raise InvalidTransition("exchange.events.event_over")


def rsvp(session: Session, actor: Actor | None, event_id: int, values: RsvpIn | None = None) -> Rsvp:
    """Register: going while places are free, else on the waiting list (if asked for and not full).
    A second registration and a registration beyond every limit are refused with the reason."""
    user = require_login(actor)
    values = values or RsvpIn()
    event = get_event(session, event_id, user)
    _check_open(event)
    _lock(session, event)
    existing = rsvp_of(session, event.id, user.id)
    if existing is not None and existing.status != "cancelled":
        rank = _waiting_rank(session, existing)
        where = (Message("exchange.events.where_going") if existing.status == "going"
                 else Message("exchange.events.where_waiting", rank=rank))
        raise Conflict("exchange.events.you_have_already_registered", where=where)
    going = _count(session, event.id, "going")
    if event.capacity is None or going < event.capacity:
        status = "going"
    else:
        waiting = _count(session, event.id, "waitlisted")
        if not values.join_waitlist:
            raise Conflict("exchange.events.event_full_places", n=event.capacity)
        if event.waitlist_capacity is not None and waiting >= event.waitlist_capacity:
            raise Conflict("exchange.events.event_places_and_its_waiting", n=event.capacity,
                           event_waitlist_capacity=event.waitlist_capacity)
        status = "waitlisted"
    position = int(session.scalar(select(func.coalesce(func.max(Rsvp.position), 0))
                                  .where(Rsvp.event_id == event.id)) or 0) + 1
    if existing is None:
        existing = Rsvp(event_id=event.id, user_id=user.id, status=status, position=position)
        session.add(existing)
    else:  # coming back after cancelling: at the end of the queue, attendance forgotten
        existing.status, existing.position, existing.checked_in_at = status, position, None
    # (event, person) is unique: of two registrations at the same moment, the second is refused here.
    flush_unique(session, Conflict("exchange.refusal.registered"))
    return existing


def _waiting_rank(session: Session, entry: Rsvp) -> int:
    return int(session.scalar(select(func.count(Rsvp.id)).where(
        Rsvp.event_id == entry.event_id, Rsvp.status == "waitlisted", Rsvp.position <= entry.position)) or 0)


def waiting_rank(session: Session, entry: Rsvp) -> int | None:
    """1 for the next person to be promoted; None when not waiting."""
    return _waiting_rank(session, entry) if entry.status == "waitlisted" else None


def cancel_rsvp(session: Session, actor: Actor | None, event_id: int) -> tuple[Rsvp, list[Rsvp]]:
    """Cancel one's registration; the first people waiting take the freed places. Returns (cancelled,
    promoted). A cancelled attendee leaves the 1:1 timetable too."""
    user = require_login(actor)
    event = get_event(session, event_id, user)
    _lock(session, event)
    entry = rsvp_of(session, event.id, user.id)
    if entry is None or entry.status == "cancelled":
        raise InvalidTransition("exchange.events.you_have_no_registration_cancel")
    if entry.checked_in_at is not None:
        raise InvalidTransition("exchange.events.you_have_already_been_checked")
    entry.status = "cancelled"
    theirs = (ScheduledMeeting.event_id == event.id,
              or_(ScheduledMeeting.a_user_id == user.id, ScheduledMeeting.b_user_id == user.id))
    notices.meetings_cancelled(session, event, user.id, list(session.scalars(select(ScheduledMeeting)
                                                                             .where(*theirs)).unique()))
    session.execute(delete(ScheduledMeeting).where(*theirs))
    session.flush()
    return entry, _promote(session, event)


def _promote(session: Session, event: Event) -> list[Rsvp]:
    """Fill free places from the waiting list, first come first served; each promoted person is told."""
    free = None if event.capacity is None else event.capacity - _count(session, event.id, "going")
    waiting = select(Rsvp).where(Rsvp.event_id == event.id, Rsvp.status == "waitlisted").order_by(Rsvp.position)
    if free is not None:
        if free <= 0:
            return []
        waiting = waiting.limit(free)
    promoted = list(session.scalars(waiting))
    for entry in promoted:
        entry.status = "going"
    session.flush()
    notices.waitlist_promoted(session, event, promoted)
    return promoted


def attendees(session: Session, actor: Actor | None, event_id: int) -> list[Rsvp]:
    """Every registration in queue order, for the organiser's check-in list."""
    event = get_event(session, event_id, actor)
    require_organiser(actor, event)
    return list(session.scalars(select(Rsvp).where(Rsvp.event_id == event.id).order_by(Rsvp.position)).unique())


def going_attendees(session: Session, event: Event) -> list[Rsvp]:
    return list(session.scalars(select(Rsvp).where(Rsvp.event_id == event.id, Rsvp.status == "going")
                                .order_by(Rsvp.position)).unique())


def check_in(session: Session, actor: Actor | None, event_id: int, rsvp_id: int, *, undo: bool = False) -> Rsvp:
    """The organiser marks (or unmarks) that a registered person came."""
    event = get_event(session, event_id, actor)
    require_organiser(actor, event)
    entry = session.get(Rsvp, rsvp_id)
    if entry is None or entry.event_id != event.id:
        raise NotFound("exchange.events.registration_not_found")
    if event.status != "published":
        raise InvalidTransition("exchange.events.check_in_for_published_events")
    if entry.status != "going":
        raise InvalidTransition("exchange.events.only_people_who_going_can")
    if undo:
        entry.checked_in_at = None
    elif entry.checked_in_at is not None:
        raise Conflict("exchange.events.already_checked_in")
    else:
        entry.checked_in_at = utcnow()
    session.flush()
    return entry


# --- competitions ----------------------------------------------------------------------------------------


def _competition(session: Session, event_id: int, actor: Actor | None) -> Event:
    event = get_event(session, event_id, actor)
    if event.kind != "competition":
        raise InvalidTransition("exchange.events.event_not_competition")
    return event


def add_track(session: Session, actor: Actor | None, event_id: int, values: TrackIn) -> Track:
    event = _competition(session, event_id, actor)
    require_organiser(actor, event)
    track = Track(**values.model_dump())
    event.tracks.append(track)
    session.flush()
    return track


def teams_of(session: Session, event: Event) -> list[Team]:
    return list(session.scalars(select(Team).where(Team.event_id == event.id).order_by(Team.id)).unique())


def team_of(session: Session, event_id: int, user_id: int) -> Team | None:
    member = session.scalar(select(TeamMember).where(TeamMember.event_id == event_id, TeamMember.user_id == user_id))
    return None if member is None else member.team


def _require_going(session: Session, event: Event, user: Actor) -> None:
    entry = rsvp_of(session, event.id, user.id)
    if entry is None or entry.status != "going":
        raise PermissionDenied("exchange.events.only_people_who_going_can_2")


def create_team(session: Session, actor: Actor | None, event_id: int, values: TeamIn) -> Team:
    user = require_login(actor)
    event = _competition(session, event_id, user)
    _require_going(session, event, user)
    if values.track_id not in {t.id for t in event.tracks}:
        raise ValidationFailed("exchange.events.not_track_competition",
                               fields={"track_id": Message("exchange.events.choose_track")})
    if team_of(session, event.id, user.id) is not None:
        raise Conflict("exchange.events.you_already_in_team_competition")
    if session.scalar(select(Team.id).where(Team.event_id == event.id, Team.name == values.name)) is not None:
        raise ValidationFailed("exchange.events.team_name_exists",
                               fields={"name": Message("exchange.events.choose_another_name")})
    team = Team(event_id=event.id, track_id=values.track_id, name=values.name, leader_id=user.id)
    team.members.append(TeamMember(event_id=event.id, user_id=user.id))
    session.add(team)
    session.flush()
    return team


def join_team(session: Session, actor: Actor | None, event_id: int, team_id: int) -> Team:
    user = require_login(actor)
    event = _competition(session, event_id, user)
    team = session.get(Team, team_id)
    if team is None or team.event_id != event.id:
        raise NotFound("exchange.events.team_not_found")
    _require_going(session, event, user)
    if team_of(session, event.id, user.id) is not None:
        raise Conflict("exchange.events.you_already_in_team_competition")
    team.members.append(TeamMember(event_id=event.id, user_id=user.id))
    session.flush()
    return team


def submit(session: Session, actor: Actor | None, event_id: int, values: SubmissionIn) -> Submission:
    """A team member hands in (or replaces) the team's entry before the deadline."""
    user = require_login(actor)
    event = _competition(session, event_id, user)
    team = team_of(session, event.id, user.id)
    if team is None:
        raise PermissionDenied("exchange.events.only_team_members_can_submit")
    if event.submission_deadline is not None and utcnow() > as_utc(event.submission_deadline):
        raise InvalidTransition("exchange.events.submission_deadline_has_passed")
    if event.results_published:
        raise InvalidTransition("exchange.events.results_out_submissions_closed")
    if team.submission is None:
        team.submission = Submission(**values.model_dump())
    else:
        for name, value in values.model_dump().items():
            setattr(team.submission, name, value)
        team.submission.submitted_at = utcnow()
    session.flush()
    return team.submission


def record_results(session: Session, actor: Actor | None, event_id: int, values: ResultsIn) -> list[Team]:
    """The organiser records scores, ranks and awards of submitted entries."""
    event = _competition(session, event_id, actor)
    require_organiser(actor, event)
    teams = {t.id: t for t in teams_of(session, event)}
    fields = {f"results.{k}.team_id": Message("exchange.events.not_submitted_team_competition")
              for k, r in enumerate(values.results) if r.team_id not in teams or teams[r.team_id].submission is None}
    if fields:
        raise ValidationFailed("exchange.events.check_results", fields=fields)
    for result in values.results:
        entry = teams[result.team_id].submission
        assert entry is not None  # checked above
        entry.score, entry.rank = result.score, result.rank
        entry.award_ko, entry.award_en = result.award_ko, result.award_en
    session.flush()
    return [teams[r.team_id] for r in values.results]


def publish_results(session: Session, actor: Actor | None, event_id: int) -> Event:
    event = _competition(session, event_id, actor)
    require_organiser(actor, event)
    if not any(t.submission is not None and t.submission.rank is not None for t in teams_of(session, event)):
        raise InvalidTransition("exchange.events.no_entry_has_rank_yet")
    event.results_published = True
    session.flush()
    return event


def results(session: Session, actor: Actor | None, event: Event) -> list[Team]:
    """Ranked teams: public once published, to the organiser always."""
    if not (event.results_published or can_manage(actor, event)):
        return []
    ranked = [t for t in teams_of(session, event) if t.submission is not None and t.submission.rank is not None]
    return sorted(ranked, key=lambda t: (t.track_id, t.submission.rank if t.submission else 0, t.id))
