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

import itertools
import math
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar, Generic, Self, TypeVar

import numpy as np
import numpy.typing as npt
from scipy import sparse

from bitgoeul.talent.codes import MODE_LABELS, SENIORITY_LABELS, SENIORITY_RANK
from bitgoeul.talent.skills import canonical_skills, skill_label
from bitgoeul.text import default_glossary, index_terms, index_terms_many
from bitgoeul.text.regions import city_of

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


def _names(keys: Iterable[str], shown: dict[str, str], language: str) -> str:
    """The skills in one language: a common-noun skill by its catalog name, a proper name as the job typed it."""
    return ", ".join(skill_label(shown.get(k, k), language) for k in keys)


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
        good.append(Reason(f"필수 기술 {len(must)}개 중 {len(have)}개 보유: {_names(have, shown, 'ko')}",
                           f"Has {len(have)} of {len(must)} must-have skills: {_names(have, shown, 'en')}"))
    if missing:
        bad.append(Reason(f"필수 기술 부족: {_names(missing, shown, 'ko')}",
                          f"Missing must-have skills: {_names(missing, shown, 'en')}", good=False))
    nice_have = [k for k in canonical_skills(job.skills_nice) if k in skills]
    if nice_have:
        good.append(Reason(f"우대 기술: {_names(nice_have, shown, 'ko')}",
                           f"Nice-to-have skills: {_names(nice_have, shown, 'en')}"))
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
#
# Analysing texts (Kiwi) is by far the slowest step, so it happens once per card: a `PreparedJob` or
# `PreparedPerson` holds the card and its index terms, and can be stored and loaded again. A `Codebook`
# turns prepared cards into rows of small integer ids (terms, skills, cities, languages); a `JobView` is
# one set of jobs as arrays, with the term space (vocabulary, idf) those jobs define; a `PeopleView` is one
# set of people. Building views from rows is a few array concatenations, so views over changing subsets
# (the open jobs today, the visible people) are cheap to rebuild; `match_pool.MatchPool` keeps rows and
# views between requests. `TalentMatcher` builds all of it from plain cards in one go.

IntArray = npt.NDArray[np.int64]
_NO_IDS: IntArray = np.zeros(0, np.int64)
_NO_WEIGHTS: FloatArray = np.zeros(0, np.float64)


@dataclass(frozen=True)
class PreparedJob:
    """A job card with the index terms of its text."""

    card: JobCard
    terms: tuple[str, ...]


@dataclass(frozen=True)
class PreparedPerson:
    """A person card with the index terms of what they want (glossary expansions included)."""

    card: PersonCard
    terms: tuple[str, ...]


def job_terms(card: JobCard) -> list[str]:
    return index_terms(card.text)


def person_terms(card: PersonCard) -> list[str]:
    return _expand(index_terms(person_text(card)))


def _analysed(texts: list[str]) -> list[list[str]]:
    """Index terms of many texts: Kiwi's batch mode for many, the per-text cache for a few (same terms)."""
    if len(texts) < 24:
        return [index_terms(t) for t in texts]
    return [list(t) for t in index_terms_many(texts)]


def prepare_jobs(cards: Sequence[JobCard]) -> list[PreparedJob]:
    return [PreparedJob(c, tuple(t)) for c, t in zip(cards, _analysed([c.text for c in cards]), strict=True)]


def prepare_people(cards: Sequence[PersonCard]) -> list[PreparedPerson]:
    terms = _analysed([person_text(c) for c in cards])
    return [PreparedPerson(c, tuple(_expand(t))) for c, t in zip(cards, terms, strict=True)]


@dataclass(frozen=True, eq=False)
class JobRow:
    """A prepared job as ids: unique term ids with their log term frequencies, skill ids, codes."""

    prepared: PreparedJob
    term_ids: IntArray
    term_tf: FloatArray
    must: IntArray
    nice: IntArray
    uses: IntArray
    must_n: int  # canonical skill counts (ids of unknown skills may be missing above; these never are)
    nice_n: int
    uses_n: int
    rank: int
    city: int  # -1: no place; -2: a place no row has
    mode: int  # index in JOB_MODES (unknown -> on-site)
    salary_max: float  # nan when the job gives none
    languages: int  # bit mask
    order: tuple[int, int, str]


@dataclass(frozen=True, eq=False)
class PersonRow:
    prepared: PreparedPerson
    term_ids: IntArray
    term_tf: FloatArray
    skills: IntArray
    rank: int
    home: int
    wishes: IntArray  # city codes of the places named (known ones)
    mode: int  # index in PERSON_MODES (unknown -> any)
    salary: float  # nan when no wish
    salary_wish: int | None
    languages: int
    order: tuple[int, int, str]


class Codebook:
    """Small integer ids for terms, skills, cities and languages, shared by every row built with it.

    Ids only grow, so a row stays valid while others come and go; a view sizes its arrays to the ids that
    existed when it was built, and rows or queries with newer ids simply meet nothing there. Rows for
    queries (`add=False`) leave the codebook as it is: an id it lacks belongs to no row of any view.
    """

    MAX_LANGUAGES = 62  # bits 0-61 of an int64 mask; bit 62 marks a language no row has (queries only)

    def __init__(self) -> None:
        self.terms: dict[str, int] = {}
        self.skills: dict[str, int] = {}
        self.cities: dict[str, int] = {}
        self.languages: dict[str, int] = {}

    def _ids(self, table: dict[str, int], names: Iterable[str], add: bool) -> IntArray:
        if add:
            return np.array([table.setdefault(n, len(table)) for n in names], np.int64)
        return np.array([table[n] for n in names if n in table], np.int64)

    def _terms(self, terms: Sequence[str], add: bool) -> tuple[IntArray, FloatArray]:
        counts = Counter(terms)
        if not add:
            counts = Counter({t: c for t, c in counts.items() if t in self.terms})
        if not counts:
            return _NO_IDS, _NO_WEIGHTS
        ids = self._ids(self.terms, counts, add)
        return ids, np.array([1.0 + math.log(c) for c in counts.values()], np.float64)

    def city(self, region: str, add: bool) -> int:
        name = city_of(region)
        if not name:
            return -1
        if add:
            return self.cities.setdefault(name, len(self.cities))
        return self.cities.get(name, -2)

    def _languages(self, codes: Iterable[str], add: bool) -> int:
        mask = 0
        for code in codes:
            if code not in self.languages:
                if not add:
                    mask |= 1 << self.MAX_LANGUAGES  # a language no row has: outside every row's mask
                    continue
                if len(self.languages) >= self.MAX_LANGUAGES:
                    raise ValueError(f"more than {self.MAX_LANGUAGES} language codes")
                self.languages[code] = len(self.languages)
            mask |= 1 << self.languages[code]
        return mask

    def job_row(self, prepared: PreparedJob, add: bool = True) -> JobRow:
        job = prepared.card
        ids, tf = self._terms(prepared.terms, add)
        must = canonical_skills(job.skills_must)
        nice = canonical_skills(job.skills_nice)
        uses = canonical_skills(list(job.skills_must) + list(job.skills_nice))
        return JobRow(prepared=prepared, term_ids=ids, term_tf=tf, must=self._ids(self.skills, must, add),
                      nice=self._ids(self.skills, nice, add), uses=self._ids(self.skills, uses, add),
                      must_n=len(must), nice_n=len(nice), uses_n=len(uses),
                      rank=SENIORITY_RANK.get(job.seniority, 1), city=self.city(job.region, add),
                      mode=JOB_MODES.index(job.work_mode) if job.work_mode in JOB_MODES else 0,
                      salary_max=np.nan if job.salary_max is None else float(job.salary_max),
                      languages=self._languages(job.languages, add), order=_order_key(job.id))

    def person_row(self, prepared: PreparedPerson, add: bool = True) -> PersonRow:
        person = prepared.card
        ids, tf = self._terms(prepared.terms, add)
        wishes = [c for c in (self.city(w, add) for w in person.wish_regions) if c >= 0]
        return PersonRow(prepared=prepared, term_ids=ids, term_tf=tf,
                         skills=self._ids(self.skills, canonical_skills(person.skills), add),
                         rank=SENIORITY_RANK.get(person.seniority, 0), home=self.city(person.home_region, add),
                         wishes=np.array(sorted(set(wishes)), np.int64),
                         mode=PERSON_MODES.index(person.work_mode) if person.work_mode in PERSON_MODES else 0,
                         salary=np.nan if not person.salary_wish else float(person.salary_wish),
                         salary_wish=person.salary_wish, languages=self._languages(person.languages, add),
                         order=_order_key(person.id))


def _concat(parts: Sequence[npt.NDArray[Any]], dtype: type[Any]) -> npt.NDArray[Any]:
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype)


def _indptr(lengths: Sequence[int] | IntArray) -> IntArray:
    out = np.zeros(len(lengths) + 1, np.int64)
    np.cumsum(lengths, out=out[1:])
    return out


def _unit_rows(indptr: IntArray, indices: IntArray, weights: FloatArray, columns: int) -> sparse.csr_matrix:
    """CSR of the weights with every non-empty row scaled to length 1 (explicit zeros dropped)."""
    rows = len(indptr) - 1
    row_of = np.repeat(np.arange(rows), np.diff(indptr))
    norms = np.sqrt(np.bincount(row_of, weights=weights * weights, minlength=rows))
    data = weights / np.where(norms > 0, norms, 1.0)[row_of]
    matrix = sparse.csr_matrix((data, indices, indptr), shape=(rows, columns))
    matrix.eliminate_zeros()
    return matrix


def _unit_vector(ids: IntArray, tf: FloatArray, idf: FloatArray, size: int) -> FloatArray:
    """One text's idf-weighted, length-1 vector in a view's term space (terms outside it weigh nothing)."""
    keep = ids < len(idf)
    ids = ids[keep]
    weights = tf[keep] * idf[ids]
    vector = np.zeros(size)
    norm = float(np.linalg.norm(weights))
    if norm > 0:
        vector[ids] = weights / norm
    return vector


@dataclass(frozen=True, eq=False)
class Part:
    """Some rows laid out as arrays (variable-length id lists as lengths plus one concatenation). A view joins
    parts with a few concatenations, so a pool that keeps one part per block of rows lays out only the
    changed block again after a write."""

    rows: list[Any]
    orders: list[tuple[int, int, str]]  # the rows' id order keys (ties in a ranking go by these)
    arrays: dict[str, npt.NDArray[Any]]

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class _Layout:
    lists: tuple[str, ...]  # int id arrays of any length
    floats: tuple[str, ...]  # float arrays as long as `lists[0]`
    scalars: tuple[tuple[str, type[Any]], ...]

    def part(self, rows: Sequence[Any]) -> Part:
        rows = list(rows)
        n = len(rows)
        arrays: dict[str, npt.NDArray[Any]] = {}
        for name in self.lists:
            items = [getattr(r, name) for r in rows]
            arrays[f"{name}_lengths"] = np.fromiter((len(a) for a in items), np.int64, count=n)
            arrays[name] = _concat(items, np.int64)
        for name in self.floats:
            arrays[name] = _concat([getattr(r, name) for r in rows], np.float64)
        for name, dtype in self.scalars:
            arrays[name] = np.fromiter((getattr(r, name) for r in rows), dtype, count=n)
        return Part(rows, [r.order for r in rows], arrays)


JOB_LAYOUT = _Layout(lists=("term_ids", "must", "nice", "uses"), floats=("term_tf",),
                     scalars=(("must_n", np.float64), ("nice_n", np.float64), ("uses_n", np.float64),
                              ("rank", np.int64), ("city", np.int64), ("mode", np.int64),
                              ("salary_max", np.float64), ("languages", np.int64)))
PEOPLE_LAYOUT = _Layout(lists=("term_ids", "skills", "wishes"), floats=("term_tf",),
                        scalars=(("rank", np.int64), ("home", np.int64), ("mode", np.int64), ("salary", np.float64),
                                 ("languages", np.int64)))


def _joined(parts: Sequence[Part], name: str, dtype: type[Any]) -> npt.NDArray[Any]:
    return _concat([p.arrays[name] for p in parts], dtype)


def _joined_ones(parts: Sequence[Part], name: str, columns: int) -> sparse.csr_matrix:
    return _ones_csr(_joined(parts, f"{name}_lengths", np.int64), _joined(parts, name, np.int64), columns)


Row = TypeVar("Row", "JobRow", "PersonRow")


class _View(Generic[Row]):
    """Rows as arrays, joined from parts: the rows given, laid out as one part, or the parts a pool keeps (only
    a changed block is laid out again)."""

    LAYOUT: ClassVar[_Layout]

    def __init__(self, rows: Sequence[Row], book: Codebook) -> None:
        self._join([self.LAYOUT.part(rows)], book)

    @classmethod
    def of_parts(cls, parts: Sequence[Part], book: Codebook) -> Self:
        view = cls.__new__(cls)
        view._join(parts, book)
        return view

    def _join(self, parts: Sequence[Part], book: Codebook) -> None:
        """Lay the parts out as this view's arrays, ids into `book`'s columns (each view knows its own)."""
        raise NotImplementedError

    def _take_rows(self, parts: Sequence[Part]) -> None:
        self.rows: list[Row] = list(itertools.chain.from_iterable(p.rows for p in parts))
        self.ids = list(itertools.chain.from_iterable(p.orders for p in parts))

    def __len__(self) -> int:
        return len(self.rows)


class JobView(_View["JobRow"]):
    """A set of jobs as arrays, and the term space they define: vocabulary = their terms, idf over them."""

    LAYOUT = JOB_LAYOUT

    def _join(self, parts: Sequence[Part], book: Codebook) -> None:
        self._take_rows(parts)
        n = len(self.rows)
        terms = len(book.terms)
        skills = len(book.skills)
        indptr = _indptr(_joined(parts, "term_ids_lengths", np.int64))
        indices = _joined(parts, "term_ids", np.int64)
        df = np.bincount(indices, minlength=terms).astype(np.float64)
        self.idf = np.zeros(terms)
        present = df > 0
        self.idf[present] = np.log(1.0 + max(n, 1) / df[present])
        weights = _joined(parts, "term_tf", np.float64) * self.idf[indices]
        self.text = _unit_rows(indptr, indices, weights, terms)
        self.skill_columns = skills
        self.must = _joined_ones(parts, "must", skills)
        self.nice = _joined_ones(parts, "nice", skills)
        self.uses = _joined_ones(parts, "uses", skills)
        self.must_n = _joined(parts, "must_n", np.float64)
        self.nice_n = _joined(parts, "nice_n", np.float64)
        self.uses_n = _joined(parts, "uses_n", np.float64)
        self.rank = _joined(parts, "rank", np.int64)
        self.city = _joined(parts, "city", np.int64)
        self.mode = _joined(parts, "mode", np.int64)
        self.salary_max = _joined(parts, "salary_max", np.float64)
        self.languages = _joined(parts, "languages", np.int64)


def _ones_csr(lengths: IntArray, indices: IntArray, columns: int) -> sparse.csr_matrix:
    """Rows with a 1 in each listed column (ids at or beyond `columns` are newer than the view: dropped)."""
    if len(indices) and int(indices.max()) >= columns:
        keep = indices < columns
        lengths = np.bincount(np.repeat(np.arange(len(lengths)), lengths)[keep], minlength=len(lengths))
        indices = indices[keep]
    return sparse.csr_matrix((np.ones(len(indices)), indices, _indptr(lengths)), shape=(len(lengths), columns))


class PeopleView(_View["PersonRow"]):
    """A set of people as arrays; their text vectors are made per job view (its vocabulary and idf)."""

    LAYOUT = PEOPLE_LAYOUT

    def _join(self, parts: Sequence[Part], book: Codebook) -> None:
        self._take_rows(parts)
        self._indptr = _indptr(_joined(parts, "term_ids_lengths", np.int64))
        self._indices = _joined(parts, "term_ids", np.int64)
        self._tf = _joined(parts, "term_tf", np.float64)
        self.skills = _joined_ones(parts, "skills", len(book.skills))
        self.wish = _joined_ones(parts, "wishes", max(len(book.cities), 1))
        self.rank = _joined(parts, "rank", np.int64)
        self.home = _joined(parts, "home", np.int64)
        self.mode = _joined(parts, "mode", np.int64)
        self.salary = _joined(parts, "salary", np.float64)
        self.languages = _joined(parts, "languages", np.int64)
        self._texts: list[tuple[JobView, sparse.csr_matrix]] = []
        self._lock = threading.Lock()

    def text(self, jobs: JobView) -> sparse.csr_matrix:
        """The people's unit text vectors in the term space of `jobs` (the last few spaces are kept)."""
        with self._lock:
            for view, matrix in self._texts:
                if view is jobs:
                    return matrix
        idf = jobs.idf
        columns = max(len(idf), int(self._indices.max()) + 1 if len(self._indices) else 0)
        inside = self._indices < len(idf)
        weights = np.zeros(len(self._indices))
        weights[inside] = self._tf[inside] * idf[self._indices[inside]]
        matrix = _unit_rows(self._indptr, self._indices, weights, columns)
        with self._lock:
            self._texts = [(jobs, matrix), *self._texts[:2]]
        return matrix


_MODE_ROWS = np.array([[MODE_FIT[p][j] for j in JOB_MODES] for p in PERSON_MODES])  # person mode x job mode


def _missing_languages(needed: IntArray | int, spoken: IntArray | int) -> npt.NDArray[np.bool_]:
    """Where a needed language (bit) is not spoken."""
    return np.asarray(np.bitwise_and(np.asarray(needed, np.int64), np.invert(np.asarray(spoken, np.int64))) != 0)


def score_jobs(jobs: JobView, person: PersonRow, params: MatchParams
               ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """(mutual, person side, job side, cosine) of one person against every job of the view, in view order."""
    n = len(jobs)
    if n == 0:
        empty = np.zeros(0)
        return empty, empty, empty, empty
    has = np.zeros(jobs.skill_columns)
    has[person.skills[person.skills < jobs.skill_columns]] = 1.0
    must = np.divide(jobs.must @ has, jobs.must_n, out=np.ones(n), where=jobs.must_n > 0)
    nice = np.divide(jobs.nice @ has, jobs.nice_n, out=np.zeros(n), where=jobs.nice_n > 0)
    use = np.divide(jobs.uses @ has, jobs.uses_n, out=np.full(n, 0.5), where=jobs.uses_n > 0)
    cosine = jobs.text @ _unit_vector(person.term_ids, person.term_tf, jobs.idf, jobs.text.shape[1])
    text = np.minimum(1.0, cosine / params.cosine_full)
    interest = params.interest_text_share * text + (1 - params.interest_text_share) * use
    wished = [*person.wishes.tolist(), *([person.home] if person.home >= 0 else [])]
    region_ok = (np.isin(jobs.city, wished) & (jobs.city >= 0)) | (jobs.mode == JOB_MODES.index("remote"))
    place = _MODE_ROWS[person.mode][jobs.mode] * np.where(region_ok, 1.0, params.elsewhere_region)
    if not person.salary_wish or person.salary_wish <= 0:
        salary = np.ones(n)
    else:
        ratio = jobs.salary_max / person.salary_wish
        below = np.clip(1.0 - (1.0 - ratio) * params.salary_slope, 0.0, 1.0)
        salary = np.where(np.isnan(ratio), params.unknown_salary, np.where(ratio >= 1.0, 1.0, below))
    missing = _missing_languages(jobs.languages, person.languages)
    return (*_mutual_sides(params, interest, place, salary, person.rank - jobs.rank, must, nice, missing, region_ok),
            cosine)


def _mutual_sides(params: MatchParams, interest: FloatArray, place: FloatArray, salary: FloatArray,
                  gap: npt.NDArray[np.int64], must: FloatArray, nice: FloatArray, missing: npt.NDArray[np.bool_],
                  region_ok: npt.NDArray[np.bool_]) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(mutual, person side, job side) from the pieces both directions compute, element by element: one
    formula whether the person or the job is the one scored against many."""
    wish = _step_array(params.person_seniority, gap)
    fit = _step_array(params.job_seniority, gap)
    languages = np.where(missing, params.missing_language, 1.0)
    presence = np.where(region_ok, 1.0, params.elsewhere_presence)
    person_side = (0.4 + 0.6 * interest) * place * salary * wish
    job_side = must ** params.must_power * (0.7 + 0.3 * nice) * fit * languages * presence
    return _harmonic(person_side, job_side), person_side, job_side


def _coverage(people: PeopleView, ids: IntArray, count: int, empty: float) -> FloatArray:
    """Share of a job's `count` skills each person has (`empty` when the job names none)."""
    if count == 0:
        return np.full(len(people), empty)
    wanted = np.zeros(people.skills.shape[1])
    wanted[ids[ids < len(wanted)]] = 1.0
    return np.asarray(people.skills @ wanted).ravel() / count


def score_people(jobs: JobView, people: PeopleView, job: JobRow, params: MatchParams
                 ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """(mutual, person side, job side, cosine) of every person of the view against one job, in view order;
    texts compared in the term space of `jobs`."""
    n = len(people)
    if n == 0:
        empty = np.zeros(0)
        return empty, empty, empty, empty
    must = _coverage(people, job.must, job.must_n, 1.0)
    nice = _coverage(people, job.nice, job.nice_n, 0.0)
    use = _coverage(people, job.uses, job.uses_n, 0.5)
    texts = people.text(jobs)
    cosine = texts @ _unit_vector(job.term_ids, job.term_tf, jobs.idf, texts.shape[1])
    text = np.minimum(1.0, cosine / params.cosine_full)
    interest = params.interest_text_share * text + (1 - params.interest_text_share) * use
    if job.mode == JOB_MODES.index("remote"):
        region_ok = np.ones(n, bool)
    elif job.city < 0 or job.city >= people.wish.shape[1]:
        region_ok = np.zeros(n, bool)  # no place, or one none of these people names or lives in
    else:
        region_ok = (np.asarray(people.wish[:, job.city].todense()).ravel() > 0) | (people.home == job.city)
    place = _MODE_ROWS[people.mode, job.mode] * np.where(region_ok, 1.0, params.elsewhere_region)
    if np.isnan(job.salary_max):
        salary = np.where(np.isnan(people.salary), 1.0, params.unknown_salary)
    else:
        ratio = job.salary_max / people.salary
        below = np.clip(1.0 - (1.0 - ratio) * params.salary_slope, 0.0, 1.0)
        salary = np.where(np.isnan(ratio), 1.0, np.where(ratio >= 1.0, 1.0, below))
    missing = _missing_languages(job.languages, people.languages)
    return (*_mutual_sides(params, interest, place, salary, people.rank - job.rank, must, nice, missing, region_ok),
            cosine)


def rank_jobs(jobs: JobView, person: PersonRow, params: MatchParams, top: int = 20, min_score: float = 0.0,
              explain_top: bool = True) -> list[Match]:
    """The best `top` jobs of the view for the person by mutual score (ties by job id), explained."""
    mutual, _, _, cosine = score_jobs(jobs, person, params)
    chosen = _top(mutual, jobs.ids, top, min_score)
    card = person.prepared.card
    if not explain_top:
        return [Match(card.id, jobs.rows[i].prepared.card.id, float(mutual[i]), 0.0, 0.0) for i in chosen]
    return [_match(card, jobs.rows[i].prepared.card, float(cosine[i]), params,
                   _shared(person.prepared.terms, jobs.rows[i].prepared.terms)) for i in chosen]


def rank_people(jobs: JobView, people: PeopleView, job: JobRow, params: MatchParams, top: int = 20,
                min_score: float = 0.0, explain_top: bool = True) -> list[Match]:
    """The best `top` people of the view for the job by mutual score (ties by person id), explained."""
    mutual, _, _, cosine = score_people(jobs, people, job, params)
    chosen = _top(mutual, people.ids, top, min_score)
    card = job.prepared.card
    if not explain_top:
        return [Match(people.rows[i].prepared.card.id, card.id, float(mutual[i]), 0.0, 0.0) for i in chosen]
    return [_match(people.rows[i].prepared.card, card, float(cosine[i]), params,
                   _shared(people.rows[i].prepared.terms, job.prepared.terms)) for i in chosen]


def explain_pair(jobs: JobView, person: PersonRow, job: JobRow, params: MatchParams) -> Match:
    """One pair scored and explained in the term space of `jobs`, so it agrees with the view's rankings."""
    size = len(jobs.idf)
    cosine = float(_unit_vector(person.term_ids, person.term_tf, jobs.idf, size)
                   @ _unit_vector(job.term_ids, job.term_tf, jobs.idf, size))
    return _match(person.prepared.card, job.prepared.card, cosine, params,
                  _shared(person.prepared.terms, job.prepared.terms))


class TalentMatcher:
    """Scores one person against every job, or one job against every person, with sparse algebra.

    Build it over the open jobs and the visible people; `rank_jobs_for` and `rank_people_for` accept cards
    that are not in it (a profile being edited, a job being posted), scoring them against the collection.
    It analyses every text on construction; `match_pool.MatchPool` keeps prepared rows between requests.
    """

    def __init__(self, jobs: Sequence[JobCard], people: Sequence[PersonCard] = (),
                 params: MatchParams | None = None) -> None:
        self.params = params or MatchParams()
        self.jobs = list(jobs)
        self.people = list(people)
        self.book = Codebook()
        self.job_view = JobView([self.book.job_row(p) for p in prepare_jobs(self.jobs)], self.book)
        self.people_view = PeopleView([self.book.person_row(p) for p in prepare_people(self.people)], self.book)

    def _person(self, person: PersonCard) -> PersonRow:
        return self.book.person_row(PreparedPerson(person, tuple(person_terms(person))), add=False)

    def _job(self, job: JobCard) -> JobRow:
        return self.book.job_row(PreparedJob(job, tuple(job_terms(job))), add=False)

    def job_scores(self, person: PersonCard) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(mutual, person side, job side) of `person` against every job, in job order."""
        mutual, person_side, job_side, _ = score_jobs(self.job_view, self._person(person), self.params)
        return mutual, person_side, job_side

    def rank_jobs_for(self, person: PersonCard, top: int = 20, min_score: float = 0.0,
                      explain_top: bool = True) -> list[Match]:
        """The best `top` jobs for the person by mutual score (ties by job id), explained."""
        return rank_jobs(self.job_view, self._person(person), self.params, top, min_score, explain_top)

    def person_scores(self, job: JobCard) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(mutual, person side, job side) of every person against `job`, in people order."""
        mutual, person_side, job_side, _ = score_people(self.job_view, self.people_view, self._job(job),
                                                        self.params)
        return mutual, person_side, job_side

    def rank_people_for(self, job: JobCard, top: int = 20, min_score: float = 0.0,
                        explain_top: bool = True) -> list[Match]:
        """The best `top` people for the job by mutual score (ties by person id), explained."""
        return rank_people(self.job_view, self.people_view, self._job(job), self.params, top, min_score,
                           explain_top)

    def explain(self, person: PersonCard, job: JobCard) -> Match:
        return explain_pair(self.job_view, self._person(person), self._job(job), self.params)


def _order_key(card_id: CardId) -> tuple[int, int, str]:
    return (0, card_id, "") if isinstance(card_id, int) else (1, 0, str(card_id))


def _harmonic(a: FloatArray, b: FloatArray) -> FloatArray:
    total = a + b
    return np.divide(2.0 * a * b, total, out=np.zeros_like(total), where=total > 0)


def _step_array(table: tuple[tuple[int, float], ...], gaps: npt.NDArray[np.int64] | int) -> FloatArray:
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
    return matcher.explain(person, job)
