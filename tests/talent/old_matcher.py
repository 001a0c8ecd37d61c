"""The talent matcher as it was before rows and views (commit eeea7e6): it analyses every text and builds
every array on construction. Kept verbatim as the reference the prepared, cached path must agree with."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from bitgoeul.talent.codes import SENIORITY_RANK
from bitgoeul.talent.matching import (
    JOB_MODES,
    MODE_FIT,
    PERSON_MODES,
    FloatArray,
    JobCard,
    Match,
    MatchParams,
    PersonCard,
    TermSpace,
    _expand,
    _harmonic,
    _match,
    _order_key,
    _shared,
    _step_array,
    _top,
    city_of,
    person_text,
)
from bitgoeul.talent.skills import canonical_skills
from bitgoeul.text import index_terms, index_terms_many


class _Codes:
    """Small integer codes for cities, so place checks are array lookups."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def code(self, name: str) -> int:
        return self.ids.setdefault(name, len(self.ids)) if name else -1


def _skill_matrix(lists: Sequence[Sequence[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    rows: list[int] = []
    cols: list[int] = []
    for row, names in enumerate(lists):
        for key in canonical_skills(names):
            if key in vocab:
                rows.append(row)
                cols.append(vocab[key])
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(lists), len(vocab)))


class OldTalentMatcher:
    """Scores one person against every job, or one job against every person, with sparse algebra.

    Build it over the open jobs and the visible people; `rank_jobs_for` and `rank_people_for` accept cards
    that are not in it (a profile being edited, a job being posted), scoring them against the collection.
    """

    def __init__(self, jobs: Sequence[JobCard], people: Sequence[PersonCard] = (),
                 params: MatchParams | None = None) -> None:
        self.params = params or MatchParams()
        self.jobs = list(jobs)
        self.people = list(people)
        skills = sorted({k for j in self.jobs for k in canonical_skills(j.skills_must + j.skills_nice)}
                        | {k for p in self.people for k in canonical_skills(p.skills)})
        self.skill_vocab = {k: i for i, k in enumerate(skills)}
        self.cities = _Codes()
        job_terms = list(index_terms_many([j.text for j in self.jobs])) if self.jobs else []
        people_terms = [_expand(t) for t in index_terms_many([person_text(p) for p in self.people])] \
            if self.people else []
        self.space = TermSpace(job_terms or [[]])
        self._job_terms = job_terms
        self._index_jobs(job_terms)
        self._index_people(people_terms)

    # jobs as columns of arrays
    def _index_jobs(self, terms: Sequence[list[str]]) -> None:
        jobs = self.jobs
        self.job_must = _skill_matrix([j.skills_must for j in jobs], self.skill_vocab)
        self.job_nice = _skill_matrix([j.skills_nice for j in jobs], self.skill_vocab)
        self.job_uses = _skill_matrix([list(j.skills_must) + list(j.skills_nice) for j in jobs], self.skill_vocab)
        self.job_must_n = np.array([len(canonical_skills(j.skills_must)) for j in jobs], np.float64)
        self.job_nice_n = np.array([len(canonical_skills(j.skills_nice)) for j in jobs], np.float64)
        self.job_uses_n = np.array([len(canonical_skills(list(j.skills_must) + list(j.skills_nice)))
                                    for j in jobs], np.float64)
        self.job_rank = np.array([SENIORITY_RANK.get(j.seniority, 1) for j in jobs], np.int64)
        self.job_city = np.array([self.cities.code(city_of(j.region)) for j in jobs], np.int64)
        self.job_mode = np.array([JOB_MODES.index(j.work_mode) if j.work_mode in JOB_MODES else 0 for j in jobs],
                                 np.int64)
        self.job_salary_max = np.array([np.nan if j.salary_max is None else j.salary_max for j in jobs], np.float64)
        self.job_languages = [frozenset(j.languages) for j in jobs]
        self.job_text = self.space.matrix(terms) if jobs else sparse.csr_matrix((0, len(self.space.vocab)))
        self.job_ids = [_order_key(j.id) for j in jobs]

    def _index_people(self, terms: Sequence[list[str]]) -> None:
        people = self.people
        self._people_terms = list(terms)
        self.person_skills = _skill_matrix([p.skills for p in people], self.skill_vocab)
        self.person_skill_n = np.asarray(self.person_skills.sum(axis=1)).ravel()
        self.person_rank = np.array([SENIORITY_RANK.get(p.seniority, 0) for p in people], np.int64)
        self.person_home = np.array([self.cities.code(city_of(p.home_region)) for p in people], np.int64)
        wishes = [(row, self.cities.code(city_of(w))) for row, p in enumerate(people) for w in p.wish_regions]
        self.person_wish = sparse.csr_matrix(
            (np.ones(len(wishes)), ([r for r, _ in wishes], [c for _, c in wishes])),
            shape=(len(people), max(len(self.cities.ids), 1)))
        self.person_mode = np.array([PERSON_MODES.index(p.work_mode) if p.work_mode in PERSON_MODES else 0
                                     for p in people], np.int64)
        self.person_salary = np.array([np.nan if not p.salary_wish else p.salary_wish for p in people], np.float64)
        self.person_languages = [frozenset(p.languages) for p in people]
        self.person_text = self.space.matrix(terms) if people else sparse.csr_matrix((0, len(self.space.vocab)))
        self.person_ids = [_order_key(p.id) for p in people]

    # ------------------------------------------------------------------ jobs for a person
    def job_scores(self, person: PersonCard) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(mutual, person side, job side) of `person` against every job, in job order."""
        mutual, person_side, job_side, _ = self._job_scores(person, _expand(index_terms(person_text(person))))
        return mutual, person_side, job_side

    def _job_scores(self, person: PersonCard, terms: list[str]
                    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        params = self.params
        n = len(self.jobs)
        if n == 0:
            empty = np.zeros(0)
            return empty, empty, empty, empty
        skill_ids = [self.skill_vocab[k] for k in canonical_skills(person.skills) if k in self.skill_vocab]
        has = np.zeros(len(self.skill_vocab))
        has[skill_ids] = 1.0
        must_hit = self.job_must @ has
        must = np.divide(must_hit, self.job_must_n, out=np.ones(n), where=self.job_must_n > 0)
        nice = np.divide(self.job_nice @ has, self.job_nice_n, out=np.zeros(n), where=self.job_nice_n > 0)
        use = np.divide(self.job_uses @ has, self.job_uses_n, out=np.full(n, 0.5), where=self.job_uses_n > 0)
        cosine = (self.job_text @ self.space.vector(terms).T).toarray().ravel()
        text = np.minimum(1.0, cosine / params.cosine_full)
        interest = params.interest_text_share * text + (1 - params.interest_text_share) * use
        wished = {self.cities.ids.get(city_of(w), -2) for w in person.wish_regions}
        wished.add(self.cities.ids.get(city_of(person.home_region), -2) if person.home_region else -2)
        region_ok = np.isin(self.job_city, list(wished)) & (self.job_city >= 0) | (self.job_mode == 2)
        mode_row = MODE_FIT.get(person.work_mode, MODE_FIT["any"])
        mode_fit = np.array([mode_row[m] for m in JOB_MODES])[self.job_mode]
        place = mode_fit * np.where(region_ok, 1.0, params.elsewhere_region)
        salary = self._salary(person.salary_wish)
        gap = SENIORITY_RANK.get(person.seniority, 0) - self.job_rank
        wish = _step_array(params.person_seniority, gap)
        fit = _step_array(params.job_seniority, gap)
        languages = np.array([1.0 if langs <= set(person.languages) else params.missing_language
                              for langs in self.job_languages])
        presence = np.where(region_ok, 1.0, params.elsewhere_presence)
        person_side = (0.4 + 0.6 * interest) * place * salary * wish
        job_side = must ** params.must_power * (0.7 + 0.3 * nice) * fit * languages * presence
        return _harmonic(person_side, job_side), person_side, job_side, cosine

    def _salary(self, wish: int | None) -> FloatArray:
        params = self.params
        if not wish or wish <= 0:
            return np.ones(len(self.jobs))
        ratio = self.job_salary_max / wish
        below = np.clip(1.0 - (1.0 - ratio) * params.salary_slope, 0.0, 1.0)
        return np.where(np.isnan(ratio), params.unknown_salary, np.where(ratio >= 1.0, 1.0, below))

    def rank_jobs_for(self, person: PersonCard, top: int = 20, min_score: float = 0.0,
                      explain_top: bool = True) -> list[Match]:
        """The best `top` jobs for the person by mutual score (ties by job id), explained."""
        terms = _expand(index_terms(person_text(person)))
        mutual, _, _, cosine = self._job_scores(person, terms)
        chosen = _top(mutual, self.job_ids, top, min_score)
        if not explain_top:
            return [Match(person.id, self.jobs[i].id, float(mutual[i]), 0.0, 0.0) for i in chosen]
        return [_match(person, self.jobs[i], float(cosine[i]), self.params, _shared(terms, self._job_terms[i]))
                for i in chosen]

    def _explained(self, person: PersonCard, job: JobCard, person_vector: sparse.csr_matrix,
                   person_terms: list[str], job_terms: list[str]) -> Match:
        job_vector = self.space.vector(job_terms)
        cosine = float((person_vector @ job_vector.T).toarray()[0, 0])
        return _match(person, job, cosine, self.params, _shared(person_terms, job_terms))

    # ------------------------------------------------------------------ people for a job
    def person_scores(self, job: JobCard) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(mutual, person side, job side) of every person against `job`, in people order."""
        mutual, person_side, job_side, _ = self._person_scores(job, index_terms(job.text))
        return mutual, person_side, job_side

    def _person_scores(self, job: JobCard, job_terms: list[str]
                       ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        params = self.params
        n = len(self.people)
        if n == 0:
            empty = np.zeros(0)
            return empty, empty, empty, empty
        must_keys = canonical_skills(job.skills_must)
        nice_keys = canonical_skills(job.skills_nice)
        use_keys = list(dict.fromkeys(must_keys + nice_keys))
        must = self._coverage(must_keys, 1.0)
        nice = self._coverage(nice_keys, 0.0)
        use = self._coverage(use_keys, 0.5)
        cosine = (self.person_text @ self.space.vector(job_terms).T).toarray().ravel()
        text = np.minimum(1.0, cosine / params.cosine_full)
        interest = params.interest_text_share * text + (1 - params.interest_text_share) * use
        city = self.cities.ids.get(city_of(job.region), -2) if job.region else -2
        if job.work_mode == "remote":
            region_ok = np.ones(n, bool)
        elif city < 0:
            region_ok = np.zeros(n, bool)
        else:
            region_ok = (np.asarray(self.person_wish[:, city].todense()).ravel() > 0) | (self.person_home == city)
        mode = job.work_mode if job.work_mode in JOB_MODES else "onsite"
        mode_fit = np.array([MODE_FIT[m][mode] for m in PERSON_MODES])[self.person_mode]
        place = mode_fit * np.where(region_ok, 1.0, params.elsewhere_region)
        if job.salary_max is None:
            salary = np.where(np.isnan(self.person_salary), 1.0, params.unknown_salary)
        else:
            ratio = job.salary_max / self.person_salary
            below = np.clip(1.0 - (1.0 - ratio) * params.salary_slope, 0.0, 1.0)
            salary = np.where(np.isnan(ratio), 1.0, np.where(ratio >= 1.0, 1.0, below))
        gap = self.person_rank - SENIORITY_RANK.get(job.seniority, 1)
        wish = _step_array(params.person_seniority, gap)
        fit = _step_array(params.job_seniority, gap)
        needed = set(job.languages)
        languages = np.array([1.0 if needed <= langs else params.missing_language for langs in self.person_languages])
        presence = np.where(region_ok, 1.0, params.elsewhere_presence)
        person_side = (0.4 + 0.6 * interest) * place * salary * wish
        job_side = must ** params.must_power * (0.7 + 0.3 * nice) * fit * languages * presence
        return _harmonic(person_side, job_side), person_side, job_side, cosine

    def _coverage(self, keys: Sequence[str], empty: float) -> FloatArray:
        """Share of `keys` each person has (`empty` when the job names none)."""
        n = len(self.people)
        if not keys:
            return np.full(n, empty)
        ids = [self.skill_vocab[k] for k in keys if k in self.skill_vocab]
        wanted = np.zeros(len(self.skill_vocab))
        wanted[ids] = 1.0
        return np.asarray(self.person_skills @ wanted).ravel() / len(keys)

    def rank_people_for(self, job: JobCard, top: int = 20, min_score: float = 0.0,
                        explain_top: bool = True) -> list[Match]:
        """The best `top` people for the job by mutual score (ties by person id), explained."""
        job_terms = index_terms(job.text)
        mutual, _, _, cosine = self._person_scores(job, job_terms)
        chosen = _top(mutual, self.person_ids, top, min_score)
        if not explain_top:
            return [Match(self.people[i].id, job.id, float(mutual[i]), 0.0, 0.0) for i in chosen]
        return [_match(self.people[i], job, float(cosine[i]), self.params, _shared(self._people_terms[i], job_terms))
                for i in chosen]


def old_explain_in(matcher: OldTalentMatcher, person: PersonCard, job: JobCard) -> Match:
    """One pair scored and explained with the matcher's vocabulary and idf, so it agrees with its rankings."""
    person_terms = _expand(index_terms(person_text(person)))
    job_terms = index_terms(job.text)
    return matcher._explained(person, job, matcher.space.vector(person_terms), person_terms, job_terms)
