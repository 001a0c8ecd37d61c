"""The jobs that fit a profile and the people who fit a job, ranked once and read back with one statement.

Why: "jobs for me" (/talent/me, the person's home, the education suggestions) and a job's people ranked
the whole pool on every view, for a list that changes only when a job or profile is written. The ranking
reads every job's and profile's card (`talent_match_cards`: the open jobs' term space, the visible people)
and the day (deadlines), so a list's stamp is the cards' fingerprint (count, sum and highest `seq`), the
job and profile tables' row counts and newest ids (rows written around the ORM, which `MatchStore.sync`
gives cards) and today's date. Any write of a job or profile changes the stamp, in the writing transaction
itself (cards are written at flush), so a stored list is never shown after a change; the first view after
one ranks as before (`match_store`) and stores the list (`core.stored_lists`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import String, cast, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bitgoeul.core import stored_lists
from bitgoeul.talent import match_store
from bitgoeul.talent.matching import JobCard, Match, PersonCard, Reason
from bitgoeul.talent.models import Job, MatchCard, TalentProfile

JOBS, PEOPLE = "talent.jobs", "talent.people"


def stamp(today: date) -> ColumnElement[str]:
    """What the rankings read, as the database sees it now, as one string."""
    def one(column: Any, table: Any) -> ColumnElement[str]:
        return cast(select(column).select_from(table).scalar_subquery(), String)

    parts = [one(func.count(), MatchCard), one(func.coalesce(func.sum(MatchCard.seq), 0), MatchCard),
             one(func.coalesce(func.max(MatchCard.seq), 0), MatchCard),
             one(func.count(), Job), one(func.coalesce(func.max(Job.id), 0), Job),
             one(func.count(), TalentProfile), one(func.coalesce(func.max(TalentProfile.id), 0), TalentProfile)]
    joined: ColumnElement[str] = literal(f"{match_store.CARD_VERSION}:{today.isoformat()}", String)
    for part in parts:
        joined = joined + literal(":", String) + part
    return joined


def encode(match: Match) -> list[Any]:
    """Every field of a match, exactly (floats round-trip through JSON unchanged)."""
    return [match.person_id, match.job_id, match.score, match.person_side, match.job_side, dict(match.factors),
            [[r.ko, r.en, r.good] for r in match.reasons]]


def decode(item: list[Any]) -> Match:
    """Inverse of `encode`."""
    person_id, job_id, score, person_side, job_side, factors, reasons = item
    return Match(person_id=person_id, job_id=job_id, score=float(score), person_side=float(person_side),
                 job_side=float(job_side), factors={str(k): float(v) for k, v in factors.items()},
                 reasons=[Reason(ko=str(ko), en=str(en), good=bool(good)) for ko, en, good in reasons])


def _own_writes(session: Session) -> None:
    """This transaction's job and profile writes go into the cards first, so the stamp counts them."""
    session.flush()
    match_store.flush_cards(session)


def jobs_for(session: Session, person: PersonCard, today: date, top: int) -> list[Match]:
    """`MatchStore.jobs_for` of a stored profile's card, read from its stored list when it is current."""
    _own_writes(session)

    def compute() -> list[Any]:
        return [encode(m) for m in match_store.store_for(session).jobs_for(person, today, top)]

    return [decode(i) for i in stored_lists.get(session, JOBS, int(person.id), top, stamp(today), compute)]


def people_for(session: Session, job: JobCard, today: date, top: int) -> list[Match]:
    """`MatchStore.people_for` of a stored job's card, read from its stored list when it is current."""
    _own_writes(session)

    def compute() -> list[Any]:
        return [encode(m) for m in match_store.store_for(session).people_for(job, today, top)]

    return [decode(i) for i in stored_lists.get(session, PEOPLE, int(job.id), top, stamp(today), compute)]
