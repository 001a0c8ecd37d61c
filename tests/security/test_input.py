"""Input that would misbehave downstream: spreadsheet formulas in CSV exports are neutralised, LIKE
wildcards in searches are literal, and NUL characters are refused (422, nothing stored) on both databases."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests import factories as f
from tests.factories import csrf_of, login

from bitgoeul.core.db import NulRefused
from bitgoeul.core.export import csv_text, neutralise
from bitgoeul.demonstrations.models import Need
from bitgoeul.organisations.models import Organisation

FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1"]


def test_formula_cells_are_neutralised_and_numbers_kept() -> None:
    assert [neutralise(v) for v in FORMULAS] == ["'" + v for v in FORMULAS]
    kept = [-5, 3.5, None, "plain", "a=b", "한국어"]
    assert [neutralise(v) for v in kept] == kept
    text = csv_text([{"a": "=1+1", "b": -7, "c": ["=x"]}], ["a", "b", "c"])
    assert text.splitlines()[1] == "'=1+1,-7,\"[\"\"=x\"\"]\""


def test_exported_lists_never_carry_a_live_formula(client: TestClient, session: Session) -> None:
    for name in FORMULAS[:4]:
        f.organisation(session, name_ko=name)
    session.commit()
    response = client.get("/organisations", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row.values()]
    assert cells and not any(cell.startswith(("=", "+", "-", "@", "\t")) for cell in cells)
    assert {"'" + name for name in FORMULAS[:4]} <= {row["name_ko"] for row in rows}


@pytest.mark.parametrize(("q", "expected"), [("%", {"100% 국산 AI"}), ("_", {"under_score AI"}),
                                             ("\\", {"back\\slash AI"}), ("AI", None)])
def test_like_wildcards_match_literally(client: TestClient, session: Session, q: str,
                                        expected: set[str] | None) -> None:
    names = {"100% 국산 AI", "under_score AI", "back\\slash AI", "보통 AI"}
    for name in names:
        f.organisation(session, name_ko=name, description_ko="")
    session.commit()
    found = client.get("/api/v1/organisations", params={"q": q, "per_page": 100}).json()["items"]
    assert {o["name_ko"] for o in found} == (expected or names)


def test_nul_characters_are_refused_everywhere_and_nothing_is_stored(client: TestClient, session: Session) -> None:
    buyer = f.member(session, f.organisation(session, kind="buyer"))
    session.commit()
    login(client, buyer.email)
    before = session.scalar(select(func.count(Need.id)))
    api = client.post("/api/v1/needs", headers={"x-csrf-token": csrf_of(client)}, json={
        "title_ko": "제목\x00끝", "problem_ko": "문제 설명이 충분히 깁니다. 돼지 농장 질병.", "domain": "livestock"})
    assert api.status_code == 422, api.text
    assert api.json()["error"]["code"] == "validation_failed"
    page = client.get("/needs", params={"q": "a\x00b"})
    assert page.status_code == 422 and "NUL" in page.text
    listed = client.get("/api/v1/organisations", params={"q": "\x00"})
    assert listed.status_code == 422
    session.expire_all()
    assert session.scalar(select(func.count(Need.id))) == before


def test_services_and_commands_meet_the_same_refusal(session: Session) -> None:
    session.add(Organisation(name_ko="널\x00문자", name_en="", kind="ai_firm", region="광주"))
    with pytest.raises(NulRefused):
        session.flush()
    session.rollback()
    assert session.scalar(select(func.count(Organisation.id)).where(Organisation.name_ko.like("널%"))) == 0
