"""Prepared matching state kept between requests: a row for every job and person, and views over them.

Pure (no database, web or settings imports): `talent.match_store` fills a pool from the stored, already
analysed cards and keeps it level with every write. Rows sit in slots grouped in blocks of `BLOCK`; each block
keeps its listed rows laid out as arrays (a `Part`), so after a write only that block is laid out again, and
a view (the jobs open on a day, the listed people, the open jobs plus one draft being ranked) is a few
concatenations of the blocks' parts. Views are kept until a row changes, so a ranking costs the scoring alone.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from datetime import date
from typing import Generic, TypeVar

from bitgoeul.talent.matching import (
    JOB_LAYOUT,
    PEOPLE_LAYOUT,
    CardId,
    Codebook,
    JobCard,
    JobRow,
    JobView,
    MatchParams,
    Part,
    PeopleView,
    PersonCard,
    PersonRow,
    PreparedJob,
    PreparedPerson,
    _Layout,
    job_terms,
    person_terms,
)

_VIEWS_KEPT = 4
BLOCK = 256
R = TypeVar("R", JobRow, PersonRow)
V = TypeVar("V", JobView, PeopleView)


class _Slots(Generic[R]):
    """Rows by id in reusable slots; each block's listed rows as a `Part`, kept until one of them changes.

    A row is listed when `listed` and its `until` day (if any) is not before the day asked for."""

    def __init__(self, layout: _Layout) -> None:
        self.layout = layout
        self.rows: dict[CardId, R] = {}
        self._slot_of: dict[CardId, int] = {}
        self._slots: list[tuple[R, bool, date | None] | None] = []
        self._free: list[int] = []
        self._parts: dict[int, dict[date | None, Part]] = {}

    def put(self, card_id: CardId, row: R, listed: bool, until: date | None) -> None:
        slot = self._slot_of.get(card_id)
        if slot is None:
            slot = self._free.pop() if self._free else len(self._slots)
            if slot == len(self._slots):
                self._slots.append(None)
            self._slot_of[card_id] = slot
        self.rows[card_id] = row
        self._slots[slot] = (row, listed, until)
        self._parts.pop(slot // BLOCK, None)

    def remove(self, card_id: CardId) -> bool:
        if self.rows.pop(card_id, None) is None:
            return False
        slot = self._slot_of.pop(card_id)
        self._slots[slot] = None
        self._free.append(slot)
        self._parts.pop(slot // BLOCK, None)
        return True

    def listed(self, card_id: CardId, day: date | None) -> bool:
        slot = self._slot_of.get(card_id)
        entry = self._slots[slot] if slot is not None else None
        return entry is not None and entry[1] and (entry[2] is None or day is None or entry[2] >= day)

    def parts(self, day: date | None, leave_out: CardId | None = None) -> list[Part]:
        """Every block's listed rows on `day` (`leave_out` skipped: its block is laid out afresh, not kept)."""
        out = []
        skip = self._slot_of.get(leave_out) if leave_out is not None else None
        for block in range((len(self._slots) + BLOCK - 1) // BLOCK):
            if skip is not None and skip // BLOCK == block:
                out.append(self.layout.part(self._listed_rows(block, day, skip)))
                continue
            kept = self._parts.setdefault(block, {})
            part = kept.get(day)
            if part is None:
                kept.clear()  # one day at a time: yesterday's parts are not asked for again
                part = kept[day] = self.layout.part(self._listed_rows(block, day, None))
            out.append(part)
        return out

    def _listed_rows(self, block: int, day: date | None, skip: int | None) -> list[R]:
        rows = []
        for slot in range(block * BLOCK, min((block + 1) * BLOCK, len(self._slots))):
            entry = self._slots[slot]
            if entry is not None and slot != skip and entry[1] and (entry[2] is None or day is None
                                                                     or entry[2] >= day):
                rows.append(entry[0])
        return rows


class MatchPool:
    """Rows of every job and person, by card id, in one codebook; views over the listed ones, cached."""

    def __init__(self, params: MatchParams | None = None) -> None:
        self.params = params or MatchParams()
        self.book = Codebook()
        self._jobs: _Slots[JobRow] = _Slots(JOB_LAYOUT)
        self._people: _Slots[PersonRow] = _Slots(PEOPLE_LAYOUT)
        self.job_version = 0
        self.people_version = 0
        self._lock = threading.RLock()
        self._job_views: OrderedDict[Hashable, JobView] = OrderedDict()
        self._people_views: OrderedDict[Hashable, PeopleView] = OrderedDict()

    @property
    def jobs(self) -> dict[CardId, JobRow]:
        return self._jobs.rows

    @property
    def people(self) -> dict[CardId, PersonRow]:
        return self._people.rows

    # ------------------------------------------------------------------ rows
    def put_job(self, prepared: PreparedJob, listed: bool = True, until: date | None = None) -> None:
        """Add or replace a job; `job_view(day)` ranks listed jobs whose `until` is not before the day
        (e.g. published jobs and their deadline)."""
        with self._lock:
            self._jobs.put(prepared.card.id, self.book.job_row(prepared), listed, until)
            self.job_version += 1

    def remove_job(self, job_id: CardId) -> None:
        with self._lock:
            if self._jobs.remove(job_id):
                self.job_version += 1

    def put_person(self, prepared: PreparedPerson, listed: bool = True) -> None:
        """Add or replace a person; `people_view` ranks the listed ones (e.g. visible profiles)."""
        with self._lock:
            self._people.put(prepared.card.id, self.book.person_row(prepared), listed, None)
            self.people_version += 1

    def remove_person(self, person_id: CardId) -> None:
        with self._lock:
            if self._people.remove(person_id):
                self.people_version += 1

    def person_row(self, card: PersonCard) -> PersonRow:
        """The pooled row when it holds exactly this card, else one analysed now (the pool is left unchanged)."""
        with self._lock:
            row = self._people.rows.get(card.id)
            if row is not None and row.prepared.card == card:
                return row
        prepared = PreparedPerson(card, tuple(person_terms(card)))
        with self._lock:
            return self.book.person_row(prepared, add=False)

    def job_row(self, card: JobCard) -> JobRow:
        with self._lock:
            row = self._jobs.rows.get(card.id)
            if row is not None and row.prepared.card == card:
                return row
        prepared = PreparedJob(card, tuple(job_terms(card)))
        with self._lock:
            return self.book.job_row(prepared, add=False)

    # ------------------------------------------------------------------ views
    def job_view(self, day: date | None = None, extra: JobCard | None = None) -> JobView:
        """The jobs listed on `day`, with `extra` in place of its pooled row or added: a job that is not open
        still shares the term space it is ranked in, as when the matcher was built per request over the open
        jobs and it."""
        with self._lock:
            pooled = self._jobs.rows.get(extra.id) if extra is not None else None
            if extra is not None and pooled is not None and pooled.prepared.card == extra \
                    and self._jobs.listed(extra.id, day):
                extra = None  # already in the view as it is: share the cached one
            key = (self.job_version, day, extra)
            view = self._job_views.get(key)
            if view is not None:
                self._job_views.move_to_end(key)
                return view
        extra_row: JobRow | None = None
        if extra is not None:
            if pooled is not None and pooled.prepared.card == extra:
                extra_row = pooled
            else:
                prepared = PreparedJob(extra, tuple(job_terms(extra)))
                with self._lock:
                    # With `add`: its words belong to the term space it helps define.
                    extra_row = self.book.job_row(prepared)
        with self._lock:
            parts = self._jobs.parts(day, leave_out=extra.id if extra is not None else None)
            if extra_row is not None:
                parts.append(JOB_LAYOUT.part([extra_row]))
            view = JobView.of_parts(parts, self.book)
            self._remember(self._job_views, key, view)
            return view

    def people_view(self) -> PeopleView:
        """Every listed person (in slot order: rankings break ties by id, not by position)."""
        key = self.people_version
        with self._lock:
            view = self._people_views.get(key)
            if view is not None:
                self._people_views.move_to_end(key)
                return view
            view = PeopleView.of_parts(self._people.parts(None), self.book)
            self._remember(self._people_views, key, view)
            return view

    def people_of(self, cards: Sequence[PersonCard]) -> PeopleView:
        """A view of these people as they are now (not kept: for a few, e.g. one job's subscribers)."""
        rows = [self.person_row(c) for c in cards]
        with self._lock:
            return PeopleView(rows, self.book)

    @staticmethod
    def _remember(cache: OrderedDict[Hashable, V], key: Hashable, view: V) -> None:
        cache[key] = view
        while len(cache) > _VIEWS_KEPT:
            cache.popitem(last=False)
