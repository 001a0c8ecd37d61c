"""One-line builders of valid records, so each test says only what matters to it."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy.orm import Session

from bitgoeul.accounts.models import User
from bitgoeul.accounts.service import create_user
from bitgoeul.core.forms import validate
from bitgoeul.demonstrations.models import Demonstration, Need, Solution
from bitgoeul.demonstrations.schemas import DemonstrationIn, NeedIn, SolutionIn
from bitgoeul.demonstrations.service import create_need, create_solution, request_demonstration
from bitgoeul.organisations.models import Organisation

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def organisation(session: Session, *, kind: str = "ai_firm", **values: Any) -> Organisation:
    n = next(_seq)
    org = Organisation(name_ko=values.pop("name_ko", f"테스트기관{n}"), name_en=values.pop("name_en", f"Org {n}"),
                       kind=kind, region=values.pop("region", "광주 북구"), **values)
    session.add(org)
    session.flush()
    return org


def user(session: Session, *, role: str = "person", org: Organisation | None = None, **values: Any) -> User:
    n = next(_seq)
    return create_user(session, email=values.pop("email", f"user{n}@example.org"), password=PASSWORD,
                       display_name=values.pop("display_name", f"사용자{n}"), role=role,
                       organisation_id=org.id if org else None, **values)


def member(session: Session, org: Organisation) -> User:
    return user(session, role="member", org=org)


def operator(session: Session) -> User:
    return user(session, role="operator")


def solution(session: Session, firm_member: User, **values: Any) -> Solution:
    data = {"title_ko": "축사 영상 분석 솔루션", "title_en": "Barn video analytics",
            "summary_ko": "CCTV 영상으로 가축의 이상 행동을 찾아냅니다.", "domain_tags": ["livestock"]}
    data.update(values)
    return create_solution(session, firm_member, validate(SolutionIn, data))


def need(session: Session, buyer_member: User, **values: Any) -> Need:
    data = {"title_ko": "돼지 농장 질병 조기 감지", "title_en": "Early disease detection on a pig farm",
            "problem_ko": "돼지의 호흡기 질병을 일찍 알아채지 못해 폐사가 늘고 있습니다.", "domain": "livestock",
            "budget_min": 30_000_000, "budget_max": 80_000_000}
    data.update(values)
    return create_need(session, buyer_member, validate(NeedIn, data))


def demonstration(session: Session, actor: User, need_: Need, solution_: Solution,
                  kpis: list[dict[str, Any]] | None = None) -> Demonstration:
    return request_demonstration(session, actor, validate(DemonstrationIn, {
        "need_id": need_.id, "solution_id": solution_.id,
        "kpis": kpis if kpis is not None else [{"name_ko": "조기 감지율", "unit": "%", "target": 90}]}))


def login(client: Any, email: str, password: str = PASSWORD) -> None:
    """Log in through the real form, CSRF token and all."""
    import re

    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, "login form has no CSRF token"
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": token.group(1),
                                           "next": "/"}, follow_redirects=False)
    assert response.status_code == 303, response.text


def csrf_of(client: Any, path: str = "/") -> str:
    import re

    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert found
    return found.group(1)
