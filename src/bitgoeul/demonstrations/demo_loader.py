"""Turn the plain demo ecosystem (`demo_data.build_demo_data`) into rows, histories included, dated relative
to the demo's "now" (`bitgoeul.demo_time.demo_now`)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bitgoeul.accounts.models import User
from bitgoeul.core.auth import hash_password
from bitgoeul.core.time import city_zone
from bitgoeul.demo_time import demo_now
from bitgoeul.demonstrations.models import Demonstration, DemonstrationEvent, Kpi, Need, Purchase, Solution
from bitgoeul.organisations.models import Organisation

# Demo accounts share one published password; they exist only in demo databases.
DEMO_PASSWORD = "bitgoeul-demo"  # noqa: S105


def _at(text: str) -> datetime:
    """The demo data's times are wall-clock times in the city."""
    return datetime.fromisoformat(text).replace(tzinfo=city_zone())


def load_demo(session: Session, now: datetime | None = None) -> None:
    from bitgoeul.demonstrations.demo_data import build_demo_data

    now = now or demo_now()
    data = build_demo_data(now.astimezone(city_zone()).replace(tzinfo=None))
    # An organisation joined a week or more before the first need or solution it registered.
    first: dict[str, datetime] = {}
    for row in data["needs"] + data["solutions"]:
        at = _at(row["created_at"])
        first[row["org_key"]] = min(first.get(row["org_key"], at), at)
    # The organisations of the demo accounts were there from early on (their people went to the meetup).
    early = {person["org_key"] for person in data["people"] if person.get("org_key")}
    orgs: dict[str, Organisation] = {}
    for row in data["organisations"]:
        joined = first.get(row["key"], now - timedelta(days=600)) - timedelta(days=7 + len(row["key"]) % 20)
        if row["key"] in early:
            joined = min(joined, now - timedelta(days=330 + len(row["key"]) % 20))
        orgs[row["key"]] = Organisation(**row, created_at=joined, updated_at=joined)
    session.add_all(orgs.values())
    session.flush()
    password_hash = hash_password(DEMO_PASSWORD)  # hashed once: argon2 is slow on purpose
    users: dict[str, User] = {}
    for number, person in enumerate(data["people"]):
        org = orgs[person["org_key"]] if person.get("org_key") else None
        signed_up = org.created_at + timedelta(days=1) if org else now - timedelta(days=340 - number)
        users[person["key"]] = User(
            email=person["email"], display_name=person["display_name"], role=person["role"],
            organisation_id=org.id if org else None, password_hash=password_hash, created_at=signed_up,
            updated_at=signed_up)
    session.add_all(users.values())
    solutions: dict[str, Solution] = {}
    for row in data["solutions"]:
        values = {k: v for k, v in row.items() if k not in ("org_key", "created_at")}
        created = _at(row["created_at"])
        solutions[row["key"]] = Solution(**values, organisation_id=orgs[row["org_key"]].id, created_at=created,
                                         updated_at=created)
    needs: dict[str, Need] = {}
    for row in data["needs"]:
        needs[row["key"]] = Need(
            key=row["key"], organisation_id=orgs[row["org_key"]].id, title_ko=row["title_ko"],
            title_en=row["title_en"], problem_ko=row["problem_ko"], problem_en=row.get("problem_en", ""),
            domain=row["domain"], budget_min=row["budget_min"], budget_max=row["budget_max"],
            deadline=date.fromisoformat(row["deadline"]) if row.get("deadline") else None,
            site_available=row["site_available"], site_description=row.get("site_description_ko", ""),
            data_available=row.get("data_available_ko", ""), created_at=_at(row["created_at"]),
            updated_at=_at(row["created_at"]))
    session.add_all([*solutions.values(), *needs.values()])
    session.flush()
    for row in data["demonstrations"]:
        session.add(_demonstration(row, needs, solutions))


def _demonstration(row: dict[str, Any], needs: dict[str, Need], solutions: dict[str, Solution]) -> Demonstration:
    history = row["history"]
    demonstration = Demonstration(
        key=row["key"], need=needs[row["need_key"]], solution=solutions[row["solution_key"]], stage=row["stage"],
        funded_amount=row.get("funded_amount"), not_purchased_reason=row.get("not_purchased_reason"),
        stage_changed_at=_at(history[-1]["at"]), created_at=_at(history[0]["at"]),
        updated_at=_at(history[-1]["at"]))
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
