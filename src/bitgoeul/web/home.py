"""The home page of each role: what the platform is and live figures for visitors, and for people who log in
their own next steps with live counts. Every figure comes from a capability's service functions or its public
face, so the home page counts exactly what the capability's own pages list.

Which home a person gets: operators -> operator; organisation members -> AI firm (their organisation is an
AI firm) or buyer (any other kind: buyers, public bodies, universities and agencies post needs); people ->
person; nobody logged in -> visitor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from bitgoeul.core.auth import Actor, is_operator, member_organisation_id
from bitgoeul.core.db import utcnow
from bitgoeul.demonstrations import service as demonstrations
from bitgoeul.demonstrations.public import (
    Stage,
    needs_for_solution,
    open_demonstrations,
    programme_figures,
    rank_solutions_for_need,
    under_way_count,
)
from bitgoeul.dialogue import service as dialogue
from bitgoeul.exchange.public import upcoming_events as events_to_come
from bitgoeul.organisations.models import Organisation, OrganisationKind
from bitgoeul.showcase import service as showcase
from bitgoeul.talent import service as talent
from bitgoeul.talent.public import application_is_open

SHOWN = 5  # rows per home-page list; each list links to its full page


@dataclass
class Home:
    """What the home template shows: the role, its figures (message key -> number) and its lists."""

    role: str
    figures: dict[str, int | str] = field(default_factory=dict)
    lists: dict[str, Any] = field(default_factory=dict)
    organisation: Organisation | None = None


def role_of(session: Session, actor: Actor | None) -> tuple[str, Organisation | None]:
    if actor is None:
        return "visitor", None
    if is_operator(actor):
        return "operator", None
    organisation_id = member_organisation_id(actor)
    if organisation_id is not None:
        organisation = session.get(Organisation, organisation_id)
        if organisation is not None:
            return ("ai_firm" if organisation.kind == OrganisationKind.ai_firm else "buyer"), organisation
    return "person", None


def days_since(moment: datetime | None, now: datetime | None = None) -> int:
    """Whole days since `moment` (stored in UTC; SQLite may hand it back without its offset)."""
    if moment is None:
        return 0
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return max(0, ((now or utcnow()) - aware).days)


def public_figures(session: Session, actor: Actor | None) -> dict[str, int | str]:
    """The programme at a glance: demonstrations under way, purchases, open jobs, upcoming events."""
    figures = programme_figures(session)
    rate = figures.conversion_rate
    return {
        "home.fig.under_way": under_way_count(figures),
        "home.fig.purchased": figures.purchased,
        "home.fig.conversion": "-" if rate is None else f"{round(rate * 100)}%",
        "home.fig.jobs_open": talent.count_open_jobs(session),
        "home.fig.events_upcoming": events_to_come(session, actor, per_page=1).total,
    }


def upcoming_events(session: Session, actor: Actor | None) -> list[Any]:
    return list(events_to_come(session, actor, per_page=3).items)


def visitor_home(session: Session) -> Home:
    return Home("visitor", public_figures(session, None), {"events": upcoming_events(session, None)})


def buyer_home(session: Session, organisation: Organisation) -> Home:
    needs = demonstrations.list_needs(session, organisation_id=organisation.id, per_page=SHOWN)
    with_matches = [(need, rank_solutions_for_need(session, need, top=3)) for need in needs.items]
    under_way = open_demonstrations(session, organisation.id)
    return Home("buyer", {"home.fig.my_needs": needs.total, "home.fig.my_demonstrations": len(under_way),
                          "home.fig.waiting_for_me": sum(1 for d in under_way if d.stage == Stage.reported)},
                {"needs": with_matches, "demonstrations": under_way[:SHOWN]}, organisation)


def ai_firm_home(session: Session, actor: Actor, organisation: Organisation) -> Home:
    solutions = demonstrations.list_solutions(session, organisation_id=organisation.id, per_page=SHOWN)
    with_needs = [(s, needs_for_solution(session, s, top=3)) for s in solutions.items]
    under_way = open_demonstrations(session, organisation.id)
    requests = [d for d in under_way if d.stage in (Stage.proposed, Stage.under_review)]
    jobs = talent.list_jobs(session, actor, organisation_id=organisation.id, status=None, per_page=SHOWN)
    return Home("ai_firm", {"home.fig.requests": len(requests), "home.fig.my_demonstrations": len(under_way),
                            "home.fig.my_solutions": solutions.total, "home.fig.my_jobs": jobs.total},
                {"requests": requests[:SHOWN], "demonstrations": under_way[:SHOWN], "solutions": with_needs,
                 "jobs": list(jobs.items)}, organisation)


def person_home(session: Session, actor: Actor) -> Home:
    has_profile = talent.my_profile(session, actor) is not None
    fitting = talent.jobs_for_me(session, actor, top=SHOWN) if has_profile else []
    applications = talent.my_applications(session, actor)
    active = [a for a in applications if application_is_open(a.state)]
    events = events_to_come(session, actor, per_page=3)
    return Home("person", {"home.fig.jobs_fit": len(fitting), "home.fig.applications": len(active),
                           "home.fig.events_upcoming": events.total},
                {"has_profile": has_profile, "jobs": fitting, "applications": applications[:SHOWN],
                 "events": list(events.items)})


def operator_home(session: Session, actor: Actor) -> Home:
    queue = demonstrations.review_queue(session, actor)
    now = utcnow()
    aged = [(d, days_since(d.stage_changed_at, now)) for d in queue]
    overdue = dialogue.list_actions(session, overdue=True, per_page=SHOWN)
    voices = dialogue.moderation_queue(session, actor)
    return Home("operator", {
        "home.fig.to_review": len(queue),
        "home.fig.oldest_days": max((age for _, age in aged), default=0),
        "home.fig.overdue_actions": overdue.total,
        "home.fig.voices_pending": len(voices),
        "home.fig.visits_waiting": showcase.pending_count(session, actor),
    }, {"queue": aged[:SHOWN * 2], "overdue": list(overdue.items), "by_stage": {
        stage: sum(1 for d in queue if d.stage == stage) for stage in (Stage.proposed, Stage.under_review)}})


def home_for(session: Session, actor: Actor | None) -> Home:
    role, organisation = role_of(session, actor)
    if actor is None or role == "visitor":
        return visitor_home(session)
    if role == "operator":
        return operator_home(session, actor)
    if organisation is not None:
        return ai_firm_home(session, actor, organisation) if role == "ai_firm" else buyer_home(session, organisation)
    return person_home(session, actor)
