"""Two-sided (reciprocal) job matching: a pair ranks high only when the person wants the job AND the job
wants the person. Pure: plain cards in, explained matches out; no database, web or settings imports.

Each side is a product of factors in [0, 1], one per criterion, so a deal-breaker on either side (a place the
person will not work in, missing must-have skills) pulls the pair down however well the rest fits:

- person side  = (0.4 + 0.6 * interest) * place * salary * seniority_wish
- job side     = must_skills ** 1.5 * (0.7 + 0.3 * nice_skills) * seniority_fit * languages * presence
- mutual score = harmonic mean of the two (as in RECON, Pizzato et al., RecSys 2010).

`interest` is the cosine of idf-weighted Kiwi term vectors of what the person wants to do (desired roles,
headline, skills) and the job's text, scaled, averaged with the share of the job's skills the person has.
The cosine is symmetric, so ranking jobs for a person and people for a job give every pair the same score.
`TalentMatcher` scores whole collections at once with sparse matrices; `score_pair` explains one pair.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import numpy.typing as npt
from scipy import sparse

from bitgoeul.talent.codes import MODE_LABELS, SENIORITY_LABELS, SENIORITY_RANK
from bitgoeul.talent.skills import canonical_skills
from bitgoeul.text import default_glossary, index_terms, index_terms_many

FloatArray = npt.NDArray[np.float64]
CardId = int | str

# How well a person's wished way of working (rows) fits a job's (columns).
MODE_FIT: dict[str, dict[str, float]] = {
    "any": {"onsite": 1.0, "hybrid": 1.0, "remote": 1.0},
    "onsite": {"onsite": 1.0, "hybrid": 0.9, "remote": 0.6},
    "hybrid": {"onsite": 0.7, "hybrid": 1.0, "remote": 0.9},
    "remote": {"onsite": 0.0, "hybrid": 0.4, "remote": 1.0},
}
JOB_MODES = ("onsite", "hybrid", "remote")
PERSON_MODES = ("any", "onsite", "hybrid", "remote")


@dataclass(frozen=True)
class MatchParams:
    """The few constants of the score; documented in docs/talent.md."""

    cosine_full: float = 0.35  # a text cosine at or above this counts as full interest
    interest_text_share: float = 0.5  # interest = share * text + (1 - share) * skills in use
    must_power: float = 1.5
    elsewhere_region: float = 0.1  # person side: a job in a place they did not name
    elsewhere_presence: float = 0.5  # job side: the person would have to move to come in
    missing_language: float = 0.3
    unknown_salary: float = 0.8
    salary_slope: float = 4.0  # each 1% of salary under the wish costs 4% of the factor
    # person rank minus job rank -> factor
    person_seniority: tuple[tuple[int, float], ...] = ((-2, 0.1), (-1, 0.4), (0, 1.0), (1, 1.0), (2, 0.7))
    job_seniority: tuple[tuple[int, float], ...] = ((-2, 0.1), (-1, 0.6), (0, 1.0), (1, 0.7), (2, 0.4))


def _step_factor(table: tuple[tuple[int, float], ...], difference: int) -> float:
    low, high = table[0][0], table[-1][0]
    return dict(table)[min(max(difference, low), high)]


def city_of(region: str) -> str:
    """The city or province of a region ("광주 북구" -> "광주"), the unit people name when they say where."""
    parts = region.split()
    return parts[0] if parts else ""


@dataclass(frozen=True)
class PersonCard:
    id: CardId
    skills: tuple[str, ...]
    seniority: str = "junior"
    years: int = 0
    home_region: str = ""
    wish_regions: tuple[str, ...] = ()
    work_mode: str = "any"
    salary_wish: int | None = None  # yearly, 10,000 KRW
    languages: tuple[str, ...] = ("ko",)
    interest: str = ""  # what they want to do next, in their words


@dataclass(frozen=True)
class JobCard:
    id: CardId
    skills_must: tuple[str, ...]
    skills_nice: tuple[str, ...] = ()
    seniority: str = "mid"
    region: str = ""
    work_mode: str = "onsite"
    salary_min: int | None = None
    salary_max: int | None = None
    languages: tuple[str, ...] = ("ko",)
    text: str = ""  # title and description, both languages


@dataclass(frozen=True)
class Reason:
    """One plain-words reason, in Korean and English; `good` says whether it speaks for the match."""

    ko: str
    en: str
    good: bool = True


@dataclass
class Match:
    person_id: CardId
    job_id: CardId
    score: float
    person_side: float
    job_side: float
    factors: dict[str, float] = field(default_factory=dict)
    reasons: list[Reason] = field(default_factory=list)


def harmonic(a: float, b: float) -> float:
    return 0.0 if a + b <= 0 else 2.0 * a * b / (a + b)


# --- text ------------------------------------------------------------------------------------------------


def person_text(card: PersonCard) -> str:
    return " ".join([card.interest, *card.skills])


@cache
def _glossary_runs() -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """The glossary as first term -> [(phrase terms, other-language terms)], for a linear-time expansion
    (the glossary's own matcher tries every pair per call, too slow for 20,000 profiles)."""
    runs: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for left, right in default_glossary().pairs:
        for source, target in ((left, right), (right, left)):
            src, tgt = tuple(index_terms(source)), tuple(index_terms(target))
            if src and tgt:
                runs.setdefault(src[0], []).append((src, tgt))
    return runs


def _expand(terms: list[str]) -> list[str]:
    """Add the other language's words for glossary phrases ("개발자" -> "developer"), so Korean wishes
    meet English job texts and back."""
    runs = _glossary_runs()
    extra: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for i, term in enumerate(terms):
        for src, tgt in runs.get(term, ()):
            if tgt not in seen and tuple(terms[i:i + len(src)]) == src:
                seen.add(tgt)
                extra.extend(tgt)
    return terms + extra


class TermSpace:
    """Idf-weighted, L2-normalised term vectors over one vocabulary, so cosines are sparse dot products."""

    def __init__(self, documents: Sequence[list[str]]) -> None:
        df: Counter[str] = Counter()
        for terms in documents:
            df.update(set(terms))
        self.vocab: dict[str, int] = {t: i for i, t in enumerate(sorted(df))}
        n = max(len(documents), 1)
        self.idf = np.array([math.log(1.0 + n / df[t]) for t in sorted(df)], dtype=np.float64)

    def matrix(self, documents: Sequence[list[str]]) -> sparse.csr_matrix:
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for row, terms in enumerate(documents):
            counts = Counter(t for t in terms if t in self.vocab)
            if not counts:
                continue
            ids = [self.vocab[t] for t in counts]
            weights = np.array([(1.0 + math.log(c)) for c in counts.values()]) * self.idf[ids]
            weights /= float(np.linalg.norm(weights))
            rows += [row] * len(ids)
            cols += ids
            vals += weights.tolist()
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(documents), len(self.vocab)))

    def vector(self, terms: list[str]) -> sparse.csr_matrix:
        return self.matrix([terms])


# --- the scores of one pair, written out (explanations, alerts, and the reference for the vectorised path)


@dataclass(frozen=True)
class _Parts:
    interest: float
    place: float
    salary: float
    seniority_wish: float
    must: float
    nice: float
    seniority_fit: float
    languages: float
    presence: float


def _region_ok(person: PersonCard, job: JobCard) -> bool:
    city = city_of(job.region)
    wishes = {city_of(w) for w in person.wish_regions}
    return job.work_mode == "remote" or (bool(city) and (city in wishes or city == city_of(person.home_region)))


def _salary_factor(person: PersonCard, job: JobCard, params: MatchParams) -> float:
    if person.salary_wish is None or person.salary_wish <= 0:
        return 1.0
    if job.salary_max is None:
        return params.unknown_salary
    ratio = job.salary_max / person.salary_wish
    return 1.0 if ratio >= 1.0 else max(0.0, 1.0 - (1.0 - ratio) * params.salary_slope)


def _parts(person: PersonCard, job: JobCard, cosine: float, params: MatchParams) -> _Parts:
    skills = set(canonical_skills(person.skills))
    must = canonical_skills(job.skills_must)
    nice = canonical_skills(job.skills_nice)
    uses = list(dict.fromkeys(must + nice))
    skill_use = len(skills & set(uses)) / len(uses) if uses else 0.5
    text = min(1.0, cosine / params.cosine_full)
    interest = params.interest_text_share * text + (1 - params.interest_text_share) * skill_use
    region_ok = _region_ok(person, job)
    gap = SENIORITY_RANK.get(person.seniority, 0) - SENIORITY_RANK.get(job.seniority, 1)
    return _Parts(
        interest=interest,
        place=MODE_FIT.get(person.work_mode, MODE_FIT["any"]).get(job.work_mode, 1.0)
        * (1.0 if region_ok else params.elsewhere_region),
        salary=_salary_factor(person, job, params),
        seniority_wish=_step_factor(params.person_seniority, gap),
        must=len(skills & set(must)) / len(must) if must else 1.0,
        nice=len(skills & set(nice)) / len(nice) if nice else 0.0,
        seniority_fit=_step_factor(params.job_seniority, gap),
        languages=1.0 if set(job.languages) <= set(person.languages) else params.missing_language,
        presence=1.0 if region_ok else params.elsewhere_presence,
    )


def _sides(p: _Parts, params: MatchParams) -> tuple[float, float]:
    person = (0.4 + 0.6 * p.interest) * p.place * p.salary * p.seniority_wish
    job = p.must ** params.must_power * (0.7 + 0.3 * p.nice) * p.seniority_fit * p.languages * p.presence
    return person, job


def _manwon(value: int) -> tuple[str, str]:
    return f"{value:,}만 원", f"KRW {value / 100:,.1f}M"


def _names(keys: Iterable[str], shown: dict[str, str]) -> str:
    return ", ".join(shown.get(k, k) for k in keys)


def explain(person: PersonCard, job: JobCard, p: _Parts, shared_terms: Sequence[str]) -> list[Reason]:
    """Plain-words reasons for one pair, strongest evidence first, problems after."""
    good: list[Reason] = []
    bad: list[Reason] = []
    shown = {k: n for n, k in zip(job.skills_must + job.skills_nice,
                                  canonical_skills(job.skills_must + job.skills_nice), strict=False)}
    skills = set(canonical_skills(person.skills))
    must = canonical_skills(job.skills_must)
    have = [k for k in must if k in skills]
    missing = [k for k in must if k not in skills]
    if must and have:
        good.append(Reason(f"필수 기술 {len(must)}개 중 {len(have)}개 보유: {_names(have, shown)}",
                           f"Has {len(have)} of {len(must)} must-have skills: {_names(have, shown)}"))
    if missing:
        bad.append(Reason(f"필수 기술 부족: {_names(missing, shown)}",
                          f"Missing must-have skills: {_names(missing, shown)}", good=False))
    nice_have = [k for k in canonical_skills(job.skills_nice) if k in skills]
    if nice_have:
        names = _names(nice_have, shown)
        good.append(Reason(f"우대 기술: {names}", f"Nice-to-have skills: {names}"))
    job_ko, job_en = SENIORITY_LABELS.get(job.seniority, (job.seniority, job.seniority))
    per_ko, per_en = SENIORITY_LABELS.get(person.seniority, (person.seniority, person.seniority))
    if job.seniority == person.seniority:
        good.append(Reason(f"{job_ko} 공고에 {per_ko} 지원자", f"A {job_en} job for a {per_en} person"))
    else:
        fits = p.seniority_fit >= 0.7 and p.seniority_wish >= 0.7
        (good if fits else bad).append(Reason(f"공고는 {job_ko}, 지원자는 {per_ko}",
                                              f"The job is {job_en}, the person {per_en}", good=fits))
    city = city_of(job.region)
    if job.work_mode == "remote":
        (good if p.place >= 0.9 else bad).append(
            Reason("원격 근무 공고", "A remote job", good=p.place >= 0.9))
    elif p.presence >= 1.0:
        good.append(Reason(f"희망하는 곳({city})에서 근무", f"Work in a place they want ({job.region})"))
    else:
        bad.append(Reason(f"근무지 {job.region}은(는) 희망 지역이 아님",
                          f"{job.region} is not among the places they want to work", good=False))
    mode_fit = MODE_FIT.get(person.work_mode, MODE_FIT["any"]).get(job.work_mode, 1.0)
    if mode_fit < 0.7:
        wish_ko, wish_en = MODE_LABELS.get(person.work_mode, (person.work_mode, person.work_mode))
        mode_ko, mode_en = MODE_LABELS.get(job.work_mode, (job.work_mode, job.work_mode))
        bad.append(Reason(f"희망 근무 방식은 {wish_ko}, 공고는 {mode_ko}",
                          f"Wants to work {wish_en}; the job is {mode_en}", good=False))
    if person.salary_wish and job.salary_max is not None:
        top_ko, top_en = _manwon(job.salary_max)
        wish_ko, wish_en = _manwon(person.salary_wish)
        if p.salary >= 1.0:
            good.append(Reason(f"연봉 상한 {top_ko}이 희망 {wish_ko} 이상",
                               f"Salary up to {top_en} meets the wish of {wish_en}"))
        else:
            bad.append(Reason(f"연봉 상한 {top_ko}이 희망 {wish_ko}보다 낮음",
                              f"Salary up to {top_en} is below the wish of {wish_en}", good=False))
    if p.languages < 1.0:
        needed = ", ".join(sorted(set(job.languages) - set(person.languages)))
        bad.append(Reason(f"필요한 언어 부족: {needed}", f"Missing a language the job needs: {needed}", good=False))
    elif set(job.languages) - {"ko"}:
        extra = ", ".join(sorted(set(job.languages) - {"ko"}))
        good.append(Reason(f"필요한 언어 가능: {extra}", f"Speaks the languages needed: {extra}"))
    if shared_terms:
        words = ", ".join(shared_terms[:5])
        good.insert(0, Reason(f"희망 업무와 겹치는 말: {words}", f"Words shared with what they want to do: {words}"))
    return good + bad


def score_pair(person: PersonCard, job: JobCard, params: MatchParams | None = None) -> Match:
    """Score and explain one pair, analysing both texts on the spot (alerts, detail pages, tests)."""
    params = params or MatchParams()
    person_terms = _expand(index_terms(person_text(person)))
    job_terms = index_terms(job.text)
    space = TermSpace([job_terms, person_terms])
    cosine = float((space.vector(person_terms) @ space.vector(job_terms).T).toarray()[0, 0])
    return _match(person, job, cosine, params, _shared(person_terms, job_terms))


def _shared(person_terms: Sequence[str], job_terms: Sequence[str]) -> list[str]:
    present = set(job_terms)
    return [t for t in dict.fromkeys(person_terms) if t in present]


def _match(person: PersonCard, job: JobCard, cosine: float, params: MatchParams, shared: Sequence[str]) -> Match:
    parts = _parts(person, job, cosine, params)
    person_side, job_side = _sides(parts, params)
    return Match(person_id=person.id, job_id=job.id, score=harmonic(person_side, job_side),
                 person_side=person_side, job_side=job_side, factors=dict(vars(parts)),
                 reasons=explain(person, job, parts, shared))


# --- whole collections at once ---------------------------------------------------------------------------


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


class TalentMatcher:
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


def _order_key(card_id: CardId) -> tuple[int, int, str]:
    return (0, card_id, "") if isinstance(card_id, int) else (1, 0, str(card_id))


def _harmonic(a: FloatArray, b: FloatArray) -> FloatArray:
    total = a + b
    return np.divide(2.0 * a * b, total, out=np.zeros_like(total), where=total > 0)


def _step_array(table: tuple[tuple[int, float], ...], gaps: npt.NDArray[np.int64]) -> FloatArray:
    low, high = table[0][0], table[-1][0]
    lookup = dict(table)
    values = np.array([lookup[g] for g in range(low, high + 1)])
    return np.asarray(values[np.clip(gaps, low, high) - low], np.float64)


def _top(scores: FloatArray, ids: Sequence[tuple[int, int, str]], top: int, min_score: float) -> list[int]:
    """Indices of the `top` best scores above `min_score`, ties broken by id so results are stable."""
    if top <= 0 or len(scores) == 0:
        return []
    candidates = np.flatnonzero(scores > min_score) if min_score > 0 else np.flatnonzero(scores > 0)
    if len(candidates) > 4 * top:
        # Keep everything tied with the cut-off so the id tie-break sees all of them.
        cut = np.partition(scores[candidates], len(candidates) - top)[len(candidates) - top]
        candidates = candidates[scores[candidates] >= cut]
    ordered = sorted(candidates.tolist(), key=lambda i: (-float(scores[i]), ids[i]))
    return ordered[:top]


def explain_in(matcher: TalentMatcher, person: PersonCard, job: JobCard) -> Match:
    """One pair scored and explained with the matcher's vocabulary and idf, so it agrees with its rankings."""
    person_terms = _expand(index_terms(person_text(person)))
    job_terms = index_terms(job.text)
    return matcher._explained(person, job, matcher.space.vector(person_terms), person_terms, job_terms)
