"""The two-sided matcher against a brute-force reference written from the formula, pair by pair."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest

from bitgoeul.talent import matching
from bitgoeul.talent.matching import JobCard, MatchParams, PersonCard, TalentMatcher, harmonic
from bitgoeul.talent.skills import canonical_skill, canonical_skills
from bitgoeul.text import index_terms

RANK = {"junior": 0, "mid": 1, "senior": 2, "lead": 3}
SKILLS = ["Python", "파이썬", "SQL", "React", "리액트", "JavaScript", "Kotlin", "Docker", "Team leadership", "GIS"]
WORDS = ["웹", "개발", "데이터", "분석", "팀장", "앱", "서비스", "모델", "backend", "design"]
REGIONS = ["광주 북구", "광주 남구", "전남 나주시", "서울 강남구", "대전 유성구"]


def _people_and_jobs(seed: int) -> tuple[list[PersonCard], list[JobCard]]:
    rng = random.Random(seed)
    people = [PersonCard(id=i, skills=tuple(rng.sample(SKILLS, rng.randint(0, 4))),
                         seniority=rng.choice(list(RANK)), home_region=rng.choice(REGIONS),
                         wish_regions=tuple(rng.sample(["광주", "전남", "서울", "대전"], rng.randint(0, 2))),
                         work_mode=rng.choice(["any", "onsite", "hybrid", "remote"]),
                         salary_wish=rng.choice([None, 3000, 4500, 7000]),
                         languages=tuple(rng.choice([["ko"], ["ko", "en"]])),
                         interest=" ".join(rng.sample(WORDS, 3))) for i in range(14)]
    jobs = [JobCard(id=100 + i, skills_must=tuple(rng.sample(SKILLS, rng.randint(0, 3))),
                    skills_nice=tuple(rng.sample(SKILLS, rng.randint(0, 2))), seniority=rng.choice(list(RANK)),
                    region=rng.choice(REGIONS), work_mode=rng.choice(["onsite", "hybrid", "remote"]),
                    salary_max=rng.choice([None, 3500, 5000, 8000]),
                    languages=tuple(rng.choice([["ko"], ["ko", "en"]])),
                    text=" ".join(rng.sample(WORDS, 4))) for i in range(17)]
    return people, jobs


def _reference_scores(people: list[PersonCard], jobs: list[JobCard]) -> dict[tuple[int, int], float]:
    """Every pair scored with plain Python from the documented formula (no arrays, no sparse algebra)."""
    p = MatchParams()
    job_terms = [index_terms(j.text) for j in jobs]
    df = Counter(t for terms in job_terms for t in set(terms))
    idf = {t: math.log(1 + len(jobs) / n) for t, n in df.items()}

    def vector(terms: list[str]) -> dict[str, float]:
        counts = Counter(t for t in terms if t in idf)
        weights = {t: (1 + math.log(c)) * idf[t] for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items()}

    def step(table: tuple[tuple[int, float], ...], gap: int) -> float:
        return dict(table)[max(table[0][0], min(table[-1][0], gap))]

    scores = {}
    for person in people:
        mine = {canonical_skill(s) for s in person.skills}
        pv = vector(matching._expand(index_terms(" ".join([person.interest, *person.skills]))))
        for job, terms in zip(jobs, job_terms, strict=True):
            jv = vector(terms)
            cosine = sum(w * jv.get(t, 0.0) for t, w in pv.items())
            must, nice = set(canonical_skills(job.skills_must)), set(canonical_skills(job.skills_nice))
            uses = must | nice
            skill_use = len(mine & uses) / len(uses) if uses else 0.5
            interest = 0.5 * min(1.0, cosine / p.cosine_full) + 0.5 * skill_use
            city = job.region.split()[0]
            here = job.work_mode == "remote" or city in {w.split()[0] for w in person.wish_regions} \
                or city == person.home_region.split()[0]
            place = matching.MODE_FIT[person.work_mode][job.work_mode] * (1.0 if here else p.elsewhere_region)
            if not person.salary_wish:
                salary = 1.0
            elif job.salary_max is None:
                salary = p.unknown_salary
            else:
                salary = min(1.0, max(0.0, 1 - (1 - job.salary_max / person.salary_wish) * p.salary_slope))
            gap = RANK[person.seniority] - RANK[job.seniority]
            person_side = (0.4 + 0.6 * interest) * place * salary * step(p.person_seniority, gap)
            must_share = len(mine & must) / len(must) if must else 1.0
            nice_share = len(mine & nice) / len(nice) if nice else 0.0
            languages = 1.0 if set(job.languages) <= set(person.languages) else p.missing_language
            job_side = (must_share ** p.must_power * (0.7 + 0.3 * nice_share) * step(p.job_seniority, gap)
                        * languages * (1.0 if here else p.elsewhere_presence))
            scores[(int(person.id), int(job.id))] = harmonic(person_side, job_side)
    return scores


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rankings_match_the_brute_force_reference_both_ways(seed: int) -> None:
    people, jobs = _people_and_jobs(seed)
    reference = _reference_scores(people, jobs)
    matcher = TalentMatcher(jobs, people)
    for person in people:
        expected = sorted((j for j in jobs if reference[(int(person.id), int(j.id))] > 0),
                          key=lambda j: (-reference[(int(person.id), int(j.id))], j.id))[:8]
        got = matcher.rank_jobs_for(person, top=8)
        assert [m.job_id for m in got] == [j.id for j in expected]
        for m in got:
            assert m.score == pytest.approx(reference[(int(person.id), int(m.job_id))], abs=1e-9)
    for job in jobs:
        expected_people = sorted((q for q in people if reference[(int(q.id), int(job.id))] > 0),
                                 key=lambda q: (-reference[(int(q.id), int(job.id))], q.id))[:8]
        got_people = matcher.rank_people_for(job, top=8)
        assert [m.person_id for m in got_people] == [q.id for q in expected_people]


def test_a_pair_needs_both_sides() -> None:
    """A perfect skill fit in a city the person will not work in ranks below a slightly weaker local fit."""
    person = PersonCard(id=1, skills=("React", "JavaScript"), seniority="junior", home_region="광주 북구",
                        wish_regions=("광주",), salary_wish=3500, interest="웹 프론트엔드 개발")
    far = JobCard(id=1, skills_must=("React", "JavaScript"), seniority="junior", region="서울 강남구",
                  salary_max=5000, text="웹 프론트엔드 개발자")
    near = JobCard(id=2, skills_must=("React", "JavaScript", "TypeScript"), seniority="junior", region="광주 남구",
                   salary_max=3800, text="웹 프론트엔드 개발자")
    ranked = TalentMatcher([far, near]).rank_jobs_for(person)
    assert [m.job_id for m in ranked] == [2, 1]
    far_reasons = [r.en for r in ranked[1].reasons if not r.good]
    assert any("not among the places" in r for r in far_reasons)
    assert all(r.ko and r.en for r in ranked[0].reasons)


def test_team_lead_jobs_want_team_leads() -> None:
    junior = PersonCard(id=1, skills=("Python", "SQL", "Team leadership"), seniority="junior", home_region="광주 북구")
    lead = PersonCard(id=2, skills=("Python", "SQL", "Team leadership"), seniority="lead", home_region="광주 북구")
    job = JobCard(id=9, skills_must=("Python", "SQL", "Team leadership"), seniority="lead", region="광주 남구",
                  text="데이터 팀장")
    ranked = TalentMatcher([job], [junior, lead]).rank_people_for(job)
    assert ranked[0].person_id == 2 and ranked[0].score > 2 * ranked[1].score


def test_skill_synonyms_meet() -> None:
    assert canonical_skills(["파이썬", "Python3", " python "]) == ["python"]
    assert canonical_skill("리액트") == canonical_skill("React.js") == "react"
