"""The dashboard through its edges, for a visitor: the page in Korean and English, the API's shape and
errors, the open data export (CSV round-trips to the API's numbers) and the `bitgoeul dashboard` command."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from bitgoeul.cli import app as cli_app
from bitgoeul.dashboard.indicator import indicators
from bitgoeul.demonstrations.models import Demonstration, DemonstrationEvent, Need, Purchase, Solution
from tests import factories as f

RANGE = {"from": "2025-01", "to": "2025-06"}


@pytest.fixture
def records(session: Session) -> None:
    """Three needs (Feb, Feb, May) and one purchase of 120,000,000 KRW in May."""
    buyer, firm = f.organisation(session, kind="buyer"), f.organisation(session)
    solution = Solution(organisation_id=firm.id, title_ko="솔루션")
    needs = [Need(organisation_id=buyer.id, title_ko=f"수요 {n}", domain="livestock",
                  created_at=datetime(2025, month, 10, tzinfo=UTC)) for n, month in enumerate((2, 2, 5))]
    session.add_all([solution, *needs])
    session.flush()
    demonstration = Demonstration(need_id=needs[0].id, solution_id=solution.id, stage="purchased")
    demonstration.events = [DemonstrationEvent(from_stage="reported", to_stage="purchased", action="purchase",
                                               actor_side="buyer", at=datetime(2025, 5, 2, tzinfo=UTC))]
    demonstration.purchase = Purchase(amount=120_000_000, purchased_on=date(2025, 5, 2))
    session.add(demonstration)
    session.commit()


def test_page_for_a_visitor_in_korean_and_english(client: Any, records: None) -> None:
    korean = client.get("/dashboard", params=RANGE)
    assert korean.status_code == 200
    assert "사업 지표 대시보드" in korean.text and 'href="/dashboard"' in korean.text  # title and nav link
    assert korean.text.count('class="chart indicator"') == len(indicators())
    assert korean.text.count('<svg xmlns="http://www.w3.org/2000/svg" class="line-chart"') == len(indicators())
    assert "120,000,000원" in korean.text and "2025-01 ~ 2025-06" in korean.text
    english = client.get("/dashboard", params={**RANGE, "lang": "en"})
    assert english.status_code == 200
    assert "Programme dashboard" in english.text and "Needs posted" in english.text
    assert "KRW 120,000,000" in english.text and "<title>Conversion rate</title>" in english.text
    assert client.get("/dashboard", params={"months": "24"}).status_code == 200


def test_one_indicator_page_shows_its_table(client: Any, records: None) -> None:
    page = client.get("/dashboard/needs_posted", params=RANGE)
    assert page.status_code == 200
    assert page.text.count('class="chart indicator"') == 1
    cells = [line for line in page.text.splitlines() if "<th scope=\"row\">2025-02</th>" in line]
    assert cells and "<td>2</td>" in cells[0]


def test_the_talent_area_links_to_the_talent_dashboard(client: Any, records: None) -> None:
    korean = client.get("/dashboard", params=RANGE)
    links = [line for line in korean.text.splitlines() if 'id="talent-dashboard-link"' in line]
    assert len(links) == 1 and 'href="/talent/dashboard"' in links[0] and "채용 현황" in links[0]
    english = client.get("/dashboard", params={**RANGE, "lang": "en"})
    links = [line for line in english.text.splitlines() if 'id="talent-dashboard-link"' in line]
    assert len(links) == 1 and 'href="/talent/dashboard?lang=en"' in links[0] and "Hiring figures" in links[0]
    assert client.get("/talent/dashboard").status_code == 200  # the link leads to a page that is there
    assert 'id="talent-dashboard-link"' not in client.get("/dashboard/needs_posted", params=RANGE).text


def test_page_refuses_bad_input(client: Any) -> None:
    assert client.get("/dashboard", params={"from": "2025-13"}).status_code == 422
    assert client.get("/dashboard", params={"months": "7"}).status_code == 422
    assert client.get("/dashboard/nothing").status_code == 422


def test_api_shape(client: Any, records: None) -> None:
    body = client.get("/api/v1/dashboard", params=RANGE).json()
    assert (body["start"], body["end"]) == ("2025-01", "2025-06")
    assert [i["code"] for i in body["indicators"]] == [i.code for i in indicators()]
    needs = next(i for i in body["indicators"] if i["code"] == "needs_posted")
    assert set(needs) == {"code", "capability", "name_ko", "name_en", "unit", "description_ko", "description_en",
                          "latest", "previous", "change", "partial_day", "series"}
    assert [p["value"] for p in needs["series"]] == [0, 2, 0, 0, 1, 0]
    assert (needs["latest"], needs["previous"], needs["change"]) == (0, 1, -1)
    assert needs["partial_day"] is None  # 2025-06 is over: compared with the whole of May
    one = client.get("/api/v1/dashboard/purchase_amount", params=RANGE).json()
    assert one["unit"] == "krw" and one["series"][4] == {"month": "2025-05", "value": 120_000_000}
    rate = client.get("/api/v1/dashboard/conversion_rate", params=RANGE).json()
    assert [p["value"] for p in rate["series"]] == [None, None, None, None, 100, 100]


def test_api_errors_use_the_error_shape(client: Any) -> None:
    unknown = client.get("/api/v1/dashboard/nothing")
    assert unknown.status_code == 422
    error = unknown.json()["error"]
    assert error["code"] == "validation_failed" and "indicator" in error["fields"]
    assert "알 수 없는 지표" in error["message"] and "Unknown" not in error["message"]
    english = client.get("/api/v1/dashboard/nothing", headers={"accept-language": "en"}).json()["error"]
    assert "Unknown indicator" in english["message"] and "알 수 없는" not in english["message"]
    bad = client.get("/api/v1/dashboard", params={"from": "2025-06", "to": "2025-01"})
    assert bad.status_code == 422 and "from" in bad.json()["error"]["fields"]


def test_csv_round_trips_to_the_api(client: Any, records: None) -> None:
    response = client.get("/dashboard", params={**RANGE, "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    api = client.get("/api/v1/dashboard", params=RANGE).json()["indicators"]
    expected = [(i["code"], p["month"], p["value"], i["unit"]) for i in api for p in i["series"]]
    assert [(r["indicator"], r["month"], float(r["value"]) if r["value"] else None, r["unit"]) for r in rows] \
        == expected
    one = client.get("/dashboard/purchases", params={**RANGE, "format": "json"}).json()
    assert one == [{"indicator": "purchases", "month": m, "value": v, "unit": "count"}
                   for m, v in zip(("2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"),
                                   (0, 0, 0, 0, 1, 0), strict=True)]


def test_cli_show_and_export(db_url: str, records: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BITGOEUL_DATABASE_URL", db_url)
    runner = CliRunner()
    shown = runner.invoke(cli_app, ["dashboard", "show", "--json", "--from", "2025-01", "--to", "2025-06"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    assert next(i for i in data if i["code"] == "needs_posted")["series"][1] == {"month": "2025-02", "value": 2}
    table = runner.invoke(cli_app, ["dashboard", "show", "--from", "2025-01", "--to", "2025-05"])
    assert table.exit_code == 0 and "needs_posted" in table.output
    exported = runner.invoke(cli_app, ["dashboard", "export", "--format", "csv", "--from", "2025-01",
                                       "--to", "2025-06"])
    assert exported.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(exported.output)))
    assert len(rows) == 6 * len(indicators())
    assert {"indicator": "needs_posted", "month": "2025-05", "value": "1", "unit": "count"} in rows
    as_json = runner.invoke(cli_app, ["dashboard", "export", "--format", "json", "--indicator", "purchases",
                                      "--from", "2025-05", "--to", "2025-05"])
    assert json.loads(as_json.output) == [{"indicator": "purchases", "month": "2025-05", "value": 1,
                                           "unit": "count"}]
    refused = runner.invoke(cli_app, ["dashboard", "export", "--format", "xml"])
    assert refused.exit_code == 2
    unknown = runner.invoke(cli_app, ["dashboard", "show", "--from", "2025-99"])
    assert unknown.exit_code == 2
