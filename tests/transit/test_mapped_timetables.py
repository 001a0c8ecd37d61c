"""BITGOEUL_TIMETABLE_DIR: timetables built once into files and memory-mapped after; plans stay the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session
from tests.transit.transit_fixtures import DAY, load_sample

from bitgoeul.transit import network, service

QUERIES: list[dict[str, Any]] = [
    {"origin": "인천공항 제1여객터미널", "destination": "cheomdan_ai_dc", "when": f"{DAY}T14:05"},
    {"origin": "seoul", "destination": "gwangju_songjeong", "when": f"{DAY}T20:00", "arrive_by": True},
    {"origin": "incheon_t1", "destination": "ai_academy", "when": f"{DAY}T08:00", "until": f"{DAY}T11:00"},
]


def _plans(session: Session) -> list[object]:
    return [service.plan_trip(session, **query).contract() for query in QUERIES]


def test_mapped_timetables_plan_as_built_ones(session: Session, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    load_sample(session)
    network.clear_cache()
    monkeypatch.delenv("BITGOEUL_TIMETABLE_DIR", raising=False)
    built = _plans(session)
    assert all(plan["itineraries"] for plan in built)  # type: ignore[index]

    network.clear_cache()
    files = tmp_path / "timetables"
    monkeypatch.setenv("BITGOEUL_TIMETABLE_DIR", str(files))
    assert _plans(session) == built  # built, written, then mapped
    folders = [p for p in files.iterdir() if not p.name.startswith(".")]
    assert folders and all((p / "meta.json").exists() for p in folders)

    network.clear_cache()  # a new process: the files are mapped, nothing is built
    def refuse(*_: object, **__: object) -> None:
        pytest.fail("built again")

    monkeypatch.setattr(network, "build_timetable", refuse)
    assert _plans(session) == built
    network.clear_cache()
