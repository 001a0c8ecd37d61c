"""Kinds other capabilities register (jobs, profiles, dialogues, voices, stops): only what people may see
is indexed, members-only kinds stay out of public search, bulk writes are indexed at commit, and the
semantic cut-off keeps junk out of totals and facets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests import factories as f
from tests.matching.test_service import bag_embed, bag_vector

from bitgoeul.dialogue.models import DialogueSession, DialogueVoice
from bitgoeul.matching import kinds, memory, service, worker
from bitgoeul.matching.engine import Hit
from bitgoeul.matching.models import SearchDocument
from bitgoeul.talent.models import Job, TalentProfile
from bitgoeul.transit.demo_loader import SAMPLE
from bitgoeul.transit.storage import load_into_db


@pytest.fixture
def world(session: Session) -> Iterator[dict[str, Any]]:
    worker.configure("immediate", embedder=bag_embed, query_embedder=bag_vector)
    memory.forget()
    firm = f.organisation(session, name_ko="빛고을코드", name_en="Bitgoeul Code", region="광주 광산구")
    boss = f.member(session, firm)
    person = f.user(session)
    job = Job(organisation_id=firm.id, title_ko="파이썬 백엔드 개발자", title_en="Python backend developer",
              description_ko="결제 서버를 만듭니다", seniority="senior", skills_must=["python"], region="광주 광산구",
              status="published", deadline=dt.date(2030, 1, 31))
    draft = Job(organisation_id=firm.id, title_ko="비공개 데이터 분석가", title_en="Secret analyst", status="draft")
    profile = TalentProfile(user_id=person.id, headline="컴퓨터 비전 주니어 개발자", summary="영상 분석을 공부했습니다",
                            skills=["python", "pytorch"], seniority="junior", home_region="광주 북구", visible=True)
    dialogue = DialogueSession(number=77, title="제77회 월요대화: 수달 서식지", topic="하천 생태", status="draft",
                               held_on=dt.date(2030, 3, 2), field="other", field_other="환경")
    voice = DialogueVoice(session=dialogue, quote="수달이 돌아온 하천을 지켜 주세요",
                          summary_ko="수달 서식지 보호 요청", kind="request")
    session.add_all([job, draft, profile, dialogue, voice])
    session.commit()
    yield {"firm": firm, "boss": boss, "person": person, "job": job, "draft": draft, "profile": profile,
           "dialogue": dialogue, "voice": voice}
    worker.configure(None)
    memory.forget()


def indexed(session: Session, kind: str) -> set[str]:
    return set(session.scalars(select(SearchDocument.record_id).where(SearchDocument.kind == kind)))


def test_capabilities_register_their_kinds_through_search_kinds_modules() -> None:
    names = {k.kind for k in kinds.kinds()}
    assert {"solution", "need", "organisation", "job", "profile", "dialogue_session", "voice", "stop"} <= names
    assert "bitgoeul.talent.search_kinds:register" in kinds.kind_modules()
    job = kinds.get_kind("job")
    assert job is not None and job.label == ("채용", "Job") and job.url(3) == "/talent/jobs/3"
    stop = kinds.get_kind("stop")
    assert stop is not None and stop.url(9, {"stop_id": "a b/c"}) == "/transit/to?stop=a%20b%2Fc"


def test_drafts_stay_out_and_publishing_brings_records_in(session: Session, world: dict[str, Any]) -> None:
    assert indexed(session, "job") == {str(world["job"].id)}
    assert indexed(session, "dialogue_session") == set() and indexed(session, "voice") == set()
    world["draft"].status = "published"
    world["dialogue"].status = "published"
    session.commit()
    assert indexed(session, "job") == {str(world["job"].id), str(world["draft"].id)}
    # Publishing the session makes its voice visible too (the session's `related` records).
    assert indexed(session, "dialogue_session") == {str(world["dialogue"].id)}
    assert indexed(session, "voice") == {str(world["voice"].id)}
    found = service.search(session, "수달", kinds=["voice", "dialogue_session"], mode="lexical").results
    assert {(r.kind, r.id) for r in found} == {("voice", world["voice"].id), ("dialogue_session", world["dialogue"].id)}
    assert {r.url for r in found} == {f"/dialogue/voices/{world['voice'].id}",
                                      f"/dialogue/sessions/{world['dialogue'].id}"}
    world["job"].status = "draft"
    session.commit()
    assert str(world["job"].id) not in indexed(session, "job")


def test_jobs_are_found_in_korean_and_english_with_filters(session: Session, world: dict[str, Any]) -> None:
    korean = service.search(session, "파이썬 개발자", kinds=["job"]).results
    assert [r.id for r in korean] == [world["job"].id] and korean[0].url == f"/talent/jobs/{world['job'].id}"
    assert korean[0].title("en") == "Python backend developer"
    assert [r.id for r in service.search(session, "senior python", kinds=["job"]).results] == [world["job"].id]
    assert service.search(session, "파이썬", kinds=["job"], filters={"seniority": "junior"}).results == []
    later = service.search(session, "파이썬", kinds=["job"], filters={"deadline": {">=": dt.date(2030, 2, 1)}})
    assert later.results == []


def test_profiles_only_for_members_and_operators(client: Any, session: Session, world: dict[str, Any]) -> None:
    params = {"q": "컴퓨터 비전 개발자"}
    anonymous = client.get("/api/v1/search", params=params).json()
    assert "profile" not in {r["kind"] for r in anonymous["results"]}
    assert client.get("/api/v1/search", params={**params, "kind": "profile"}).json()["results"] == []
    f.login(client, world["person"].email)  # a person does not browse other people
    assert "profile" not in {r["kind"] for r in client.get("/api/v1/search", params=params).json()["results"]}
    client.post("/logout", data={"csrf_token": f.csrf_of(client)})
    f.login(client, world["boss"].email)
    member = client.get("/api/v1/search", params=params).json()
    assert ("profile", world["profile"].id) in {(r["kind"], r["id"]) for r in member["results"]}
    # Hidden profiles are not indexed at all.
    world["profile"].visible = False
    session.commit()
    assert indexed(session, "profile") == set()


def test_bulk_inserted_stops_are_indexed_at_commit(session: Session, world: dict[str, Any]) -> None:
    load_into_db(session, None, SAMPLE, name="sample-test", label="sample", system=True)
    session.commit()
    stops = service.search(session, "광주송정역", kinds=["stop"]).results
    assert stops and stops[0].title("ko") == "광주송정역" and stops[0].url == "/transit/to?stop=gwangju_songjeong"
    english = service.search(session, "Gwangju Songjeong", kinds=["stop"]).results
    assert english[0].id == stops[0].id
    load_into_db(session, None, SAMPLE, name="sample-test", label="sample", system=True, replace=True)
    session.commit()  # replaced by bulk delete + insert: old rows gone, new ones in
    assert len(service.search(session, "광주송정역", kinds=["stop"]).results) == 1


def test_semantic_cut_off_keeps_junk_out_of_totals(session: Session, world: dict[str, Any]) -> None:
    url = session.get_bind().engine.url.render_as_string(hide_password=False)
    assert worker.embed_pending(url).remaining == 0
    # A query sharing no term with any record: with the floor nothing comes back, without it everything does.
    unfloored = service.search(session, "zzyzx qwv", top=100, floor=None)
    assert unfloored.mode == "hybrid" and len(unfloored.results) >= 2
    assert all(not r.reasons or r.reasons[0].kind == "semantic" for r in unfloored.results)
    floored = service.search_page(session, "zzyzx qwv")
    assert floored.total == 0 and floored.facets["kind"] == {}
    # A lexical match always stays, whatever its similarity.
    assert service.search_page(session, "파이썬").total >= 1
    close = Hit("job", 1, 0.5, semantic=service.SEMANTIC_FLOOR + 0.01)
    far = Hit("job", 2, 0.5, semantic=service.SEMANTIC_FLOOR - 0.01)
    worded = Hit("job", 3, 0.5, matched_terms={"title": ["파이썬"]}, semantic=0.1)
    assert [service.relevant(h) for h in (close, far, worded)] == [True, False, True]


def test_api_filters_jobs_by_seniority_and_deadline(client: Any, world: dict[str, Any]) -> None:
    def kinds_found(**params: str) -> set[tuple[str, int]]:
        body = client.get("/api/v1/search", params={"q": "파이썬 개발자", **params}).json()
        return {(r["kind"], r["id"]) for r in body["results"]}

    assert ("job", world["job"].id) in kinds_found(seniority="senior")
    assert ("job", world["job"].id) not in kinds_found(seniority="junior")
    assert ("job", world["job"].id) not in kinds_found(deadline_after="2030-02-01")
    assert client.get("/api/v1/search", params={"q": "x", "held_after": "soon"}).status_code == 422
