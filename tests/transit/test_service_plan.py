"""Plans and meetings through the service on the sample feed: the contract shapes, the Pareto set ordered
by arrival, arrive-by, coordinates, and every kind of bad input answered with a clear error."""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest
from sqlalchemy.orm import Session
from tests.transit.transit_fixtures import DAY, load_sample

from bitgoeul.core.errors import NotFound, ValidationFailed
from bitgoeul.transit import service
from bitgoeul.transit.place_search import AmbiguousPlace, UnknownPlace


@pytest.fixture
def loaded(session: Session) -> Session:
    load_sample(session)
    return session


LEG_KEYS = {"mode", "route", "from", "to", "depart", "arrive"}


def _check_contract(itinerary: dict[str, object]) -> None:
    assert {"depart", "arrive", "transfers", "legs"} <= set(itinerary)
    for leg in itinerary["legs"]:  # type: ignore[attr-defined]
        assert set(leg) >= LEG_KEYS and {"id", "name"} == set(leg["from"]) == set(leg["to"])
        datetime.fromisoformat(leg["depart"]), datetime.fromisoformat(leg["arrive"])


def test_plan_incheon_to_the_ai_data_center(loaded: Session) -> None:
    result = service.plan_trip(loaded, origin="인천공항 제1여객터미널", destination="cheomdan_ai_dc",
                               when=f"{DAY}T14:05")
    out = result.contract()
    assert set(out) == {"itineraries"} and out["itineraries"]
    for it in out["itineraries"]:
        _check_contract(it)
        assert it["depart"] >= f"{DAY}T14:05" and it["legs"][-1]["to"]["id"] == "cheomdan_ai_dc"
        assert it["legs"][-1]["to"]["name"] == "국가AI데이터센터 (첨단)"
    arrivals = [(it["arrive"], it["transfers"]) for it in out["itineraries"]]
    assert arrivals == sorted(arrivals)
    # Pareto: each later arrival must buy fewer transfers.
    assert all(b[1] < a[1] for a, b in itertools.pairwise(arrivals))
    english = result.contract("en")["itineraries"][0]["legs"][-1]["to"]["name"]
    assert english == "National AI Data Center (Cheomdan)"


def test_arrive_by_departs_as_late_as_possible(loaded: Session) -> None:
    deadline = f"{DAY}T18:00"
    result = service.plan_trip(loaded, origin="incheon_t1", destination="gwangju_songjeong", when=deadline,
                               arrive_by=True)
    its = result.contract()["itineraries"]
    assert its and all(it["arrive"] <= deadline for it in its)
    latest = max(it["depart"] for it in its)
    # Leaving any later than the latest answer, the depart-at search cannot make the deadline.
    later = datetime.fromisoformat(latest).replace(second=0)
    again = service.plan_trip(loaded, origin="incheon_t1", destination="gwangju_songjeong",
                              when=later.replace(minute=later.minute + 1 if later.minute < 59 else 59))
    assert min(it["arrive"] for it in again.contract()["itineraries"]) > deadline


def test_coordinates_and_names_in_english_work(loaded: Session) -> None:
    result = service.plan_trip(loaded, origin="Gwangju Songjeong", destination="35.1500,126.9180",
                               when=f"{DAY}T09:00")
    last = result.contract()["itineraries"][0]["legs"][-1]
    assert last["mode"] == "walk" and last["to"]["id"] == "35.150000,126.918000"


@pytest.mark.parametrize(("origin", "kind"), [("인천항", UnknownPlace), ("KTX", AmbiguousPlace)])
def test_unknown_or_ambiguous_places_offer_names(loaded: Session, origin: str, kind: type) -> None:
    with pytest.raises(kind) as caught:
        service.plan_trip(loaded, origin=origin, destination="cheomdan_ai_dc", when=f"{DAY}T14:05")
    assert caught.value.field == "from" and caught.value.choices
    assert " / " not in caught.value.render("ko") and "_" not in caught.value.render("en")


@pytest.mark.parametrize(("origin", "destination"), [("인천공항", "광주"), ("Incheon Airport", "Gwangju"),
                                                     ("ICN", "광주송정"), ("인청공항", "Gwangju KTX")])
def test_airport_to_city_by_the_words_people_type(loaded: Session, origin: str, destination: str) -> None:
    when = datetime(2026, 12, 9, 9, 0)
    result = service.plan_trip(loaded, origin=origin, destination=destination, when=when.isoformat())
    its = result.contract("en")["itineraries"]
    assert its
    for it in its:
        hours = (datetime.fromisoformat(it["arrive"]) - when).total_seconds() / 3600
        assert 2 <= hours <= 6.5, it
        assert it["legs"][0]["from"]["id"].startswith("incheon_t")
        assert it["legs"][-1]["to"]["name"].startswith("Gwangju")
    shown = result.ends_shown(result.itineraries[0], "en")
    assert shown[0][0] == "transit.place.from_stop" and shown[0][1]["place"] == "Incheon International Airport"


@pytest.mark.parametrize("when", ["2026-02-30T10:00", "2026-11-30T25:00", "tomorrow", ""])
def test_impossible_times_are_refused(loaded: Session, when: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        service.plan_trip(loaded, origin="incheon_t1", destination="cheomdan_ai_dc", when=when)
    assert "depart" in caught.value.fields


def test_dates_outside_the_timetable_say_which_dates_work(loaded: Session) -> None:
    with pytest.raises(ValidationFailed) as caught:
        service.plan_trip(loaded, origin="incheon_t1", destination="cheomdan_ai_dc", when="2031-05-01T10:00")
    assert "2027-12-31" in caught.value.field_texts()["depart"]


def test_nothing_in_the_window_says_so_and_suggests_widening(loaded: Session) -> None:
    with pytest.raises(service.NoRoute) as caught:
        service.plan_trip(loaded, origin="incheon_t1", destination="cheomdan_ai_dc", when=f"{DAY}T14:05",
                          window_hours=2)
    assert "--window" in caught.value.message and "2" in caught.value.message


def test_same_place_and_bad_window_are_refused(loaded: Session) -> None:
    with pytest.raises(ValidationFailed):
        service.plan_trip(loaded, origin="seoul", destination="서울역", when=f"{DAY}T09:00")
    with pytest.raises(ValidationFailed) as caught:
        service.plan_trip(loaded, origin="seoul", destination="yongsan", when=f"{DAY}T09:00", window_hours=0)
    assert "window" in caught.value.fields


def test_no_feed_loaded_is_a_clear_error(session: Session) -> None:
    with pytest.raises(NotFound) as caught:
        service.plan_trip(session, origin="a", destination="b", when=f"{DAY}T09:00")
    assert "bitgoeul transit load" in caught.value.message


def test_meeting_client_at_incheon_and_ceo_in_gwangju(loaded: Session) -> None:
    travellers = [service.parse_traveller(f"incheon_t1@{DAY}T14:05", "client"),
                  service.parse_traveller(f"광주송정역@{DAY}T09:00", "ceo")]
    result = service.plan_meeting(loaded, travellers=travellers)
    out = result.contract()
    assert set(out) == {"options"} and out["options"]
    for option in out["options"]:
        assert set(option) == {"place", "latest_arrival", "total_minutes", "fairness_minutes", "itineraries"}
        assert len(option["itineraries"]) == 2
        for it in option["itineraries"]:
            _check_contract(it)
        assert option["latest_arrival"] == max(it["arrive"] for it in option["itineraries"])
    latest = [o["latest_arrival"] for o in out["options"]]
    assert latest == sorted(latest)
    fair = [o["fairness_minutes"] for o in result.contract("fair")["options"]]
    assert fair == sorted(fair)
    total = [o["total_minutes"] for o in result.contract("total")["options"]]
    assert total == sorted(total)
    kinds = [(s.kind, s.place) for s in result.scenarios]
    assert kinds[:2] == [("origin", "incheon_t1"), ("origin", "gwangju_songjeong")] and kinds[2][0] == "fairest"
    assert kinds[2][1] not in ("incheon_t1", "gwangju_songjeong")
    client_at_home = result.scenarios[0].option
    assert client_at_home is not None and client_at_home.itineraries[0].duration == 0


def test_meeting_candidates_list_and_bad_input(loaded: Session) -> None:
    travellers = [service.parse_traveller(f"incheon_t1@{DAY}T14:05"),
                  service.parse_traveller(f"gwangju_songjeong@{DAY}T09:00")]
    result = service.plan_meeting(loaded, travellers=travellers, candidates="osong")
    assert [o["place"]["id"] for o in result.contract()["options"]] == ["osong"]
    with pytest.raises(ValidationFailed):
        service.parse_traveller("incheon_t1 2026-11-30T14:05")
    with pytest.raises(ValidationFailed):
        service.plan_meeting(loaded, travellers=travellers[:1])
    with pytest.raises(UnknownPlace):
        service.plan_meeting(loaded, travellers=travellers, candidates="osong,없는역")
    far = [travellers[0], service.parse_traveller("gwangju_songjeong@2026-12-20T09:00")]
    with pytest.raises(ValidationFailed):
        service.plan_meeting(loaded, travellers=far)


def test_a_trip_into_the_place_one_is_in_asks_for_more_precision(loaded: Session) -> None:
    with pytest.raises(ValidationFailed) as caught:
        service.plan_trip(loaded, origin="광주", destination="광주송정역", when=f"{DAY}T09:00")
    assert caught.value.field_texts("en") == {
        "to": "Gwangju Songjeong Station is in Gwangju; enter a more precise place to leave from or to go to."}
    assert caught.value.render("ko").startswith("광주송정역은(는) 광주광역시 안에 있습니다.")


def test_meeting_travellers_may_start_from_a_city_or_an_airport(loaded: Session) -> None:
    travellers = [service.parse_traveller(f"인천공항@{DAY}T14:05", "client"),
                  service.parse_traveller(f"광주@{DAY}T09:00", "ceo")]
    result = service.plan_meeting(loaded, travellers=travellers)
    kinds = [(s.kind, s.traveller) for s in result.scenarios]
    assert kinds == [("origin", 0), ("origin", 1), ("fairest", None)]
    airport, city = result.scenarios[0], result.scenarios[1]
    assert airport.place in {"incheon_t1", "incheon_t2"} and airport.option is not None
    assert city.place in {"gwangju_songjeong", "gwangju_airport", "usquare", "gwangju_station", "cheomdan_ai_dc",
                          "ai_academy"} and city.option is not None
    # The client is already at the airport: their own trip there is no journey at all.
    assert airport.option.itineraries[0].duration == 0
