"""Solutions and needs in site-wide search, and in the ranking of needs against solutions.

The matching registry imports this module and calls `register()` (see bitgoeul.matching.kinds). Both carry
their organisation's region, so they are indexed again when it changes (`add_related` on "organisation").
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.core.domains import domain_words
from bitgoeul.demonstrations.models import Need, Solution
from bitgoeul.matching.engine import Document
from bitgoeul.matching.kinds import add_related, join_fields, languages_of, register_kind
from bitgoeul.organisations.models import Organisation
from bitgoeul.text.regions import city_of

COMMON_ATTRIBUTES = ("region", "city", "language", "organisation_id")


def _place(organisation: Organisation | None) -> dict[str, object]:
    region = (organisation.region if organisation else "") or ""
    return {"region": region, "city": city_of(region)}  # the city: a coarse facet next to the district


def solution_document(solution: Solution) -> Document:
    return Document(
        kind="solution",
        id=solution.id,
        fields={
            "title": join_fields(solution.title_ko, solution.title_en),
            "tags": domain_words(solution.domain_tags or []),
            "summary": join_fields(solution.summary_ko, solution.summary_en),
            "body": join_fields(solution.description_ko, solution.description_en),
        },
        attrs={
            "domain": list(solution.domain_tags or []),
            "deployment": solution.deployment,
            "price_model": solution.price_model,
            "organisation_id": solution.organisation_id,
            "language": languages_of([solution.title_ko, solution.summary_ko],
                                     [solution.title_en, solution.summary_en]),
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
        "language": languages_of([need.title_ko, need.problem_ko], [need.title_en, need.problem_en]),
        **_place(need.organisation),
    }
    if need.deadline is not None:
        attrs["deadline"] = need.deadline
    return Document(
        kind="need",
        id=need.id,
        fields={
            "title": join_fields(need.title_ko, need.title_en),
            "tags": domain_words([need.domain]),
            "summary": join_fields(need.problem_ko, need.problem_en),
            "body": join_fields(need.site_description, need.data_available),
        },
        attrs=attrs,
    )


def _organisation_related(session: Session, org: Organisation) -> list[Any]:
    """Solutions and needs carry their organisation's region, so they change with it."""
    rows: list[Any] = list(session.scalars(select(Solution).where(Solution.organisation_id == org.id)))
    rows += list(session.scalars(select(Need).where(Need.organisation_id == org.id)))
    return rows


def register() -> None:
    """Register solutions and needs (called once, lazily, by the registry)."""
    register_kind("solution", Solution, solution_document, lambda s: (s.title_ko, s.title_en or s.title_ko),
                  label=("솔루션", "Solution"), path="/solutions/{id}", order=10,
                  attributes=("domain", "deployment", "price_model", *COMMON_ATTRIBUTES))
    register_kind("need", Need, need_document, lambda n: (n.title_ko, n.title_en or n.title_ko),
                  label=("수요", "Need"), path="/needs/{id}", order=20,
                  attributes=("domain", "budget_min", "budget_max", "deadline", "site_available",
                              *COMMON_ATTRIBUTES))
    add_related("organisation", _organisation_related)
