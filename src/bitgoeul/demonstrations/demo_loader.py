"""Turn the plain demo ecosystem (`demo_data.build_demo_data`) into rows, histories included."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from bitgoeul.accounts.models import User
from bitgoeul.core.auth import hash_password
from bitgoeul.demonstrations.models import Demonstration, DemonstrationEvent, Kpi, Need, Purchase, Solution
from bitgoeul.organisations.models import Organisation

# Demo accounts share one published password; they exist only in demo databases.
DEMO_PASSWORD = "bitgoeul-demo"  # noqa: S105


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def load_demo(session: Session) -> None:
    from bitgoeul.demonstrations.demo_data import build_demo_data

    data = build_demo_data()
    orgs: dict[str, Organisation] = {}
    for row in data["organisations"]:
        orgs[row["key"]] = Organisation(**row)
    session.add_all(orgs.values())
    session.flush()
    password_hash = hash_password(DEMO_PASSWORD)  # hashed once: argon2 is slow on purpose
    users: dict[str, User] = {}
    for person in data["people"]:
        users[person["key"]] = User(
            email=person["email"], display_name=person["display_name"], role=person["role"],
            organisation_id=orgs[person["org_key"]].id if person.get("org_key") else None,
            password_hash=password_hash)
    session.add_all(users.values())
    solutions: dict[str, Solution] = {}
    for row in data["solutions"]:
        values = {k: v for k, v in row.items() if k != "org_key"}
        solutions[row["key"]] = Solution(**values, organisation_id=orgs[row["org_key"]].id)
    needs: dict[str, Need] = {}
    for row in data["needs"]:
        needs[row["key"]] = Need(
            key=row["key"], organisation_id=orgs[row["org_key"]].id, title_ko=row["title_ko"],
            title_en=row["title_en"], problem_ko=row["problem_ko"], problem_en=row.get("problem_en", ""),
            domain=row["domain"], budget_min=row["budget_min"], budget_max=row["budget_max"],
            deadline=date.fromisoformat(row["deadline"]) if row.get("deadline") else None,
            site_available=row["site_available"], site_description=row.get("site_description_ko", ""),
            data_available=row.get("data_available_ko", ""))
    session.add_all([*solutions.values(), *needs.values()])
    session.flush()
    for row in data["demonstrations"]:
        session.add(_demonstration(row, needs, solutions))


def _demonstration(row: dict[str, Any], needs: dict[str, Need], solutions: dict[str, Solution]) -> Demonstration:
    history = row["history"]
    demonstration = Demonstration(
        key=row["key"], need=needs[row["need_key"]], solution=solutions[row["solution_key"]], stage=row["stage"],
        funded_amount=row.get("funded_amount"), not_purchased_reason=row.get("not_purchased_reason"),
        stage_changed_at=_at(history[-1]["at"]), created_at=_at(history[0]["at"]))
    demonstration.kpis = [Kpi(name_ko=k["name_ko"], name_en=k.get("name_en", ""), unit=k.get("unit", ""),
                              target=k["target"], measured=k.get("measured")) for k in row["kpis"]]
    previous: str | None = None
    for step in history:
        demonstration.events.append(DemonstrationEvent(
            from_stage=previous, to_stage=step["stage"], action="request" if previous is None else "move",
            actor_side=step["actor"], at=_at(step["at"]), note=step.get("note_ko", "")))
        previous = step["stage"]
    if row.get("purchase"):
        demonstration.purchase = Purchase(amount=row["purchase"]["amount"],
                                          purchased_on=date.fromisoformat(row["purchase"]["date"]))
    return demonstration
