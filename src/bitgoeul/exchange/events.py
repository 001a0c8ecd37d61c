"""Events and competitions: create, publish, RSVP with capacity and a waiting list, check-in, tracks, teams,
submissions and results. Each function is one unit of work; access and state rules are checked here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, false, func, or_, select, true
from sqlalchemy.orm import Session

from bitgoeul.core.auth import Actor, can_act_for, is_operator, require_login
from bitgoeul.core.db import flush_unique, text_matches, utcnow
from bitgoeul.core.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from bitgoeul.core.forms import validate
from bitgoeul.core.pagination import Page, paginate
from bitgoeul.core.time import as_utc
from bitgoeul.exchange import notices
from bitgoeul.exchange.models import Event, Rsvp, ScheduledMeeting, Submission, Team, TeamMember, Track
from bitgoeul.exchange.schemas import EventIn, ResultsIn, RsvpIn, SubmissionIn, TeamIn, TrackIn
from bitgoeul.organisations.models import Organisation

# --- events ----------------------------------------------------------------------------------------------

EVENT_MOVES: dict[str, set[str]] = {"draft": {"published", "cancelled"}, "published": {"cancelled"},
                                    "cancelled": set()}


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
        raise PermissionDenied("행사 주최자만 할 수 있습니다. / Only the event's organiser can do this.")
    return user


def get_event(session: Session, event_id: int, actor: Actor | None = None) -> Event:
    """An event; drafts exist only for their organisers (others get 404, as if it were not there)."""
    event = session.get(Event, event_id)
    if event is None or (event.status == "draft" and not can_manage(actor, event)):
        raise NotFound("행사를 찾을 수 없습니다. / Event not found.")
    return event


def _visible(actor: Actor | None) -> ColumnElement[bool]:
    if is_operator(actor):
        return true()
    mine = false() if actor is None else or_(Event.created_by_id == actor.id,
                                              Event.organisation_id == actor.organisation_id
                                              if actor.organisation_id is not None and actor.role == "member"
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
        raise ValidationFailed("알 수 없는 기간입니다. / Unknown period.",
                               fields={"when": "upcoming 또는 past / upcoming or past"})
    else:
        statement = statement.order_by(Event.starts_at.desc(), Event.id)
    return paginate(session, statement, page, per_page)


def _organising(session: Session, actor: Actor, requested: int | None) -> int | None:
    """Members organise for their organisation; operators for the one they name (or none: the city)."""
    if is_operator(actor):
        if requested is not None and session.get(Organisation, requested) is None:
            raise ValidationFailed("기관·기업이 없습니다. / No such organisation.",
                                   fields={"organisation_id": "기관·기업이 없습니다. / No such organisation."})
        return requested
    if actor.role != "member" or actor.organisation_id is None:
        raise PermissionDenied("기관·기업 구성원이나 운영자만 행사를 만들 수 있습니다. / "
                               "Only organisation members and operators can create events.")
    return actor.organisation_id


def create_event(session: Session, actor: Actor | None, data: Mapping[str, Any]) -> Event:
    user = require_login(actor)
    values = validate(EventIn, data)
    organisation_id = _organising(session, user, values.organisation_id)
    event = Event(**values.model_dump(exclude={"organisation_id"}), organisation_id=organisation_id,
                  created_by_id=user.id, status="draft")
    session.add(event)
    session.flush()
    return event


def update_event(session: Session, actor: Actor | None, event_id: int, data: Mapping[str, Any]) -> Event:
    event = get_event(session, event_id, actor)
    user = require_organiser(actor, event)
    if event.status == "cancelled":
        raise InvalidTransition("취소된 행사는 고칠 수 없습니다. / A cancelled event cannot be edited.")
    values = validate(EventIn, data)
    going = _count(session, event.id, "going")
    if values.capacity is not None and values.capacity < going:
        raise ValidationFailed("이미 참가 확정된 인원보다 정원을 줄일 수 없습니다. / "
                               "Capacity cannot go below the number already going.",
                               fields={"capacity": f"참가 확정 {going}명 / {going} going"})
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
        raise InvalidTransition(f"'{event.status}' 상태에서 '{target}' 상태로 바꿀 수 없습니다. / "
                                f"Cannot move an event from '{event.status}' to '{target}'.")
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


def _check_open(event: Event) -> None:
    if event.status != "published":
        raise InvalidTransition("공개된 행사에만 참가 신청할 수 있습니다. / "
                                "You can only register for a published event.")
    if as_utc(event.ends_at) < utcnow():
        raise InvalidTransition("이미 끝난 행사입니다. / This event is over.")


def rsvp(session: Session, actor: Actor | None, event_id: int, data: Mapping[str, Any] | None = None) -> Rsvp:
    """Register: going while places are free, else on the waiting list (if asked for and not full).
    A second registration and a registration beyond every limit are refused with the reason."""
    user = require_login(actor)
    values = validate(RsvpIn, data or {})
    event = get_event(session, event_id, user)
    _check_open(event)
    _lock(session, event)
    existing = rsvp_of(session, event.id, user.id)
    if existing is not None and existing.status != "cancelled":
        rank = _waiting_rank(session, existing)
        where = "참가 확정" if existing.status == "going" else f"대기 {rank}번"
        where_en = "going" if existing.status == "going" else f"number {rank} on the waiting list"
        raise Conflict(f"이미 신청했습니다 ({where}). / You have already registered ({where_en}).")
    going = _count(session, event.id, "going")
    if event.capacity is None or going < event.capacity:
        status = "going"
    else:
        waiting = _count(session, event.id, "waitlisted")
        if not values.join_waitlist:
            raise Conflict(f"정원 {event.capacity}명이 모두 찼습니다. / The event is full ({event.capacity} places).")
        if event.waitlist_capacity is not None and waiting >= event.waitlist_capacity:
            raise Conflict(f"정원 {event.capacity}명과 대기자 명단 {event.waitlist_capacity}명이 모두 찼습니다. / "
                           f"The event ({event.capacity} places) and its waiting list "
                           f"({event.waitlist_capacity}) are full.")
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
        raise InvalidTransition("취소할 참가 신청이 없습니다. / You have no registration to cancel.")
    if entry.checked_in_at is not None:
        raise InvalidTransition("이미 참석 확인되었습니다. / You have already been checked in.")
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
        raise NotFound("참가 신청을 찾을 수 없습니다. / Registration not found.")
    if event.status != "published":
        raise InvalidTransition("공개된 행사에서만 참석을 확인합니다. / Check-in is for published events.")
    if entry.status != "going":
        raise InvalidTransition("참가 확정된 사람만 참석 확인할 수 있습니다. / Only people who are going can be "
                                "checked in.")
    if undo:
        entry.checked_in_at = None
    elif entry.checked_in_at is not None:
        raise Conflict("이미 참석 확인되었습니다. / Already checked in.")
    else:
        entry.checked_in_at = utcnow()
    session.flush()
    return entry


# --- competitions ----------------------------------------------------------------------------------------


def _competition(session: Session, event_id: int, actor: Actor | None) -> Event:
    event = get_event(session, event_id, actor)
    if event.kind != "competition":
        raise InvalidTransition("경진대회가 아닌 행사입니다. / This event is not a competition.")
    return event


def add_track(session: Session, actor: Actor | None, event_id: int, data: Mapping[str, Any]) -> Track:
    event = _competition(session, event_id, actor)
    require_organiser(actor, event)
    track = Track(**validate(TrackIn, data).model_dump())
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
        raise PermissionDenied("참가 확정된 사람만 팀을 만들거나 들어갈 수 있습니다. / "
                               "Only people who are going can create or join a team.")


def create_team(session: Session, actor: Actor | None, event_id: int, data: Mapping[str, Any]) -> Team:
    user = require_login(actor)
    event = _competition(session, event_id, user)
    values = validate(TeamIn, data)
    _require_going(session, event, user)
    if values.track_id not in {t.id for t in event.tracks}:
        raise ValidationFailed("이 대회의 부문이 아닙니다. / Not a track of this competition.",
                               fields={"track_id": "부문을 고르세요. / Choose a track."})
    if team_of(session, event.id, user.id) is not None:
        raise Conflict("이미 이 대회의 팀에 속해 있습니다. / You are already in a team of this competition.")
    if session.scalar(select(Team.id).where(Team.event_id == event.id, Team.name == values.name)) is not None:
        raise ValidationFailed("같은 이름의 팀이 있습니다. / A team of this name exists.",
                               fields={"name": "다른 이름을 쓰세요. / Choose another name."})
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
        raise NotFound("팀을 찾을 수 없습니다. / Team not found.")
    _require_going(session, event, user)
    if team_of(session, event.id, user.id) is not None:
        raise Conflict("이미 이 대회의 팀에 속해 있습니다. / You are already in a team of this competition.")
    team.members.append(TeamMember(event_id=event.id, user_id=user.id))
    session.flush()
    return team


def submit(session: Session, actor: Actor | None, event_id: int, data: Mapping[str, Any]) -> Submission:
    """A team member hands in (or replaces) the team's entry before the deadline."""
    user = require_login(actor)
    event = _competition(session, event_id, user)
    team = team_of(session, event.id, user.id)
    if team is None:
        raise PermissionDenied("팀에 속한 사람만 제출할 수 있습니다. / Only team members can submit.")
    if event.submission_deadline is not None and utcnow() > as_utc(event.submission_deadline):
        raise InvalidTransition("제출 마감이 지났습니다. / The submission deadline has passed.")
    if event.results_published:
        raise InvalidTransition("결과가 발표된 뒤에는 제출할 수 없습니다. / Results are out; submissions are closed.")
    values = validate(SubmissionIn, data)
    if team.submission is None:
        team.submission = Submission(**values.model_dump())
    else:
        for name, value in values.model_dump().items():
            setattr(team.submission, name, value)
        team.submission.submitted_at = utcnow()
    session.flush()
    return team.submission


def record_results(session: Session, actor: Actor | None, event_id: int, data: Mapping[str, Any]) -> list[Team]:
    """The organiser records scores, ranks and awards of submitted entries."""
    event = _competition(session, event_id, actor)
    require_organiser(actor, event)
    values = validate(ResultsIn, data)
    teams = {t.id: t for t in teams_of(session, event)}
    fields = {f"results.{k}.team_id": "이 대회의 제출된 팀이 아닙니다. / Not a submitted team of this competition."
              for k, r in enumerate(values.results) if r.team_id not in teams or teams[r.team_id].submission is None}
    if fields:
        raise ValidationFailed("결과를 확인하세요. / Check the results.", fields=fields)
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
        raise InvalidTransition("순위가 기록된 제출물이 없습니다. / No entry has a rank yet.")
    event.results_published = True
    session.flush()
    return event


def results(session: Session, actor: Actor | None, event: Event) -> list[Team]:
    """Ranked teams: public once published, to the organiser always."""
    if not (event.results_published or can_manage(actor, event)):
        return []
    ranked = [t for t in teams_of(session, event) if t.submission is not None and t.submission.rank is not None]
    return sorted(ranked, key=lambda t: (t.track_id, t.submission.rank if t.submission else 0, t.id))
