"""Transport pages and API over HTTP, in Korean (default) and English: planner results as itinerary cards
with an SVG sketch and the sample label, the meeting planner side by side, "how to get here", bad input."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy.orm import Session
from tests.transit.transit_fixtures import DAY, load_sample

API = "/api/v1/transit"


@pytest.fixture
def web(client: Any, session: Session) -> Any:
    load_sample(session)
    return client


PLAN = {"from": "인천공항 제1여객터미널", "to": "국가AI데이터센터 (첨단)", "when": f"{DAY}T14:05"}


def test_planner_in_korean_shows_cards_sketch_and_sample_label(web: Any) -> None:
    page = web.get("/transit", params=PLAN)
    assert page.status_code == 200
    html = page.text
    assert "길찾기" in html and "예시 시간표" in html
    assert html.count('class="itinerary"') >= 2 and "<svg class=\"sketch\"" in html and "<polyline" in html
    assert "국가AI데이터센터 (첨단)" in html and "환승" in html and "KTX" in html


def test_planner_in_english(web: Any) -> None:
    page = web.get("/transit", params={**PLAN, "lang": "en"})
    assert page.status_code == 200
    assert "Trip planner" in page.text and "Sample timetable" in page.text
    assert "National AI Data Center (Cheomdan)" in page.text and re.search(r"\d transfers?\b", page.text)
    english = web.get("/transit", params={"from": "Incheon Airport Terminal 1", "to": "Gwangju Songjeong",
                                          "when": f"{DAY}T14:05"}, headers={"Accept-Language": "en"})
    assert english.status_code == 200 and 'class="itinerary"' in english.text


def test_empty_planner_suggests_places_in_both_languages(web: Any) -> None:
    page = web.get("/transit")
    assert page.status_code == 200 and '<datalist id="transit-places">' in page.text
    assert '<option value="광주송정역" data-user-content>Gwangju Songjeong</option>' in page.text
    english = web.get("/transit?lang=en")
    assert '<option value="Gwangju Songjeong" data-user-content>광주송정역</option>' in english.text


def test_arrive_by_on_the_page(web: Any) -> None:
    page = web.get("/transit", params={**PLAN, "when": f"{DAY}T20:00", "mode": "arrive"})
    assert page.status_code == 200 and 'class="itinerary"' in page.text
    assert 'value="arrive" checked' in page.text


def test_unknown_stop_shows_suggestions_beside_the_field(web: Any) -> None:
    page = web.get("/transit", params={**PLAN, "from": "인천항"})
    assert page.status_code == 422
    assert 'id="e-from"' in page.text and "이것을 찾으셨나요?" in page.text
    assert "인천국제공항" in page.text and 'class="suggestion"' in page.text


def test_words_naming_unrelated_places_ask_which_one_on_the_page(web: Any) -> None:
    page = web.get("/transit", params={**PLAN, "from": "KTX", "lang": "en"})
    assert page.status_code == 200 and 'id="e-from"' in page.text and 'class="itinerary"' not in page.text
    assert "&#39;KTX&#39; could be several places. Which one?" in page.text and 'class="choice"' in page.text
    assert "Yongsan" in page.text and "(station or stop)" in page.text and "yongsan_ktx" not in page.text


@pytest.mark.parametrize(("lang", "origin", "destination", "used"), [
    ("ko", "인천공항", "광주", "인천국제공항: 인천공항 제1여객터미널에서 출발"),
    ("en", "Incheon Airport", "Gwangju", "Incheon International Airport: leaves from Incheon Airport Terminal 1"),
])
def test_airport_to_city_on_the_page(web: Any, lang: str, origin: str, destination: str, used: str) -> None:
    page = web.get("/transit", params={"from": origin, "to": destination, "when": "2026-12-09T09:00", "lang": lang})
    assert page.status_code == 200 and 'class="itinerary"' in page.text
    assert used in page.text


def test_impossible_time_and_empty_window_are_explained(web: Any) -> None:
    bad = web.get("/transit", params={**PLAN, "when": "2026-02-30T10:00"})
    assert bad.status_code == 422 and "YYYY-MM-DDTHH:MM" in bad.text
    narrow = web.get("/transit", params={**PLAN, "window": "1", "lang": "en"})
    assert narrow.status_code == 200 and "widen the search window" in narrow.text


def test_how_to_get_here_by_coordinates_and_name(web: Any) -> None:
    page = web.get("/transit/to", params={"lat": "35.2275", "lon": "126.8485", "name": "AI 실증센터",
                                          "from": "광주송정역", "when": f"{DAY}T09:00"})
    assert page.status_code == 200
    assert "AI 실증센터 오시는 길" in page.text and 'class="itinerary"' in page.text
    far = web.get("/transit/to", params={"lat": "35.30", "lon": "126.80", "name": "Far Lab", "lang": "en",
                                         "from": "Gwangju Songjeong", "when": f"{DAY}T09:00"})
    assert far.status_code == 200 and "How to get to Far Lab" in far.text and "nearest" in far.text


def test_meeting_planner_side_by_side_in_korean_and_english(web: Any) -> None:
    params = {"t1_name": "고객", "t1": "인천공항 제1여객터미널", "t1_at": f"{DAY}T14:05",
              "t2_name": "대표", "t2": "광주송정역", "t2_at": f"{DAY}T09:00"}
    page = web.get("/transit/meet", params=params)
    assert page.status_code == 200
    html = page.text
    assert "나란히 비교" in html and "고객의 출발지에서" in html and "대표의 출발지에서" in html
    assert "중간 지점" in html and "가장 공평한 곳" in html and html.count('class="meet-option"') >= 3
    english = web.get("/transit/meet", params={**params, "t1_name": "client", "t2_name": "CEO", "lang": "en"})
    assert "Where client starts" in english.text and "Halfway" in english.text and "By fairness" in english.text


def test_meeting_planner_bad_input(web: Any) -> None:
    page = web.get("/transit/meet", params={"t1": "인천곻항", "t1_at": f"{DAY}T14:05", "t2": "seoul",
                                            "t2_at": "not a time"})
    assert page.status_code == 422 and ('id="e-t1"' in page.text or "YYYY-MM-DD" in page.text)


def test_api_stops_plan_meet(web: Any) -> None:
    stops = web.get(f"{API}/stops", params={"q": "Songjeong", "lang": "en"}).json()
    assert stops["items"][0]["id"] == "gwangju_songjeong" and stops["items"][0]["name"] == "Gwangju Songjeong"
    assert web.get(f"{API}/stops", params={"q": "Songjong"}).json()["suggestions"]
    plan = web.get(f"{API}/plan", params={"from": "incheon_t1", "to": "cheomdan_ai_dc", "depart": f"{DAY}T14:05"})
    assert plan.status_code == 200 and list(plan.json()) == ["itineraries"]
    assert plan.json()["itineraries"][0]["legs"][0]["from"]["id"] == "incheon_t1_arex"
    meet = web.get(f"{API}/meet", params={"traveller": [f"incheon_t1@{DAY}T14:05", f"gwangju_songjeong@{DAY}T09:00"],
                                          "rank": "fair", "limit": 2})
    assert meet.status_code == 200 and len(meet.json()["options"]) == 2
    feeds = web.get(f"{API}/feeds").json()
    assert feeds[0]["label"] == "sample" and feeds[0]["report"] == []


def test_api_places_as_one_types(web: Any) -> None:
    items = web.get(f"{API}/places", params={"q": "인천공", "lang": "en"}).json()["items"]
    assert items[0] == {"name": "Incheon International Airport", "name_ko": "인천국제공항",
                        "name_en": "Incheon International Airport", "kind": "airport", "kind_name": "airport",
                        "text": "Incheon International Airport"}
    assert web.get(f"{API}/places", params={"q": "광"}).json() == {"items": []}
    assert web.get(f"{API}/places", params={"q": "Gwangj", "limit": 0}).status_code == 422
    page = web.get("/transit?lang=en").text
    assert '<option value="Incheon International Airport" data-user-content>인천국제공항</option>' in page


def test_api_errors_are_clear(web: Any) -> None:
    unknown = web.get(f"{API}/plan", params={"from": "인천항", "to": "seoul", "depart": f"{DAY}T14:05"})
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "unknown_place"
    assert unknown.json()["error"]["message"] == "'인천항'(이)라는 곳을 찾지 못했습니다."
    assert "인천국제공항" in [s["name"] for s in unknown.json()["error"]["suggestions"]]
    which = web.get(f"{API}/plan", params={"from": "KTX", "to": "seoul", "depart": f"{DAY}T14:05", "lang": "en"})
    error = which.json()["error"]
    assert which.status_code == 422 and error["code"] == "ambiguous_place"
    assert error["fields"] == {"from": error["message"]}
    assert error["message"] == "'KTX' could be several places. Which one?"
    assert {"Seoul Station", "Yongsan"} <= {c["name"] for c in error["candidates"]}
    assert all("_" not in c["name"] and c["text"] for c in error["candidates"])
    planned = web.get(f"{API}/plan", params={"from": "Incheon Airport", "to": "Gwangju", "depart": "2026-12-09T09:00",
                                             "lang": "en"})
    assert planned.status_code == 200 and planned.json()["itineraries"]
    none = web.get(f"{API}/plan", params={"from": "incheon_t1", "to": "cheomdan_ai_dc", "depart": f"{DAY}T14:05",
                                          "window": 1})
    assert none.status_code == 404 and none.json()["error"]["code"] == "no_route"
    bad = web.get(f"{API}/meet", params={"traveller": ["seoul"]})
    assert bad.status_code == 422


RANGE = {"from": "용산역", "to": "광주송정역", "when": f"{DAY}T08:00", "mode": "range", "until": "11:00"}


@pytest.mark.parametrize(("lang", "heading"), [("ko", "08:00~11:00 사이에 출발하는 경로"),
                                               ("en", "leaving between 08:00 and 11:00")])
def test_leave_between_on_the_page(web: Any, lang: str, heading: str) -> None:
    page = web.get("/transit", params={**RANGE, "lang": lang})
    assert page.status_code == 200 and heading in page.text
    assert 'value="range" checked' in page.text and 'name="until" type="time" value="11:00"' in page.text
    api = web.get(f"{API}/plan", params={"from": "yongsan", "to": "gwangju_songjeong", "depart": f"{DAY}T08:00",
                                         "until": "11:00", "lang": lang}).json()
    assert page.text.count('class="itinerary"') == len(api["itineraries"]) > 3
    departures = [it["depart"][11:16] for it in api["itineraries"]]
    assert departures == sorted(departures)
    html = page.text
    assert [html.index(f"<time>{d}</time>") for d in departures] == sorted(html.index(f"<time>{d}</time>")
                                                                            for d in departures)


def test_single_departure_stays_the_default(web: Any) -> None:
    page = web.get("/transit", params={**RANGE, "mode": "depart"})
    assert page.status_code == 200 and 'value="depart" checked' in page.text
    assert "사이에 출발하는 경로" not in page.text and "도착이 이른 순" in page.text


@pytest.mark.parametrize(("until", "lang", "expected"), [
    ("07:30", "ko", "출발 시각(08:00)보다 늦어야 합니다"),
    ("07:30", "en", "must be after the departure time (08:00)"),
    ("15:00", "en", "at most 6 hours"),
    ("", "ko", "끝 시각(HH:MM)이 필요합니다"),
])
def test_window_errors_beside_the_until_field(web: Any, until: str, lang: str, expected: str) -> None:
    page = web.get("/transit", params={**RANGE, "until": until, "lang": lang})
    assert page.status_code == 422
    assert 'id="e-until"' in page.text and expected in page.text
    error = page.text.split('id="e-until"', 1)[1].split("</p>", 1)[0]
    hangul = any("\uac00" <= ch <= "\ud7a3" for ch in error)
    assert hangul == (lang == "ko")  # beside the field, in the page's language only
    api = web.get(f"{API}/plan", params={"from": "yongsan", "to": "gwangju_songjeong", "depart": f"{DAY}T08:00",
                                         "until": until or "x"})
    assert api.status_code == 422 and "until" in api.json()["error"]["fields"]


def test_via_shows_one_journey_with_the_via_stop_marked(web: Any) -> None:
    page = web.get("/transit", params={"from": "용산역", "to": "광주송정역", "when": f"{DAY}T09:00", "via": "오송역"})
    assert page.status_code == 200
    first = page.text.split('class="itinerary"')[1]
    assert first.count('class="leg ') == 1 and "경유지 오송역 (내리지 않고 통과)" in first
    english = web.get("/transit", params={"from": "incheon_t1", "to": "gwangju_songjeong", "when": f"{DAY}T09:00",
                                          "via": "gimpo_airport", "lang": "en"})
    assert english.status_code == 200 and "via Gimpo Airport" in english.text


def test_english_page_headsigns_are_not_bare_korean(web: Any) -> None:
    page = web.get("/transit", params={"from": "yongsan", "to": "gwangju_songjeong", "when": f"{DAY}T09:00",
                                       "lang": "en"})
    towards = [chunk.split("<", 1)[0] for chunk in page.text.split("towards ")[1:]]
    assert towards
    for text in towards:
        hangul = any("\uac00" <= ch <= "\ud7a3" for ch in text)
        assert not hangul or "(→ " in text, text
    korean = web.get("/transit", params={"from": "yongsan", "to": "gwangju_songjeong", "when": f"{DAY}T09:00",
                                         "lang": "ko"})
    assert "광주송정 방면" in korean.text


def test_how_to_get_here_prefills_the_planner_from_an_organisation(web: Any, session: Session) -> None:
    from bitgoeul.organisations.models import Organisation

    org = Organisation(name_ko="무등데이터", name_en="Mudeung Data", kind="ai_firm", region="광주 동구")
    session.add(org)
    session.commit()
    page = web.get(f"/organisations/{org.id}?lang=en").text
    assert "/transit?to=Mudeung+Data" in page
    planned = web.get("/transit", params={"to": "Mudeung Data", "from": "Incheon Airport", "lang": "en",
                                          "when": "2026-12-09T09:00"})
    assert planned.status_code == 200 and 'class="itinerary"' in planned.text
    assert "Mudeung Data: arrives at Gwangju" in planned.text


def test_a_trip_into_the_place_one_is_in_is_explained_beside_the_field(web: Any) -> None:
    page = web.get("/transit", params={"from": "Gwangju", "to": "Gwangju Songjeong", "when": f"{DAY}T09:00",
                                       "lang": "en"})
    assert page.status_code == 422 and 'id="e-to"' in page.text
    assert "Gwangju Songjeong is in Gwangju; enter a more precise place" in page.text
