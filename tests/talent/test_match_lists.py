"""Job matches stored on write: the stored answer is the ranking's, is read without ranking, and follows writes.

Reference: the matcher as it was (`old_matcher.py`), fed the open jobs and visible people straight from
the database, as in test_match_store.py. "Read without ranking" is shown by making the in-memory ranking
raise once the lists are stored.
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bitgoeul.core.stored_lists import StoredList
from bitgoeul.talent import match_lists, match_store, service
from bitgoeul.talent.models import Job, TalentProfile
from tests import factories as f
from tests.talent import talent_factories as tf
from tests.talent.test_match_store import job_values, old_jobs_for_profile, old_people_for_job, person_values, same


def _world(session: Session) -> tuple[list[TalentProfile], list[Job], object]:
    rng = random.Random(7)
    member = f.member(session, f.organisation(session))
    jobs = [tf.job(session, member, **job_values(rng)) for _ in range(8)]
    people = [tf.profile(session, f.user(session, role="person"), **person_values(rng)) for _ in range(6)]
    session.commit()
    return people, jobs, member


def _refuse(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("ranked again although the stored list is current")


def test_stored_job_and_people_lists_equal_the_ranking_and_are_read_without_it(
        session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    people, jobs, member = _world(session)
    first = {p.id: service.jobs_for_profile(session, p, top=5) for p in people}
    crowd = {j.id: service.people_for_job(session, member, j.id, top=4) for j in jobs}  # type: ignore[arg-type]
    session.commit()
    stored = session.scalar(select(func.count()).select_from(StoredList)
                            .where(StoredList.relation.in_([match_lists.JOBS, match_lists.PEOPLE])))
    assert stored == len(people) + len(jobs)
    monkeypatch.setattr(match_store.MatchStore, "jobs_for", _refuse)
    monkeypatch.setattr(match_store.MatchStore, "people_for", _refuse)
    for p in people:
        again = service.jobs_for_profile(session, p, top=5)
        same([m for _, m in again], old_jobs_for_profile(session, p, top=5))
        assert [(j.id, m.score) for j, m in again] == [(j.id, m.score) for j, m in first[p.id]]
    for j in jobs:
        again_people = service.people_for_job(session, member, j.id, top=4)  # type: ignore[arg-type]
        same([m for _, m in again_people], old_people_for_job(session, j, top=4))
        assert [p.id for p, _ in again_people] == [p.id for p, _ in crowd[j.id]]


def test_a_write_changes_the_stored_answer(session: Session) -> None:
    people, jobs, member = _world(session)
    person = people[0]
    before = [j.id for j, _ in service.jobs_for_profile(session, person, top=3)]
    session.commit()
    # A job written for this person: their skills, region and level; it must now lead their list.
    fitting = tf.job(session, member, title_ko=person.headline,
                     description_ko=f"{person.headline} {person.desired_roles} 업무를 함께 맡을 분을 찾습니다",  # type: ignore[arg-type]
                     skills_must=list(person.skills or [])[:2] or ["Python"], skills_nice=[],
                     seniority=person.seniority, region=person.home_region or "광주 북구", work_mode="hybrid",
                     languages=list(person.languages or ["ko"]))
    # Read inside the writing transaction (its own write counts), then after the commit.
    inside = service.jobs_for_profile(session, person, top=3)
    same([m for _, m in inside], old_jobs_for_profile(session, person, top=3))
    session.commit()
    after = service.jobs_for_profile(session, person, top=3)
    same([m for _, m in after], old_jobs_for_profile(session, person, top=3))
    assert fitting.id in [j.id for j, _ in after] and [j.id for j, _ in after] != before
    # Closing it takes it out again; so does a profile's change for the people a job sees.
    fitting.status = "closed"
    session.commit()
    same([m for _, m in service.jobs_for_profile(session, person, top=3)],
         old_jobs_for_profile(session, person, top=3))
    job = jobs[0]
    seen = service.people_for_job(session, member, job.id, top=3)  # type: ignore[arg-type]
    session.commit()
    person.visible = False
    session.commit()
    hidden = service.people_for_job(session, member, job.id, top=3)  # type: ignore[arg-type]
    same([m for _, m in hidden], old_people_for_job(session, job, top=3))
    assert person.id not in [p.id for p, _ in hidden]
    assert person.id not in [p.id for p, _ in seen] or [p.id for p, _ in hidden] != [p.id for p, _ in seen]
