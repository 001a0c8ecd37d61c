"""Place search on the sample feed: what people type (Korean or English, an alias, a code, a venue or an
organisation, small typos) resolves to the stop, group of stops or point a person means; truly different
places are asked about. The expected answers were worked out by hand from the sample's stops and places.toml."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session
from tests.transit.transit_fixtures import load_sample

from bitgoeul.exchange.models import Event
from bitgoeul.organisations.models import Organisation
from bitgoeul.transit.place_search import AmbiguousPlace, PlaceWithoutStops, UnknownPlace, find_place
from bitgoeul.transit.place_text import distance, jamo, name_score, query_words
from bitgoeul.transit.router import StopGroup

AIRPORT = {"incheon_t1", "incheon_t2"}
GWANGJU = {"gwangju_songjeong", "gwangju_airport", "usquare", "gwangju_station", "cheomdan_ai_dc", "ai_academy"}


@pytest.fixture
def loaded(session: Session) -> Session:
    load_sample(session)
    return session


def members(target: object) -> set[str]:
    assert isinstance(target, StopGroup), target
    return set(target.stops)


def test_the_place_table_is_well_formed() -> None:
    from bitgoeul.transit.place_search import place_records

    records = place_records()
    assert len({r.id for r in records}) == len(records) >= 10
    for r in records:
        assert r.kind in {"city", "district", "airport", "station"} and r.name_ko and r.name_en
        assert 33 <= r.lat <= 39 and 124 <= r.lon <= 132 and 0 < r.radius_km <= 20  # inside Korea, city-sized
        assert r.name_ko not in r.aliases and len(set(r.aliases)) == len(r.aliases)


# ------------------------------------------------------------------ the text measures, by hand


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("kitten", "sitting", 3), ("airprot", "airport", 1), ("gwangu", "gwangju", 1), ("", "abc", 3),
    (jamo("광쥬"), jamo("광주"), 1),  # ㅠ for ㅜ: one letter, not one syllable
    (jamo("인청"), jamo("인천"), 1), (jamo("인천항"), jamo("인천공항"), 3),
])
def test_edit_distance_by_hand(a: str, b: str, expected: int) -> None:
    assert distance(a, b, 5) == expected


@pytest.mark.parametrize(("typed", "words"), [
    ("인천공항에서", ["인천공항"]), ("광주로", ["광주"]), ("광주송정역까지", ["광주송정역"]),
    ("Incheon  Airport", ["incheon", "airport"]), ("빛고을 AI 카페", ["빛고을", "ai", "카페"]),
])
def test_particles_are_dropped_and_words_folded(typed: str, words: list[str]) -> None:
    assert query_words(typed) == words


@pytest.mark.parametrize(("typed", "name", "low", "high"), [
    ("인천공항", "인천공항", 1.0, 1.0), ("incheon airport", "Incheon Airport", 1.0, 1.0),
    ("광주", "광주송정역", 0.9, 0.9),  # a beginning
    ("광주 KTX", "광주송정역 KTX·SRT", 0.9, 0.96),  # every word begins a word of the name
    ("AI 데이터센터", "국가AI데이터센터 (첨단)", 0.8, 0.8),  # inside
    ("인청공항", "인천공항", 0.6, 0.78), ("Gwangu", "Gwangju", 0.6, 0.78),
    ("Incheon Airprot", "Incheon Airport", 0.6, 0.9),
    ("인천항", "인천공항", 0.0, 0.59), ("광주", "광명역", 0.0, 0.0), ("Seoul", "Suseo", 0.0, 0.59),
])
def test_name_scores_fall_in_their_tiers(typed: str, name: str, low: float, high: float) -> None:
    assert low <= name_score(typed, name) <= high


# ------------------------------------------------------------------ resolution on the sample feed


@pytest.mark.parametrize("typed", ["인천공항", "인천공항에서", "Incheon Airport", "ICN", "icn", "인천국제공항",
                                   "Incheon International Airport", "인청공항", "Incheon Airprot"])
def test_the_airport_is_both_terminals(loaded: Session, typed: str) -> None:
    place = find_place(loaded, "from", typed)
    assert members(place.target) == AIRPORT and place.kind == "airport"
    assert place.name("en") == "Incheon International Airport"


@pytest.mark.parametrize("typed", ["광주", "Gwangju", "광주광역시", "gwangju city", "광쥬", "Gwangu", "광주로"])
def test_the_city_is_its_stations(loaded: Session, typed: str) -> None:
    # 경기 광주시 shares the name but has no stop in the loaded feeds, so it is never offered.
    place = find_place(loaded, "to", typed)
    assert members(place.target) == GWANGJU and place.name("ko") == "광주광역시"


@pytest.mark.parametrize("typed", ["광주송정", "광주송정역", "Gwangju Songjeong", "광주 KTX", "Gwangju KTX",
                                   "송정역", "Songjeong Station"])
def test_the_ktx_station(loaded: Session, typed: str) -> None:
    place = find_place(loaded, "to", typed)
    target = place.target
    assert target == "gwangju_songjeong" or members(target) == {"gwangju_songjeong"}


@pytest.mark.parametrize(("typed", "stop"), [
    ("인천공항 T1", "incheon_t1"), ("인천공항 1터미널", "incheon_t1"), ("Incheon T1", "incheon_t1"),
    ("Incheon Airport T2", "incheon_t2"), ("인천국제공항 제2여객터미널", "incheon_t2"),
    ("Gwangju Station", "gwangju_station"),  # typed whole: beats "Gwangju Songjeong Station" (every word in it)
    ("AI 사관학교", "ai_academy"),  # the glossary's 인공지능 = AI
    ("U-Square", "usquare"), ("광주 버스터미널", "usquare"), ("첨단", "cheomdan_ai_dc"),
])
def test_terminals_stations_and_landmarks(loaded: Session, typed: str, stop: str) -> None:
    assert find_place(loaded, "to", typed).target == stop


def test_a_name_typed_whole_beats_names_that_only_contain_its_words(loaded: Session) -> None:
    # "Seoul Incheon" is an alias of the airport, yet "Seoul" typed whole is the city.
    assert find_place(loaded, "to", "Seoul").name("en") == "Seoul"
    assert find_place(loaded, "to", "빛고을").name("ko") == "광주광역시"


def test_a_stop_name_in_either_language_and_ids_still_work(loaded: Session) -> None:
    assert find_place(loaded, "to", "Yongsan").target == "yongsan"
    assert find_place(loaded, "to", "용산역").target == "yongsan"
    assert find_place(loaded, "to", "incheon_t1").target == "incheon_t1"
    assert find_place(loaded, "to", "AI 데이터센터").target == "cheomdan_ai_dc"
    assert find_place(loaded, "to", "35.15,126.918").target == (35.15, 126.918)


def test_venues_and_organisations_are_places(loaded: Session) -> None:
    when = datetime(2026, 12, 10, 5, tzinfo=UTC)
    for title in ("교류의 날", "경진대회", "밋업"):  # three events at one venue are one place
        loaded.add(Event(title_ko=title, status="published", starts_at=when, ends_at=when,
                         venue_name="빛고을 AI 카페", lat=35.2289, lon=126.8427))
    loaded.add(Event(title_ko="초안", status="draft", starts_at=when, ends_at=when, venue_name="비밀 장소",
                     lat=35.2, lon=126.8))
    loaded.add(Organisation(name_ko="무등데이터", name_en="Mudeung Data", kind="ai_firm", region="광주 동구"))
    loaded.add(Organisation(name_ko="광주AI데이터센터 운영단", kind="public_institution", region="광주 북구"))
    loaded.commit()
    cafe = find_place(loaded, "to", "빛고을 AI 카페")
    assert cafe.target == (35.2289, 126.8427) and cafe.snap and cafe.kind == "venue"
    assert find_place(loaded, "to", "빛고을 카페").target == cafe.target
    firm = find_place(loaded, "to", "Mudeung Data")
    assert firm.kind == "organisation" and members(firm.target) == {"ai_academy", "gwangju_station"}
    with pytest.raises(UnknownPlace):
        find_place(loaded, "to", "비밀 장소")  # a draft event's venue is not public
    # Both names hold "AI" and "데이터센터"; the organisation is known only by its district, the stop exactly.
    assert find_place(loaded, "to", "AI 데이터센터").target == "cheomdan_ai_dc"
    assert find_place(loaded, "to", "광주AI데이터센터 운영단").kind == "organisation"


def test_an_organisation_where_no_timetable_goes_says_so(loaded: Session) -> None:
    loaded.add(Organisation(name_ko="나주스마트팜", name_en="Naju Smart Farm", kind="buyer", region="전남 나주시"))
    loaded.commit()
    with pytest.raises(PlaceWithoutStops) as caught:
        find_place(loaded, "to", "Naju Smart Farm")
    assert caught.value.field_texts("en") == {
        "to": "The loaded timetables have no service near Naju Smart Farm (전남 나주시)."}
    assert caught.value.render("ko") == "나주스마트팜(전남 나주시) 근처로 가는 노선이 불러온 시간표에 없습니다."


def test_unrelated_places_are_asked_about(loaded: Session) -> None:
    with pytest.raises(AmbiguousPlace) as caught:
        find_place(loaded, "from", "KTX")  # Seoul, Yongsan and Gwangju Songjeong: 270 km apart
    names = {c.name("en") for c in caught.value.choices}
    assert any(n.startswith("Gwangju Songjeong") for n in names) and len(names) >= 2
    assert caught.value.render("en") == "'KTX' could be several places. Which one?"
    assert "/" not in caught.value.render("ko") and "gwangju_songjeong" not in caught.value.render("ko")


def test_unknown_words_offer_close_names(loaded: Session) -> None:
    with pytest.raises(UnknownPlace) as caught:
        find_place(loaded, "from", "인천항")
    assert caught.value.render("ko") == "'인천항'(이)라는 곳을 찾지 못했습니다."
    assert any("인천" in c.name("ko") for c in caught.value.choices)


def reference_distance(a: str, b: str) -> int:
    """Optimal string alignment distance straight from its recurrence (memoised), for comparison."""
    from functools import cache

    @cache
    def d(i: int, j: int) -> int:
        if i == 0 or j == 0:
            return i + j
        best = min(d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + (a[i - 1] != b[j - 1]))
        if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
            best = min(best, d(i - 2, j - 2) + 1)
        return best

    return d(len(a), len(b))


def test_banded_distances_equal_the_recurrence_on_random_words() -> None:
    from random import Random

    from bitgoeul.transit.place_text import prefix_distances

    rng = Random(7)
    letters = "abcd" + jamo("광주인천")
    for _ in range(600):
        a = "".join(rng.choice(letters) for _ in range(rng.randint(0, 9)))
        b = "".join(rng.choice(letters) for _ in range(rng.randint(0, 12)))
        limit = rng.randint(0, 3)
        assert distance(a, b, limit) == min(reference_distance(a, b), limit + 1), (a, b, limit)
        row = prefix_distances(a, b, limit)
        assert row == [min(reference_distance(a, b[:j]), limit + 1) for j in range(len(row))], (a, b, limit)
        assert len(row) == min(len(b), len(a) + limit) + 1
