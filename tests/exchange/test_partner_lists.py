"""Partner matches stored on write: the stored answer is the matcher's, is read without matching, and follows
every write of a listing. Reference: the pure matcher `partner_match.match` over the pool the test reads."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests import factories as f
from tests.exchange.test_service_partners import post

from bitgoeul.core.forms import validate
from bitgoeul.core.stored_lists import StoredList
from bitgoeul.exchange import partner_lists, partners
from bitgoeul.exchange.models import PartnerListing
from bitgoeul.exchange.partner_match import match
from bitgoeul.exchange.schemas import ListingIn
from bitgoeul.organisations.models import Organisation

TEXTS = [("비전 검사 모델 경량화", "제조 현장의 비전 검사 모델을 엣지 장비에 올린 경험을 나눕니다"),
         ("엣지 장비 비전 검사", "비전 검사 모델을 엣지 장비에서 돌리려는 광주 기업입니다"),
         ("설비 예지 보전 데이터", "공장 설비의 진동 데이터로 고장을 미리 찾는 기술을 찾습니다"),
         ("품질 데이터 분석 협력", "제조 품질 데이터 분석을 함께 할 기업을 찾습니다")]


def reference(session: Session, listing: PartnerListing, top: int = 10) -> list[tuple[int, float, tuple[str, ...]]]:
    other = "seek" if listing.side == "offer" else "offer"
    pool = [p for p in session.scalars(select(PartnerListing)).unique()
            if p.side == other and p.intent == listing.intent and p.active
            and p.organisation_id != listing.organisation_id]
    return [(m.id, m.score, m.reasons_ko) for m in
            match(partners.listing_data(listing), [partners.listing_data(p) for p in pool], top=top)]


def shown(found: list[partners.ListingMatch]) -> list[tuple[int, float, tuple[str, ...]]]:
    return [(m.listing.id, m.score, m.reasons_ko) for m in found]


def test_stored_partner_matches_equal_the_matcher_and_follow_writes(session: Session,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    members = [f.member(session, f.organisation(session)) for _ in range(4)]
    listings = [post(session, who, side, title, text)
                for who, side, (title, text) in zip(members, ["offer", "seek", "offer", "seek"], TEXTS, strict=True)]
    session.commit()
    first = {x.id: shown(partners.matches_for(session, x)) for x in listings}
    session.commit()
    assert first == {x.id: reference(session, x) for x in listings}
    assert any(first.values())
    assert session.scalar(select(func.count()).select_from(StoredList)
                          .where(StoredList.relation == partner_lists.RELATION)) == len(listings)

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("matched again although the stored list is current")

    with monkeypatch.context() as patched:
        patched.setattr("bitgoeul.exchange.partners.match", refuse)
        assert {x.id: shown(partners.matches_for(session, x)) for x in listings} == first
    # An edit that makes the third listing (an offer) fit the second (a seek) better than the first does.
    seek = listings[1]
    partners.update_listing(session, members[2], listings[2].id, validate(ListingIn, {
        "side": "offer", "intent": "tech_exchange", "domain": "manufacturing", "region": "서울",
        "title_ko": "엣지 장비 비전 검사 모델",
        "text_ko": "비전 검사 모델을 엣지 장비에서 돌리는 광주 기업과 나눕니다"}))
    inside = shown(partners.matches_for(session, seek))  # the writing transaction sees its own write
    assert inside == reference(session, seek)
    session.commit()
    after = shown(partners.matches_for(session, seek))
    assert after == reference(session, seek) == inside and after != first[seek.id]
    # A listing deleted around the ORM (its organisation's cascade) drops out as well.
    gone = listings[0].id
    session.delete(session.get(Organisation, members[0].organisation_id))
    session.commit()
    session.expire_all()
    assert shown(partners.matches_for(session, seek)) == reference(session, seek)
    assert gone not in [i for i, _, _ in shown(partners.matches_for(session, seek))]
