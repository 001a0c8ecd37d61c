"""The matcher's prepared state, persisted and cached: no request analyses or rebuilds the whole collection.

Before, every "jobs for me" and "people for this job" read every open job and visible profile through the
ORM, analysed all their texts with Kiwi and built the matrices: seconds at 20,000 profiles. Now:

- `talent_match_cards` holds, per job and profile, the matcher's inputs (the card), the analysed text's
  terms, a content hash and a change counter `seq`. Session hooks write the row in the same transaction
  as every ORM insert, update or delete of a job or profile (the way `matching.indexing` keeps
  `search_documents` current), analysing only records whose card changed, in one batch before commit.
- Each process keeps a `MatchPool` per database, synced like the search index's `LiveIndex`: one small
  query compares a fingerprint (count, sum and max of `seq`, and the job and profile tables' row counts
  and newest ids); equal means up to date. Otherwise rows newer than the newest seen are loaded, and if the
  fingerprints still differ (deletes, out-of-order commits) every key's `seq` is reconciled. Jobs or
  profiles without a card, or cards without a record (written around the ORM: bulk loads, a database
  migrated before this table existed, deletes by raw SQL) are put right in the same sync.
- Views over the pool (the jobs open today, the visible people) are laid out per block of rows, so after a
  write only the changed block is redone; they are kept until the next change (see match_pool.py).

Updates that bypass the ORM (bulk UPDATE statements) are not seen, as with the search index:
`bitgoeul talent rebuild-matching` rewrites every card.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, func, insert, inspect, or_, select, tuple_
from sqlalchemy.orm import InstanceState, Session, UOWTransaction

from bitgoeul.accounts.models import User
from bitgoeul.matching import userwords
from bitgoeul.organisations.models import Organisation
from bitgoeul.talent.match_pool import MatchPool
from bitgoeul.talent.matching import (
    JobCard,
    JobView,
    Match,
    PeopleView,
    PersonCard,
    PreparedJob,
    PreparedPerson,
    _expand,
    explain_pair,
    person_text,
    rank_jobs,
    rank_people,
)
from bitgoeul.talent.models import Job, MatchCard, TalentProfile
from bitgoeul.text import index_terms, index_terms_many

log = logging.getLogger(__name__)

# Part of every content hash: bump it when the analysis or the card layout changes (and run
# `bitgoeul talent rebuild-matching`; otherwise cards are rewritten as their records are written).
CARD_VERSION = 1
JOB, PROFILE = "job", "profile"
_INFO_PENDING = "bitgoeul.talent.cards.pending"  # id(object) -> job or profile to (re)write before commit
_INFO_REMOVED = "bitgoeul.talent.cards.removed"  # (kind, id) to delete
_CHUNK = 500


# --- cards -----------------------------------------------------------------------------------------------


def job_card(job: Job) -> JobCard:
    return JobCard(id=job.id, skills_must=tuple(job.skills_must or ()), skills_nice=tuple(job.skills_nice or ()),
                   seniority=job.seniority, region=job.region, work_mode=job.work_mode, salary_min=job.salary_min,
                   salary_max=job.salary_max, languages=tuple(job.languages or ()),
                   text=f"{job.title_ko} {job.title_en} {job.description_ko} {job.description_en}")


def profile_card(profile: TalentProfile) -> PersonCard:
    return PersonCard(id=profile.id, skills=tuple(profile.skills or ()), seniority=profile.seniority,
                      years=profile.years_experience, home_region=profile.home_region,
                      wish_regions=tuple(profile.wish_regions or ()), work_mode=profile.work_mode,
                      salary_wish=profile.salary_wish, languages=tuple(profile.languages or ()),
                      interest=f"{profile.headline} {profile.desired_roles}")


def _job_data(job: Job) -> dict[str, Any]:
    card = job_card(job)
    return {"skills_must": list(card.skills_must), "skills_nice": list(card.skills_nice),
            "seniority": card.seniority, "region": card.region, "work_mode": card.work_mode,
            "salary_min": card.salary_min, "salary_max": card.salary_max, "languages": list(card.languages),
            "text": card.text, "status": job.status,
            "deadline": job.deadline.isoformat() if job.deadline is not None else None}


def _profile_data(profile: TalentProfile) -> dict[str, Any]:
    card = profile_card(profile)
    return {"skills": list(card.skills), "seniority": card.seniority, "years": card.years,
            "home_region": card.home_region, "wish_regions": list(card.wish_regions), "work_mode": card.work_mode,
            "salary_wish": card.salary_wish, "languages": list(card.languages), "interest": card.interest,
            "visible": bool(profile.visible), "user_id": profile.user_id}


def _job_from(record_id: int, data: dict[str, Any]) -> JobCard:
    return JobCard(id=record_id, skills_must=tuple(data["skills_must"]), skills_nice=tuple(data["skills_nice"]),
                   seniority=data["seniority"], region=data["region"], work_mode=data["work_mode"],
                   salary_min=data["salary_min"], salary_max=data["salary_max"],
                   languages=tuple(data["languages"]), text=data["text"])


def _person_from(record_id: int, data: dict[str, Any]) -> PersonCard:
    return PersonCard(id=record_id, skills=tuple(data["skills"]), seniority=data["seniority"], years=data["years"],
                      home_region=data["home_region"], wish_regions=tuple(data["wish_regions"]),
                      work_mode=data["work_mode"], salary_wish=data["salary_wish"],
                      languages=tuple(data["languages"]), interest=data["interest"])


@dataclass(frozen=True)
class _Card:
    kind: str
    record_id: int
    text: str
    data: dict[str, Any]
    content_hash: str


def _card(kind: str, record_id: int, data: dict[str, Any]) -> _Card:
    text = data["text"] if kind == JOB else person_text(_person_from(record_id, data))
    payload = json.dumps({"v": CARD_VERSION, "k": kind, "d": data}, ensure_ascii=False, sort_keys=True)
    return _Card(kind, record_id, text, data, hashlib.sha256(payload.encode()).hexdigest())


def _card_of(record: Job | TalentProfile) -> _Card:
    if isinstance(record, Job):
        return _card(JOB, record.id, _job_data(record))
    return _card(PROFILE, record.id, _profile_data(record))


def _terms(cards: Sequence[_Card]) -> list[list[str]]:
    """Index terms of each card's text, as the matcher analyses it (profiles with glossary expansions)."""
    distinct = list(dict.fromkeys(c.text for c in cards))
    if len(distinct) < 24:
        analysed = {t: index_terms(t) for t in distinct}
    else:
        analysed = dict(zip(distinct, (list(t) for t in index_terms_many(distinct)), strict=True))
    return [analysed[c.text] if c.kind == JOB else _expand(analysed[c.text]) for c in cards]


# --- writing the table -----------------------------------------------------------------------------------


def _next_seq(connection: Connection) -> int:
    return int(connection.execute(select(func.coalesce(func.max(MatchCard.seq), 0))).scalar_one()) + 1


def _upsert(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert or replace by (kind, record_id); concurrent writers of one card wait for each other."""
    columns = ("seq", "content_hash", "text", "card", "terms")
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        pg = pg_insert(MatchCard)
        connection.execute(pg.on_conflict_do_update(index_elements=["kind", "record_id"],
                                                    set_={c: pg.excluded[c] for c in columns}), rows)
    elif connection.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        lite = sqlite_insert(MatchCard)
        connection.execute(lite.on_conflict_do_update(index_elements=["kind", "record_id"],
                                                      set_={c: lite.excluded[c] for c in columns}), rows)
    else:  # pragma: no cover - the project runs on SQLite and PostgreSQL
        _delete(connection, [(r["kind"], r["record_id"]) for r in rows])
        connection.execute(insert(MatchCard), rows)


def _delete(connection: Connection, keys: Iterable[tuple[str, int]]) -> None:
    keys = list(dict.fromkeys(keys))
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start:start + _CHUNK]
        connection.execute(delete(MatchCard).where(tuple_(MatchCard.kind, MatchCard.record_id).in_(chunk)))


def write_cards(connection: Connection, cards: Sequence[_Card], *, force: bool = False) -> int:
    """Store the cards whose content changed (all with `force`), analysed in one batch; returns rows written."""
    latest = {(c.kind, c.record_id): c for c in cards}
    existing: dict[tuple[str, int], str] = {}
    keys = list(latest)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start:start + _CHUNK]
        rows = connection.execute(select(MatchCard.kind, MatchCard.record_id, MatchCard.content_hash)
                                  .where(tuple_(MatchCard.kind, MatchCard.record_id).in_(chunk)))
        existing.update({(k, int(r)): h for k, r, h in rows})
    changed = [c for key, c in latest.items() if force or existing.get(key) != c.content_hash]
    if not changed:
        return 0
    userwords.load(connection)  # cut texts with the user dictionary every process uses
    seq = _next_seq(connection)
    for start in range(0, len(changed), _CHUNK):
        batch = changed[start:start + _CHUNK]
        _upsert(connection, [{"kind": c.kind, "record_id": c.record_id, "seq": seq, "content_hash": c.content_hash,
                              "text": c.text, "card": c.data, "terms": terms}
                             for c, terms in zip(batch, _terms(batch), strict=True)])
    return len(changed)


def _ids(session: Session, kind: str) -> list[int]:
    model = Job if kind == JOB else TalentProfile
    return [int(i) for i in session.scalars(select(model.id).order_by(model.id))]


def _cards_of(session: Session, kind: str, ids: Sequence[int]) -> list[_Card]:
    """The current cards of these jobs or profiles, read through the ORM in chunks."""
    cards: list[_Card] = []
    with session.no_autoflush:
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start:start + _CHUNK])
            records: Iterable[Job | TalentProfile] = (
                session.scalars(select(Job).where(Job.id.in_(chunk))).unique() if kind == JOB
                else session.scalars(select(TalentProfile).where(TalentProfile.id.in_(chunk))).unique())
            cards += [_card_of(r) for r in records]
    return cards


def rebuild(session: Session) -> int:
    """Rewrite the card of every job and profile (after writes that bypassed the ORM); returns rows written."""
    session.flush()
    flush_cards(session)
    connection = session.connection()
    written = 0
    for kind in (JOB, PROFILE):
        ids = _ids(session, kind)
        for start in range(0, len(ids), _CHUNK):
            written += write_cards(connection, _cards_of(session, kind, ids[start:start + _CHUNK]), force=True)
        stored = set(connection.execute(select(MatchCard.record_id).where(MatchCard.kind == kind)).scalars())
        _delete(connection, [(kind, int(r)) for r in stored - set(ids)])
    return written


def reanalyse_containing(connection: Connection, words: list[str]) -> None:
    """User words just given to Kiwi cut some texts differently: re-analyse the cards that contain them (the
    talent manifest's "matching.user_words_activated" hook)."""
    found: dict[tuple[str, int], _Card] = {}
    for start in range(0, len(words), 50):
        condition = [MatchCard.text.contains(w, autoescape=True) for w in words[start:start + 50]]
        for kind, record_id, data in connection.execute(
                select(MatchCard.kind, MatchCard.record_id, MatchCard.card).where(or_(*condition))):
            found[(kind, int(record_id))] = _card(kind, int(record_id), data)
    if found:
        write_cards(connection, list(found.values()), force=True)


# --- session hooks ---------------------------------------------------------------------------------------


def _key_of(record: object) -> tuple[str, int] | None:
    identity = inspect(record).identity
    if not identity:
        return None
    return (JOB if isinstance(record, Job) else PROFILE, int(identity[0]))


def _before_flush(session: Session, _context: UOWTransaction, _instances: object) -> None:
    removed: set[tuple[str, int]] = session.info.setdefault(_INFO_REMOVED, set())
    with session.no_autoflush:
        for record in list(session.deleted):
            if isinstance(record, Job | TalentProfile):
                if (key := _key_of(record)) is not None:
                    removed.add(key)
            elif isinstance(record, Organisation) and record.id is not None:
                # The database deletes the organisation's jobs by cascade: no ORM delete to see.
                jobs = session.scalars(select(Job.id).where(Job.organisation_id == record.id))
                removed.update((JOB, i) for i in jobs)
            elif isinstance(record, User) and record.id is not None:
                removed.update((PROFILE, i) for i in
                               session.scalars(select(TalentProfile.id).where(TalentProfile.user_id == record.id)))


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    # By object: new rows get their identity only after this hook (keys are taken in flush_cards).
    pending: dict[int, Job | TalentProfile] = session.info.setdefault(_INFO_PENDING, {})
    for record in (*session.new, *session.dirty):
        if isinstance(record, Job | TalentProfile) and record not in session.deleted:
            pending[id(record)] = record


def flush_cards(session: Session) -> int:
    """Write the cards of the jobs and profiles this transaction changed; returns rows written.

    Runs before commit and before any matching in the session, so a transaction sees its own writes.
    """
    pending: dict[int, Job | TalentProfile] = session.info.pop(_INFO_PENDING, {})
    removed: set[tuple[str, int]] = session.info.pop(_INFO_REMOVED, set())
    if not pending and not removed:
        return 0
    live: dict[tuple[str, int], Job | TalentProfile] = {}
    for record in pending.values():
        state: InstanceState[Any] = inspect(record)
        if not (state.deleted or state.was_deleted or state.detached) and (key := _key_of(record)) is not None:
            live[key] = record
    connection = session.connection()
    _delete(connection, removed - set(live))
    with session.no_autoflush:
        cards = [_card_of(r) for r in live.values()]
    return write_cards(connection, cards)


def _before_commit(session: Session) -> None:
    session.flush()
    flush_cards(session)


def _after_rollback(session: Session) -> None:
    session.info.pop(_INFO_PENDING, None)
    session.info.pop(_INFO_REMOVED, None)


# Session event -> listener; core/registry.install_hooks attaches them (the talent manifest names this).
SESSION_HOOKS: dict[str, Callable[..., None]] = {
    "before_flush": _before_flush,
    "after_flush": _after_flush,
    "before_commit": _before_commit,
    "after_rollback": _after_rollback,
}


# --- the in-memory pool of one database ------------------------------------------------------------------


Fingerprint = tuple[int, int, int, int, int, int, int]


class MatchStore:
    """A `MatchPool` of every job and profile of one database, level with `talent_match_cards`."""

    def __init__(self) -> None:
        self.pool = MatchPool()
        self.seq_of: dict[tuple[str, int], int] = {}
        self.lock = threading.RLock()
        self._remote: Fingerprint | None = None
        # Running totals of `seq_of` and the newest id per kind (None: recount), so a sync after a write
        # does not walk every key to compare fingerprints.
        self._seq_sum = 0
        self._seq_max: int | None = 0
        self._max_id: dict[str, int | None] = {JOB: 0, PROFILE: 0}

    # ------------------------------------------------------------------ syncing
    def sync(self, session: Session) -> None:
        """Catch up with the table (one small query when nothing changed); give missing records cards."""
        connection = session.connection()
        with self.lock:
            remote = self._fingerprint(connection)
            if remote == self._remote:
                return
            self._catch_up(connection, remote[:3])
            if self._sources(remote) != self._local_sources():
                self._repair(session)
                remote = self._fingerprint(connection)
                self._catch_up(connection, remote[:3])
            self._remote = remote

    def _fingerprint(self, connection: Connection) -> Fingerprint:
        def one(column: Any, table: Any) -> Any:
            return select(column).select_from(table).scalar_subquery()

        # Sources by row count and newest id (both cheap): enough to notice rows written around the ORM.
        row = connection.execute(select(
            one(func.count(), MatchCard), one(func.coalesce(func.sum(MatchCard.seq), 0), MatchCard),
            one(func.coalesce(func.max(MatchCard.seq), 0), MatchCard),
            one(func.count(), Job), one(func.coalesce(func.max(Job.id), 0), Job),
            one(func.count(), TalentProfile), one(func.coalesce(func.max(TalentProfile.id), 0), TalentProfile),
        )).one()
        return (int(row[0]), int(row[1]), int(row[2]), int(row[3]), int(row[4]), int(row[5]), int(row[6]))

    @staticmethod
    def _sources(remote: Fingerprint) -> tuple[int, int, int, int]:
        return remote[3], remote[4], remote[5], remote[6]

    def _local_sources(self) -> tuple[int, int, int, int]:
        for kind, ids in ((JOB, self.pool.jobs), (PROFILE, self.pool.people)):
            if self._max_id[kind] is None:
                self._max_id[kind] = max((int(i) for i in ids), default=0)
        return len(self.pool.jobs), self._max_id[JOB] or 0, len(self.pool.people), self._max_id[PROFILE] or 0

    def _local(self) -> tuple[int, int, int]:
        if self._seq_max is None:
            self._seq_max = max(self.seq_of.values(), default=0)
        return len(self.seq_of), self._seq_sum, self._seq_max

    def _catch_up(self, connection: Connection, remote: tuple[int, int, int]) -> None:
        if remote == self._local():
            return
        self._load(connection, [MatchCard.seq > self._local()[2]])
        if self._local() == remote:
            return
        stored = {(k, int(r)): int(s) for k, r, s in
                  connection.execute(select(MatchCard.kind, MatchCard.record_id, MatchCard.seq))}
        for key in [k for k in self.seq_of if k not in stored]:
            self._drop(key)
        stale = [k for k, s in stored.items() if self.seq_of.get(k) != s]
        for start in range(0, len(stale), _CHUNK):
            self._load(connection, [tuple_(MatchCard.kind, MatchCard.record_id).in_(stale[start:start + _CHUNK])])

    def _load(self, connection: Connection, where: Sequence[Any]) -> None:
        statement = (select(MatchCard.kind, MatchCard.record_id, MatchCard.seq, MatchCard.card, MatchCard.terms)
                     .where(*where).order_by(MatchCard.seq, MatchCard.id))
        for kind, record_id, seq, data, terms in connection.execute(statement):
            record_id = int(record_id)
            if kind == JOB:
                deadline = date.fromisoformat(data["deadline"]) if data.get("deadline") else None
                self.pool.put_job(PreparedJob(_job_from(record_id, data), tuple(terms)),
                                  listed=data["status"] == "published", until=deadline)
            else:
                self.pool.put_person(PreparedPerson(_person_from(record_id, data), tuple(terms)),
                                     listed=bool(data["visible"]))
            self._forget_seq((kind, record_id))
            self.seq_of[(kind, record_id)] = int(seq)
            self._seq_sum += int(seq)
            if self._seq_max is not None:
                self._seq_max = max(self._seq_max, int(seq))
            known = self._max_id[kind]
            if known is not None:
                self._max_id[kind] = max(known, record_id)

    def _forget_seq(self, key: tuple[str, int]) -> None:
        seq = self.seq_of.pop(key, None)
        if seq is not None:
            self._seq_sum -= seq
            if seq == self._seq_max:
                self._seq_max = None

    def _drop(self, key: tuple[str, int]) -> None:
        kind, record_id = key
        if kind == JOB:
            self.pool.remove_job(record_id)
        else:
            self.pool.remove_person(record_id)
        self._forget_seq(key)
        if record_id == self._max_id[kind]:
            self._max_id[kind] = None

    def _repair(self, session: Session) -> None:
        """Cards for jobs and profiles that have none; no cards for records that are gone."""
        connection = session.connection()
        for kind, known in ((JOB, self.pool.jobs), (PROFILE, self.pool.people)):
            ids = set(_ids(session, kind))
            _delete(connection, [(kind, int(i)) for i in known if i not in ids])
            missing = sorted(i for i in ids if i not in known)
            if missing:
                log.info("talent matching: writing %d missing %s cards", len(missing), kind)
            for start in range(0, len(missing), _CHUNK):
                write_cards(connection, _cards_of(session, kind, missing[start:start + _CHUNK]))

    # ------------------------------------------------------------------ reading
    def _jobs_view(self, today: date, extra: JobCard | None = None) -> JobView:
        """The open jobs (published, deadline not passed), with `extra` in their term space."""
        return self.pool.job_view(today, extra)

    def jobs_for(self, person: PersonCard, today: date, top: int = 20) -> list[Match]:
        """Open jobs ranked for a person (a profile's card as it is now)."""
        return rank_jobs(self._jobs_view(today), self.pool.person_row(person), self.pool.params, top)

    def people_for(self, job: JobCard, today: date, top: int = 20,
                   people: Sequence[PersonCard] | None = None) -> list[Match]:
        """Visible people (or `people`) ranked for a job, in the term space of the open jobs and this one."""
        view = self._jobs_view(today, job)
        if people is None:
            crowd: PeopleView = self.pool.people_view()  # the visible profiles
        else:
            crowd = self.pool.people_of(people)
        return rank_people(view, crowd, self.pool.job_row(job), self.pool.params, top)

    def explain(self, person: PersonCard, job: JobCard, today: date) -> Match:
        """One pair, scored as on "jobs for me" (the open jobs' term space, with this job in it)."""
        return explain_pair(self._jobs_view(today, job), self.pool.person_row(person), self.pool.job_row(job),
                            self.pool.params)


_lock = threading.Lock()
_stores: dict[str, MatchStore] = {}


def store_for(session: Session) -> MatchStore:
    """The synced matching state of the session's database (this transaction's own writes included)."""
    session.flush()
    flush_cards(session)
    url = session.get_bind().engine.url.render_as_string(hide_password=False)
    with _lock:
        store = _stores.get(url)
        if store is None:
            store = _stores[url] = MatchStore()
    userwords.load(session.connection())  # a card analysed on the spot is cut like the stored ones
    store.sync(session)
    return store


def forget(url: str | None = None) -> None:
    """Drop in-memory pools (all, or one database's): the next request reloads from the table."""
    with _lock:
        if url is None:
            _stores.clear()
        else:
            _stores.pop(url, None)
