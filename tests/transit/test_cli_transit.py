"""`bitgoeul transit` on the configured database: load (progress, report, nothing half-written), stops,
and plan/meet printing exactly the issue's contract JSON; mistakes exit 2 with a message, no traceback."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.transit.transit_fixtures import DAY, SAMPLE, sample_copy, with_bad_stop_time
from typer.testing import CliRunner, Result

from bitgoeul.core.i18n import speaking
from bitgoeul.transit.cli import app
from bitgoeul.transit.models import TransitFeed


@pytest.fixture(autouse=True)
def _english_reader() -> Iterator[None]:
    """These tests read the CLI's English words (it speaks one language: --lang, else the locale)."""
    with speaking("en"):
        yield

Run = Callable[..., Result]


@pytest.fixture
def run(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("BITGOEUL_DATABASE_URL", db_url)
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, list(args))

    return invoke


def _feeds(session: Session) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count(TransitFeed.id))) or 0)


def test_load_stops_plan_and_meet(run: Run, session: Session) -> None:
    loaded = run("load", str(SAMPLE), "--name", "kr", "--label", "sample")
    assert loaded.exit_code == 0, loaded.output
    assert "loaded kr" in loaded.output and "8066 stop times" in loaded.output
    again = run("load", str(SAMPLE), "--name", "kr")
    assert again.exit_code == 2 and "--replace" in again.output
    assert run("load", str(SAMPLE), "--name", "kr", "--replace", "--label", "sample").exit_code == 0
    assert _feeds(session) == 1

    found = run("stops", "Songjeong", "--json")
    assert found.exit_code == 0
    assert json.loads(found.output)["stops"][0]["id"] == "gwangju_songjeong"
    typo = run("stops", "인천곻항", "--json")
    assert typo.exit_code == 2 and "incheon_t1" in typo.output

    planned = run("plan", "--from", "incheon_t1", "--to", "AI데이터센터 (첨단)", "--depart", f"{DAY}T14:05",
                  "--json")
    assert planned.exit_code == 0, planned.output
    data = json.loads(planned.output)
    assert list(data) == ["itineraries"]
    first = data["itineraries"][0]
    assert {"depart", "arrive", "transfers", "legs"} <= set(first)
    assert {"mode", "route", "from", "to", "depart", "arrive"} <= set(first["legs"][0])
    assert first["legs"][-1]["to"] == {"id": "cheomdan_ai_dc", "name": "국가AI데이터센터 (첨단)"}
    assert [it["arrive"] for it in data["itineraries"]] == sorted(it["arrive"] for it in data["itineraries"])

    text = run("plan", "--from", "incheon_t1", "--to", "cheomdan_ai_dc", "--depart", f"{DAY}T14:05",
               "--lang", "en")
    assert text.exit_code == 0 and "Sample timetable" in text.output and "National AI Data Center" in text.output

    by = run("plan", "--from", "incheon_t1", "--to", "gwangju_songjeong", "--depart", f"{DAY}T18:00",
             "--arrive-by", "--json")
    assert by.exit_code == 0 and all(it["arrive"] <= f"{DAY}T18:00" for it in json.loads(by.output)["itineraries"])

    met = run("meet", "--traveller", f"incheon_t1@{DAY}T14:05", "--traveller", f"광주송정역@{DAY}T09:00",
              "--json", "--limit", "3")
    assert met.exit_code == 0, met.output
    options = json.loads(met.output)["options"]
    assert len(options) == 3 and all(len(o["itineraries"]) == 2 for o in options)
    assert set(options[0]) == {"place", "latest_arrival", "total_minutes", "fairness_minutes", "itineraries"}
    listed = run("meet", "--traveller", f"incheon_t1@{DAY}T14:05", "--traveller",
                 f"gwangju_songjeong@{DAY}T09:00", "--candidates", "osong,iksan", "--json")
    assert {o["place"]["id"] for o in json.loads(listed.output)["options"]} == {"osong", "iksan"}


@pytest.mark.parametrize(("args", "expected"), [
    (("plan", "--from", "인천항", "--to", "cheomdan_ai_dc", "--depart", f"{DAY}T14:05"), "인천국제공항"),
    (("plan", "--from", "KTX", "--to", "cheomdan_ai_dc", "--depart", f"{DAY}T14:05", "--lang", "en"),
     "Type one of these instead:\n  Gwangju Songjeong Station (station)"),
    (("plan", "--from", "incheon_t1", "--to", "cheomdan_ai_dc", "--depart", "2026-13-01T10:00"), "YYYY-MM-DD"),
    (("plan", "--from", "incheon_t1", "--to", "cheomdan_ai_dc", "--depart", f"{DAY}T14:05", "--window", "1"),
     "--window"),
    (("meet", "--traveller", "incheon_t1", "--traveller", f"seoul@{DAY}T09:00"), "STOP@"),
    (("meet", "--traveller", f"incheon_t1@{DAY}T14:05", "--traveller", f"seoul@{DAY}T09:00", "--rank", "x"),
     "--rank"),
])
def test_bad_input_exits_2_with_a_message(run: Run, args: tuple[str, ...], expected: str) -> None:
    assert run("load", str(SAMPLE), "--name", "kr").exit_code == 0
    result = run(*args)
    assert result.exit_code == 2 and expected in result.output and "Traceback" not in result.output


def test_broken_feed_prints_the_report_and_stores_nothing(run: Run, session: Session, tmp_path: Path) -> None:
    result = run("load", str(sample_copy(tmp_path, drop=("stop_times.txt",))), "--name", "broken")
    assert result.exit_code == 2 and "stop_times.txt:0: required file missing" in result.output
    assert _feeds(session) == 0
    path, line = with_bad_stop_time(tmp_path / "b")
    strict = run("load", str(path), "--name", "patchy", "--strict")
    assert strict.exit_code == 2 and f"stop_times.txt:{line}:" in strict.output and _feeds(session) == 0
    lenient = run("load", str(path), "--name", "patchy", "--json")
    assert lenient.exit_code == 0 and json.loads(lenient.output)["problems"][0]["line"] == line
    assert _feeds(session) == 1


def test_plan_until_prints_the_departure_window(run: Run) -> None:
    assert run("load", str(SAMPLE), "--name", "kr", "--label", "sample").exit_code == 0
    args = ("plan", "--from", "yongsan", "--to", "gwangju_songjeong", "--depart", f"{DAY}T08:00")
    single = json.loads(run(*args, "--json").output)["itineraries"]
    ranged = run(*args, "--until", "11:00", "--json")
    assert ranged.exit_code == 0, ranged.output
    data = json.loads(ranged.output)
    assert list(data) == ["itineraries", "range"]
    assert data["range"] == {"depart": f"{DAY}T08:00", "until": f"{DAY}T11:00"}
    its = data["itineraries"]
    assert len(its) > len(single)  # one per train worth taking, not only the first departure's answers
    assert [it["depart"] for it in its] == sorted(it["depart"] for it in its)
    for it in its:
        assert {"depart", "arrive", "duration_minutes", "transfers", "legs", "via"} <= set(it)
        assert f"{DAY}T08:00" <= it["depart"] <= f"{DAY}T11:00"
    for a in its:
        assert not any(b is not a and b["depart"] >= a["depart"] and b["arrive"] <= a["arrive"]
                       and b["transfers"] <= a["transfers"] for b in its)
    text = run(*args, "--until", "11:00", "--lang", "en")
    assert text.exit_code == 0 and text.output.count(" min, ") == len(its)
    late = run(*args, "--until", "07:30")
    assert late.exit_code == 2 and "must be after the departure" in late.output and "Traceback" not in late.output
    wide = run(*args, "--until", "15:00", "--json")
    assert wide.exit_code == 2 and "6" in wide.output


def _zip_of(folder: Path, target: Path, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, file.name)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return target


def test_zip_bombs_and_damaged_zips_exit_2_and_change_nothing(run: Run, session: Session, tmp_path: Path) -> None:
    assert run("load", str(SAMPLE), "--name", "kr").exit_code == 0
    session.expire_all()
    before = session.scalar(select(TransitFeed.version))
    rows = b"t1,08:00:00,08:00:00,seoul,1\n" * (48 * 1024 * 1024 // 28)
    bomb = _zip_of(SAMPLE, tmp_path / "bomb.zip", {"extra/stop_times.txt": rows})
    refused = run("load", str(bomb), "--name", "kr", "--replace")
    assert refused.exit_code == 2 and "bomb" in refused.output and "Traceback" not in refused.output
    damaged = tmp_path / "damaged.zip"
    data = bytearray(_zip_of(SAMPLE, tmp_path / "ok.zip").read_bytes())
    data[2000:2200] = b"\x00" * 200
    damaged.write_bytes(bytes(data))
    broken = run("load", str(damaged), "--name", "kr", "--replace")
    assert broken.exit_code == 2 and "damaged.zip" in broken.output and "Traceback" not in broken.output
    session.expire_all()
    assert _feeds(session) == 1 and session.scalar(select(TransitFeed.version)) == before


def test_zip_limits_come_from_the_settings(run: Run, session: Session, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    feed = _zip_of(SAMPLE, tmp_path / "sample.zip")
    monkeypatch.setenv("BITGOEUL_ZIP_MAX_MEMBERS", "3")
    refused = run("load", str(feed), "--name", "kr")
    assert refused.exit_code == 2 and "3" in refused.output and _feeds(session) == 0
    monkeypatch.setenv("BITGOEUL_ZIP_MAX_MEMBERS", "50")
    assert run("load", str(feed), "--name", "kr").exit_code == 0 and _feeds(session) == 1


@pytest.mark.parametrize(("origin", "destination"), [("인천공항", "광주"), ("Incheon Airport", "Gwangju")])
def test_airport_to_city_by_name(run: Run, origin: str, destination: str) -> None:
    assert run("load", str(SAMPLE), "--name", "kr", "--label", "sample").exit_code == 0
    planned = run("plan", "--from", origin, "--to", destination, "--depart", "2026-12-09T09:00", "--json")
    assert planned.exit_code == 0, planned.output
    its = json.loads(planned.output)["itineraries"]
    assert its
    for it in its:
        hours = (datetime.fromisoformat(it["arrive"]) - datetime(2026, 12, 9, 9)).total_seconds() / 3600
        assert 2 <= hours <= 6.5 and it["legs"][-1]["to"]["name"].startswith("광주")
    text = run("plan", "--from", origin, "--to", destination, "--depart", "2026-12-09T09:00", "--lang", "en")
    assert "(Gwangju: arrives at Gwangju" in text.output
