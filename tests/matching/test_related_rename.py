"""Renaming an organisation re-indexes, in the same transaction, every record whose document shows its name
(jobs, partner listings); deleting it drops them with it. Before, those waited for the next full reindex."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests import factories as f

from bitgoeul.core.forms import validate
from bitgoeul.exchange.models import PartnerListing
from bitgoeul.matching import kinds, memory, service, worker
from bitgoeul.matching.models import SearchDocument
from bitgoeul.organisations import service as organisations
from bitgoeul.organisations.schemas import OrganisationIn
from bitgoeul.talent.models import Job


@pytest.fixture
def firm(session: Session) -> Iterator[dict[str, Any]]:
    worker.configure(None)
    memory.forget()
    org = f.organisation(session, name_ko="빛고을코드", name_en="Bitgoeul Code", region="광주 광산구")
    boss = f.member(session, org)
    job = Job(organisation_id=org.id, title_ko="파이썬 백엔드 개발자", title_en="Python backend developer",
              description_ko="결제 서버를 만듭니다", seniority="senior", skills_must=["python"], region="광주 광산구",
              status="published", deadline=dt.date(2030, 1, 31))
    listing = PartnerListing(organisation_id=org.id, side="offer", intent="supply", domain="software",
                             region="광주 광산구", title_ko="영상 분석 솔루션 공급", text_ko="축사 영상 분석")
    other = f.organisation(session, name_ko="무등데이터", name_en="Mudeung Data", region="광주 북구")
    other_job = Job(organisation_id=other.id, title_ko="데이터 분석가", title_en="Data analyst", status="published")
    session.add_all([job, listing, other_job])
    session.commit()
    yield {"org": org, "boss": boss, "job": job, "listing": listing, "other_job": other_job}
    memory.forget()


def document(session: Session, kind: str, record_id: int) -> SearchDocument | None:
    return session.scalar(select(SearchDocument).where(SearchDocument.kind == kind,
                                                       SearchDocument.record_id == str(record_id)))


def rename(session: Session, firm: dict[str, Any], name_ko: str, name_en: str) -> None:
    org = firm["org"]
    organisations.update_organisation(session, firm["boss"], org.id, validate(OrganisationIn, {
        "name_ko": name_ko, "name_en": name_en, "kind": org.kind, "region": org.region}))


def test_every_kind_whose_document_shows_the_name_is_related_to_organisations(session: Session,
                                                                              firm: dict[str, Any]) -> None:
    """The rule the rename relies on, checked against the kinds' own text builders: any kind whose document
    changes when only its organisation's name changes must come back from `related_records`."""
    org = firm["org"]
    spec = kinds.get_kind("organisation")
    assert spec is not None
    related = {(type(r).__name__, r.id) for r in kinds.related_records(session, spec, org)}
    records = [firm["job"], firm["listing"]]
    before = {id(r): kinds.kind_for(r).to_document(r).fields for r in records}  # type: ignore[union-attr]
    org.name_ko, org.name_en = "다른이름", "Another Name"
    changed = [r for r in records if kinds.kind_for(r).to_document(r).fields != before[id(r)]]  # type: ignore[union-attr]
    session.rollback()
    assert {(type(r).__name__, r.id) for r in changed} == {("Job", firm["job"].id),
                                                         ("PartnerListing", firm["listing"].id)}
    assert {(type(r).__name__, r.id) for r in changed} <= related
    assert ("Job", firm["other_job"].id) not in related


def test_renaming_an_organisation_reindexes_its_jobs_and_listings_at_once(session: Session,
                                                                          firm: dict[str, Any]) -> None:
    job, listing, other = firm["job"], firm["listing"], firm["other_job"]
    seqs = {}
    for kind, record_id in (("job", job.id), ("partner_listing", listing.id), ("job", other.id)):
        row = document(session, kind, record_id)
        assert row is not None
        seqs[(kind, record_id)] = row.seq
        assert ("빛고을코드" in row.passage) == (record_id != other.id or kind != "job")
    rename(session, firm, "한빛소프트", "Hanbit Soft")
    session.commit()
    for kind, record_id in (("job", job.id), ("partner_listing", listing.id)):
        row = document(session, kind, record_id)
        assert row is not None
        assert "한빛소프트" in row.passage and "Hanbit Soft" in row.passage and "빛고을코드" not in row.passage
        assert row.seq > seqs[(kind, record_id)]
        assert "hanbit" in row.terms["summary"] and "soft" in row.terms["summary"]
    unrelated = document(session, "job", other.id)
    assert unrelated is not None and unrelated.seq == seqs[("job", other.id)]
    # Site search finds them by the new name now, not at the next full reindex.
    found = service.search(session, "Hanbit Soft", kinds=["job", "partner_listing"], mode="lexical").results
    assert {(r.kind, r.id) for r in found} == {("job", job.id), ("partner_listing", listing.id)}
    assert service.search(session, "Bitgoeul Code", kinds=["job", "partner_listing"], mode="lexical").results == []


def test_the_renaming_transaction_sees_the_new_name_before_it_commits(session: Session,
                                                                      firm: dict[str, Any]) -> None:
    rename(session, firm, "한빛소프트", "Hanbit Soft")
    found = service.search(session, "Hanbit Soft", kinds=["job"], mode="lexical").results
    assert [r.id for r in found] == [firm["job"].id]
    session.rollback()
    row = document(session, "job", firm["job"].id)
    assert row is not None and "빛고을코드" in row.passage


def test_deleting_an_organisation_drops_its_jobs_and_listings_from_the_index(session: Session,
                                                                            firm: dict[str, Any]) -> None:
    session.delete(firm["org"])
    session.commit()
    assert document(session, "job", firm["job"].id) is None
    assert document(session, "partner_listing", firm["listing"].id) is None
    assert document(session, "job", firm["other_job"].id) is not None
