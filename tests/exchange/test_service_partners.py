"""Partner matching: who may post, reciprocal matches with reasons (checked against a hand-worked case and
against a one-sided ranking), and the meeting-request state machine with its permissions."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session
from tests import factories as f

from bitgoeul.accounts.models import User
from bitgoeul.core.errors import Conflict, InvalidTransition, LoginRequired, PermissionDenied, ValidationFailed
from bitgoeul.core.forms import validate
from bitgoeul.exchange import partners
from bitgoeul.exchange.models import PartnerListing
from bitgoeul.exchange.partner_match import ListingData, _document, _normalised_scores, match
from bitgoeul.exchange.schemas import ListingIn, MeetingRequestIn, ResponseIn
from bitgoeul.matching.engine import BM25Params, LexicalIndex


def post(session: Session, who: User, side: str, title: str, text: str, **values: Any) -> PartnerListing:
    data = {"side": side, "intent": "tech_exchange", "domain": "manufacturing", "region": "서울", "title_ko": title,
            "text_ko": text}
    data.update(values)
    return partners.create_listing(session, who, validate(ListingIn, data))


def test_only_organisation_members_post_and_edit_their_own(session: Session) -> None:
    firm, other = f.organisation(session), f.organisation(session)
    member, outsider = f.member(session, firm), f.member(session, other)
    with pytest.raises(LoginRequired):
        post(session, None, "offer", "비전 검사", "비전 검사 기술을 나눕니다")  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        post(session, f.user(session), "offer", "비전 검사", "비전 검사 기술을 나눕니다")
    listing = post(session, member, "offer", "비전 검사", "비전 검사 기술을 나눕니다", organisation_id=other.id)
    assert listing.organisation_id == firm.id  # members cannot post for another organisation
    with pytest.raises(PermissionDenied):
        partners.update_listing(session, outsider, listing.id, validate(ListingIn, {"side": "offer", "intent": "resale",
                                                                "title_ko": "남의 글", "text_ko": "바꿔 봅니다"}))
    operator = f.operator(session)
    for_other = post(session, operator, "seek", "협력사 구함", "협력사를 찾습니다", organisation_id=other.id)
    assert for_other.organisation_id == other.id
    with pytest.raises(ValidationFailed) as caught:
        post(session, member, "give", "x", "짧", intent="merger", domain="space")
    assert {"side", "intent", "domain", "title_ko", "text_ko"} <= set(caught.value.fields)


def test_matches_go_both_ways_with_reasons_and_skip_other_intents(session: Session) -> None:
    seoul, gwangju, third = (f.member(session, f.organisation(session)) for _ in range(3))
    offer = post(session, seoul, "offer", "비전 검사 모델 경량화 기술 교류",
                 "제조 현장의 비전 검사 모델을 엣지 장비에 올린 경험을 나눕니다")
    seek = post(session, gwangju, "seek", "비전 검사 경량화 기술 교류 상대",
                "비전 검사 모델을 엣지 장비에서 돌리려는 광주 기업입니다", region="서울")
    post(session, third, "seek", "투자 유치", "비전 검사 장비 양산 투자를 찾습니다", intent="investment")
    post(session, seoul, "seek", "자기 회사 글", "비전 검사 모델 경량화 교류")  # same organisation: never a match
    found = partners.matches_for(session, offer)
    assert [m.listing.id for m in found] == [seek.id]
    back = partners.matches_for(session, seek)
    assert [m.listing.id for m in back] == [offer.id] and back[0].score == pytest.approx(found[0].score)
    reasons = found[0].reasons("ko")
    assert reasons[0] == "같은 목적: 기술 교류" and "같은 분야: 제조" in reasons and "찾는 지역과 맞음: 서울" in reasons
    assert any("검사" in r for r in reasons)
    assert "Same intent: tech exchange" in found[0].reasons("en")
    assert "In the region sought: Seoul" in found[0].reasons("en")


def data(id_: int, org: int, side: str, text: str, *, domain: str = "manufacturing", region: str = "") -> ListingData:
    return ListingData(id=id_, organisation_id=org, side=side, intent="partnership", domain=domain, region=region,
                       title=text, text=text, domain_names=("제조", "Manufacturing"))


def test_reciprocal_text_fit_needs_both_sides() -> None:
    """Hand-worked: candidate 2 contains every word of the target but is mostly about something else, so
    the target finds it well but it finds the target poorly; candidate 3 is about the same thing. A
    one-sided ranking would put 2 first; the reciprocal one puts 3 first."""
    target = data(1, 1, "seek", "용접 품질 예측 모델")
    filler = " ".join(f"물류{n} 배송{n} 창고{n} 재고{n}" for n in range(30))
    broad = data(2, 2, "offer", f"용접 품질 예측 모델 {filler}")
    close = data(3, 3, "offer", "용접 품질 예측")
    index = LexicalIndex(BM25Params(field_weights={"title": 2.0, "body": 1.0}))
    index.add_many([_document(x) for x in (target, broad, close)])
    one_sided = _normalised_scores(index, target)
    assert one_sided[2] > one_sided[3]  # the target's words alone prefer the broad listing
    ranked = match(target, [broad, close])
    assert [m.id for m in ranked] == [3, 2]
    assert ranked[0].text_fit > ranked[1].text_fit


def test_domain_and_region_weigh_in_and_unrelated_candidates_drop_out() -> None:
    target = data(1, 1, "seek", "설비 예지 보전", region="광주")
    same = data(2, 2, "offer", "설비 예지 보전", region="광주 광산구")
    elsewhere = data(3, 3, "offer", "설비 예지 보전", region="부산")
    anywhere = data(4, 4, "offer", "설비 예지 보전", region="전국")
    unrelated = data(5, 5, "offer", "미술관 전시 안내", domain="culture")
    ranked = match(target, [elsewhere, anywhere, same, unrelated])
    assert [m.id for m in ranked] == [2, 4, 3]
    assert ranked[0].score == pytest.approx(0.5 * ranked[0].text_fit + 0.3 + 0.2)
    assert any("부산" in r for r in ranked[2].reasons_ko) and any("Busan" in r for r in ranked[2].reasons_en)


def test_meeting_requests_state_machine_and_permissions(session: Session) -> None:
    sender_org, receiver_org = f.organisation(session), f.organisation(session)
    sender, receiver = f.member(session, sender_org), f.member(session, receiver_org)
    bystander = f.member(session, f.organisation(session))
    with pytest.raises(ValidationFailed):
        partners.send_request(session, sender, validate(MeetingRequestIn, {"to_organisation_id": sender_org.id,
                                                                           "message": "우리끼리 만나요"}))
    with pytest.raises(PermissionDenied):
        partners.send_request(session, f.user(session), validate(MeetingRequestIn,
                                                                 {"to_organisation_id": receiver_org.id,
                                                         "message": "개인은 못 보냅니다"}))
    request = partners.send_request(session, sender, validate(MeetingRequestIn, {"to_organisation_id": receiver_org.id,
                                                      "message": "교류의 날에 만나요"}))
    assert request.status == "pending"
    for who in (sender, receiver):  # one open request per pair, whichever side asks
        with pytest.raises(Conflict):
            partners.send_request(session, who, validate(MeetingRequestIn,
                                                         {"to_organisation_id": (receiver_org if who is sender
                                                                        else sender_org).id, "message": "또 보냅니다"}))
    with pytest.raises(PermissionDenied):
        partners.respond(session, sender, request.id, validate(ResponseIn, {"decision": "accept"}))
    with pytest.raises(PermissionDenied):
        partners.respond(session, bystander, request.id, validate(ResponseIn, {"decision": "decline"}))
    with pytest.raises(PermissionDenied):
        partners.respond(session, receiver, request.id, validate(ResponseIn, {"decision": "cancel"}))
    with pytest.raises(ValidationFailed):
        partners.respond(session, receiver, request.id, validate(ResponseIn, {"decision": "maybe"}))
    answered = partners.respond(session, receiver, request.id, validate(ResponseIn, {"decision": "decline",
                                                                                     "note": "이번엔 어렵습니다"}))
    assert answered.status == "declined" and answered.responder_id == receiver.id
    with pytest.raises(InvalidTransition):
        partners.respond(session, receiver, request.id, validate(ResponseIn, {"decision": "accept"}))
    again = partners.send_request(session, sender, validate(MeetingRequestIn, {"to_organisation_id": receiver_org.id,
                                                    "message": "다시 요청합니다"}))
    assert partners.respond(session, sender, again.id, validate(ResponseIn,
                                                                {"decision": "cancel"})).status == "cancelled"
    third = partners.send_request(session, receiver, validate(MeetingRequestIn, {"to_organisation_id": sender_org.id,
                                                      "message": "이번엔 우리가"}))
    assert partners.respond(session, sender, third.id, validate(ResponseIn,
                                                                {"decision": "accept"})).status == "accepted"
    box = partners.inbox(session, sender)
    assert [r.id for r in box["received"]] == [third.id] and [r.id for r in box["sent"]] == [again.id, request.id]


def test_shared_words_are_whole_words_of_the_candidate_not_index_terms() -> None:
    """Reasons quote the words as the other listing writes them ("영상분석을" shows as 영상분석), never a stem."""
    seek = ListingData(id=1, organisation_id=1, side="seek", intent="partnership", domain="any", region="",
                       title="축산 영상분석 파트너", text="축사 카메라 영상분석을 함께 판매할 기업을 찾습니다.")
    offer = ListingData(id=2, organisation_id=2, side="offer", intent="partnership", domain="any", region="",
                        title="축산 영상분석 솔루션", text="축사 영상분석으로 가축 질병을 찾아냅니다.")
    [found] = match(seek, [offer])
    assert found.words, found
    for word in found.words:
        assert word in f"{offer.title}\n{offer.text}"
    assert any("영상분석" in word for word in found.words)
    assert "찾" not in found.words
    assert not any(word in sentence for sentence in found.reasons_ko for word in found.words)
