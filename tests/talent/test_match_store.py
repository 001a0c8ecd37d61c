"""Matching from stored, analysed cards ranks as the matcher built per request did, and never goes stale.

References: `tests/talent/old_matcher.py` (the matcher as it was, which analysed every text and built every
array per request) driven the way the services drove it, and the pair-by-pair brute force of
`test_matching.py` through it. The stored state is checked after every kind of write: services, plain ORM
writes and deletes, writes around the ORM (Core statements), other sessions, a new process, user words.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pytest
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from bitgoeul.accounts.models import User
from bitgoeul.core.db import utcnow
from bitgoeul.core.forms import validate
from bitgoeul.matching import indexing, userwords
from bitgoeul.talent import alerts, match_pool, match_store, service
from bitgoeul.talent.match_pool import MatchPool
from bitgoeul.talent.matching import (
    JobCard,
    Match,
    PersonCard,
    PreparedJob,
    PreparedPerson,
    TalentMatcher,
    explain_in,
    explain_pair,
    person_terms,
    rank_jobs,
    rank_people,
)
from bitgoeul.talent.models import Alert, Job, MatchCard, Subscription, TalentProfile
from bitgoeul.talent.schemas import JobIn
from bitgoeul.text import index_terms
from tests import factories as f
from tests.talent.old_matcher import OldTalentMatcher, old_explain_in

SKILLS = ["Python", "파이썬", "SQL", "React", "리액트", "JavaScript", "Kotlin", "Docker", "Team leadership", "GIS",
          "PyTorch", "Flutter"]
WORDS = ["웹", "개발", "데이터", "분석", "팀장", "앱", "서비스", "모델", "backend", "design", "영상", "플랫폼",
         "developer", "엔지니어", "연구", "AI"]
REGIONS = ["광주 북구", "광주 남구", "전남 나주시", "서울 강남구", "대전 유성구", ""]
RANKS = ["junior", "mid", "senior", "lead"]


def person_values(rng: random.Random) -> dict[str, Any]:
    return {"skills": rng.sample(SKILLS, rng.randint(0, 5)), "seniority": rng.choice(RANKS),
            "home_region": rng.choice(REGIONS),
            "wish_regions": rng.sample(["광주", "전남", "서울", "대전"], rng.randint(0, 2)),
            "work_mode": rng.choice(["any", "onsite", "hybrid", "remote"]),
            "salary_wish": rng.choice([None, 3000, 4500, 7000]),
            "languages": rng.choice([["ko"], ["ko", "en"], ["en"]]),
            "headline": " ".join(rng.sample(WORDS, 3)), "desired_roles": " ".join(rng.sample(WORDS, 2))}


def job_values(rng: random.Random) -> dict[str, Any]:
    return {"skills_must": rng.sample(SKILLS, rng.randint(0, 3)), "skills_nice": rng.sample(SKILLS, rng.randint(0, 2)),
            "seniority": rng.choice(RANKS), "region": rng.choice(REGIONS),
            "work_mode": rng.choice(["onsite", "hybrid", "remote"]), "salary_max": rng.choice([None, 3500, 5000, 8000]),
            "languages": rng.choice([["ko"], ["ko", "en"]]), "title_ko": " ".join(rng.sample(WORDS, 3)),
            "title_en": rng.choice(["", "Developer", "Data engineer"]),
            "description_ko": " ".join(rng.sample(WORDS, 4))}


def person_card(i: Any, v: dict[str, Any]) -> PersonCard:
    return PersonCard(id=i, skills=tuple(v["skills"]), seniority=v["seniority"], home_region=v["home_region"],
                      wish_regions=tuple(v["wish_regions"]), work_mode=v["work_mode"], salary_wish=v["salary_wish"],
                      languages=tuple(v["languages"]), interest=f"{v['headline']} {v['desired_roles']}")


def job_card(i: Any, v: dict[str, Any]) -> JobCard:
    return JobCard(id=i, skills_must=tuple(v["skills_must"]), skills_nice=tuple(v["skills_nice"]),
                   seniority=v["seniority"], region=v["region"], work_mode=v["work_mode"], salary_max=v["salary_max"],
                   languages=tuple(v["languages"]), text=f"{v['title_ko']} {v['title_en']} {v['description_ko']}")


def same(got: Sequence[Match], expected: Sequence[Match]) -> None:
    """The same pairs in the same order, with the same scores and reasons."""
    assert [(m.person_id, m.job_id) for m in got] == [(m.person_id, m.job_id) for m in expected]
    for a, b in zip(got, expected, strict=True):
        assert a.score == pytest.approx(b.score, abs=1e-12)
        assert a.reasons == b.reasons


# --- the pure core: prepared rows and views against the matcher as it was -------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_matcher_ranks_exactly_as_the_old_one(seed: int) -> None:
    rng = random.Random(seed)
    text_ids = seed % 2 == 0  # the labelled sets use string keys
    people = [person_card(f"p{i}" if text_ids else i, person_values(rng)) for i in range(45)]
    jobs = [job_card(f"j{i}" if text_ids else 1000 + i, job_values(rng)) for i in range(30)]
    new, old = TalentMatcher(jobs, people), OldTalentMatcher(jobs, people)
    # Cards outside the collection: unseen words, a skill, a city and a language no one has.
    stranger = PersonCard(id="x" if text_ids else 9999, skills=("COBOL", "Python"), home_region="부산 해운대구",
                          wish_regions=("제주",), languages=("ja", "ko"), interest="블록체인 개발 backend")
    posting = JobCard(id="y" if text_ids else 8888, skills_must=("COBOL",), skills_nice=("SQL",),
                      region="부산 해운대구",
                      languages=("ja",), text="블록체인 플랫폼 개발자 backend")
    for person in [*people, stranger]:
        assert np.allclose(new.job_scores(person)[0], old.job_scores(person)[0], rtol=0, atol=1e-12)
        same(new.rank_jobs_for(person, top=12), old.rank_jobs_for(person, top=12))
        same(new.rank_jobs_for(person, top=5, min_score=0.3), old.rank_jobs_for(person, top=5, min_score=0.3))
    for job in [*jobs, posting]:
        assert np.allclose(new.person_scores(job)[0], old.person_scores(job)[0], rtol=0, atol=1e-12)
        same(new.rank_people_for(job, top=12), old.rank_people_for(job, top=12))
    for person, job in itertools.product([people[0], people[7], stranger], [jobs[0], jobs[3], posting]):
        same([explain_in(new, person, job)], [old_explain_in(old, person, job)])
    empty_new, empty_old = TalentMatcher([]), OldTalentMatcher([])
    assert empty_new.rank_jobs_for(people[0]) == empty_old.rank_jobs_for(people[0]) == []


def test_pool_views_after_many_changes_rank_as_a_matcher_built_from_scratch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows replaced, removed and re-added in small blocks; jobs listed until a day; a job from outside."""
    monkeypatch.setattr(match_pool, "BLOCK", 4)
    rng = random.Random(5)
    day = dt.date(2030, 5, 10)
    people = {i: person_card(i, person_values(rng)) for i in range(40)}
    listed = {i: rng.random() < 0.8 for i in people}
    jobs: dict[int, JobCard] = {}
    open_on: dict[int, tuple[bool, dt.date | None]] = {}
    pool = MatchPool()

    def put_job(job_id: int) -> None:
        jobs[job_id] = job_card(job_id, job_values(rng))
        open_on[job_id] = (rng.random() < 0.8, rng.choice([None, day, day - dt.timedelta(days=1),
                                                            day + dt.timedelta(days=3)]))
        pool.put_job(PreparedJob(jobs[job_id], tuple(index_terms(jobs[job_id].text))), *open_on[job_id])

    for card in people.values():
        pool.put_person(PreparedPerson(card, tuple(person_terms(card))), listed[card.id])
    for job_id in range(100, 125):
        put_job(job_id)
    pool.people_view(), pool.job_view(day)  # views exist before the changes, so they must be rebuilt
    for step in range(30):
        i = rng.choice(list(people))
        if step % 3 == 0:
            pool.remove_person(i)
            del people[i], listed[i]
        else:
            people[i] = person_card(i, person_values(rng))
            listed[i] = rng.random() < 0.8
            pool.put_person(PreparedPerson(people[i], tuple(person_terms(people[i]))), listed[i])
        if step % 5 == 0:
            j = rng.choice(list(jobs))
            pool.remove_job(j)
            del jobs[j], open_on[j]
        if step % 4 == 0:
            put_job(rng.choice([*jobs, 200 + step]))
    chosen = [j for j in sorted(jobs) if open_on[j][0] and (open_on[j][1] is None or open_on[j][1] >= day)]
    crowd = [people[i] for i in sorted(people) if listed[i]]
    assert 5 < len(chosen) < len(jobs) and 5 < len(crowd) < len(people)
    view, crowd_view = pool.job_view(day), pool.people_view()
    reference = OldTalentMatcher([jobs[j] for j in chosen], crowd)
    for i in sorted(people):
        same(rank_jobs(view, pool.person_row(people[i]), pool.params, 10), reference.rank_jobs_for(people[i], top=10))
    for j in sorted(jobs):
        if j in chosen:
            same(rank_people(view, crowd_view, pool.job_row(jobs[j]), pool.params, 10),
                 reference.rank_people_for(jobs[j], top=10))
    # A job that is not open (a draft, or one changed since) joins their term space, as the services did
    # by appending it to the open jobs.
    outside = next(j for j in sorted(jobs) if j not in chosen)
    changed = dataclasses.replace(jobs[chosen[0]], text="블록체인 플랫폼 backend", skills_must=("COBOL",))
    person = people[sorted(people)[0]]
    for extra in (jobs[outside], changed):
        with_extra = pool.job_view(day, extra)
        reference = OldTalentMatcher([*(jobs[j] for j in chosen if j != extra.id), extra], crowd)
        same(rank_people(with_extra, crowd_view, pool.job_row(extra), pool.params, 10),
             reference.rank_people_for(extra, top=10))
        same([explain_pair(with_extra, pool.person_row(person), pool.job_row(extra), pool.params)],
             [old_explain_in(reference, person, extra)])


# --- the services over the database: the old per-request path is the reference --------------------------


def old_jobs_for_profile(session: Session, profile: TalentProfile, top: int = 20) -> list[Match]:
    matcher = OldTalentMatcher([service.job_card(j) for j in service.open_jobs(session)])
    return matcher.rank_jobs_for(service.profile_card(profile), top=top)


def old_people_for_job(session: Session, job: Job, top: int = 20) -> list[Match]:
    jobs = service.open_jobs(session)
    if job.id not in {j.id for j in jobs}:
        jobs.append(job)
    matcher = OldTalentMatcher([service.job_card(j) for j in jobs],
                               [service.profile_card(p) for p in service.visible_profiles(session)])
    return matcher.rank_people_for(service.job_card(job), top=top)


def old_explain_for(session: Session, profile: TalentProfile, job: Job) -> Match:
    jobs = service.open_jobs(session)
    if job.id not in {j.id for j in jobs}:
        jobs.append(job)
    matcher = OldTalentMatcher([service.job_card(j) for j in jobs])
    return old_explain_in(matcher, service.profile_card(profile), service.job_card(job))


def check_all(session: Session, world: dict[str, Any], top: int = 15) -> None:
    """Every visible or hidden profile's jobs and every job's people (drafts, closed, expired included)."""
    operator = world["operator"]
    profiles = list(session.scalars(select(TalentProfile).order_by(TalentProfile.id)))
    jobs = list(session.scalars(select(Job).order_by(Job.id)).unique())
    for profile in profiles:
        same([m for _, m in service.jobs_for_profile(session, profile, top)],
             old_jobs_for_profile(session, profile, top))
    for job in jobs:
        same([m for _, m in service.people_for_job(session, operator, job.id, top)],
             old_people_for_job(session, job, top))
    for profile, job in zip(profiles[::7], jobs[::3], strict=False):
        same([service.explain_for(session, profile, job)], [old_explain_for(session, profile, job)])


def add_profile(session: Session, rng: random.Random, **values: Any) -> TalentProfile:
    person = f.user(session)
    data = {**person_values(rng), "visible": rng.random() < 0.85, **values}
    profile = TalentProfile(user_id=person.id, **data)
    session.add(profile)
    session.flush()
    return profile


def add_job(session: Session, rng: random.Random, organisation_id: int, **values: Any) -> Job:
    today = service.today()
    status, deadline = rng.choice([("published", None), ("published", today + dt.timedelta(days=9)),
                                   ("published", today - dt.timedelta(days=1)), ("draft", None), ("closed", None),
                                   ("published", today)])
    job = Job(organisation_id=organisation_id, status=status, deadline=deadline, **{**job_values(rng), **values})
    session.add(job)
    session.flush()
    return job


@pytest.fixture
def world(session: Session) -> Iterator[dict[str, Any]]:
    match_store.forget()
    rng = random.Random(11)
    firm = f.organisation(session)
    for _ in range(36):
        add_profile(session, rng)
    jobs = [add_job(session, rng, firm.id) for _ in range(24)]
    member, operator = f.member(session, firm), f.operator(session)
    session.commit()
    yield {"rng": rng, "firm": firm, "member": member, "operator": operator, "jobs": jobs}
    match_store.forget()


def cards(session: Session, kind: str) -> set[int]:
    return set(session.scalars(select(MatchCard.record_id).where(MatchCard.kind == kind)))


def test_services_rank_as_the_per_request_matcher_did(session: Session, world: dict[str, Any]) -> None:
    # The commit that wrote the jobs and profiles wrote their analysed cards (no match has run yet).
    assert cards(session, "job") == set(session.scalars(select(Job.id)))
    assert cards(session, "profile") == set(session.scalars(select(TalentProfile.id)))
    check_all(session, world)
    match_store.forget()  # a new process loads the cards instead of analysing
    check_all(session, world)


def test_every_write_is_seen_by_the_next_match(session: Session, world: dict[str, Any]) -> None:
    rng, member, operator = world["rng"], world["member"], world["operator"]
    job = service.create_job(session, member, validate(JobIn, {
        "title_ko": "데이터 분석 엔지니어", "title_en": "Data engineer", "description_ko": "데이터 플랫폼을 만듭니다",
        "seniority": "mid", "skills_must": ["Python", "SQL"], "region": "광주 북구", "work_mode": "onsite",
        "salary_max": 5000, "status": "published"}))
    check_all(session, world)  # in the same transaction, before commit
    session.commit()
    fit = add_profile(session, rng, headline="데이터 엔지니어", desired_roles="데이터 플랫폼 개발",
                      skills=["Python", "SQL"],
                      seniority="mid", home_region="광주 북구", wish_regions=["광주"], work_mode="onsite",
                      salary_wish=4500, languages=["ko"], visible=True)
    session.commit()
    assert {job.id, fit.id} <= cards(session, "job") | cards(session, "profile")
    top = service.people_for_job(session, operator, job.id, 3)
    assert top[0][0].id == fit.id
    check_all(session, world)
    fit.skills = ["Kotlin"]  # a plain ORM update
    session.commit()
    assert fit.id not in {p.id for p, _ in service.people_for_job(session, operator, job.id, 3)}
    check_all(session, world)
    fit.skills = ["Python", "SQL"]
    fit.visible = False
    session.commit()
    assert fit.id not in {p.id for p, _ in service.people_for_job(session, operator, job.id, 50)}
    assert job.id in {j.id for j, _ in service.jobs_for_profile(session, fit)}  # hidden: still gets jobs
    check_all(session, world)
    session.delete(fit)
    session.commit()
    assert fit.id not in cards(session, "profile")
    check_all(session, world)
    # The job: changed, closed, reopened past its deadline, deleted.
    person = next(p for p in session.scalars(select(TalentProfile).order_by(TalentProfile.id)))
    service.update_job(session, member, job.id, validate(JobIn, {**job_form(job), "salary_max": 9000,
                                                                  "skills_must": ["Kotlin"]}))
    session.commit()
    check_all(session, world)
    service.set_job_status(session, member, job.id, "closed")
    assert job.id not in {j.id for j, _ in service.jobs_for_profile(session, person, 100)}
    check_all(session, world)
    session.commit()
    service.update_job(session, member, job.id, validate(JobIn, {**job_form(job), "status": "published",
                                                 "deadline": (service.today() - dt.timedelta(days=2)).isoformat()}))
    session.commit()
    assert job.id not in {j.id for j, _ in service.jobs_for_profile(session, person, 100)}
    check_all(session, world)
    session.delete(job)
    session.commit()
    assert job.id not in cards(session, "job")
    check_all(session, world)


def job_form(job: Job) -> dict[str, Any]:
    return {"title_ko": job.title_ko, "title_en": job.title_en, "description_ko": job.description_ko,
            "seniority": job.seniority, "skills_must": job.skills_must, "skills_nice": job.skills_nice,
            "region": job.region, "work_mode": job.work_mode, "salary_max": job.salary_max, "status": job.status,
            "languages": job.languages}


def test_a_rolled_back_write_leaves_no_trace(session: Session, world: dict[str, Any]) -> None:
    rng = world["rng"]
    check_all(session, world)
    add_profile(session, rng, visible=True)
    world["jobs"][0].title_ko = "롤백될 제목"
    check_all(session, world)  # the transaction sees its own writes
    session.rollback()
    check_all(session, world)  # and after the rollback nobody does


def test_writes_from_another_session_are_seen(session: Session, world: dict[str, Any]) -> None:
    check_all(session, world)
    session.commit()
    from bitgoeul.core.db import make_engine, make_session_factory

    engine = make_engine(session.get_bind().engine.url.render_as_string(hide_password=False))
    with make_session_factory(engine)() as other:
        add_profile(other, random.Random(3), visible=True, skills=["GIS"])
        other.get(Job, world["jobs"][1].id).seniority = "lead"  # type: ignore[union-attr]
        other.commit()
    engine.dispose()
    session.expire_all()
    check_all(session, world)


def test_jobs_and_profiles_written_around_the_orm_get_cards(session: Session, world: dict[str, Any]) -> None:
    """Core statements fire no session hooks: the next match notices the tables changed and catches up."""
    check_all(session, world)
    connection = session.connection()
    now = utcnow()
    user_id = connection.execute(insert(User).values(email="bulk@example.com", display_name="bulk", password_hash="x",
                                                     role="person", language="ko", is_active=True, created_at=now,
                                                     updated_at=now)).inserted_primary_key[0]  # type: ignore[index]
    connection.execute(insert(TalentProfile).values(
        user_id=user_id, headline="데이터 분석 개발", summary="", desired_roles="", skills=["Python"],
        years_experience=1, seniority="junior", programme="none", cohort="", home_region="광주 북구",
        wish_regions=["광주"], work_mode="any",
        salary_wish=None, languages=["ko"], visible=True, created_at=now, updated_at=now))
    gone = world["jobs"][2].id
    connection.execute(delete(Job).where(Job.id == gone))
    session.commit()
    session.expire_all()
    check_all(session, world)
    assert cards(session, "profile") == set(session.scalars(select(TalentProfile.id)))
    assert gone not in cards(session, "job")
    # A database migrated before the cards existed: all of them written on the first match.
    session.execute(delete(MatchCard))
    session.commit()
    match_store.forget()
    check_all(session, world)
    def count(model: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)

    assert count(MatchCard) == count(Job) + count(TalentProfile)


def test_match_alerts_score_as_people_for_the_job(session: Session, world: dict[str, Any]) -> None:
    subscribers = list(session.scalars(select(TalentProfile).order_by(TalentProfile.id)))[:12]
    for profile in subscribers:
        session.add(Subscription(user_id=profile.user_id, kind="match", min_score=20))
    session.commit()
    job = service.create_job(session, world["member"], validate(JobIn, {
        "title_ko": "웹 서비스 개발", "description_ko": "데이터 서비스 웹 개발", "seniority": "junior",
        "skills_must": ["Python"], "region": "광주 남구", "status": "published"}))
    session.commit()
    got = {a.user_id: a.score for a in session.scalars(select(Alert).where(Alert.job_id == job.id))}
    jobs = service.open_jobs(session)
    reference = OldTalentMatcher([service.job_card(j) for j in jobs], [service.profile_card(p) for p in subscribers])
    scores = {int(m.person_id): m.score for m in reference.rank_people_for(service.job_card(job), top=len(subscribers))}
    expected = {p.user_id: round(scores[p.id], 4) for p in subscribers if round(100 * scores.get(p.id, 0.0)) >= 20}
    assert got == expected and expected
    assert alerts.notify_for_job(session, job) == []  # once per person and job


_WORDS = iter(["무등산데이터랩", "영산강물관리", "광주데이터센터", "인공지능사관학교"])


def test_new_user_words_reanalyse_the_cards_that_contain_them(session: Session, world: dict[str, Any]) -> None:
    word = next(_WORDS)
    assert userwords.splits(word), "the test needs a name Kiwi cuts in pieces"
    profile = add_profile(session, world["rng"], headline=f"{word} 출신 개발자", visible=True)
    session.commit()
    stored = session.scalar(select(MatchCard).where(MatchCard.kind == "profile", MatchCard.record_id == profile.id))
    assert stored is not None and word not in stored.terms
    userwords.note(session.connection(), [word])
    indexing.activate_words(session)
    session.commit()
    session.expire_all()
    stored = session.scalar(select(MatchCard).where(MatchCard.kind == "profile", MatchCard.record_id == profile.id))
    assert stored is not None and word in stored.terms
    check_all(session, world)  # queries are cut with the word too, so the cached path still agrees


def test_rebuild_command_rewrites_cards_after_an_update_around_the_orm(
        session: Session, world: dict[str, Any], db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bulk UPDATE statement is the one write nothing notices (as with the search index): the command fixes it."""
    import json

    from typer.testing import CliRunner

    from bitgoeul.talent.cli import app

    monkeypatch.setenv("BITGOEUL_DATABASE_URL", db_url)
    check_all(session, world)
    session.connection().execute(update(TalentProfile).values(skills=["Flutter"]))
    session.commit()
    session.expire_all()
    result = CliRunner().invoke(app, ["rebuild-matching", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["cards"] == len(cards(session, "job")) + len(cards(session, "profile"))
    check_all(session, world)
