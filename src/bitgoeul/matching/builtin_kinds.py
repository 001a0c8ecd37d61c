"""The kinds the platform searches from the start: solutions, needs and organisations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.core.i18n import labels
from bitgoeul.demonstrations.domains import DOMAINS
from bitgoeul.demonstrations.models import Need, Solution
from bitgoeul.matching.engine import Document
from bitgoeul.matching.kinds import register_kind
from bitgoeul.organisations.models import Organisation

COMMON_ATTRIBUTES = ("region", "city", "language", "organisation_id")


def _join(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _languages(korean: Iterable[str], english: Iterable[str]) -> list[str]:
    """Which languages a record is written in (a filter: "records I can read")."""
    out = []
    if any(t and t.strip() for t in korean):
        out.append("ko")
    if any(t and t.strip() for t in english):
        out.append("en")
    return out


def _place(organisation: Organisation | None) -> dict[str, object]:
    region = (organisation.region if organisation else "") or ""
    # "광주 북구" -> city "광주": a coarse facet next to the district.
    return {"region": region, "city": region.split()[0] if region.split() else ""}


def domain_words(codes: Iterable[str]) -> str:
    """Both names of each domain code, so 축산 and livestock both find a livestock record."""
    return " ".join(f"{DOMAINS[c][0]} {DOMAINS[c][1]}" for c in codes if c in DOMAINS)


def solution_document(solution: Solution) -> Document:
    return Document(
        kind="solution",
        id=solution.id,
        fields={
            "title": _join(solution.title_ko, solution.title_en),
            "tags": domain_words(solution.domain_tags or []),
            "summary": _join(solution.summary_ko, solution.summary_en),
            "body": _join(solution.description_ko, solution.description_en),
        },
        attrs={
            "domain": list(solution.domain_tags or []),
            "deployment": solution.deployment,
            "price_model": solution.price_model,
            "organisation_id": solution.organisation_id,
            "language": _languages([solution.title_ko, solution.summary_ko], [solution.title_en, solution.summary_en]),
            **_place(solution.organisation),
        },
    )


def need_document(need: Need) -> Document:
    attrs: dict[str, object] = {
        "domain": [need.domain] if need.domain else [],
        "budget_min": int(need.budget_min or 0),
        "budget_max": int(need.budget_max or 0),
        "site_available": bool(need.site_available),
        "organisation_id": need.organisation_id,
        "language": _languages([need.title_ko, need.problem_ko], [need.title_en, need.problem_en]),
        **_place(need.organisation),
    }
    if need.deadline is not None:
        attrs["deadline"] = need.deadline
    return Document(
        kind="need",
        id=need.id,
        fields={
            "title": _join(need.title_ko, need.title_en),
            "tags": domain_words([need.domain]),
            "summary": _join(need.problem_ko, need.problem_en),
            "body": _join(need.site_description, need.data_available),
        },
        attrs=attrs,
    )


def organisation_document(org: Organisation) -> Document:
    kind_ko, kind_en = _kind_label(org.kind)
    attrs: dict[str, object] = {
        "org_kind": org.kind,
        "size": org.size,
        "language": _languages([org.name_ko, org.description_ko], [org.name_en, org.description_en]),
        **_place(org),
    }
    if org.founded_year:
        attrs["founded_year"] = int(org.founded_year)
    return Document(
        kind="organisation",
        id=org.id,
        fields={
            "title": _join(org.name_ko, org.name_en),
            "tags": _join(kind_ko, kind_en),
            "body": _join(org.description_ko, org.description_en),
        },
        attrs=attrs,
    )


def _kind_label(kind: str) -> tuple[str, str]:
    return labels("org.kinds").get(kind, (kind, kind))


def _organisation_related(session: Session, org: Organisation) -> list[Any]:
    """Solutions and needs carry their organisation's region, so they change with it."""
    rows: list[Any] = list(session.scalars(select(Solution).where(Solution.organisation_id == org.id)))
    rows += list(session.scalars(select(Need).where(Need.organisation_id == org.id)))
    return rows


def register() -> None:
    """Register the built-in kinds (called once, lazily, by the registry)."""
    register_kind("solution", Solution, solution_document, lambda s: (s.title_ko, s.title_en or s.title_ko),
                  label=("솔루션", "Solution"), path="/solutions/{id}", order=10,
                  attributes=("domain", "deployment", "price_model", *COMMON_ATTRIBUTES))
    register_kind("need", Need, need_document, lambda n: (n.title_ko, n.title_en or n.title_ko),
                  label=("수요", "Need"), path="/needs/{id}", order=20,
                  attributes=("domain", "budget_min", "budget_max", "deadline", "site_available",
                              *COMMON_ATTRIBUTES))
    register_kind("organisation", Organisation, organisation_document,
                  lambda o: (o.name_ko, o.name_en or o.name_ko), label=("기관·기업", "Organisation"),
                  path="/organisations/{id}", order=30, related=_organisation_related,
                  user_words=lambda o: [o.name_ko],
                  attributes=("org_kind", "size", "founded_year", *COMMON_ATTRIBUTES))

