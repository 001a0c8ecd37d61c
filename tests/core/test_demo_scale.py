"""`demo-data --scale N`: N times every copied table, relations kept within a copy, texts recombined, indexed."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests import factories

from bitgoeul.demo import load_all
from bitgoeul.demo_scale import scale_up
from bitgoeul.demonstrations.models import Demonstration, Need, Solution
from bitgoeul.dialogue.models import DialogueSession
from bitgoeul.matching.models import SearchDocument
from bitgoeul.organisations.models import Organisation
from bitgoeul.talent.models import Job, TalentProfile

NOW = datetime(2026, 3, 20, 0, 0, tzinfo=UTC)
MODELS = (Organisation, Solution, Need, Demonstration, Job, TalentProfile, DialogueSession)


def _count(session: Session, model: object) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[arg-type]


def test_scale_three_triples_the_records_keeps_copies_apart_and_indexes_them(session: Session) -> None:
    load_all(session, NOW)
    before = {m: _count(session, m) for m in MODELS}
    originals = {(t, e) for t, e in session.execute(select(Solution.title_ko, Solution.title_en))}
    base_pairs = set(session.execute(select(Demonstration.need_id, Demonstration.solution_id)))
    scale_up(session, 3)
    session.commit()
    assert all(before.values())
    assert {m: _count(session, m) for m in MODELS} == {m: 3 * n for m, n in before.items()}
    # A copied demonstration joins a need and a solution of its own copy: both belong to organisations
    # that are copies too (none of the originals), unless the pair is an original one.
    rows = session.execute(select(Demonstration.need_id, Demonstration.solution_id, Need.organisation_id,
                                  Solution.organisation_id).join(Need, Need.id == Demonstration.need_id)
                           .join(Solution, Solution.id == Demonstration.solution_id)).all()
    assert len(rows) == 3 * len(base_pairs)
    base_orgs = before[Organisation]
    copied = [r for r in rows if (r[0], r[1]) not in base_pairs]
    assert copied and all(r[2] > base_orgs and r[3] > base_orgs for r in copied)
    # Texts are recombined, not repeated: most copied titles are new in both languages.
    titles = list(session.execute(select(Solution.title_ko, Solution.title_en)))
    new = [t for t in titles if t not in originals]
    assert len(set(new)) > len(originals)
    # Every record is in the search index.
    solution_docs = session.scalar(select(func.count()).where(SearchDocument.kind == "solution"))
    assert solution_docs == 3 * before[Solution]
    # The id sequences moved past the copies (PostgreSQL): a record written after still gets an id.
    member = factories.member(session, factories.organisation(session))
    assert factories.organisation(session).id > 3 * base_orgs
    assert factories.solution(session, member).id > 0


def test_scale_one_adds_nothing(session: Session) -> None:
    load_all(session, NOW)
    before = _count(session, Solution)
    assert scale_up(session, 1) == {}
    assert _count(session, Solution) == before
